//! Reading a case from the contract's JSON (agenda-contract.md, Input and Input errors).
//!
//! Two steps: serde reads the shape (unknown fields refused, field paths kept),
//! then [`validate`] checks every value and cross-field rule and builds a [`Case`].
//! Any problem is one [`InputError`] naming the field, e.g.
//! `events[3].date: 2025-02-30 is not a date`.

use std::borrow::Cow;

use serde::Deserialize;

use crate::calendar::{Decree, RawDecree};
use crate::case::{
    Case, Event, EventKind, EventType, ExtensionGround, Form, Measure, MeasureKind, Person,
    PreventiveMeasure, Purpose, ReportingDays, Sex, Tester, ViolationKind,
};
use crate::date::{Date, Period};

/// Bad input: which field, and what is wrong with it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{field}: {problem}")]
pub struct InputError {
    /// A path such as `events[3].date`, or `input` when the text is not JSON at all.
    pub field: String,
    pub problem: String,
}

impl InputError {
    fn new(field: impl Into<String>, problem: impl Into<String>) -> InputError {
        InputError {
            field: field.into(),
            problem: problem.into(),
        }
    }
}

/// Community service hours accepted: a sanity bound against typing errors, not a legal limit
/// (the Criminal Code's limits are not in the seed; domain.md §5.5).
pub const MAX_HOURS: i64 = 2400;

/// A value that must be a JSON object: serde's derived structs would also accept an array
/// of their fields in order, which no person writing a case means.
#[derive(Debug)]
struct Obj<T>(T);

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Obj<T> {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Only<T>(std::marker::PhantomData<T>);
        impl<'de, T: Deserialize<'de>> serde::de::Visitor<'de> for Only<T> {
            type Value = T;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a JSON object")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(self, map: A) -> Result<T, A::Error> {
                T::deserialize(serde::de::value::MapAccessDeserializer::new(map))
            }
        }
        d.deserialize_map(Only(std::marker::PhantomData)).map(Obj)
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCase<'a> {
    #[serde(borrow, default)]
    as_of: Option<Cow<'a, str>>,
    #[serde(default)]
    calendar: Option<Obj<RawDecree>>,
    #[serde(borrow, default)]
    person: Option<Obj<RawPerson<'a>>>,
    #[serde(borrow, default)]
    measure: Option<Obj<RawMeasure<'a>>>,
    #[serde(borrow, default)]
    events: Option<Vec<Obj<RawEvent<'a>>>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPerson<'a> {
    #[serde(borrow, default)]
    birth_date: Option<Cow<'a, str>>,
    #[serde(borrow, default)]
    sex: Option<Cow<'a, str>>,
    #[serde(default)]
    rural: Option<bool>,
    #[serde(default)]
    disability_group: Option<i64>,
    #[serde(default)]
    pregnant: Option<bool>,
    #[serde(default)]
    sole_carer: Option<bool>,
    #[serde(default)]
    military: Option<bool>,
    #[serde(borrow, default)]
    children_birth_dates: Option<Vec<Cow<'a, str>>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawMeasure<'a> {
    #[serde(borrow, default)]
    kind: Option<Cow<'a, str>>,
    #[serde(borrow, default)]
    term: Option<Cow<'a, str>>,
    #[serde(borrow, default)]
    until: Option<Cow<'a, str>>,
    #[serde(borrow, default)]
    release_date: Option<Cow<'a, str>>,
    #[serde(default)]
    hours: Option<i64>,
    #[serde(default)]
    juvenile: Option<bool>,
    #[serde(borrow, default)]
    verdict_in_force: Option<Cow<'a, str>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawEvent<'a> {
    #[serde(borrow, default)]
    date: Option<Cow<'a, str>>,
    #[serde(borrow, default, rename = "type")]
    ty: Option<Cow<'a, str>>,
    #[serde(default)]
    days: Option<Vec<i64>>,
    #[serde(default)]
    valid_reason: Option<bool>,
    #[serde(borrow, default)]
    kind: Option<Cow<'a, str>>,
    #[serde(borrow, default)]
    purpose: Option<Cow<'a, str>>,
    #[serde(default)]
    months: Option<i64>,
    #[serde(borrow, default)]
    ground: Option<Cow<'a, str>>,
    #[serde(default)]
    group: Option<i64>,
    #[serde(borrow, default)]
    notice: Option<Cow<'a, str>>,
    #[serde(borrow, default)]
    form: Option<Cow<'a, str>>,
    #[serde(borrow, default)]
    measure: Option<Cow<'a, str>>,
    #[serde(borrow, default)]
    start: Option<Cow<'a, str>>,
    #[serde(default)]
    minutes: Option<i64>,
    #[serde(borrow, default)]
    tester: Option<Cow<'a, str>>,
}

impl RawEvent<'_> {
    /// The payload fields present, by wire name.
    fn present(&self) -> [(&'static str, bool); 13] {
        [
            ("days", self.days.is_some()),
            ("valid_reason", self.valid_reason.is_some()),
            ("kind", self.kind.is_some()),
            ("purpose", self.purpose.is_some()),
            ("months", self.months.is_some()),
            ("ground", self.ground.is_some()),
            ("group", self.group.is_some()),
            ("notice", self.notice.is_some()),
            ("form", self.form.is_some()),
            ("measure", self.measure.is_some()),
            ("start", self.start.is_some()),
            ("minutes", self.minutes.is_some()),
            ("tester", self.tester.is_some()),
        ]
    }
}

/// Reads and validates a case from JSON bytes.
pub fn parse_case(bytes: &[u8]) -> Result<Case, InputError> {
    // The plain reader is several times faster; only a refused text is read again to
    // find the path of the field at fault.
    match serde_json::from_slice::<Obj<RawCase<'_>>>(bytes) {
        Ok(Obj(raw)) => validate(raw),
        Err(_) => Err(locate_json_error(bytes)),
    }
}

fn locate_json_error(bytes: &[u8]) -> InputError {
    let mut de = serde_json::Deserializer::from_slice(bytes);
    match serde_path_to_error::deserialize::<_, Obj<RawCase<'_>>>(&mut de) {
        Err(e) => {
            let path = e.path().to_string();
            json_error(&path, e.into_inner())
        }
        Ok(_) => match de.end() {
            Err(e) => json_error(".", e),
            Ok(()) => InputError::new("input", "not valid JSON"),
        },
    }
}

