//! The agenda engine: a case's facts in, its legal agenda out (agenda-contract.md).
//!
//! [`compute`] walks the sorted events once, interleaved with the tasks that a date
//! opens (a deadline passing, the term's end), and lets each measure's module open
//! its tasks and raise its flags. Periodic duties, the next report and opportunities
//! are then derived from the [`Facts`](term::Facts) of the case. Every rule lives in
//! exactly one function below, which names its id.

mod conditional;
mod control;
mod correctional;
mod deferral;
mod eligibility;
mod ledger;
mod output;
mod periodic;
mod restriction;
pub mod term;

pub use output::{Agenda, Flag, FlagKind, Opportunity, Status, Task, TaskKind, Term, is_overdue};

use crate::calendar::Calendar;
use crate::case::{Case, EventKind, MeasureKind, Purpose};
use crate::date::Date;
use crate::rule::Rule;

use ledger::Ledger;
use term::Facts;

/// A task that opens at the start of a day, before that day's events.
#[derive(Debug, Clone, Copy)]
struct DatedOpening {
    on: Date,
    kind: TaskKind,
    due: Date,
    rule: Rule,
}

/// The state of one walk over a case's events.
struct Walk<'a> {
    case: &'a Case,
    cal: &'a Calendar,
    ledger: Ledger,
    flags: Vec<Flag>,
    /// Written warnings seen so far.
    warnings: u32,
    /// Conditional sentence: `ordinary` violations seen so far (p.81 "repeated").
    ordinary_violations: u32,
    /// Conditional sentence: a p.81 ground recorded since the previous warning.
    p81_ground: bool,
}

impl Walk<'_> {
    fn flag(&mut self, kind: FlagKind, task: Option<TaskKind>, date: Date, rule: Rule) {
        self.flags.push(Flag {
            kind,
            task,
            date,
            rule,
        });
    }

    fn open(&mut self, kind: TaskKind, due: Option<Date>, rule: Rule, opened: Date) {
        self.ledger.open(kind, due, rule, Some(opened));
    }

    /// "Within `n` working days" of `from` (domain.md §3).
    fn working_days_after(&self, from: Date, n: u32) -> Date {
        self.cal.add_working_days(from, n)
    }
}

/// Computes a case's agenda on its `as_of` with the built-in calendar and the case's own decree.
pub fn compute(case: &Case) -> Agenda {
    compute_with(case, &Calendar::builtin())
}

/// Computes a case's agenda with `calendar` (for example one with a decree file loaded);
/// the case's own `calendar` is applied on top of it.
pub fn compute_with(case: &Case, calendar: &Calendar) -> Agenda {
    if case.calendar.is_empty() {
        run(case, calendar)
    } else {
        run(case, &calendar.clone().with_decree(&case.calendar))
    }
}

fn run(case: &Case, cal: &Calendar) -> Agenda {
    let facts = Facts::of(case);
    let kind = case.measure.kind;
    let mut walk = Walk {
        case,
        cal,
        ledger: Ledger::default(),
        flags: Vec::new(),
        warnings: 0,
        ordinary_violations: 0,
        p81_ground: false,
    };

    let mut dated = dated_openings(case, cal, &facts);
    dated.sort_by_key(|o| o.on);
    if kind == MeasureKind::Penitentiary {
        // 5.8: a standing duty from the moment a release date is known.
        if let Some(release) = case.measure.release_date {
            walk.ledger.open(
                TaskKind::ReleasePreparation,
                Some(release.add_months(-12)),
                Rule::S5_8,
                None,
            );
        }
    }

    let mut next = 0;
    for ev in &case.events {
        while let Some(o) = dated.get(next).filter(|o| o.on <= ev.date) {
            walk.open(o.kind, Some(o.due), o.rule, o.on);
            next += 1;
        }
        close_by(&mut walk, ev.kind, ev.date);
        match kind {
            MeasureKind::RestrictionOfFreedom => restriction::on_event(&mut walk, ev),
            MeasureKind::ConditionalSentence => conditional::on_event(&mut walk, ev),
            MeasureKind::Deferral => deferral::on_event(&mut walk, ev),
            MeasureKind::CorrectionalWorks => correctional::on_event(&mut walk, ev),
            MeasureKind::Pretrial => eligibility::on_pretrial_event(&mut walk, ev),
            _ => {}
        }
        if kind.is_probation_control() {
            control::on_event(&mut walk, ev);
        }
        eligibility::on_any_event(&mut walk, ev);
        if ev.kind == EventKind::Warning {
            walk.warnings += 1;
        }
    }
    for o in dated[next..].iter().filter(|o| o.on <= case.as_of) {
        walk.open(o.kind, Some(o.due), o.rule, o.on);
    }

    let Walk {
        ledger, mut flags, ..
    } = walk;
    let (open, late) = ledger.finish();
    flags.extend(late);
    let mut tasks = after_the_end(open, &facts, &mut flags);

    periodic::duties(case, cal, &facts, &mut tasks, &mut flags);
    control::report(case, cal, &facts, &mut tasks);
    control::late_appearance(case, cal, &mut flags);
    deferral::late_arrival(case, cal, &mut flags);
    eligibility::judge(case, &mut flags);

    let mut agenda = Agenda {
        status: facts.status,
        term: facts.term,
        tasks,
        opportunities: conditional::opportunities(case, &facts),
        flags,
    };
    agenda.sort();
    agenda
}

