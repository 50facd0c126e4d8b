//! Registering a new case from a court decision: find the person by IIN or name (or enter
//! them), enter the decision, and the case card opens with the engine's registration tasks.
//! Every value is checked by the store and the engine; a refusal names the field.

use std::collections::HashMap;

use askama::Template;
use axum::Form;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use probatio_core::case::MeasureKind;
use probatio_store::{Address, MeasureInput, NewCase, NewPerson, Person, Scope, StoreError};
use serde::Deserialize;

use super::{
    LangQuery, PageContext, form_fields, is_head, page_text, person_name, store_error_page,
};
use crate::AppState;
use crate::caller::Caller;
use crate::i18n::{self, Lang};
use crate::problem::Problem;

#[derive(Debug, Deserialize)]
pub(super) struct NewQuery {
    lang: Option<String>,
    #[serde(default)]
    q: String,
    person: Option<String>,
}

/// A person found by the search.
#[derive(Debug)]
struct Found {
    id: i64,
    name: String,
    iin: String,
    birth: String,
}

/// A choice of a select.
#[derive(Debug)]
struct Choice {
    value: String,
    label: String,
    chosen: bool,
}

#[derive(Template)]
#[template(path = "register.html")]
struct RegisterPage {
    lang: Lang,
    langs: [Lang; 3],
    signed_in: bool,
    csrf: String,
    head: bool,
    q: String,
    searched: bool,
    found: Vec<Found>,
    /// The person the case is opened for, once chosen.
    person: Option<Found>,
    values: HashMap<String, String>,
    errors: HashMap<String, String>,
    error: Option<String>,
    measures: Vec<Choice>,
    officers: Vec<Choice>,
}

page_text!(RegisterPage);

impl RegisterPage {
    /// What was typed in `field` (empty if nothing).
    fn v(&self, field: &str) -> String {
        self.values.get(field).cloned().unwrap_or_default()
    }

    /// Whether the checkbox `field` was ticked.
    fn on(&self, field: &str) -> bool {
        matches!(
            self.values.get(field).map(String::as_str),
            Some("true" | "on")
        )
    }

    fn err(&self, field: &str) -> Option<String> {
        self.errors.get(field).cloned()
    }
}

/// The service a caller opens cases in (officers and heads of a service).
fn own_service(caller: &Caller) -> Option<i64> {
    match caller.scope {
        Scope::Officer { service_id, .. } | Scope::Service(service_id) => Some(service_id),
        _ => None,
    }
}

fn found(lang: Lang, p: &Person) -> Found {
    Found {
        id: p.id,
        name: person_name(
            &p.details.surname,
            &p.details.given_name,
            p.details.patronymic.as_deref(),
        ),
        iin: p.details.iin.clone().unwrap_or_default(),
        birth: i18n::date_text(lang, &p.details.birth_date),
    }
}

/// What a form shows: the values typed and what was wrong with them.
#[derive(Debug, Default)]
struct Filled {
    values: HashMap<String, String>,
    errors: HashMap<String, String>,
    error: Option<String>,
}

pub(super) async fn form(
    State(s): State<AppState>,
    headers: HeaderMap,
    Query(q): Query<NewQuery>,
    caller: Result<Caller, Problem>,
) -> Result<Response, Problem> {
    let (caller, ctx) = match super::signed_in(&s, &headers, q.lang, caller).await {
        Ok(started) => started,
        Err(to_login) => return Ok(to_login),
    };
    let person = match q.person.as_deref().map(str::parse::<i64>) {
        None => None,
        Some(Ok(id)) => Some(id),
        Some(Err(_)) => {
            return store_error_page(ctx, StoreError::NotFound("person".into()));
        }
    };
    render(
        &s,
        ctx,
        &caller,
        q.q,
        person,
        Filled::default(),
        StatusCode::OK,
    )
    .await
}