/// Reads and validates a case from a JSON text.
pub fn parse_case_str(text: &str) -> Result<Case, InputError> {
    parse_case(text.as_bytes())
}

fn json_error(path: &str, e: serde_json::Error) -> InputError {
    use serde_json::error::Category;
    let text = e.to_string();
    // serde_json appends " at line L column C"; the field path says more to a person.
    let message = match text.rfind(" at line ") {
        Some(i) if e.line() > 0 => text[..i].to_owned(),
        _ => text,
    };
    match e.classify() {
        Category::Syntax | Category::Eof | Category::Io => InputError::new(
            "input",
            format!(
                "not valid JSON (line {}, column {}): {message}",
                e.line(),
                e.column()
            ),
        ),
        Category::Data => {
            let field = if path == "." || path.is_empty() {
                "input"
            } else {
                path
            };
            InputError::new(field, message)
        }
    }
}

/// Where a value sits, formatted only when there is something to say about it.
#[derive(Debug, Clone, Copy)]
struct At<'a> {
    event: Option<usize>,
    name: &'a str,
    item: Option<usize>,
}

impl<'a> At<'a> {
    const fn top(name: &'a str) -> At<'a> {
        At {
            event: None,
            name,
            item: None,
        }
    }

    const fn event(i: usize, name: &'a str) -> At<'a> {
        At {
            event: Some(i),
            name,
            item: None,
        }
    }

    const fn item(self, j: usize) -> At<'a> {
        At {
            item: Some(j),
            ..self
        }
    }
}

impl std::fmt::Display for At<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if let Some(i) = self.event {
            write!(f, "events[{i}].")?;
        }
        f.write_str(self.name)?;
        if let Some(j) = self.item {
            write!(f, "[{j}]")?;
        }
        Ok(())
    }
}

impl From<At<'_>> for String {
    fn from(at: At<'_>) -> String {
        at.to_string()
    }
}

fn required<'s>(value: &'s Option<Cow<'_, str>>, field: At<'_>) -> Result<&'s str, InputError> {
    value
        .as_deref()
        .ok_or_else(|| InputError::new(field, "required field is missing"))
}

fn date(text: &str, field: At<'_>) -> Result<Date, InputError> {
    Date::parse(text).map_err(|e| InputError::new(field, e.to_string()))
}

