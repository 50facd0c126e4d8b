//! Who a measure may apply to, and the pre-trial procedure (domain.md §5.5, §5.7).

use crate::case::{
    Case, Event, EventKind, Form, MeasureKind, Person, PreventiveMeasure, Sex, Tester,
};
use crate::date::Date;
use crate::rule::Rule;

use super::Walk;
use super::output::{Flag, FlagKind};

/// Testing must be finished by noon ("the first half of the day", L2471–2497; our reading).
const NOON: u16 = 12 * 60;
/// Testing lasts at most 60 minutes (L2471–2497).
const MAX_TESTING_MINUTES: u16 = 60;

/// 5.7 (Law art. 13): pre-trial probation only on a written application.
pub(super) fn on_pretrial_event(walk: &mut Walk<'_>, ev: &Event) {
    if let EventKind::Application { form: Form::Oral } = ev.kind {
        walk.flag(FlagKind::OralApplication, None, ev.date, Rule::S5_7);
    }
}

/// 5.7 (L2471–2497): psycho-social testing takes at most 60 minutes, in the first half of the
/// day, by staff with psychological or pedagogical education.
pub(super) fn on_any_event(walk: &mut Walk<'_>, ev: &Event) {
    let EventKind::Testing {
        start,
        minutes,
        tester,
    } = ev.kind
    else {
        return;
    };
    if minutes > MAX_TESTING_MINUTES {
        walk.flag(FlagKind::TestingOverTime, None, ev.date, Rule::S5_7);
    }
    if start + minutes > NOON {
        walk.flag(FlagKind::TestingAfternoon, None, ev.date, Rule::S5_7);
    }
    if matches!(tester, Tester::Law | Tester::Other) {
        walk.flag(FlagKind::TestingUnqualified, None, ev.date, Rule::S5_7);
    }
}

/// 5.7 (Law art. 13, L8438): the persons pre-trial probation may apply to, judged on `day`:
/// minors; persons with a disability; women aged 58+, pregnant, or with a child under 3;
/// men aged 63+, or raising a child under 3 alone.
fn pretrial_category(case: &Case, day: Date) -> bool {
    let p = &case.person;
    let age = p.age_on(day);
    case.measure.juvenile
        || age < 18
        || p.disability_group.is_some()
        || match p.sex {
            Sex::Female => age >= 58 || p.pregnant || p.has_child_under_3_on(day),
            Sex::Male => age >= 63 || (p.sole_carer && p.has_child_under_3_on(day)),
        }
}

/// 5.5 (seed L4542): community service is not imposed on pregnant women, women with a child
/// under 3, men raising a child under 3 alone, women 58+, men 63+, disability group I or II,
/// or military servicemen. Judged on `day`.
fn community_service_excluded(p: &Person, day: Date) -> bool {
    let age = p.age_on(day);
    let by_sex = match p.sex {
        Sex::Female => p.pregnant || p.has_child_under_3_on(day) || age >= 58,
        Sex::Male => (p.sole_carer && p.has_child_under_3_on(day)) || age >= 63,
    };
    by_sex || matches!(p.disability_group, Some(1 | 2)) || p.military
}

/// `not_eligible` flags (contract, Eligibility).
///
/// Pre-trial: judged on the first written application (else the first application); also
/// when the latest preventive measure on or before `as_of` is house arrest or custody
/// (art. 13), dated on the later of that application and the measure. Community service:
/// judged on `verdict_in_force`.
pub(super) fn judge(case: &Case, flags: &mut Vec<Flag>) {
    let flag = |date, rule| Flag {
        kind: FlagKind::NotEligible,
        task: None,
        date,
        rule,
    };
    match case.measure.kind {
        MeasureKind::Pretrial => {
            let applications = || {
                case.events.iter().filter_map(|e| match e.kind {
                    EventKind::Application { form } => Some((e.date, form)),
                    _ => None,
                })
            };
            let Some(judged) = applications()
                .find(|(_, f)| *f == Form::Written)
                .or_else(|| applications().next())
                .map(|(d, _)| d)
            else {
                return;
            };
            if !pretrial_category(case, judged) {
                flags.push(flag(judged, Rule::S5_7));
            }
            let latest_measure = case.events.iter().rev().find_map(|e| match e.kind {
                EventKind::PreventiveMeasure(m) => Some((e.date, m)),
                _ => None,
            });
            if let Some((on, PreventiveMeasure::HouseArrest | PreventiveMeasure::Custody)) =
                latest_measure
            {
                let date = on.max(judged);
                if !flags
                    .iter()
                    .any(|f| f.kind == FlagKind::NotEligible && f.date == date)
                {
                    flags.push(flag(date, Rule::S5_7));
                }
            }
        }
        MeasureKind::CommunityService => {
            if let Some(day) = case.measure.verdict_in_force.filter(|d| *d <= case.as_of)
                && community_service_excluded(&case.person, day)
            {
                flags.push(flag(day, Rule::S5_5));
            }
        }
        _ => {}
    }
}
