//! Recording an event from the case card: a form for every event type of the agenda contract,
//! checked by the engine before saving. An event the law does not allow is shown with the flag
//! it would raise and its ground, and saved only with a reason (then flagged, never silently
//! accepted or refused).

use std::collections::HashMap;

use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use probatio_core::agenda::{Flag, TaskKind};
use probatio_core::case::{
    EventType, ExtensionGround, Form as NoticeForm, MeasureKind, PreventiveMeasure, Purpose, Tester,
};
use probatio_store::{NewEvent, StoreError};
use serde::Deserialize;
use serde_json::{Map, Value};

use super::caseload::url_encode;
use super::{PageContext, form_fields, is_head, page_text, person_name, store_error_page};
use crate::AppState;
use crate::caller::Caller;
use crate::i18n::{self, Arg, Lang};
use crate::problem::Problem;

/// The label of a form field (`kind` → "Вид нарушения").
pub(super) fn field_label(lang: Lang, field: &str) -> String {
    i18n::t(lang, &format!("field-{}", i18n::kind_key(field)))
}

pub(super) use crate::i18n::event_label;

/// The Fluent id of a choice of `field` (`kind` `malicious` → `violation-malicious`).
fn choice_key(field: &str, value: &str) -> Option<String> {
    let prefix = match field {
        "kind" => "violation",
        "purpose" => "task-submission",
        "ground" => "extension",
        "notice" | "form" => "form",
        "measure" => "pmeasure",
        "tester" => "tester",
        _ => return None,
    };
    Some(format!("{prefix}-{}", i18n::kind_key(value)))
}

/// How a recorded field's value reads in `lang`.
pub(super) fn value_label(lang: Lang, field: &str, value: &Value) -> String {
    match value {
        Value::String(s) => choice_key(field, s).map_or_else(|| s.clone(), |k| i18n::t(lang, &k)),
        Value::Bool(b) => i18n::t(lang, if *b { "yes" } else { "no" }),
        Value::Array(days) => days
            .iter()
            .map(Value::to_string)
            .collect::<Vec<_>>()
            .join(", "),
        other => other.to_string(),
    }
}

/// The wire values a select field offers for a case of `measure`.
fn options(field: &str, measure: Option<MeasureKind>) -> Option<Vec<&'static str>> {
    Some(match field {
        "kind" => measure
            .map(|m| m.violation_kinds().iter().map(|k| k.as_str()).collect())
            .unwrap_or_default(),
        "purpose" => Purpose::ALL.iter().map(|p| p.as_str()).collect(),
        "ground" => ExtensionGround::ALL.iter().map(|p| p.as_str()).collect(),
        "notice" | "form" => NoticeForm::ALL.iter().map(|p| p.as_str()).collect(),
        "measure" => PreventiveMeasure::ALL.iter().map(|p| p.as_str()).collect(),
        "tester" => Tester::ALL.iter().map(|p| p.as_str()).collect(),
        "group" => vec!["1", "2", "3"],
        _ => return None,
    })
}

/// The range a number field takes (the contract's input rules).
fn number_range(field: &str) -> Option<(i64, i64)> {
    match field {
        "months" => Some((1, 24)),
        "minutes" => Some((1, 600)),
        "group" => Some((1, 3)),
        _ => None,
    }
}

#[derive(Debug)]
struct Choice {
    value: String,
    label: String,
    chosen: bool,
}

/// A field of the form as the template draws it.
#[derive(Debug)]
struct FieldView {
    name: String,
    label: String,
    /// `select`, `number`, `check`, `days` or `time`.
    input: &'static str,
    options: Vec<Choice>,
    min: i64,
    max: i64,
    value: String,
    error: Option<String>,
}

/// A flag the event would raise, with its ground.
#[derive(Debug)]
struct RaisedView {
    kind: String,
    label: String,
    task: Option<String>,
    rule: String,
}

/// An event type in the menu of the form page.
#[derive(Debug)]
pub(super) struct MenuItem {
    pub href: String,
    pub label: String,
}