fn opt_date(value: &Option<Cow<'_, str>>, field: At<'_>) -> Result<Option<Date>, InputError> {
    value.as_deref().map(|t| date(t, field)).transpose()
}

fn in_range(value: i64, lo: i64, hi: i64, field: At<'_>, what: &str) -> Result<i64, InputError> {
    if (lo..=hi).contains(&value) {
        Ok(value)
    } else {
        Err(InputError::new(
            field,
            format!("{value} is out of range: {what} must be {lo}–{hi}"),
        ))
    }
}

fn wire<T>(
    value: &Option<Cow<'_, str>>,
    field: At<'_>,
    what: &str,
    parse: fn(&str) -> Option<T>,
    names: fn() -> String,
) -> Result<T, InputError> {
    let text = required(value, field)?;
    parse(text).ok_or_else(|| {
        InputError::new(
            field,
            format!("unknown {what} {text:?} (expected one of: {})", names()),
        )
    })
}

fn validate(raw: RawCase<'_>) -> Result<Case, InputError> {
    let as_of = date(required(&raw.as_of, At::top("as_of"))?, At::top("as_of"))?;
    let calendar = match &raw.calendar {
        Some(Obj(c)) => {
            Decree::from_raw(c, "calendar").map_err(|e| InputError::new(e.field, e.problem))?
        }
        None => Decree::default(),
    };
    let person = validate_person(raw.person.as_ref().map(|p| &p.0), as_of)?;
    let measure = validate_measure(raw.measure.as_ref().map(|m| &m.0))?;
    let raw_events = raw.events.unwrap_or_default();
    let mut events = Vec::with_capacity(raw_events.len());
    for (i, Obj(e)) in raw_events.iter().enumerate() {
        let event = validate_event(e, i, as_of, measure.kind)?;
        // A deferral runs from release to `until`: a release on or after `until` is a typing error.
        if let (EventKind::Released, Some(until)) = (event.kind, measure.until)
            && event.date >= until
        {
            return Err(InputError::new(
                At::event(i, "date"),
                format!(
                    "released on {}, not before measure.until ({until})",
                    event.date
                ),
            ));
        }
        events.push(event);
    }
    // Date order; same-date events keep their input order (a stable sort).
    events.sort_by_key(|e: &Event| e.date);
    Ok(Case {
        as_of,
        calendar,
        person,
        measure,
        events,
    })
}

fn validate_person(raw: Option<&RawPerson<'_>>, as_of: Date) -> Result<Person, InputError> {
    let raw = raw.ok_or_else(|| InputError::new("person", "required field is missing"))?;
    let birth_date = date(
        required(&raw.birth_date, At::top("person.birth_date"))?,
        At::top("person.birth_date"),
    )?;
    if birth_date > as_of {
        return Err(InputError::new(
            "person.birth_date",
            format!("{birth_date} is after as_of ({as_of})"),
        ));
    }
    let sex = wire(
        &raw.sex,
        At::top("person.sex"),
        "sex",
        Sex::from_wire,
        Sex::wire_names,
    )?;
    let disability_group = raw
        .disability_group
        .map(|g| {
            in_range(
                g,
                1,
                3,
                At::top("person.disability_group"),
                "a disability group",
            )
            .map(|g| g as u8)
        })
        .transpose()?;
    let pregnant = raw.pregnant.unwrap_or(false);
    if pregnant && sex == Sex::Male {
        return Err(InputError::new(
            "person.pregnant",
            "true for a person whose sex is male",
        ));
    }
    let mut children_birth_dates = Vec::new();
    for (i, c) in raw.children_birth_dates.iter().flatten().enumerate() {
        children_birth_dates.push(date(c, At::top("person.children_birth_dates").item(i))?);
    }
    Ok(Person {
        birth_date,
        sex,
        rural: raw.rural.unwrap_or(false),
        disability_group,
        pregnant,
        sole_carer: raw.sole_carer.unwrap_or(false),
        military: raw.military.unwrap_or(false),
        children_birth_dates,
    })
}

