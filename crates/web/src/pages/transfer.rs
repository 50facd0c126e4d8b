//! Moving a case between services (G8) and assigning it within one: the forms on the case
//! card and the head's confirmation of receipt. The store decides who may do what.

use std::collections::HashMap;

use axum::Form;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use probatio_store::StoreError;

use super::{LangQuery, MessagePage, PageContext, form_fields, store_error_page};
use crate::AppState;
use crate::caller::Caller;
use crate::i18n::{self, Lang};
use crate::problem::Problem;

type Fields = HashMap<String, String>;

/// A refusal in words, with the way back to the case.
fn refused(ctx: PageContext, e: StoreError, back: String) -> Result<Response, Problem> {
    let (status, detail) = match e {
        StoreError::Invalid { field, problem } => (
            StatusCode::UNPROCESSABLE_ENTITY,
            format!("{field}: {problem}"),
        ),
        StoreError::Duplicate(why) => (StatusCode::CONFLICT, why),
        e => return store_error_page(ctx, e),
    };
    use askama::Template;
    let page = MessagePage {
        lang: ctx.lang,
        langs: Lang::ALL,
        signed_in: true,
        csrf: ctx.csrf.clone(),
        head: false,
        title: i18n::t(ctx.lang, "record-refused"),
        detail: Some(detail),
        back: Some(back),
    };
    Ok(ctx.respond(status, page.render()))
}

/// Back to the case's card once done; the refusal in words otherwise.
fn back_to_case<T>(
    ctx: PageContext,
    done: Result<T, StoreError>,
    id: i64,
) -> Result<Response, Problem> {
    match done {
        Ok(_) => Ok(Redirect::to(&format!("/cases/{id}#transfer")).into_response()),
        Err(e) => refused(ctx, e, format!("/cases/{id}")),
    }
}

/// A number the form sends (0, which no record has, if it is not one).
fn number(fields: &Fields, name: &str) -> i64 {
    fields
        .get(name)
        .and_then(|v| v.parse::<i64>().ok())
        .unwrap_or(0)
}

fn context(s: &AppState, headers: &HeaderMap) -> PageContext {
    PageContext::of(headers, &LangQuery { lang: None }, s.secure_cookies)
}

macro_rules! signed_in {
    ($caller:expr) => {
        match $caller {
            Ok(c) => c,
            Err(_) => return Ok(Redirect::to("/login").into_response()),
        }
    };
}

/// Asks another service to take the case.
pub(super) async fn request(
    State(s): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<i64>,
    caller: Result<Caller, Problem>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, Problem> {
    let caller = signed_in!(caller);
    let fields = form_fields(&headers, pairs)?;
    let ctx = context(&s, &headers);
    let reason = fields.get("reason").map(String::as_str).unwrap_or("");
    let done = s
        .store
        .request_transfer(
            id,
            number(&fields, "to_service_id"),
            reason,
            caller.actor(),
            &caller.scope,
        )
        .await;
    back_to_case(ctx, done, id)
}

/// Takes a waiting request back.
pub(super) async fn withdraw(
    State(s): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<i64>,
    caller: Result<Caller, Problem>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, Problem> {
    let caller = signed_in!(caller);
    let fields = form_fields(&headers, pairs)?;
    let ctx = context(&s, &headers);
    let done = s
        .store
        .withdraw_transfer(
            number(&fields, "transfer_id"),
            caller.actor(),
            &caller.scope,
        )
        .await;
    back_to_case(ctx, done, id)
}

/// The receiving head confirms receipt of the file; the case opens as theirs.
pub(super) async fn receive(
    State(s): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<i64>,
    caller: Result<Caller, Problem>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, Problem> {
    let caller = signed_in!(caller);
    form_fields(&headers, pairs)?;
    let ctx = context(&s, &headers);
    match s
        .store
        .receive_transfer(id, caller.actor(), &caller.scope)
        .await
    {
        Ok(t) => Ok(Redirect::to(&format!("/cases/{}", t.case_id)).into_response()),
        Err(e) => refused(ctx, e, "/service".to_owned()),
    }
}

/// The head assigns the case to an officer of the service (or to none).
pub(super) async fn assign(
    State(s): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<i64>,
    caller: Result<Caller, Problem>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, Problem> {
    let caller = signed_in!(caller);
    let fields = form_fields(&headers, pairs)?;
    let ctx = context(&s, &headers);
    let officer = fields
        .get("officer_id")
        .filter(|v| !v.is_empty())
        .map(|_| number(&fields, "officer_id"));
    let done = s.store.assign_case(id, officer, &caller.scope).await;
    back_to_case(ctx, done, id)
}
