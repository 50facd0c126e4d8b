//! Conditional sentence (Rules 511 §6, seed L9076–9262).

use crate::case::{Case, Event, EventKind, ExtensionGround, MeasureKind, Purpose, ViolationKind};
use crate::rule::Rule;

use super::Walk;
use super::output::{FlagKind, Opportunity, Status, TaskKind};
use super::term::{Facts, term_known_on};

const EXTEND: TaskKind = TaskKind::Submission(Purpose::ExtendControl);
const EARLY: TaskKind = TaskKind::Submission(Purpose::EarlyCancellation);

pub(super) fn on_event(walk: &mut Walk<'_>, ev: &Event) {
    match ev.kind {
        // p.80: a CEC 176.1 violation → summon within 3 working days, talk and written
        // warning; and a submission to extend control (the Rules set no deadline for it).
        EventKind::Violation(ViolationKind::Ordinary) => {
            let due = walk.working_days_after(ev.date, 3);
            walk.open(TaskKind::Summon, Some(due), Rule::P80, ev.date);
            walk.open(TaskKind::Warning, None, Rule::P80, ev.date);
            walk.open(EXTEND, None, Rule::P80, ev.date);
            // p.81 ground: a repeated violation.
            if walk.ordinary_violations > 0 {
                walk.p81_ground = true;
            }
            walk.ordinary_violations += 1;
        }
        // p.81 ground: a duty the court imposed was not fulfilled.
        EventKind::Violation(ViolationKind::DutyFailure) => walk.p81_ground = true,
        // p.82: hiding → a submission to declare the person wanted and apply a preventive measure.
        EventKind::Violation(ViolationKind::Hiding) => {
            walk.open(
                TaskKind::Submission(Purpose::DeclareWanted),
                None,
                Rule::P82,
                ev.date,
            );
        }
        // p.81: a written warning after a p.81 ground (since the previous warning) → within 5
        // working days of the warning a submission to cancel the conditional sentence; for a
        // minor, to extend control (by at most 1 year) instead.
        EventKind::Warning => {
            if walk.p81_ground {
                let due = walk.working_days_after(ev.date, 5);
                let kind = if walk.case.measure.juvenile {
                    EXTEND
                } else {
                    TaskKind::Submission(Purpose::CancelConditional)
                };
                walk.open(kind, Some(due), Rule::P81, ev.date);
            }
            walk.p81_ground = false;
        }
        // p.80 / p.81: an extension is at most 1 year; for a minor on a p.80 ground, 6 months.
        EventKind::TermExtended { months, ground } => {
            let rule = match ground {
                ExtensionGround::Violation => Rule::P80,
                ExtensionGround::Repeated => Rule::P81,
            };
            let limit = if walk.case.measure.juvenile && ground == ExtensionGround::Violation {
                6
            } else {
                12
            };
            if months > limit {
                walk.flag(FlagKind::ExtensionOverLimit, None, ev.date, rule);
            }
        }
        // p.79: early cancellation may be submitted only once half the term has passed, as
        // known on the day of the submission (a later extension does not make it premature).
        EventKind::Submission(Purpose::EarlyCancellation) => {
            let half = term_known_on(walk.case, ev.date).map(|t| t.half);
            if half.is_none_or(|h| ev.date < h) {
                walk.flag(
                    FlagKind::PrematureSubmission,
                    Some(EARLY),
                    ev.date,
                    Rule::P79,
                );
            }
        }
        _ => {}
    }
}

/// p.79, Law art. 15.5: from half the term the service may submit for early cancellation of
/// the conditional sentence and removal of the conviction — an opportunity, never a deadline.
/// Listed from registration on; gone once such a submission is made on or after that day, or
/// when the measure has ended.
pub(super) fn opportunities(case: &Case, facts: &Facts) -> Vec<Opportunity> {
    let Some(term) = facts
        .term
        .filter(|_| case.measure.kind == MeasureKind::ConditionalSentence)
    else {
        return Vec::new();
    };
    let submitted = case.events.iter().any(|e| {
        e.kind == EventKind::Submission(Purpose::EarlyCancellation) && e.date >= term.half
    });
    if submitted || facts.status == Status::Ended {
        return Vec::new();
    }
    vec![Opportunity {
        kind: EARLY,
        from: term.half,
        rule: Rule::P79,
    }]
}
