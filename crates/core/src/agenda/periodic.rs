//! Periodic duties: monthly and quarterly (agenda-contract.md, Periodic duties).

use crate::calendar::Calendar;
use crate::case::{Case, EventType, MeasureKind};
use crate::date::{Date, days_in_month};
use crate::rule::Rule;

use super::output::{Flag, FlagKind, Task, TaskKind};
use super::term::Facts;

/// A duty owed once in each calendar month or quarter.
struct Duty {
    task: TaskKind,
    done_by: EventType,
    quarterly: bool,
    rule: Rule,
}

/// G2 (p.4.4, p.65.1, p.78.3): monthly check against police and ҚСжАЕК records, every sentence measure.
const RECORDS_CHECK: Duty = Duty {
    task: TaskKind::RecordsCheck,
    done_by: EventType::RecordsCheck,
    quarterly: false,
    rule: Rule::G2,
};
/// G7 (p.65.1-1, p.78.1-1): monthly behaviour check at residence and workplace, probation control.
const HOME_VISIT: Duty = Duty {
    task: TaskKind::HomeVisit,
    done_by: EventType::HomeVisit,
    quarterly: false,
    rule: Rule::G7,
};
/// L3877: monthly preventive talk, correctional works.
const TALK_CORRECTIONAL: Duty = Duty {
    task: TaskKind::PreventiveTalk,
    done_by: EventType::PreventiveTalk,
    quarterly: false,
    rule: Rule::L3877,
};
/// L4566: monthly preventive talk, community service.
const TALK_COMMUNITY: Duty = Duty {
    task: TaskKind::PreventiveTalk,
    done_by: EventType::PreventiveTalk,
    quarterly: false,
    rule: Rule::L4566,
};
/// L4060–4084: deductions checked at the workplace at least quarterly, correctional works.
const WORKPLACE_CHECK: Duty = Duty {
    task: TaskKind::WorkplaceCheck,
    done_by: EventType::WorkplaceCheck,
    quarterly: true,
    rule: Rule::L4066,
};
/// p.89: quarterly home check with the guardianship body, deferral.
const GUARDIANSHIP_CHECK: Duty = Duty {
    task: TaskKind::GuardianshipCheck,
    done_by: EventType::GuardianshipCheck,
    quarterly: true,
    rule: Rule::P89,
};

fn duties_of(kind: MeasureKind) -> &'static [Duty] {
    match kind {
        MeasureKind::RestrictionOfFreedom | MeasureKind::ConditionalSentence => {
            &[RECORDS_CHECK, HOME_VISIT]
        }
        MeasureKind::CorrectionalWorks => &[RECORDS_CHECK, TALK_CORRECTIONAL, WORKPLACE_CHECK],
        MeasureKind::CommunityService => &[RECORDS_CHECK, TALK_COMMUNITY],
        MeasureKind::Deferral => &[RECORDS_CHECK, GUARDIANSHIP_CHECK],
        MeasureKind::ActivityBan => &[RECORDS_CHECK],
        _ => &[],
    }
}

/// The day the first period holds: the term start; community service and deferral: `registered`.
fn anchor(case: &Case, facts: &Facts) -> Option<Date> {
    match case.measure.kind {
        MeasureKind::CommunityService | MeasureKind::Deferral => case.first(EventType::Registered),
        _ => facts.term.map(|t| t.start),
    }
}

/// The last working day of `from..=to` inside one of `ranges` (half-open, sorted).
fn last_active_working_day(
    cal: &Calendar,
    ranges: &[(Date, Date)],
    from: Date,
    to: Date,
) -> Option<Date> {
    ranges
        .iter()
        .rev()
        .filter(|(a, b)| *a <= to && b.add_days(-1) >= from)
        .find_map(|(a, b)| {
            cal.last_working_day_in((*a).max(from), b.add_days(-1).min(to), |_| true)
        })
}

/// Each period from the one holding the start through the one holding `as_of` that has an
/// active working day owes the duty, due on its last active working day. An event of the
/// duty's kind inside the period does it; otherwise a due date on or after `as_of` is a
/// task and an earlier one a `missed_period` flag.
pub(super) fn duties(
    case: &Case,
    cal: &Calendar,
    facts: &Facts,
    tasks: &mut Vec<Task>,
    flags: &mut Vec<Flag>,
) {
    let duties = duties_of(case.measure.kind);
    let Some(anchor) = anchor(case, facts).filter(|_| !duties.is_empty()) else {
        return;
    };
    let ranges = facts.active_ranges(case.measure.kind);
    if ranges.is_empty() {
        return;
    }
    for quarterly in [false, true] {
        if !duties.iter().any(|d| d.quarterly == quarterly) {
            continue;
        }
        let step = if quarterly { 3 } else { 1 };
        let (mut year, month, _) = anchor.to_ymd();
        let mut month = if quarterly {
            (month - 1) / 3 * 3 + 1
        } else {
            month
        };
        let mut start = Date::ymd(year, month, 1);
        // Events are sorted: walk them alongside the periods.
        let mut next_event = 0;
        while start <= case.as_of {
            let len: u32 = (0..step).map(|i| days_in_month(year, month + i)).sum();
            let end = start.add_days(len as i32 - 1);
            if let Some(due) = last_active_working_day(cal, &ranges, start, end) {
                next_event += case.events[next_event..].partition_point(|e| e.date < start);
                let done: u64 = case.events[next_event..]
                    .iter()
                    .take_while(|e| e.date <= end)
                    .fold(0, |mask, e| mask | 1 << (e.kind.event_type() as u32));
                for duty in duties.iter().filter(|d| d.quarterly == quarterly) {
                    if done & (1 << (duty.done_by as u32)) != 0 {
                        continue;
                    }
                    if due >= case.as_of {
                        tasks.push(Task {
                            kind: duty.task,
                            due: Some(due),
                            rule: duty.rule,
                            opened: Some(start),
                        });
                    } else {
                        flags.push(Flag {
                            kind: FlagKind::MissedPeriod,
                            task: Some(duty.task),
                            date: due,
                            rule: duty.rule,
                        });
                    }
                }
            }
            start = end.add_days(1);
            month += step;
            if month > 12 {
                month -= 12;
                year += 1;
            }
        }
    }
}