/// The tasks a date opens (contract, Tasks): the initial search after a missed appearance or
/// arrival deadline, the deferral-end submission, the employer's notice and the removal.
fn dated_openings(case: &Case, cal: &Calendar, facts: &Facts) -> Vec<DatedOpening> {
    let mut out = Vec::new();
    let removed_before = |day: Date| facts.removed.is_some_and(|r| r < day);
    if let Some(o) = control::initial_search(case, cal) {
        out.push(o);
    }
    if let Some(o) = deferral::initial_search(case, cal) {
        out.push(o);
    }
    if let Some(o) = deferral::end_submission(case, cal).filter(|o| !removed_before(o.on)) {
        out.push(o);
    }
    if let Some(o) = correctional::notify_employer(case, cal, facts) {
        out.push(o);
    }
    if let Some(o) = remove(case, cal, facts).filter(|o| !removed_before(o.on)) {
        out.push(o);
    }
    out
}

/// p.83, P1: when the term ends the person is removed from the register, due on the first
/// working day on or after the end — keeping a person on the register past the term
/// restricts them without ground. Restriction of freedom, conditional sentence, correctional
/// works and activity ban; opened on `term.end`, closed by `removed`.
fn remove(case: &Case, cal: &Calendar, facts: &Facts) -> Option<DatedOpening> {
    let kinds = [
        MeasureKind::RestrictionOfFreedom,
        MeasureKind::ConditionalSentence,
        MeasureKind::CorrectionalWorks,
        MeasureKind::ActivityBan,
    ];
    if !kinds.contains(&case.measure.kind) {
        return None;
    }
    let end = facts.term?.end;
    Some(DatedOpening {
        on: end,
        kind: TaskKind::Remove,
        due: cal.working_day_on_or_after(end),
        rule: Rule::P83,
    })
}

/// Which open tasks an event closes (contract, Tasks: "closed by"). One event closes at
/// most one task of each kind, the oldest.
fn close_by(walk: &mut Walk<'_>, event: EventKind, date: Date) {
    let measure = walk.case.measure.kind;
    let l = &mut walk.ledger;
    match event {
        EventKind::Registered => {
            if measure.is_probation_control() {
                l.close_any(TaskKind::InitialSearch, date);
            }
            l.close_any(TaskKind::Registration, date);
        }
        EventKind::InitialSearchStarted => {
            l.close_any(TaskKind::InitialSearch, date);
        }
        EventKind::Arrived if measure == MeasureKind::Deferral => {
            l.close_any(TaskKind::InitialSearch, date);
        }
        EventKind::Summoned => {
            l.close_any(TaskKind::Summon, date);
        }
        EventKind::Warning => {
            l.close_any(TaskKind::Summon, date);
            l.close_any(TaskKind::Warning, date);
        }
        // p.94: under deferral a visit to the residence answers the summons.
        EventKind::HomeVisit if measure == MeasureKind::Deferral => {
            l.close_any(TaskKind::Summon, date);
        }
        EventKind::Submission(purpose) => {
            l.close_any(TaskKind::Submission(purpose), date);
            // p.80: a submission to cancel answers an open (undated) one to extend.
            if purpose == Purpose::CancelConditional {
                l.close(TaskKind::Submission(Purpose::ExtendControl), date, |t| {
                    t.due.is_none()
                });
            }
        }
        EventKind::WantedDeclared => {
            l.close_any(TaskKind::Submission(Purpose::DeclareWanted), date);
        }
        EventKind::EmployerNotified => {
            l.close_any(TaskKind::NotifyEmployer, date);
        }
        EventKind::ProgrammeStarted => {
            l.close_any(TaskKind::ReleasePreparation, date);
        }
        EventKind::Removed => {
            l.close_any(TaskKind::Remove, date);
        }
        _ => {}
    }
}

/// After the end (contract): once the measure has ended, a one-off task whose due date
/// passed before the end day becomes an `unfulfilled` flag; `remove`, `notify_employer` and
/// `submission:deferral_end` stay open until done; the rest lapse.
fn after_the_end(open: Vec<Task>, facts: &Facts, flags: &mut Vec<Flag>) -> Vec<Task> {
    let Some(end) = facts.ended_on.filter(|_| facts.status == Status::Ended) else {
        return open;
    };
    let mut kept = Vec::with_capacity(open.len());
    for task in open {
        if task.kind.survives_the_end() {
            kept.push(task);
        } else if let Some(due) = task.due.filter(|d| *d < end) {
            flags.push(Flag {
                kind: FlagKind::Unfulfilled,
                task: Some(task.kind),
                date: due,
                rule: task.rule,
            });
        }
    }
    kept
}
