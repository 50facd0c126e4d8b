//! Deferral of serving the sentence (Rules 511 §8, seed L9264–9445).

use crate::calendar::Calendar;
use crate::case::{Case, Event, EventKind, EventType, MeasureKind, Purpose, ViolationKind};
use crate::date::Date;
use crate::rule::Rule;

use super::output::{Flag, FlagKind, TaskKind};
use super::{DatedOpening, Walk};

/// p.91: the person has 2 weeks from release to arrive — a calendar-day deadline of the
/// person, moved off a day off (P2).
fn arrival_deadline(case: &Case, cal: &Calendar) -> Option<Date> {
    if case.measure.kind != MeasureKind::Deferral {
        return None;
    }
    case.first(EventType::Released)
        .map(|r| cal.calendar_day_deadline(r, 14))
}

/// p.91: no `arrived` by the arrival deadline → initial search, opened the day after it and
/// due on the first working day after it.
pub(super) fn initial_search(case: &Case, cal: &Calendar) -> Option<DatedOpening> {
    let deadline = arrival_deadline(case, cal)?;
    let on = deadline.add_days(1);
    let arrived = case
        .first(EventType::Arrived)
        .is_some_and(|a| a <= deadline);
    let searching = case
        .first(EventType::InitialSearchStarted)
        .is_some_and(|s| s <= deadline);
    if arrived
        || searching
        || on > case.as_of
        || case.first(EventType::Removed).is_some_and(|r| r < on)
    {
        return None;
    }
    Some(DatedOpening {
        on,
        kind: TaskKind::InitialSearch,
        due: cal.next_working_day(deadline),
        rule: Rule::P91,
    })
}

/// p.91: `late_arrival` — the person arrived after the deadline (the person's breach).
pub(super) fn late_arrival(case: &Case, cal: &Calendar, flags: &mut Vec<Flag>) {
    let (Some(deadline), Some(arrived)) =
        (arrival_deadline(case, cal), case.first(EventType::Arrived))
    else {
        return;
    };
    if arrived > deadline {
        flags.push(Flag {
            kind: FlagKind::LateArrival,
            task: None,
            date: arrived,
            rule: Rule::P91,
        });
    }
}

/// p.97: when the deferral ends (`until`) → within 5 working days a submission to the court
/// (release, a milder punishment, or serving in an institution). The person stays on the
/// register until the court's ruling arrives (p.117).
pub(super) fn end_submission(case: &Case, cal: &Calendar) -> Option<DatedOpening> {
    let until = case
        .measure
        .until
        .filter(|_| case.measure.kind == MeasureKind::Deferral)?;
    (until <= case.as_of).then(|| DatedOpening {
        on: until,
        kind: TaskKind::Submission(Purpose::DeferralEnd),
        due: cal.add_working_days(until, 5),
        rule: Rule::P97,
    })
}

pub(super) fn on_event(walk: &mut Walk<'_>, ev: &Event) {
    match ev.kind {
        // p.88: register within 3 working days of arrival.
        EventKind::Arrived => {
            let due = walk.working_days_after(ev.date, 3);
            walk.open(TaskKind::Registration, Some(due), Rule::P88, ev.date);
        }
        EventKind::Violation(v) => {
            // p.94: a public-order offence or evading the child's care → within 3 working days
            // summon (or visit the residence), take an explanation, talk and warn in writing.
            if matches!(v, ViolationKind::PublicOrder | ViolationKind::ChildCare) {
                let due = walk.working_days_after(ev.date, 3);
                walk.open(TaskKind::Summon, Some(due), Rule::P94, ev.date);
                walk.open(TaskKind::Warning, None, Rule::P94, ev.date);
            }
            // p.95: refusing the child, hiding, continuing to evade its care after a warning, or
            // continuing public-order violations after two written warnings → within 5 working
            // days (counted from detection: our reading, domain.md §5.3) a submission to cancel.
            let ground = match v {
                ViolationKind::RefusedChild | ViolationKind::Hiding => true,
                ViolationKind::ChildCare => walk.warnings >= 1,
                ViolationKind::PublicOrder => walk.warnings >= 2,
                _ => false,
            };
            if ground {
                let due = walk.working_days_after(ev.date, 5);
                walk.ledger.open(
                    TaskKind::Submission(Purpose::CancelDeferral),
                    Some(due),
                    Rule::P95,
                    Some(ev.date),
                );
            }
        }
        _ => {}
    }
}
