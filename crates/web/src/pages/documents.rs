//! Issuing a document from the case card: the form of a document (the register's facts it
//! will say, the officer's part to write, what is missing), issuing it, and opening an issued
//! document (typeset again from the log and checked against its hash). Everything goes through
//! [`crate::documents`], as the API and the command line do.

use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use serde_json::{Map, Value};

use super::{PageContext, form_fields, is_head, person_name, store_error_page};
use crate::AppState;
use crate::caller::Caller;
use crate::documents::{self, DocKind, DocLang, IssueError, Shape};
use crate::i18n::{self, Lang};
use crate::problem::Problem;

/// The paths of the register's facts the form shows, in this order.
const REGISTER: [&str; 21] = [
    "number",
    "issued_on",
    "service",
    "officer",
    "person.name",
    "person.iin",
    "person.birth_date",
    "person.address",
    "case.card_number",
    "case.measure_label",
    "case.court",
    "case.verdict_number",
    "case.in_force",
    "case.term",
    "case.start",
    "case.end",
    "reporting_days",
    "violation.date",
    "violation.label",
    "removed_on",
    "work.hours",
];

/// The Fluent id of a fact's label (`person.birth_date` → `docf-person-birth-date`).
fn label(lang: Lang, path: &str) -> String {
    i18n::t(
        lang,
        &format!("docf-{}", i18n::kind_key(&path.replace('.', "-"))),
    )
}

/// The value at `path` as text (a list one item a line).
fn value_at(facts: &Value, path: &str) -> String {
    let v = path
        .split('.')
        .try_fold(facts, |v, part| v.get(part))
        .unwrap_or(&Value::Null);
    match v {
        Value::String(s) => s.clone(),
        Value::Array(items) => items
            .iter()
            .map(|i| match i {
                Value::String(s) => s.clone(),
                other => other.to_string(),
            })
            .collect::<Vec<_>>()
            .join(if path == "reporting_days" { ", " } else { "\n" }),
        Value::Number(n) => n.to_string(),
        _ => String::new(),
    }
}

#[derive(Debug)]
struct Choice {
    value: String,
    label: String,
    chosen: bool,
}

#[derive(Debug)]
struct FieldView {
    name: String,
    id: String,
    label: String,
    /// `line`, `text`, `lines`, `number` or `select`.
    input: &'static str,
    value: String,
    options: Vec<Choice>,
    missing: bool,
    error: Option<String>,
}

#[derive(Debug)]
struct Fact {
    label: String,
    value: String,
    missing: bool,
}

#[derive(Template)]
#[template(path = "document.html")]
struct DocumentPage {
    lang: Lang,
    langs: [Lang; 3],
    signed_in: bool,
    csrf: String,
    head: bool,
    case_id: i64,
    card_number: String,
    person: String,
    kind: String,
    title: String,
    doc_langs: Vec<Choice>,
    register: Vec<Fact>,
    fields: Vec<FieldView>,
    /// What is missing, in words (the register's marked as such).
    missing: Vec<String>,
    error: Option<String>,
}

super::page_text!(DocumentPage);

#[derive(Debug, Deserialize)]
pub(super) struct DocQuery {
    lang: Option<String>,
    kind: Option<String>,
    purpose: Option<String>,
    doc_lang: Option<String>,
}

/// The document language a page starts with: the one asked for, else the page's (Russian for
/// an English page: documents are Kazakh or Russian).
fn start_lang(asked: Option<&str>, page: Lang) -> DocLang {
    asked.and_then(DocLang::from_code).unwrap_or(match page {
        Lang::Kk => DocLang::Kk,
        Lang::Ru | Lang::En => DocLang::Ru,
    })
}

