//! Correctional works (§3.3, seed L3524–4258).

use crate::calendar::Calendar;
use crate::case::{Case, Event, EventKind, EventType, MeasureKind, Purpose, ViolationKind};
use crate::rule::Rule;

use super::output::TaskKind;
use super::term::Facts;
use super::{DatedOpening, Walk};

pub(super) fn on_event(walk: &mut Walk<'_>, ev: &Event) {
    match ev.kind {
        // L3905: bring the person into serving within 15 calendar days of the court order's
        // arrival (P2: moved off a day off).
        EventKind::OrderReceived => {
            let due = walk.cal.calendar_day_deadline(ev.date, 15);
            walk.open(TaskKind::Registration, Some(due), Rule::L3905, ev.date);
        }
        // L3812–3834: malicious evasion → a submission to replace within 15 calendar days of detection.
        EventKind::Violation(ViolationKind::Malicious) => {
            let due = walk.cal.calendar_day_deadline(ev.date, 15);
            walk.open(
                TaskKind::Submission(Purpose::ReplaceCorrectionalWorks),
                Some(due),
                Rule::L3826,
                ev.date,
            );
        }
        // L3699–3703: disability group I or II recognised → a submission to release from
        // further serving (no deadline in the text).
        EventKind::DisabilityRecognised { group: 1 | 2 } => {
            walk.open(
                TaskKind::Submission(Purpose::ReleaseDisability),
                None,
                Rule::L3699,
                ev.date,
            );
        }
        _ => {}
    }
}

/// L4165–4173: when the term ends, notify the employer in writing by the next working day
/// that deductions stop. The measure's last day is the day before `term.end`, or the day of
/// `removed` if earlier; the task opens the day after it. Only once the term has started,
/// that is once an employer has the verdict.
pub(super) fn notify_employer(case: &Case, cal: &Calendar, facts: &Facts) -> Option<DatedOpening> {
    if case.measure.kind != MeasureKind::CorrectionalWorks {
        return None;
    }
    let term = facts.term?;
    let mut last = term.end.add_days(-1);
    if let Some(removed) = case.first(EventType::Removed) {
        last = last.min(removed);
    }
    let on = last.add_days(1);
    (on <= case.as_of).then(|| DatedOpening {
        on,
        kind: TaskKind::NotifyEmployer,
        due: cal.next_working_day(last),
        rule: Rule::L4165,
    })
}
