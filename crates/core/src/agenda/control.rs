//! Probation control (Law art. 15): rules shared by restriction of freedom and conditional sentence.

use crate::calendar::Calendar;
use crate::case::{Case, Event, EventKind, EventType, Form, MeasureKind, ReportingDays};
use crate::date::{Date, days_in_month};
use crate::rule::Rule;

use super::output::{Flag, FlagKind, Status, Task, TaskKind};
use super::term::Facts;
use super::{DatedOpening, Walk};

/// G4 (Law art. 15.3.1): the person must appear for registration within 10 days of the
/// verdict entering into force — a calendar-day deadline of the person, moved off a day off (P2).
fn appearance_deadline(case: &Case, cal: &Calendar) -> Option<Date> {
    if !case.measure.kind.is_probation_control() {
        return None;
    }
    case.measure
        .verdict_in_force
        .map(|v| cal.calendar_day_deadline(v, 10))
}

/// p.68 (restriction of freedom), p.76 (conditional sentence): no `registered` by the
/// appearance deadline → initial search, opened the day after the deadline and due on the
/// first working day after it. Not opened if a search had already started by then.
pub(super) fn initial_search(case: &Case, cal: &Calendar) -> Option<DatedOpening> {
    let deadline = appearance_deadline(case, cal)?;
    let on = deadline.add_days(1);
    let appeared = case
        .first(EventType::Registered)
        .is_some_and(|r| r <= deadline);
    let searching = case
        .first(EventType::InitialSearchStarted)
        .is_some_and(|s| s <= deadline);
    if appeared
        || searching
        || on > case.as_of
        || case.first(EventType::Removed).is_some_and(|r| r < on)
    {
        return None;
    }
    let rule = if case.measure.kind == MeasureKind::RestrictionOfFreedom {
        Rule::P68
    } else {
        Rule::P76
    };
    Some(DatedOpening {
        on,
        kind: TaskKind::InitialSearch,
        due: cal.next_working_day(deadline),
        rule,
    })
}

/// G4: `late_appearance` — the person registered after the appearance deadline (the person's breach).
pub(super) fn late_appearance(case: &Case, cal: &Calendar, flags: &mut Vec<Flag>) {
    let (Some(deadline), Some(registered)) = (
        appearance_deadline(case, cal),
        case.first(EventType::Registered),
    ) else {
        return;
    };
    if registered > deadline {
        flags.push(Flag {
            kind: FlagKind::LateAppearance,
            task: None,
            date: registered,
            rule: Rule::G4,
        });
    }
}

/// G6 (p.78.1; L3394–3404): reporting is twice a month, once in rural areas for a
/// conditional sentence; more ("enhanced control") was removed from the law.
fn reporting_limit(case: &Case) -> u32 {
    if case.measure.kind == MeasureKind::ConditionalSentence && case.person.rural {
        1
    } else {
        2
    }
}

/// Flags of probation control raised by a single event: G6 `enhanced_reporting`, G8 `oral_notice`.
pub(super) fn on_event(walk: &mut Walk<'_>, ev: &Event) {
    match ev.kind {
        EventKind::ReportingDays(days) if days.count() > reporting_limit(walk.case) => {
            walk.flag(FlagKind::EnhancedReporting, None, ev.date, Rule::G6);
        }
        // G8 (Law art. 15.3.4): a change of residence is notified in writing.
        EventKind::ResidenceChanged { notice: Form::Oral } => {
            walk.flag(FlagKind::OralNotice, None, ev.date, Rule::G8);
        }
        _ => {}
    }
}

/// G6: the next reporting day on or after `as_of`, while the status is `active`. A day
/// 29–31 missing from a month means its last day; a day off moves to the next working day.
pub(super) fn report(case: &Case, cal: &Calendar, facts: &Facts, tasks: &mut Vec<Task>) {
    if !case.measure.kind.is_probation_control() || facts.status != Status::Active {
        return;
    }
    let Some((set_on, days)) = case.events.iter().rev().find_map(|e| match e.kind {
        EventKind::ReportingDays(d) => Some((e.date, d)),
        _ => None,
    }) else {
        return;
    };
    tasks.push(Task {
        kind: TaskKind::Report,
        due: Some(next_report(days, case.as_of, cal)),
        rule: Rule::G6,
        opened: Some(set_on),
    });
}

fn next_report(days: ReportingDays, as_of: Date, cal: &Calendar) -> Date {
    let (year, month, _) = as_of.to_ymd();
    // The previous month's last day can move into this month; two months ahead always
    // hold a set day.
    let mut best: Option<Date> = None;
    for offset in -1..=2 {
        let index = year * 12 + month as i32 - 1 + offset;
        let (y, m) = (index.div_euclid(12), index.rem_euclid(12) as u32 + 1);
        let last = days_in_month(y, m);
        for d in days.days() {
            let day = cal.working_day_on_or_after(Date::ymd(y, m, d.min(last)));
            if day >= as_of && best.is_none_or(|b| day < b) {
                best = Some(day);
            }
        }
        if best.is_some() {
            break;
        }
    }
    best.unwrap_or(as_of)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn g6_report_day_on_a_day_off_moves_to_the_next_working_day() {
        let cal = Calendar::builtin();
        // 10 May 2026 is a Sunday and 11 May the day off moved from Victory Day.
        let days = ReportingDays::from_days(&[10, 25]);
        assert_eq!(
            next_report(days, Date::ymd(2026, 5, 8), &cal),
            Date::ymd(2026, 5, 12)
        );
        assert_eq!(
            next_report(days, Date::ymd(2026, 5, 12), &cal),
            Date::ymd(2026, 5, 12)
        );
        assert_eq!(
            next_report(days, Date::ymd(2026, 5, 13), &cal),
            Date::ymd(2026, 5, 25)
        );
    }

    #[test]
    fn g6_report_day_31_in_a_short_month_is_its_last_day() {
        let cal = Calendar::builtin();
        let days = ReportingDays::from_days(&[31]);
        // 30 April 2026 is a Thursday.
        assert_eq!(
            next_report(days, Date::ymd(2026, 4, 2), &cal),
            Date::ymd(2026, 4, 30)
        );
        // 28 February 2026 is a Saturday: the report moves to Monday 2 March.
        assert_eq!(
            next_report(days, Date::ymd(2026, 2, 27), &cal),
            Date::ymd(2026, 3, 2)
        );
    }
}
