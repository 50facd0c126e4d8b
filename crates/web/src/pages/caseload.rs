//! The caseload: my cases (an officer's assigned cases, a head's service), filtered by measure,
//! status, overdue and juvenile, searched by IIN or name, most urgent first as the store lists.

use askama::Template;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use probatio_core::agenda::Status;
use probatio_core::case::MeasureKind;
use probatio_store::{CaseFilter, CaseListItem, Scope};
use serde::Deserialize;

use super::{is_head, page_text, person_name};
use crate::AppState;
use crate::caller::Caller;
use crate::i18n::{self, Arg, Lang};
use crate::problem::Problem;

/// Rows on one page.
const PAGE: i64 = 50;

#[derive(Debug, Default, Deserialize)]
pub(super) struct CaseloadQuery {
    lang: Option<String>,
    #[serde(default)]
    measure: String,
    #[serde(default)]
    status: String,
    #[serde(default)]
    overdue: String,
    #[serde(default)]
    juvenile: String,
    #[serde(default)]
    q: String,
    #[serde(default)]
    page: String,
    /// A head: one officer's cases.
    #[serde(default)]
    officer: String,
}

/// A row of the table, in the page's language.
#[derive(Debug)]
struct Row {
    id: i64,
    card: String,
    person: String,
    iin: String,
    measure: String,
    status: String,
    next_due: Option<(String, String)>,
    overdue: i64,
    flags: i64,
    juvenile: bool,
}

/// An option of a filter: its value, its label, whether chosen.
#[derive(Debug)]
struct Choice {
    value: String,
    label: String,
    chosen: bool,
}

#[derive(Template)]
#[template(path = "caseload.html")]
struct CaseloadPage {
    lang: Lang,
    langs: [Lang; 3],
    signed_in: bool,
    csrf: String,
    head: bool,
    error: Option<String>,
    q: String,
    officer: String,
    measures: Vec<Choice>,
    statuses: Vec<Choice>,
    overdue: Vec<Choice>,
    juvenile: Vec<Choice>,
    rows: Vec<Row>,
    total: String,
    range: String,
    prev: Option<String>,
    next: Option<String>,
}

page_text!(CaseloadPage);

fn choices(values: &[(&str, String)], chosen: &str) -> Vec<Choice> {
    values
        .iter()
        .map(|(v, label)| Choice {
            value: (*v).to_owned(),
            label: label.clone(),
            chosen: *v == chosen,
        })
        .collect()
}

/// A yes / no / any filter: `true`, `false` or empty.
fn yes_no(text: &str) -> Result<Option<bool>, ()> {
    match text {
        "" => Ok(None),
        "true" => Ok(Some(true)),
        "false" => Ok(Some(false)),
        _ => Err(()),
    }
}

/// The query of this page with another page number.
fn page_link(q: &CaseloadQuery, page: i64) -> String {
    let pairs = [
        ("measure", q.measure.as_str()),
        ("status", q.status.as_str()),
        ("overdue", q.overdue.as_str()),
        ("juvenile", q.juvenile.as_str()),
        ("q", q.q.as_str()),
        ("officer", q.officer.as_str()),
    ];
    let mut link = String::from("/cases?");
    for (k, v) in pairs.iter().filter(|(_, v)| !v.is_empty()) {
        link.push_str(k);
        link.push('=');
        link.push_str(&url_encode(v));
        link.push('&');
    }
    link.push_str(&format!("page={page}"));
    link
}

