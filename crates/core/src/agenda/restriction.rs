//! Restriction of freedom (Rules 511 §5, seed L8914–9075).

use crate::case::{Event, EventKind, Purpose, ViolationKind};
use crate::rule::Rule;

use super::Walk;
use super::output::TaskKind;

pub(super) fn on_event(walk: &mut Walk<'_>, ev: &Event) {
    match ev.kind {
        // p.71: a CEC 67.1 violation → summon within 3 working days of detection; on
        // arrival a talk and a written warning (no deadline of its own).
        EventKind::Violation(ViolationKind::Ordinary) => {
            let due = walk.working_days_after(ev.date, 3);
            walk.open(TaskKind::Summon, Some(due), Rule::P71, ev.date);
            walk.open(TaskKind::Warning, None, Rule::P71, ev.date);
        }
        // p.72: a malicious violation (CEC 68.2) → within 5 working days of detection a
        // submission to court to replace the measure with imprisonment.
        EventKind::Violation(ViolationKind::Malicious) => {
            let due = walk.working_days_after(ev.date, 5);
            walk.open(
                TaskKind::Submission(Purpose::ReplaceWithImprisonment),
                Some(due),
                Rule::P72,
                ev.date,
            );
        }
        _ => {}
    }
}