fn validate_measure(raw: Option<&RawMeasure<'_>>) -> Result<Measure, InputError> {
    let raw = raw.ok_or_else(|| InputError::new("measure", "required field is missing"))?;
    let kind = wire(
        &raw.kind,
        At::top("measure.kind"),
        "measure kind",
        MeasureKind::from_wire,
        MeasureKind::wire_names,
    )?;
    let only_for =
        |present: bool, field: &str, allowed: bool, need: bool| -> Result<(), InputError> {
            if present && !allowed {
                Err(InputError::new(field, format!("not allowed for {kind}")))
            } else if !present && need {
                Err(InputError::new(field, format!("required for {kind}")))
            } else {
                Ok(())
            }
        };
    only_for(
        raw.term.is_some(),
        "measure.term",
        kind.has_term(),
        kind.has_term(),
    )?;
    only_for(
        raw.until.is_some(),
        "measure.until",
        kind == MeasureKind::Deferral,
        kind == MeasureKind::Deferral,
    )?;
    only_for(
        raw.release_date.is_some(),
        "measure.release_date",
        kind == MeasureKind::Penitentiary,
        false,
    )?;
    only_for(
        raw.hours.is_some(),
        "measure.hours",
        kind == MeasureKind::CommunityService,
        false,
    )?;
    only_for(
        raw.verdict_in_force.is_some(),
        "measure.verdict_in_force",
        true,
        kind.is_sentence(),
    )?;
    let term = raw
        .term
        .as_deref()
        .map(|t| Period::parse(t).map_err(|e| InputError::new("measure.term", e.to_string())))
        .transpose()?;
    let hours = raw
        .hours
        .map(|h| {
            in_range(
                h,
                1,
                MAX_HOURS,
                At::top("measure.hours"),
                "community service hours",
            )
            .map(|h| h as u32)
        })
        .transpose()?;
    Ok(Measure {
        kind,
        term,
        until: opt_date(&raw.until, At::top("measure.until"))?,
        release_date: opt_date(&raw.release_date, At::top("measure.release_date"))?,
        hours,
        juvenile: raw.juvenile.unwrap_or(false),
        verdict_in_force: opt_date(&raw.verdict_in_force, At::top("measure.verdict_in_force"))?,
    })
}

/// `HH:MM` → minutes after midnight.
fn time_of_day(text: &str, field: At<'_>) -> Result<u16, InputError> {
    let b = text.as_bytes();
    let bad = || InputError::new(field, format!("{text:?} is not a time HH:MM"));
    if b.len() != 5 || b[2] != b':' || ![b[0], b[1], b[3], b[4]].iter().all(u8::is_ascii_digit) {
        return Err(bad());
    }
    let h = u16::from(b[0] - b'0') * 10 + u16::from(b[1] - b'0');
    let m = u16::from(b[3] - b'0') * 10 + u16::from(b[4] - b'0');
    if h > 23 || m > 59 {
        return Err(bad());
    }
    Ok(h * 60 + m)
}