async fn render(
    s: &AppState,
    ctx: PageContext,
    caller: &Caller,
    q: String,
    person: Option<i64>,
    filled: Filled,
    status: StatusCode,
) -> Result<Response, Problem> {
    let lang = ctx.lang;
    let Some(service_id) = own_service(caller) else {
        return store_error_page(
            ctx,
            StoreError::Forbidden("cases are opened by a service's officers and head".into()),
        );
    };
    let q = q.trim().to_owned();
    let found_people = if q.is_empty() {
        Vec::new()
    } else {
        match s.store.search_persons(&q, 20, &caller.scope).await {
            Ok(list) => list.iter().map(|p| found(lang, p)).collect(),
            Err(StoreError::Invalid { .. }) => Vec::new(),
            Err(e) => return Err(e.into()),
        }
    };
    let person = match person {
        None => None,
        Some(id) => match s.store.person(id, &caller.scope).await {
            Ok(p) => Some(found(lang, &p)),
            Err(e) => return store_error_page(ctx, e),
        },
    };
    let mut values = filled.values;
    values
        .entry("received_on".into())
        .or_insert_with(|| s.store.today().to_string());
    let chosen_measure = values.get("kind").cloned().unwrap_or_default();
    let measures = MeasureKind::ALL
        .iter()
        .map(|m| Choice {
            value: m.as_str().to_owned(),
            label: i18n::t(lang, &format!("measure-{}", i18n::kind_key(m.as_str()))),
            chosen: m.as_str() == chosen_measure,
        })
        .collect();
    let chosen_officer = values.get("officer_id").cloned().unwrap_or_default();
    let officers = match caller.scope {
        // An officer opens the case on themselves.
        Scope::Officer { officer_id, .. } => s
            .store
            .officers(service_id)
            .await?
            .into_iter()
            .filter(|o| o.id == officer_id)
            .collect::<Vec<_>>(),
        _ => s.store.officers(service_id).await?,
    }
    .into_iter()
    .map(|o| Choice {
        chosen: o.id.to_string() == chosen_officer,
        value: o.id.to_string(),
        label: o.full_name,
    })
    .collect();
    let page = RegisterPage {
        lang,
        langs: Lang::ALL,
        signed_in: true,
        csrf: ctx.csrf.clone(),
        head: is_head(caller),
        searched: !q.is_empty(),
        q,
        found: found_people,
        person,
        values,
        errors: filled.errors,
        error: filled.error,
        measures,
        officers,
    };
    Ok(ctx.respond(status, page.render()))
}

/// The form's text of `field`, trimmed; `None` if empty.
fn opt(values: &HashMap<String, String>, field: &str) -> Option<String> {
    values
        .get(field)
        .map(|v| v.trim())
        .filter(|v| !v.is_empty())
        .map(str::to_owned)
}

fn checked(values: &HashMap<String, String>, field: &str) -> bool {
    matches!(values.get(field).map(String::as_str), Some("true" | "on"))
}

/// The label of a field of these forms, for messages.
fn label(lang: Lang, field: &str) -> String {
    i18n::t(lang, &format!("new-{}", i18n::kind_key(field)))
}

/// A refusal by the store, shown at its field (the last part of the store's field name).
fn refusal(lang: Lang, filled: &mut Filled, field: &str, problem: &str) {
    let name = field.rsplit('.').next().unwrap_or(field).to_owned();
    let name = match name.as_str() {
        // The measure's kind is the form's `kind`; a term's parts are its `term`.
        "line" | "kato_region" | "kato_district" | "since" | "rural" => "address".to_owned(),
        _ => name,
    };
    filled.error = Some(format!(
        "{}: {} — {problem}",
        i18n::t(lang, "record-refused"),
        label(lang, &name)
    ));
    filled.errors.insert(name, problem.to_owned());
}