#[derive(Template)]
#[template(path = "record.html")]
struct RecordPage {
    lang: Lang,
    langs: [Lang; 3],
    signed_in: bool,
    csrf: String,
    head: bool,
    case_id: i64,
    card_number: String,
    person: String,
    version: i64,
    event_type: Option<String>,
    event_label: String,
    date: String,
    date_error: Option<String>,
    today: String,
    fields: Vec<FieldView>,
    closes: Option<String>,
    error: Option<String>,
    raised: Vec<RaisedView>,
    reason: String,
    reason_error: Option<String>,
    menu: Vec<MenuItem>,
}

page_text!(RecordPage);

/// Every event type, as links to its form: those that do an open task first.
pub(super) fn menu(case_id: i64, open: &[TaskKind], lang: Lang) -> Vec<MenuItem> {
    let mut items: Vec<(bool, MenuItem)> = EventType::ALL
        .iter()
        .map(|t| {
            let closes = open.iter().any(|k| k.closing_event().0 == *t);
            (
                !closes,
                MenuItem {
                    href: format!("/cases/{case_id}/record?type={}", t.as_str()),
                    label: event_label(lang, t.as_str()),
                },
            )
        })
        .collect();
    items.sort_by_key(|(later, _)| *later);
    items.into_iter().map(|(_, m)| m).collect()
}

/// The form link that does `task` (its closing event, with the submission's purpose).
pub(super) fn task_link(case_id: i64, task: TaskKind) -> String {
    let (event, purpose) = task.closing_event();
    match purpose {
        Some(p) => format!(
            "/cases/{case_id}/record?type={}&purpose={}",
            event.as_str(),
            url_encode(p.as_str())
        ),
        None => format!("/cases/{case_id}/record?type={}", event.as_str()),
    }
}

#[derive(Debug, Deserialize)]
pub(super) struct FormQuery {
    lang: Option<String>,
    #[serde(rename = "type")]
    event_type: Option<String>,
    purpose: Option<String>,
}

/// What a form shows besides the case: the values typed, and what was wrong with them.
#[derive(Debug, Default)]
struct Filled {
    event_type: Option<EventType>,
    values: HashMap<String, String>,
    errors: HashMap<String, String>,
    error: Option<String>,
    raised: Vec<Flag>,
    reason: String,
    reason_error: Option<String>,
}

pub(super) async fn form(
    State(s): State<AppState>,
    headers: HeaderMap,
    Path(case_id): Path<i64>,
    Query(q): Query<FormQuery>,
    caller: Result<Caller, Problem>,
) -> Result<Response, Problem> {
    let (caller, ctx) = match super::signed_in(&s, &headers, q.lang.clone(), caller).await {
        Ok(started) => started,
        Err(to_login) => return Ok(to_login),
    };
    let mut filled = Filled {
        event_type: q.event_type.as_deref().and_then(EventType::from_wire),
        ..Filled::default()
    };
    if let Some(p) = q.purpose {
        filled.values.insert("purpose".to_owned(), p);
    }
    render(&s, ctx, &caller, case_id, filled, None, StatusCode::OK).await
}