pub(super) async fn form(
    State(s): State<AppState>,
    headers: HeaderMap,
    Path(case_id): Path<i64>,
    Query(q): Query<DocQuery>,
    caller: Result<Caller, Problem>,
) -> Result<Response, Problem> {
    let (caller, ctx) = match super::signed_in(&s, &headers, q.lang.clone(), caller).await {
        Ok(started) => started,
        Err(to_login) => return Ok(to_login),
    };
    let Some(kind) = q.kind.as_deref().and_then(DocKind::from_wire) else {
        // No document chosen (a language switch drops the query): the card offers them.
        return Ok(Redirect::to(&format!("/cases/{case_id}#documents")).into_response());
    };
    let mut supplied = Map::new();
    if let Some(p) = q.purpose.filter(|_| kind == DocKind::Submission) {
        supplied.insert("submission".into(), serde_json::json!({ "purpose": p }));
    }
    let doc_lang = start_lang(q.doc_lang.as_deref(), ctx.lang);
    render(
        &s,
        ctx,
        &caller,
        case_id,
        kind,
        doc_lang,
        &Value::Object(supplied),
        None,
    )
    .await
}

/// Draws the form of `kind` for the case, filled from `supplied`, with `failed` (why the last
/// issue was refused) if any.
#[allow(clippy::too_many_arguments)]
async fn render(
    s: &AppState,
    ctx: PageContext,
    caller: &Caller,
    case_id: i64,
    kind: DocKind,
    doc_lang: DocLang,
    supplied: &Value,
    failed: Option<IssueError>,
) -> Result<Response, Problem> {
    let lang = ctx.lang;
    let case = match super::writable_case(s, caller, case_id).await {
        Ok(c) => c,
        Err(e) => return store_error_page(ctx, e),
    };
    let person = s
        .store
        .person(case.details.person_id, &caller.scope)
        .await?;
    // A value the officer typed that broke a rule is shown as typed, with the rule.
    let (field_error, failed_missing) = match &failed {
        Some(IssueError::Field { field, problem }) => {
            (Some((field.clone(), problem.clone())), None)
        }
        Some(IssueError::Missing(list)) => (None, Some(list.clone())),
        _ => (None, None),
    };
    let draft = match documents::draft(
        &s.store,
        caller,
        case_id,
        kind,
        doc_lang,
        if field_error.is_some() {
            &Value::Null
        } else {
            supplied
        },
    )
    .await
    {
        Ok(d) => d,
        Err(IssueError::Store(e)) => return store_error_page(ctx, e),
        Err(e) => return Err(Problem::from(e)),
    };
    let facts = serde_json::to_value(&draft.facts).unwrap_or(Value::Null);
    let missing = failed_missing
        .clone()
        .unwrap_or_else(|| draft.missing.clone());
    let inputs = documents::inputs(kind);
    let own = |path: &str| inputs.iter().any(|i| i.path == path);
    let register = REGISTER
        .iter()
        .filter(|p| !own(p))
        .filter_map(|p| {
            let value = value_at(&facts, p);
            let absent = missing.contains(p);
            (absent || !value.is_empty()).then(|| Fact {
                label: label(lang, p),
                value,
                missing: absent,
            })
        })
        .collect();
    let fields = inputs
        .iter()
        .map(|i| {
            let name = i.path.to_owned();
            let error = field_error
                .as_ref()
                .filter(|(f, _)| f.strip_prefix("facts.").unwrap_or(f).starts_with(i.path))
                .map(|(_, problem)| problem.clone());
            let value = if error.is_some() {
                value_at(supplied, i.path)
            } else {
                value_at(&facts, i.path)
            };
            FieldView {
                id: format!("f-{}", i.path.replace('.', "-")),
                label: label(lang, i.path),
                input: match i.shape {
                    Shape::Line => "line",
                    Shape::Text => "text",
                    Shape::Lines => "lines",
                    Shape::Number => "number",
                    Shape::Purpose => "select",
                },
                options: if i.shape == Shape::Purpose {
                    probatio_docs::SUBMISSION_PURPOSES
                        .iter()
                        .map(|p| Choice {
                            value: (*p).to_owned(),
                            label: i18n::t(lang, &format!("task-submission-{}", i18n::kind_key(p))),
                            chosen: value == *p,
                        })
                        .collect()
                } else {
                    Vec::new()
                },
                missing: missing.contains(&i.path),
                value,
                error,
                name,
            }
        })
        .collect();
    let missing_words = missing
        .iter()
        .map(|p| {
            if own(p) {
                label(lang, p)
            } else {
                format!(
                    "{} ({})",
                    label(lang, p),
                    i18n::t(lang, "docs-from-register")
                )
            }
        })
        .collect();
    let error = match failed {
        Some(IssueError::Store(e)) => Some(Problem::from(e).detail),
        Some(IssueError::Doc(e)) => Some(e.to_string()),
        _ => None,
    };
    // A first look at a form that lacks facts is not an error; a refused issue is.
    let status = match (&failed_missing, &field_error, &error) {
        (_, _, Some(_)) => StatusCode::CONFLICT,
        (Some(_), _, _) | (_, Some(_), _) => StatusCode::UNPROCESSABLE_ENTITY,
        _ => StatusCode::OK,
    };
    let d = &person.details;
    let page = DocumentPage {
        lang,
        langs: Lang::ALL,
        signed_in: true,
        csrf: ctx.csrf.clone(),
        head: is_head(caller),
        case_id,
        card_number: case.card_number.clone(),
        person: person_name(&d.surname, &d.given_name, d.patronymic.as_deref()),
        kind: kind.as_str().to_owned(),
        title: i18n::t(lang, &format!("doc-{}", i18n::kind_key(kind.as_str()))),
        doc_langs: [DocLang::Kk, DocLang::Ru]
            .into_iter()
            .map(|l| Choice {
                value: l.code().to_owned(),
                label: match l {
                    DocLang::Kk => Lang::Kk.own_name().to_owned(),
                    DocLang::Ru => Lang::Ru.own_name().to_owned(),
                },
                chosen: l == doc_lang,
            })
            .collect(),
        register,
        fields,
        missing: missing_words,
        error,
    };
    Ok(ctx.respond(status, page.render()))
}