fn validate_event(
    e: &RawEvent<'_>,
    i: usize,
    as_of: Date,
    measure: MeasureKind,
) -> Result<Event, InputError> {
    let at = |f: &'static str| At::event(i, f);
    let date_field = at("date");
    let date = date(required(&e.date, date_field)?, date_field)?;
    if date > as_of {
        return Err(InputError::new(
            date_field,
            format!("{date} is after as_of ({as_of})"),
        ));
    }
    let ty = wire(
        &e.ty,
        at("type"),
        "event type",
        EventType::from_wire,
        EventType::wire_names,
    )?;
    let allowed = ty.fields();
    if let Some((name, _)) = e
        .present()
        .iter()
        .find(|(name, present)| *present && !allowed.contains(name))
    {
        return Err(InputError::new(
            at(name),
            format!("not a field of a {ty} event"),
        ));
    }
    let kind = match ty {
        EventType::VerdictReceived => EventKind::VerdictReceived,
        EventType::OrderReceived => EventKind::OrderReceived,
        EventType::EmployerReceivedVerdict => EventKind::EmployerReceivedVerdict,
        EventType::Released => EventKind::Released,
        EventType::Arrived => EventKind::Arrived,
        EventType::Registered => EventKind::Registered,
        EventType::ReportingDays => {
            let field = at("days");
            let days = e
                .days
                .as_ref()
                .ok_or_else(|| InputError::new(field, "required field is missing"))?;
            if days.is_empty() {
                return Err(InputError::new(
                    field,
                    "at least one reporting day is required",
                ));
            }
            let mut seen: Vec<u8> = Vec::with_capacity(days.len());
            for (j, d) in days.iter().enumerate() {
                let f = field.item(j);
                let d = in_range(*d, 1, 31, f, "a day of the month")? as u8;
                if seen.contains(&d) {
                    return Err(InputError::new(f, format!("day {d} is repeated")));
                }
                seen.push(d);
            }
            EventKind::ReportingDays(ReportingDays::from_days(&seen))
        }
        EventType::Reported => EventKind::Reported,
        EventType::MissedReport => EventKind::MissedReport {
            valid_reason: e.valid_reason.unwrap_or(false),
        },
        EventType::RecordsCheck => EventKind::RecordsCheck,
        EventType::HomeVisit => EventKind::HomeVisit,
        EventType::PreventiveTalk => EventKind::PreventiveTalk,
        EventType::WorkplaceCheck => EventKind::WorkplaceCheck,
        EventType::GuardianshipCheck => EventKind::GuardianshipCheck,
        EventType::Violation => {
            let field = at("kind");
            let v = wire(
                &e.kind,
                field,
                "violation kind",
                ViolationKind::from_wire,
                ViolationKind::wire_names,
            )?;
            let allowed = measure.violation_kinds();
            if !allowed.contains(&v) {
                let list: Vec<&str> = allowed.iter().map(|k| k.as_str()).collect();
                let problem = if list.is_empty() {
                    format!(
                        "violation {v:?} is not possible under {measure}: the measure has no violation kinds"
                    )
                } else {
                    format!(
                        "violation kind {v} is not allowed for {measure} (allowed: {})",
                        list.join(", ")
                    )
                };
                return Err(InputError::new(field, problem));
            }
            EventKind::Violation(v)
        }
        EventType::Summoned => EventKind::Summoned,
        EventType::Warning => EventKind::Warning,
        EventType::Submission => EventKind::Submission(wire(
            &e.purpose,
            at("purpose"),
            "submission purpose",
            Purpose::from_wire,
            Purpose::wire_names,
        )?),
        EventType::InitialSearchStarted => EventKind::InitialSearchStarted,
        EventType::WantedDeclared => EventKind::WantedDeclared,
        EventType::SearchEnded => EventKind::SearchEnded,
        EventType::TermExtended => {
            if measure != MeasureKind::ConditionalSentence {
                return Err(InputError::new(
                    at("type"),
                    format!("term_extended applies only to conditional_sentence, not {measure}"),
                ));
            }
            let field = at("months");
            let months = e
                .months
                .ok_or_else(|| InputError::new(field, "required field is missing"))?;
            let months = in_range(months, 1, 24, field, "an extension in months")? as u8;
            let ground = wire(
                &e.ground,
                at("ground"),
                "extension ground",
                ExtensionGround::from_wire,
                ExtensionGround::wire_names,
            )?;
            EventKind::TermExtended { months, ground }
        }
        EventType::DisabilityRecognised => {
            let field = at("group");
            let group = e
                .group
                .ok_or_else(|| InputError::new(field, "required field is missing"))?;
            EventKind::DisabilityRecognised {
                group: in_range(group, 1, 3, field, "a disability group")? as u8,
            }
        }
        EventType::EmployerNotified => EventKind::EmployerNotified,
        EventType::ResidenceChanged => EventKind::ResidenceChanged {
            notice: wire(
                &e.notice,
                at("notice"),
                "notice form",
                Form::from_wire,
                Form::wire_names,
            )?,
        },
        EventType::Application => EventKind::Application {
            form: wire(
                &e.form,
                at("form"),
                "application form",
                Form::from_wire,
                Form::wire_names,
            )?,
        },
        EventType::PreventiveMeasure => EventKind::PreventiveMeasure(wire(
            &e.measure,
            at("measure"),
            "preventive measure",
            PreventiveMeasure::from_wire,
            PreventiveMeasure::wire_names,
        )?),
        EventType::Testing => {
            let start_field = at("start");
            let start = time_of_day(required(&e.start, start_field)?, start_field)?;
            let field = at("minutes");
            let minutes = e
                .minutes
                .ok_or_else(|| InputError::new(field, "required field is missing"))?;
            let minutes = in_range(minutes, 1, 600, field, "a testing session's minutes")? as u16;
            let tester = wire(
                &e.tester,
                at("tester"),
                "tester",
                Tester::from_wire,
                Tester::wire_names,
            )?;
            EventKind::Testing {
                start,
                minutes,
                tester,
            }
        }
        EventType::ProgrammeStarted => EventKind::ProgrammeStarted,
        EventType::Removed => EventKind::Removed,
    };
    Ok(Event { date, kind })
}