/// Draws the form of `case_id` (the menu of event types if none is chosen).
async fn render(
    s: &AppState,
    ctx: PageContext,
    caller: &Caller,
    case_id: i64,
    filled: Filled,
    version: Option<i64>,
    status: StatusCode,
) -> Result<Response, Problem> {
    let lang = ctx.lang;
    let case = match super::writable_case(s, caller, case_id).await {
        Ok(c) => c,
        Err(e) => return store_error_page(ctx, e),
    };
    let person = match s.store.person(case.details.person_id, &caller.scope).await {
        Ok(p) => p,
        Err(e) => return store_error_page(ctx, e),
    };
    let agenda = s.store.agenda(case_id, None, &caller.scope).await?;
    let open: Vec<TaskKind> = agenda.tasks.iter().map(|t| t.kind).collect();
    let measure = MeasureKind::from_wire(&case.details.measure.kind);
    let today = s.store.today().to_string();
    let (fields, closes) = match filled.event_type {
        Some(t) => {
            let fields = t
                .fields()
                .iter()
                .map(|f| field_view(lang, f, measure, &filled))
                .collect();
            let purpose = filled
                .values
                .get("purpose")
                .and_then(|p| Purpose::from_wire(p));
            let closes = agenda
                .tasks
                .iter()
                .find(|task| task.kind.closing_event() == (t, purpose))
                .map(|task| {
                    i18n::t(
                        lang,
                        &format!("task-{}", i18n::kind_key(task.kind.as_str())),
                    )
                });
            (fields, closes)
        }
        None => (Vec::new(), None),
    };
    let page = RecordPage {
        lang,
        langs: Lang::ALL,
        signed_in: true,
        csrf: ctx.csrf.clone(),
        head: is_head(caller),
        case_id,
        card_number: case.card_number.clone(),
        person: person_name(
            &person.details.surname,
            &person.details.given_name,
            person.details.patronymic.as_deref(),
        ),
        version: version.unwrap_or(case.version),
        event_type: filled.event_type.map(|t| t.as_str().to_owned()),
        event_label: filled
            .event_type
            .map(|t| event_label(lang, t.as_str()))
            .unwrap_or_else(|| i18n::t(lang, "record-title")),
        date: filled
            .values
            .get("date")
            .cloned()
            .unwrap_or_else(|| today.clone()),
        date_error: filled.errors.get("date").cloned(),
        today,
        fields,
        closes,
        error: filled.error,
        raised: filled
            .raised
            .iter()
            .map(|f| RaisedView {
                kind: f.kind.as_str().to_owned(),
                label: i18n::t(lang, &format!("flag-{}", i18n::kind_key(f.kind.as_str()))),
                task: f
                    .task
                    .map(|t| i18n::t(lang, &format!("task-{}", i18n::kind_key(t.as_str())))),
                rule: f.rule.to_string(),
            })
            .collect(),
        reason: filled.reason,
        reason_error: filled.reason_error,
        menu: menu(case_id, &open, lang),
    };
    Ok(ctx.respond(status, page.render()))
}

fn field_view(lang: Lang, name: &str, measure: Option<MeasureKind>, filled: &Filled) -> FieldView {
    let value = filled.values.get(name).cloned().unwrap_or_default();
    let (input, options) = match (name, options(name, measure)) {
        ("valid_reason", _) => ("check", Vec::new()),
        ("days", _) => ("days", Vec::new()),
        ("start", _) => ("time", Vec::new()),
        (_, Some(values)) => (
            "select",
            values
                .into_iter()
                .map(|v| Choice {
                    value: v.to_owned(),
                    label: choice_key(name, v).map_or_else(|| v.to_owned(), |k| i18n::t(lang, &k)),
                    chosen: v == value,
                })
                .collect(),
        ),
        _ => ("number", Vec::new()),
    };
    let (min, max) = number_range(name).unwrap_or((0, 0));
    FieldView {
        name: name.to_owned(),
        label: field_label(lang, name),
        input,
        options,
        min,
        max,
        value,
        error: filled.errors.get(name).cloned(),
    }
}

/// The contract event the form describes, or the fields at fault (in `lang`).
fn event_of(
    lang: Lang,
    event_type: EventType,
    values: &HashMap<String, String>,
) -> Result<Value, HashMap<String, String>> {
    let mut errors = HashMap::new();
    let mut event = Map::new();
    let required = i18n::t(lang, "field-required");
    let get = |f: &str| values.get(f).map(|v| v.trim()).unwrap_or("");
    match get("date") {
        "" => {
            errors.insert("date".to_owned(), required.clone());
        }
        d => {
            event.insert("date".to_owned(), d.into());
        }
    }
    event.insert("type".to_owned(), event_type.as_str().into());
    for field in event_type.fields() {
        let text = get(field);
        let value = match *field {
            "valid_reason" => Ok(Value::Bool(matches!(text, "true" | "on"))),
            _ if text.is_empty() => Err(required.clone()),
            "days" => text
                .split(|c: char| c == ',' || c.is_whitespace())
                .filter(|d| !d.is_empty())
                .map(|d| d.parse::<i64>().map(Value::from))
                .collect::<Result<Vec<_>, _>>()
                .map(Value::Array)
                .map_err(|_| i18n::t(lang, "field-days-format")),
            "months" | "minutes" | "group" => {
                let (min, max) = number_range(field).unwrap_or((0, 0));
                text.parse::<i64>().map(Value::from).map_err(|_| {
                    i18n::with(
                        lang,
                        "field-number",
                        &[("min", Arg::Num(min)), ("max", Arg::Num(max))],
                    )
                })
            }
            _ => Ok(Value::String(text.to_owned())),
        };
        match value {
            Ok(v) => {
                event.insert((*field).to_owned(), v);
            }
            Err(e) => {
                errors.insert((*field).to_owned(), e);
            }
        }
    }
    if errors.is_empty() {
        Ok(Value::Object(event))
    } else {
        Err(errors)
    }
}