/// Percent-encodes a query value (everything but unreserved ASCII).
pub(super) fn url_encode(v: &str) -> String {
    let mut out = String::with_capacity(v.len());
    for b in v.bytes() {
        if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

pub(super) async fn caseload(
    State(s): State<AppState>,
    headers: HeaderMap,
    Query(q): Query<CaseloadQuery>,
    caller: Result<Caller, Problem>,
) -> Result<Response, Problem> {
    let (caller, ctx) = match super::signed_in(&s, &headers, q.lang.clone(), caller).await {
        Ok(started) => started,
        Err(to_login) => return Ok(to_login),
    };
    let lang = ctx.lang;
    // Every filter is checked; a value the form never offers is named, not ignored.
    let mut error = None;
    let mut refuse = |field: &str| {
        error = Some(format!(
            "{}: {}",
            i18n::t(lang, field),
            i18n::t(lang, "record-refused")
        ))
    };
    let measure = match q.measure.as_str() {
        "" => None,
        m => MeasureKind::from_wire(m).or_else(|| {
            refuse("col-measure");
            None
        }),
    };
    let status = match q.status.as_str() {
        "" => None,
        m => Status::from_wire(m).or_else(|| {
            refuse("col-status");
            None
        }),
    };
    let overdue = yes_no(&q.overdue).unwrap_or_else(|()| {
        refuse("col-overdue");
        None
    });
    let juvenile = yes_no(&q.juvenile).unwrap_or_else(|()| {
        refuse("col-juvenile");
        None
    });
    let page = match q.page.as_str() {
        "" => 1,
        p => p
            .parse::<i64>()
            .ok()
            .filter(|p| (1..=100_000).contains(p))
            .unwrap_or_else(|| {
                refuse("page-next");
                1
            }),
    };
    let chosen_officer = match q.officer.as_str() {
        "" => None,
        o => o.parse::<i64>().ok().or_else(|| {
            refuse("case-officer");
            None
        }),
    };
    let search = q.q.trim();
    let filter = CaseFilter {
        officer_id: match caller.scope {
            Scope::Officer { officer_id, .. } => Some(officer_id),
            _ => chosen_officer,
        },
        measure: measure.map(|m| m.as_str().to_owned()),
        status: status.map(|m| m.as_str().to_owned()),
        overdue,
        juvenile,
        search: (!search.is_empty()).then(|| search.to_owned()),
        limit: PAGE,
        offset: (page - 1) * PAGE,
        ..CaseFilter::default()
    };
    let listed = match s.store.list_cases(&filter, &caller.scope).await {
        Ok(listed) => listed,
        // A search with no letters or digits to search by: named, the caseload unsearched.
        Err(probatio_store::StoreError::Invalid { .. }) if filter.search.is_some() => {
            error = Some(format!(
                "{}: {}",
                i18n::t(lang, "caseload-search"),
                i18n::t(lang, "caseload-none")
            ));
            probatio_store::Page {
                items: Vec::new(),
                total: 0,
                limit: PAGE,
                offset: 0,
            }
        }
        Err(e) => return Err(e.into()),
    };
    let rows = listed.items.iter().map(|c| row(lang, c)).collect();
    let from = listed.offset + 1;
    let to = listed.offset + listed.items.len() as i64;
    let any = i18n::t(lang, "any");
    let measures: Vec<(&str, String)> = std::iter::once(("", any.clone()))
        .chain(MeasureKind::ALL.iter().map(|m| {
            (
                m.as_str(),
                i18n::t(lang, &format!("measure-{}", i18n::kind_key(m.as_str()))),
            )
        }))
        .collect();
    let statuses: Vec<(&str, String)> = std::iter::once(("", any.clone()))
        .chain(Status::ALL.iter().map(|m| {
            (
                m.as_str(),
                i18n::t(lang, &format!("status-{}", i18n::kind_key(m.as_str()))),
            )
        }))
        .collect();
    let yes_no_any = [
        ("", any),
        ("true", i18n::t(lang, "yes")),
        ("false", i18n::t(lang, "no")),
    ];
    let status_code = if error.is_some() {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    let view = CaseloadPage {
        lang,
        langs: Lang::ALL,
        signed_in: true,
        csrf: ctx.csrf.clone(),
        head: is_head(&caller),
        error,
        q: search.to_owned(),
        officer: q.officer.clone(),
        measures: choices(&measures, &q.measure),
        statuses: choices(&statuses, &q.status),
        overdue: choices(&yes_no_any, &q.overdue),
        juvenile: choices(&yes_no_any, &q.juvenile),
        rows,
        total: i18n::with(lang, "caseload-total", &[("count", Arg::Num(listed.total))]),
        range: if to >= from {
            i18n::with(
                lang,
                "page-range",
                &[
                    ("from", Arg::Num(from)),
                    ("to", Arg::Num(to)),
                    ("total", Arg::Num(listed.total)),
                ],
            )
        } else {
            String::new()
        },
        prev: (page > 1).then(|| page_link(&q, page - 1)),
        next: (to < listed.total).then(|| page_link(&q, page + 1)),
    };
    Ok(ctx.respond(status_code, view.render()))
}

fn row(lang: Lang, c: &CaseListItem) -> Row {
    Row {
        id: c.id,
        card: c.card_number.clone(),
        person: person_name(&c.surname, &c.given_name, c.patronymic.as_deref()),
        iin: c.iin.clone().unwrap_or_default(),
        measure: i18n::t(lang, &format!("measure-{}", i18n::kind_key(&c.measure))),
        status: i18n::t(lang, &format!("status-{}", i18n::kind_key(&c.status))),
        next_due: c
            .next_due
            .as_deref()
            .map(|d| (d.to_owned(), i18n::date_text(lang, d))),
        overdue: c.overdue_count,
        flags: c.flag_count,
        juvenile: c.juvenile,
    }
}