#[cfg(test)]
mod tests {
    use super::*;

    const BASE: &str = r#"{"as_of": "2026-03-10",
        "person": {"birth_date": "1990-05-01", "sex": "male"},
        "measure": {"kind": "conditional_sentence", "term": "P2Y", "verdict_in_force": "2025-01-10"},
        "events": [EVENTS]}"#;

    fn with_events(events: &str) -> Result<Case, InputError> {
        parse_case_str(&BASE.replace("EVENTS", events))
    }

    fn field_of(r: Result<Case, InputError>) -> String {
        r.expect_err("must be refused").field
    }

    #[test]
    fn accepts_the_contract_example() {
        let case = with_events(r#"{"date": "2025-01-15", "type": "registered"}"#).expect("valid");
        assert_eq!(case.events().len(), 1);
        assert_eq!(
            case.measure().term,
            Some(Period {
                years: 2,
                months: 0,
                days: 0
            })
        );
    }

    #[test]
    fn invalid_json_is_named_as_input() {
        let err = parse_case_str("{\"as_of\": ").expect_err("refused");
        assert_eq!(err.field, "input");
        assert!(err.problem.contains("not valid JSON"));
        assert_eq!(parse_case_str("{} {}").expect_err("refused").field, "input");
    }

    #[test]
    fn impossible_event_date_names_the_event() {
        let err = with_events(r#"{"date": "2025-01-15", "type": "registered"}, {"date": "2025-02-30", "type": "warning"}"#)
            .expect_err("refused");
        assert_eq!(err.to_string(), "events[1].date: 2025-02-30 is not a date");
    }

    #[test]
    fn event_after_as_of_is_refused() {
        assert_eq!(
            field_of(with_events(
                r#"{"date": "2026-03-11", "type": "registered"}"#
            )),
            "events[0].date"
        );
    }

    #[test]
    fn unknown_names_are_refused_with_their_field() {
        assert_eq!(
            field_of(with_events(r#"{"date": "2025-01-15", "type": "arrested"}"#)),
            "events[0].type"
        );
        assert_eq!(
            field_of(with_events(
                r#"{"date": "2025-01-15", "type": "submission", "purpose": "pardon"}"#
            )),
            "events[0].purpose"
        );
        assert_eq!(
            field_of(with_events(
                r#"{"date": "2025-01-15", "type": "term_extended", "months": 3, "ground": "mercy"}"#
            )),
            "events[0].ground"
        );
        let err = with_events(r#"{"date": "2025-01-15", "type": "registered", "colour": "red"}"#)
            .expect_err("refused");
        assert!(err.field.starts_with("events[0]"), "{err}");
        assert!(err.problem.contains("colour"), "{err}");
        let err = parse_case_str(
            &BASE
                .replace("conditional_sentence", "house_arrest")
                .replace("EVENTS", ""),
        )
        .expect_err("refused");
        assert_eq!(err.field, "measure.kind");
    }

    #[test]
    fn violation_kind_must_fit_the_measure() {
        let err =
            with_events(r#"{"date": "2025-01-15", "type": "violation", "kind": "malicious"}"#)
                .expect_err("refused");
        assert_eq!(err.field, "events[0].kind");
        assert!(err.problem.contains("conditional_sentence"));
    }

    #[test]
    fn payload_field_of_another_type_is_refused() {
        assert_eq!(
            field_of(with_events(
                r#"{"date": "2025-01-15", "type": "warning", "months": 3}"#
            )),
            "events[0].months"
        );
    }

    #[test]
    fn out_of_range_values_are_refused() {
        assert_eq!(
            field_of(with_events(
                r#"{"date": "2025-01-15", "type": "reporting_days", "days": [5, 32]}"#
            )),
            "events[0].days[1]"
        );
        assert_eq!(
            field_of(with_events(
                r#"{"date": "2025-01-15", "type": "reporting_days", "days": [5, 5]}"#
            )),
            "events[0].days[1]"
        );
        assert_eq!(
            field_of(with_events(
                r#"{"date": "2025-01-15", "type": "term_extended", "months": 25, "ground": "violation"}"#
            )),
            "events[0].months"
        );
        assert_eq!(
            field_of(with_events(
                r#"{"date": "2025-01-15", "type": "testing", "start": "09:00", "minutes": 0, "tester": "law"}"#
            )),
            "events[0].minutes"
        );
        assert_eq!(
            field_of(with_events(
                r#"{"date": "2025-01-15", "type": "testing", "start": "9:00", "minutes": 30, "tester": "law"}"#
            )),
            "events[0].start"
        );
        assert_eq!(
            field_of(with_events(
                r#"{"date": "2025-01-15", "type": "testing", "start": "24:00", "minutes": 30, "tester": "law"}"#
            )),
            "events[0].start"
        );
    }

    #[test]
    fn missing_required_fields_are_named() {
        assert_eq!(
            field_of(parse_case_str(
                &BASE
                    .replace("\"as_of\": \"2026-03-10\",", "")
                    .replace("EVENTS", "")
            )),
            "as_of"
        );
        assert_eq!(
            field_of(parse_case_str(
                &BASE
                    .replace("\"sex\": \"male\"", "\"rural\": true")
                    .replace("EVENTS", "")
            )),
            "person.sex"
        );
        assert_eq!(
            field_of(parse_case_str(
                &BASE
                    .replace(", \"verdict_in_force\": \"2025-01-10\"", "")
                    .replace("EVENTS", "")
            )),
            "measure.verdict_in_force"
        );
        assert_eq!(
            field_of(with_events(r#"{"type": "registered"}"#)),
            "events[0].date"
        );
        assert_eq!(
            field_of(with_events(
                r#"{"date": "2025-01-15", "type": "violation"}"#
            )),
            "events[0].kind"
        );
    }

    #[test]
    fn term_presence_follows_the_measure() {
        let no_term = BASE
            .replace("\"term\": \"P2Y\", ", "")
            .replace("EVENTS", "");
        assert_eq!(field_of(parse_case_str(&no_term)), "measure.term");
        let deferral = BASE
            .replace("conditional_sentence", "deferral")
            .replace("EVENTS", "");
        let err = parse_case_str(&deferral).expect_err("refused");
        assert_eq!(err.to_string(), "measure.term: not allowed for deferral");
        let long = BASE.replace("P2Y", "P31Y").replace("EVENTS", "");
        assert_eq!(field_of(parse_case_str(&long)), "measure.term");
        let zero = BASE.replace("P2Y", "P0D").replace("EVENTS", "");
        assert_eq!(field_of(parse_case_str(&zero)), "measure.term");
    }

    #[test]
    fn deferral_release_must_come_before_until() {
        let deferral = BASE
            .replace(
                r#""conditional_sentence", "term": "P2Y""#,
                r#""deferral", "until": "2025-06-01""#,
            )
            .replace("EVENTS", r#"{"date": "2025-06-01", "type": "released"}"#);
        assert_eq!(field_of(parse_case_str(&deferral)), "events[0].date");
    }

    #[test]
    fn term_extended_only_under_conditional_sentence() {
        let rof = BASE.replace("conditional_sentence", "restriction_of_freedom").replace(
            "EVENTS",
            r#"{"date": "2025-01-15", "type": "term_extended", "months": 3, "ground": "violation"}"#,
        );
        assert_eq!(field_of(parse_case_str(&rof)), "events[0].type");
    }

    #[test]
    fn wrong_json_type_names_the_field() {
        let err =
            with_events(r#"{"date": "2025-01-15", "type": "reporting_days", "days": "5,20"}"#)
                .expect_err("refused");
        assert_eq!(err.field, "events[0].days");
        let err = parse_case_str(
            &BASE
                .replace("\"sex\": \"male\"", "\"sex\": \"male\", \"rural\": \"yes\"")
                .replace("EVENTS", ""),
        )
        .expect_err("refused");
        assert_eq!(err.field, "person.rural");
    }

    #[test]
    fn same_date_events_keep_input_order() {
        let case = with_events(
            r#"{"date": "2025-02-01", "type": "warning"}, {"date": "2025-01-15", "type": "registered"}, {"date": "2025-02-01", "type": "summoned"}"#,
        )
        .expect("valid");
        let types: Vec<EventType> = case.events().iter().map(|e| e.kind.event_type()).collect();
        assert_eq!(
            types,
            [
                EventType::Registered,
                EventType::Warning,
                EventType::Summoned
            ]
        );
    }
}
