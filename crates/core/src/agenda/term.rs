//! Term arithmetic, search episodes and status (agenda-contract.md, Semantics).

use crate::case::{Case, EventKind, EventType, Form, MeasureKind};
use crate::date::Date;

use super::output::{Status, Term};

/// A search episode: the half-open day range [`start`, `end`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Episode {
    pub start: Date,
    /// `None` while no `search_ended` has come.
    pub end: Option<Date>,
    /// The court declared the person wanted during the episode.
    pub wanted: bool,
}

impl Episode {
    /// The exclusive end, taking an open episode to run through `through` inclusive.
    fn end_or(&self, through: Date) -> Date {
        self.end.unwrap_or(through.add_days(1))
    }

    pub fn contains(&self, day: Date) -> bool {
        day >= self.start && self.end.is_none_or(|e| day < e)
    }
}

/// The search episodes known on `day` (events dated on or before it).
///
/// An `initial_search_started` opens an episode; a `wanted_declared` marks the open one
/// wanted, or starts one on its own date; a `search_ended` closes the open one.
pub fn episodes_known_on(case: &Case, day: Date) -> Vec<Episode> {
    let mut out: Vec<Episode> = Vec::new();
    for e in case.events.iter().take_while(|e| e.date <= day) {
        let open = out.last_mut().filter(|ep| ep.end.is_none());
        match (e.kind, open) {
            (EventKind::InitialSearchStarted, None) => out.push(Episode {
                start: e.date,
                end: None,
                wanted: false,
            }),
            (EventKind::WantedDeclared, None) => out.push(Episode {
                start: e.date,
                end: None,
                wanted: true,
            }),
            (EventKind::WantedDeclared, Some(ep)) => ep.wanted = true,
            (EventKind::SearchEnded, Some(ep)) => ep.end = Some(e.date),
            _ => {}
        }
    }
    out
}

/// The day the term starts, if it has (contract, Term start): restriction of freedom —
/// `verdict_received` (p.62); conditional sentence — `registered` (p.85); correctional
/// works — `employer_received_verdict` (L3947); activity ban — `verdict_in_force` (P3);
/// deferral — `released`. The other measures have no term.
pub fn term_start(case: &Case) -> Option<Date> {
    match case.measure.kind {
        MeasureKind::RestrictionOfFreedom => case.first(EventType::VerdictReceived),
        MeasureKind::ConditionalSentence => case.first(EventType::Registered),
        MeasureKind::CorrectionalWorks => case.first(EventType::EmployerReceivedVerdict),
        MeasureKind::ActivityBan => case.measure.verdict_in_force,
        MeasureKind::Deferral => case.first(EventType::Released),
        _ => None,
    }
}

/// The first day on which the days served from `start` reach `need`, where the days in
/// `suspended` (sorted, disjoint, half-open, none before `start`) are not served.
fn day_served(start: Date, need: i32, suspended: &[(Date, Date)]) -> Date {
    let mut cur = start;
    let mut remaining = need;
    for &(a, b) in suspended {
        if a >= cur.add_days(remaining) {
            break;
        }
        remaining -= a.days_since(cur);
        cur = b;
    }
    cur.add_days(remaining)
}

/// The term as known on `day`: extensions and search episodes recorded on or before it,
/// an open episode running through `day` inclusive. `None` before the term has started.
///
/// `total` = days from start to start + `term` + the months of every `term_extended`
/// (one period, months clamped before days). `end` is the first day on which the days
/// served reach `total`, `half` the first on which they reach ceil(`total` / 2). Only a
/// conditional sentence's term is suspended, by episodes with a `wanted_declared`, on
/// their days from the term start on (p.84). A deferral runs from `released` to `until`.
pub fn term_known_on(case: &Case, day: Date) -> Option<Term> {
    let start = term_start(case).filter(|s| *s <= day)?;
    let measure = &case.measure;
    if measure.kind == MeasureKind::Deferral {
        let end = measure.until?;
        let total = end.days_since(start).max(0);
        return Some(Term {
            start,
            end,
            half: start.add_days((total + 1) / 2),
            suspended_days: 0,
        });
    }
    let extension: u32 = case
        .events
        .iter()
        .take_while(|e| e.date <= day)
        .filter_map(|e| match e.kind {
            EventKind::TermExtended { months, .. } => Some(u32::from(months)),
            _ => None,
        })
        .sum();
    let total = measure
        .term?
        .plus_months(extension)
        .after(start)
        .days_since(start);
    let suspended: Vec<(Date, Date)> = if measure.kind == MeasureKind::ConditionalSentence {
        episodes_known_on(case, day)
            .iter()
            .filter(|ep| ep.wanted)
            .map(|ep| (ep.start.max(start), ep.end_or(day)))
            .filter(|(a, b)| a < b)
            .collect()
    } else {
        Vec::new()
    };
    let end = day_served(start, total, &suspended);
    let half = day_served(start, (total + 1) / 2, &suspended);
    let suspended_days = suspended
        .iter()
        .map(|&(a, b)| b.min(end).days_since(a).max(0))
        .sum();
    Some(Term {
        start,
        end,
        half,
        suspended_days,
    })
}