pub(super) async fn save(
    State(s): State<AppState>,
    headers: HeaderMap,
    Path(case_id): Path<i64>,
    caller: Result<Caller, Problem>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, Problem> {
    let Ok(caller) = caller else {
        return Ok(Redirect::to("/login").into_response());
    };
    let ctx = PageContext::of(&headers, &super::LangQuery { lang: None }, s.secure_cookies);
    let lang = ctx.lang;
    let values = form_fields(&headers, pairs)?;
    let text = |k: &str| values.get(k).map(String::as_str).unwrap_or("");
    let Some(event_type) = EventType::from_wire(text("type")) else {
        return Err(Problem::invalid(
            "type",
            format!("must be one of {}", EventType::wire_names()),
        ));
    };
    let Ok(version) = text("version").parse::<i64>() else {
        return Err(Problem::invalid("version", "must be the case's version"));
    };
    let reason = text("reason").trim().to_owned();
    let mut filled = Filled {
        event_type: Some(event_type),
        values: values.clone(),
        reason: reason.clone(),
        ..Filled::default()
    };
    let event = match event_of(lang, event_type, &values) {
        Ok(e) => e,
        Err(errors) => {
            filled.errors = errors;
            return render(
                &s,
                ctx,
                &caller,
                case_id,
                filled,
                Some(version),
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await;
        }
    };
    let new = NewEvent {
        expected_version: version,
        event: Some(event),
        corrects: None,
        reason: (!reason.is_empty()).then_some(reason.clone()),
    };
    let preview = s
        .store
        .preview_event(case_id, &new, caller.actor(), &caller.scope)
        .await;
    let saved = match preview {
        Ok(preview) => {
            let raised = preview.raised_flags();
            if !raised.is_empty() && reason.is_empty() {
                // Forbidden by the law: shown with its grounds, saved only with a reason.
                filled.raised = raised;
                if values.contains_key("confirm") {
                    filled.reason_error = Some(i18n::t(lang, "record-reason-required"));
                }
                let status = if values.contains_key("confirm") {
                    StatusCode::UNPROCESSABLE_ENTITY
                } else {
                    StatusCode::OK
                };
                return render(&s, ctx, &caller, case_id, filled, Some(version), status).await;
            }
            s.store
                .append_event(case_id, &new, caller.actor(), &caller.scope)
                .await
        }
        Err(e) => Err(e),
    };
    let (status, version) = match saved {
        Ok(stored) => {
            s.metrics.event_appended();
            return Ok(
                Redirect::to(&format!("/cases/{case_id}?saved={}#agenda", stored.id))
                    .into_response(),
            );
        }
        Err(StoreError::Invalid { field, problem }) => {
            let name = field.strip_prefix("event.").unwrap_or(&field).to_owned();
            filled.error = Some(format!(
                "{}: {} — {problem}",
                i18n::t(lang, "record-refused"),
                field_label(lang, &name)
            ));
            if values.contains_key(&name) {
                filled.errors.insert(name, problem);
            }
            (StatusCode::UNPROCESSABLE_ENTITY, Some(version))
        }
        // Drawn again with the case's current version, the values kept.
        Err(StoreError::Conflict { .. }) => {
            filled.error = Some(i18n::t(lang, "record-stale"));
            (StatusCode::CONFLICT, None)
        }
        Err(e) => return store_error_page(ctx, e),
    };
    render(&s, ctx, &caller, case_id, filled, version, status).await
}