/// Enters a new person, then opens the decision's form for them.
pub(super) async fn save_person(
    State(s): State<AppState>,
    headers: HeaderMap,
    caller: Result<Caller, Problem>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, Problem> {
    let Ok(caller) = caller else {
        return Ok(Redirect::to("/login").into_response());
    };
    let ctx = PageContext::of(&headers, &LangQuery { lang: None }, s.secure_cookies);
    let lang = ctx.lang;
    let values = form_fields(&headers, pairs)?;
    let Some(service_id) = own_service(&caller) else {
        return store_error_page(ctx, StoreError::Forbidden(String::new()));
    };
    let service = s
        .store
        .services()
        .await?
        .into_iter()
        .find(|x| x.id == service_id);
    let address = opt(&values, "line").map(|line| Address {
        kato_region: service
            .as_ref()
            .map(|x| x.region_kato.clone())
            .unwrap_or_default(),
        kato_district: service.as_ref().map(|x| x.kato.clone()).unwrap_or_default(),
        line,
        rural: checked(&values, "rural"),
        since: opt(&values, "since").unwrap_or_default(),
    });
    let mut filled = Filled {
        values: values.clone(),
        ..Filled::default()
    };
    let disability_group = match opt(&values, "disability_group").map(|g| g.parse::<i64>()) {
        None => None,
        Some(Ok(g)) => Some(g),
        Some(Err(_)) => {
            refusal(lang, &mut filled, "disability_group", "1, 2 or 3");
            return render(
                &s,
                ctx,
                &caller,
                String::new(),
                None,
                filled,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await;
        }
    };
    let new = NewPerson {
        iin: opt(&values, "iin"),
        surname: opt(&values, "surname").unwrap_or_default(),
        given_name: opt(&values, "given_name").unwrap_or_default(),
        patronymic: opt(&values, "patronymic"),
        latin_name: opt(&values, "latin_name"),
        birth_date: opt(&values, "birth_date").unwrap_or_default(),
        birth_place: opt(&values, "birth_place"),
        sex: opt(&values, "sex").unwrap_or_default(),
        citizenship: opt(&values, "citizenship"),
        disability_group,
        pregnant: checked(&values, "pregnant"),
        sole_carer: checked(&values, "sole_carer"),
        military: checked(&values, "military"),
        children_birth_dates: opt(&values, "children_birth_dates")
            .map(|c| {
                c.split([',', ' ', ';'])
                    .filter(|d| !d.is_empty())
                    .map(str::to_owned)
                    .collect()
            })
            .unwrap_or_default(),
        address,
    };
    match s.store.create_person(&new, &caller.scope).await {
        Ok(p) => Ok(Redirect::to(&format!("/cases/new?person={}", p.id)).into_response()),
        Err(StoreError::Invalid { field, problem }) => {
            refusal(lang, &mut filled, &field, &problem);
            render(
                &s,
                ctx,
                &caller,
                String::new(),
                None,
                filled,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
        Err(StoreError::Duplicate(_)) => {
            refusal(lang, &mut filled, "iin", &i18n::t(lang, "new-duplicate"));
            render(
                &s,
                ctx,
                &caller,
                String::new(),
                None,
                filled,
                StatusCode::CONFLICT,
            )
            .await
        }
        Err(e) => store_error_page(ctx, e),
    }
}

/// The measure's term from its parts (years, months, days) as an ISO-8601 period.
fn term_of(values: &HashMap<String, String>) -> Result<Option<String>, ()> {
    let mut term = String::from("P");
    for (field, unit) in [
        ("term_years", 'Y'),
        ("term_months", 'M'),
        ("term_days", 'D'),
    ] {
        if let Some(v) = opt(values, field) {
            let n: u32 = v.parse().map_err(|_| ())?;
            if n > 0 {
                term.push_str(&format!("{n}{unit}"));
            }
        }
    }
    Ok((term.len() > 1).then_some(term))
}

/// Opens the case from the decision entered; the card then shows its registration tasks.
pub(super) async fn save_case(
    State(s): State<AppState>,
    headers: HeaderMap,
    caller: Result<Caller, Problem>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, Problem> {
    let Ok(caller) = caller else {
        return Ok(Redirect::to("/login").into_response());
    };
    let ctx = PageContext::of(&headers, &LangQuery { lang: None }, s.secure_cookies);
    let lang = ctx.lang;
    let values = form_fields(&headers, pairs)?;
    let Some(service_id) = own_service(&caller) else {
        return store_error_page(ctx, StoreError::Forbidden(String::new()));
    };
    let Some(person_id) = opt(&values, "person_id").and_then(|p| p.parse::<i64>().ok()) else {
        return Err(Problem::invalid("person_id", "choose the person first"));
    };
    let mut filled = Filled {
        values: values.clone(),
        ..Filled::default()
    };
    let mut refuse = |field: &str, problem: String| refusal(lang, &mut filled, field, &problem);
    let term = term_of(&values).unwrap_or_else(|()| {
        refuse("term", i18n::t(lang, "new-term-format"));
        None
    });
    let hours = opt(&values, "hours").and_then(|h| {
        h.parse::<i64>().map_or_else(
            |_| {
                refuse("hours", i18n::t(lang, "new-term-format"));
                None
            },
            Some,
        )
    });
    let officer_id = match caller.scope {
        Scope::Officer { officer_id, .. } => Some(officer_id),
        _ => opt(&values, "officer_id").and_then(|o| o.parse::<i64>().ok()),
    };
    if filled.error.is_some() {
        return render(
            &s,
            ctx,
            &caller,
            String::new(),
            Some(person_id),
            filled,
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
    }
    let new = NewCase {
        person_id,
        service_id,
        officer_id,
        measure: MeasureInput {
            kind: opt(&values, "kind").unwrap_or_default(),
            term,
            until: opt(&values, "until"),
            release_date: opt(&values, "release_date"),
            hours,
            juvenile: checked(&values, "juvenile"),
            verdict_in_force: opt(&values, "verdict_in_force"),
        },
        court: opt(&values, "court"),
        verdict_number: opt(&values, "verdict_number"),
        verdict_date: opt(&values, "verdict_date"),
        received_on: opt(&values, "received_on"),
        additional_punishments: opt(&values, "additional_punishments"),
    };
    match s.store.create_case(&new, &caller.scope).await {
        Ok(case) => {
            Ok(Redirect::to(&format!("/cases/{}?created=1#agenda", case.id)).into_response())
        }
        Err(StoreError::Invalid { field, problem }) => {
            refusal(lang, &mut filled, &field, &problem);
            render(
                &s,
                ctx,
                &caller,
                String::new(),
                Some(person_id),
                filled,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
        Err(e) => store_error_page(ctx, e),
    }
}