pub(super) async fn issue(
    State(s): State<AppState>,
    headers: HeaderMap,
    Path(case_id): Path<i64>,
    caller: Result<Caller, Problem>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, Problem> {
    let Ok(caller) = caller else {
        return Ok(Redirect::to("/login").into_response());
    };
    let fields = form_fields(&headers, pairs)?;
    let ctx = PageContext::of(&headers, &super::LangQuery { lang: None }, s.secure_cookies);
    let Some(kind) = fields
        .get("kind")
        .map(String::as_str)
        .and_then(DocKind::from_wire)
    else {
        return Err(Problem::invalid("kind", "not a document kind"));
    };
    let doc_lang = start_lang(fields.get("doc_lang").map(String::as_str), ctx.lang);
    // The officer's part, by path, as typed (lists one item a line).
    let mut supplied = Value::Object(Map::new());
    for input in documents::inputs(kind) {
        let Some(value) = fields.get(input.path) else {
            continue;
        };
        let mut at = &mut supplied;
        let mut parts = input.path.split('.').peekable();
        while let Some(part) = parts.next() {
            if parts.peek().is_none() {
                at[part] = Value::String(value.clone());
            } else {
                if at.get(part).is_none() {
                    at[part] = Value::Object(Map::new());
                }
                at = &mut at[part];
            }
        }
    }
    match documents::issue(&s.store, &caller, case_id, kind, doc_lang, &supplied).await {
        Ok((issued, _)) => Ok(Redirect::to(&format!(
            "/cases/{case_id}?issued={}#documents",
            issued.event_id
        ))
        .into_response()),
        Err(IssueError::Store(
            e
            @ (probatio_store::StoreError::NotFound(_) | probatio_store::StoreError::Forbidden(_)),
        )) => store_error_page(ctx, e),
        Err(e) => {
            render(
                &s,
                ctx,
                &caller,
                case_id,
                kind,
                doc_lang,
                &supplied,
                Some(e),
            )
            .await
        }
    }
}

/// An issued document's PDF, for whoever may read the case.
pub(super) async fn open(
    State(s): State<AppState>,
    headers: HeaderMap,
    Path((case_id, doc)): Path<(i64, i64)>,
    caller: Result<Caller, Problem>,
) -> Result<Response, Problem> {
    let Ok(caller) = caller else {
        return Ok(Redirect::to("/login").into_response());
    };
    match documents::issued(&s.store, &caller, case_id, doc).await {
        Ok((issued, pdf)) => Ok(crate::api::pdf_response(&issued, pdf)),
        Err(IssueError::Store(e)) => {
            let ctx = PageContext::of(&headers, &super::LangQuery { lang: None }, s.secure_cookies);
            store_error_page(ctx, e)
        }
        Err(e) => Err(Problem::from(e)),
    }
}