/// What the rules need to know about a case's course, computed once.
#[derive(Debug, Clone)]
pub struct Facts {
    pub term: Option<Term>,
    pub episodes: Vec<Episode>,
    /// The first `removed`.
    pub removed: Option<Date>,
    /// The day the status becomes `active` (contract, Status), if it has.
    pub active_from: Option<Date>,
    /// The day the measure ended (the earlier of the term's end, except for a deferral, and `removed`).
    pub ended_on: Option<Date>,
    /// Status on `as_of`.
    pub status: Status,
}

impl Facts {
    pub fn of(case: &Case) -> Facts {
        let as_of = case.as_of;
        let term = term_known_on(case, as_of);
        let episodes = episodes_known_on(case, as_of);
        let removed = case.first(EventType::Removed);
        let active_from = match case.measure.kind {
            MeasureKind::RestrictionOfFreedom => case.first(EventType::VerdictReceived),
            MeasureKind::Pretrial => case
                .events
                .iter()
                .find(|e| {
                    matches!(
                        e.kind,
                        EventKind::Application {
                            form: Form::Written
                        }
                    )
                })
                .map(|e| e.date),
            MeasureKind::Penitentiary => Some(Date::MIN),
            _ => case.first(EventType::Registered),
        };
        let term_end = term
            .filter(|_| case.measure.kind != MeasureKind::Deferral)
            .map(|t| t.end);
        let ended_on = match (term_end.filter(|e| *e <= as_of), removed) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
        let status = if ended_on.is_some() {
            Status::Ended
        } else if episodes.iter().any(|ep| ep.wanted && ep.contains(as_of)) {
            Status::Wanted
        } else if active_from.is_some_and(|a| a <= as_of) {
            Status::Active
        } else {
            Status::AwaitingRegistration
        };
        Facts {
            term,
            episodes,
            removed,
            active_from,
            ended_on,
            status,
        }
    }

    /// The day the measure stops by date or removal, for periodic duties: days from it on are
    /// not active. Unlike [`Facts::ended_on`] it includes a term end after `as_of`.
    pub fn stop(&self, kind: MeasureKind) -> Option<Date> {
        let term_end = self
            .term
            .filter(|_| kind != MeasureKind::Deferral)
            .map(|t| t.end);
        match (term_end, self.removed) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        }
    }

    /// The half-open ranges of days on which the status is `active` and no search episode
    /// runs, days after `as_of` keeping the state of `as_of` (an open episode never ends).
    pub fn active_ranges(&self, kind: MeasureKind) -> Vec<(Date, Date)> {
        let Some(from) = self.active_from else {
            return Vec::new();
        };
        let to = self.stop(kind).unwrap_or(Date::MAX.add_days(1));
        let mut out = Vec::with_capacity(self.episodes.len() + 1);
        let mut cur = from;
        for ep in &self.episodes {
            let ep_end = ep.end.unwrap_or(Date::MAX.add_days(1));
            if ep.start > cur {
                out.push((cur, ep.start.min(to)));
            }
            cur = cur.max(ep_end);
            if cur >= to {
                break;
            }
        }
        if cur < to {
            out.push((cur, to));
        }
        out.retain(|(a, b)| a < b);
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn p84_suspension_shifts_end_and_half() {
        // Served days skip the suspended range [10, 20): need 15 days from day 0 → day 25.
        let d0 = Date::ymd(2025, 1, 1);
        let s = [(d0.add_days(10), d0.add_days(20))];
        assert_eq!(day_served(d0, 15, &s), d0.add_days(25));
        assert_eq!(
            day_served(d0, 10, &s),
            d0.add_days(10),
            "reaching the total as the suspension starts"
        );
        assert_eq!(day_served(d0, 5, &s), d0.add_days(5));
        assert_eq!(day_served(d0, 0, &s), d0);
    }
}
