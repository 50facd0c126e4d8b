//! The officers' application (issue 5), server-rendered: signing in, Today, the caseload, the
//! case card and the recording forms. Every page is
//! in Kazakh (the default), Russian or English (`?lang=` switches and a cookie remembers),
//! every deadline shown is the engine's (the stored agenda of the day), every form carries a
//! CSRF token (a cookie and the same value in the form, compared on posting).

use askama::Template;
use axum::Form;
use axum::Router;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{MethodRouter, get};
use probatio_store::StoreError;
use probatio_store::users::{SESSION_SECONDS, SignIn};
use std::borrow::Cow;

use serde::Deserialize;

mod card;
mod caseload;
mod documents;
mod record;
mod register;
mod service;
mod today;
mod transfer;

use crate::AppState;
use crate::caller::Caller;
use crate::i18n::{self, Lang};
use crate::problem::Problem;
use crate::session::{ClientAddr, cookie, cookie_value, now, session_token};

const LANG_COOKIE: &str = "probatio_lang";
const CSRF_COOKIE: &str = "probatio_csrf";

/// Every page route: its path, the methods it answers and its handlers. The router is built
/// from this table, and the role × territory matrix (`tests/matrix.rs`) walks it, so a new
/// page without an access rule fails that test.
fn routes() -> Vec<(
    &'static str,
    &'static [&'static str],
    MethodRouter<AppState>,
)> {
    use axum::routing::post;
    vec![
        ("/", &["get"], get(|| async { Redirect::to("/today") })),
        ("/login", &["get", "post"], get(login_page).post(login)),
        ("/logout", &["post"], post(logout)),
        ("/static/app.css", &["get"], get(stylesheet)),
        ("/static/htmx.min.js", &["get"], get(htmx)),
        ("/today", &["get"], get(today::today)),
        ("/cases", &["get"], get(caseload::caseload)),
        (
            "/cases/new",
            &["get", "post"],
            get(register::form).post(register::save_case),
        ),
        ("/persons/new", &["post"], post(register::save_person)),
        ("/cases/{id}", &["get"], get(card::card)),
        (
            "/cases/{id}/record",
            &["get", "post"],
            get(record::form).post(record::save),
        ),
        ("/cases/{id}/transfer", &["post"], post(transfer::request)),
        (
            "/cases/{id}/transfer/withdraw",
            &["post"],
            post(transfer::withdraw),
        ),
        ("/cases/{id}/assign", &["post"], post(transfer::assign)),
        (
            "/cases/{id}/documents",
            &["get", "post"],
            get(documents::form).post(documents::issue),
        ),
        (
            "/cases/{id}/documents/{doc}",
            &["get"],
            get(documents::open),
        ),
        (
            "/transfers/{id}/receive",
            &["post"],
            post(transfer::receive),
        ),
        ("/service", &["get"], get(service::service)),
    ]
}

pub fn router() -> Router<AppState> {
    routes()
        .into_iter()
        .fold(Router::new(), |r, (path, _, handlers)| {
            r.route(path, handlers)
        })
}

/// The pages' routes and their methods (for the access matrix).
pub fn page_routes() -> Vec<(&'static str, &'static [&'static str])> {
    routes()
        .into_iter()
        .map(|(path, methods, _)| (path, methods))
        .collect()
}

/// htmx, vendored (`static/README.md`): swaps the caseload's results as the filters change.
async fn htmx() -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "text/javascript; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=86400"),
        ],
        include_str!("../../static/htmx.min.js"),
    )
}

async fn stylesheet() -> impl IntoResponse {
    (
        [(header::CONTENT_TYPE, "text/css; charset=utf-8")],
        include_str!("../../static/app.css"),
    )
}

#[derive(Debug, Deserialize)]
struct LangQuery {
    lang: Option<String>,
}

/// What every page knows of its request: the language and the CSRF token, and the cookies
/// to set for them if they are new.
#[derive(Debug)]
struct PageContext {
    lang: Lang,
    /// The language chosen by this request (`?lang=`), to keep for the user.
    chosen: Option<Lang>,
    csrf: String,
    set_cookies: Vec<HeaderValue>,
}

impl PageContext {
    fn of(headers: &HeaderMap, query: &LangQuery, secure: bool) -> PageContext {
        let secure = if secure { "; Secure" } else { "" };
        let mut set_cookies = Vec::new();
        let chosen = query.lang.as_deref().and_then(|l| l.parse::<Lang>().ok());
        let lang = chosen
            .or_else(|| cookie_value(headers, LANG_COOKIE).and_then(|c| c.parse().ok()))
            .unwrap_or_default();
        if let Some(l) = chosen
            && let Ok(v) = HeaderValue::from_str(&lang_cookie(l.code(), !secure.is_empty()))
        {
            set_cookies.push(v);
        }
        let csrf = match cookie_value(headers, CSRF_COOKIE)
            .filter(|v| v.len() == 32 && v.bytes().all(|b| b.is_ascii_hexdigit()))
        {
            Some(token) => token,
            None => {
                let token = new_token();
                if let Ok(v) = HeaderValue::from_str(&format!(
                    "{CSRF_COOKIE}={token}; Path=/; HttpOnly; SameSite=Strict{secure}"
                )) {
                    set_cookies.push(v);
                }
                token
            }
        };
        PageContext {
            lang,
            chosen,
            csrf,
            set_cookies,
        }
    }

    /// Keeps a language chosen by this request for the signed-in user, so that it follows
    /// them to another browser (a failure to keep it does not stop the page).
    async fn remember(&self, s: &AppState, caller: &Caller) {
        let (Some(lang), Some(id)) = (self.chosen, user_id(caller)) else {
            return;
        };
        if let Err(e) = s.store.set_user_lang(id, lang.code()).await {
            eprintln!("language not kept for user {id}: {e}");
        }
    }

    /// `page` rendered with `status`, setting this context's cookies.
    fn respond(self, status: StatusCode, page: Result<String, askama::Error>) -> Response {
        let mut response = match page {
            Ok(html) => (status, Html(html)).into_response(),
            Err(e) => {
                eprintln!("page not rendered: {e}");
                StatusCode::INTERNAL_SERVER_ERROR.into_response()
            }
        };
        for c in self.set_cookies {
            response.headers_mut().append(header::SET_COOKIE, c);
        }
        response
    }
}

/// The start of every page of a signed-in user: the caller (else the way to sign in), the
/// page's context, and a language chosen by this request kept for the user.
async fn signed_in(
    s: &AppState,
    headers: &HeaderMap,
    lang: Option<String>,
    caller: Result<Caller, Problem>,
) -> Result<(Caller, PageContext), Response> {
    let Ok(caller) = caller else {
        return Err(Redirect::to("/login").into_response());
    };
    let ctx = PageContext::of(headers, &LangQuery { lang }, s.secure_cookies);
    ctx.remember(s, &caller).await;
    Ok((caller, ctx))
}

fn new_token() -> String {
    let mut bytes = [0u8; 16];
    rand_core::RngCore::fill_bytes(&mut rand_core::OsRng, &mut bytes);
    hex::encode(bytes)
}

#[derive(Template)]
#[template(path = "login.html")]
struct LoginPage {
    lang: Lang,
    langs: [Lang; 3],
    signed_in: bool,
    csrf: String,
    head: bool,
    login: String,
    error: Option<&'static str>,
}

page_text!(LoginPage);

async fn login_page(
    State(s): State<AppState>,
    headers: HeaderMap,
    Query(q): Query<LangQuery>,
) -> Response {
    let ctx = PageContext::of(&headers, &q, s.secure_cookies);
    let page = LoginPage {
        lang: ctx.lang,
        langs: Lang::ALL,
        signed_in: false,
        csrf: ctx.csrf.clone(),
        head: false,
        login: String::new(),
        error: None,
    };
    ctx.respond(StatusCode::OK, page.render())
}

#[derive(Debug, Deserialize)]
struct LoginForm {
    login: String,
    password: String,
    csrf: String,
}

async fn login(
    State(s): State<AppState>,
    headers: HeaderMap,
    ClientAddr(addr): ClientAddr,
    Form(form): Form<LoginForm>,
) -> Result<Response, Problem> {
    let ctx = PageContext::of(&headers, &LangQuery { lang: None }, s.secure_cookies);
    let refuse = |ctx: PageContext, status: StatusCode, error: &'static str, login: String| {
        let page = LoginPage {
            lang: ctx.lang,
            langs: Lang::ALL,
            signed_in: false,
            csrf: ctx.csrf.clone(),
            head: false,
            login,
            error: Some(error),
        };
        ctx.respond(status, page.render())
    };
    if cookie_value(&headers, CSRF_COOKIE).as_deref() != Some(form.csrf.as_str()) {
        return Ok(refuse(
            ctx,
            StatusCode::FORBIDDEN,
            "login-expired",
            form.login,
        ));
    }
    match s
        .store
        .sign_in(&form.login, &form.password, &addr, now())
        .await?
    {
        SignIn::Session { token, user } => {
            let mut response = Redirect::to("/today").into_response();
            response.headers_mut().append(
                header::SET_COOKIE,
                cookie(&token, SESSION_SECONDS, s.secure_cookies),
            );
            // The user's own language, wherever they signed in before.
            if let Some(lang) = s.store.user_lang(user.id).await?
                && let Ok(v) = HeaderValue::from_str(&lang_cookie(&lang, s.secure_cookies))
            {
                response.headers_mut().append(header::SET_COOKIE, v);
            }
            Ok(response)
        }
        SignIn::Denied => Ok(refuse(
            ctx,
            StatusCode::UNAUTHORIZED,
            "login-failed",
            form.login,
        )),
        SignIn::Throttled => Ok(refuse(
            ctx,
            StatusCode::TOO_MANY_REQUESTS,
            "login-throttled",
            form.login,
        )),
    }
}

#[derive(Debug, Deserialize)]
struct CsrfForm {
    csrf: String,
}

async fn logout(
    State(s): State<AppState>,
    headers: HeaderMap,
    Form(form): Form<CsrfForm>,
) -> Result<Response, Problem> {
    if cookie_value(&headers, CSRF_COOKIE).as_deref() != Some(form.csrf.as_str()) {
        return Err(Problem::forbidden(
            "the form's token does not match: reload the page",
        ));
    }
    if let Some(token) = session_token(&headers) {
        s.store.sign_out(&token).await?;
        s.principals.forget_all();
    }
    let mut response = Redirect::to("/login").into_response();
    response
        .headers_mut()
        .append(header::SET_COOKIE, cookie("", 0, s.secure_cookies));
    Ok(response)
}

/// Implements the text lookup every page template calls as `self.t("id")`.
macro_rules! page_text {
    ($page:ty) => {
        impl $page {
            fn t(&self, id: &str) -> String {
                crate::i18n::t(self.lang, id)
            }
        }
    };
}
pub(crate) use page_text;

/// A person's name as written: surname, given name, patronymic.
pub(crate) fn person_name(surname: &str, given: &str, patronymic: Option<&str>) -> String {
    [Some(surname), Some(given), patronymic]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" ")
}

/// The ground of a task: by kind, and for a registration by the measure's rule.
pub(super) fn ground_key(kind: &str, rule: &str) -> String {
    let key = i18n::kind_key(kind);
    if kind == "registration" && rule == "L3905" {
        format!("ground-{key}-cw")
    } else {
        format!("ground-{key}")
    }
}

/// A page that says why there is nothing to show (a case outside the territory, a role that may
/// not see it): in the page's language, with the status the API would give.
#[derive(Template)]
#[template(path = "message.html")]
struct MessagePage {
    lang: Lang,
    langs: [Lang; 3],
    signed_in: bool,
    csrf: String,
    head: bool,
    title: String,
    detail: Option<String>,
    /// Where to go back to.
    back: Option<String>,
}

page_text!(MessagePage);

/// The page for a store error met while showing a page: not found and forbidden in words,
/// anything else as the API's problem (a 503 stays a 503).
fn store_error_page(ctx: PageContext, e: StoreError) -> Result<Response, Problem> {
    let (status, title) = match &e {
        StoreError::NotFound(_) => (StatusCode::NOT_FOUND, "not-found-case"),
        StoreError::Forbidden(_) => (StatusCode::FORBIDDEN, "forbidden"),
        _ => return Err(Problem::from(e)),
    };
    let page = MessagePage {
        lang: ctx.lang,
        langs: Lang::ALL,
        signed_in: true,
        csrf: ctx.csrf.clone(),
        head: false,
        title: i18n::t(ctx.lang, title),
        detail: None,
        back: None,
    };
    Ok(ctx.respond(status, page.render()))
}

/// The case `id` if the caller may record in it (the forms that write to it).
async fn writable_case(
    s: &AppState,
    caller: &Caller,
    id: i64,
) -> Result<probatio_store::CaseRecord, StoreError> {
    let case = s.store.case(id, &caller.scope).await?;
    caller
        .scope
        .may_write(case.details.service_id, case.details.officer_id)?;
    Ok(case)
}

/// Whether the caller heads a service (the head's links in the bar).
fn is_head(caller: &Caller) -> bool {
    caller.who.role == probatio_core::access::Role::Head
}

/// The cookie that keeps the pages' language in this browser.
fn lang_cookie(code: &str, secure: bool) -> String {
    let secure = if secure { "; Secure" } else { "" };
    format!("{LANG_COOKIE}={code}; Path=/; SameSite=Strict; Max-Age=31536000{secure}")
}

/// The user id of a signed-in user (`user:ID`); none for an API token.
fn user_id(caller: &Caller) -> Option<i64> {
    caller.actor().strip_prefix("user:")?.parse().ok()
}

/// A posted form's fields, once its CSRF token matches the cookie's (a cross-site post has
/// none); otherwise 403 and nothing is done.
fn form_fields(
    headers: &HeaderMap,
    pairs: Vec<(String, String)>,
) -> Result<std::collections::HashMap<String, String>, Problem> {
    let fields: std::collections::HashMap<String, String> = pairs.into_iter().collect();
    if cookie_value(headers, CSRF_COOKIE).as_deref() != fields.get("csrf").map(String::as_str) {
        return Err(Problem::forbidden(
            "the form's token does not match: reload the page",
        ));
    }
    Ok(fields)
}

/// The parts of an agenda's JSON that Today and the head's view show, borrowed from the
/// stored text (the engine's agenda of the day, read for a whole caseload at once).
#[derive(Debug, Deserialize)]
pub(super) struct AgendaJson<'a> {
    #[serde(borrow)]
    pub(super) tasks: Vec<TaskJson<'a>>,
    #[serde(borrow)]
    pub(super) flags: Vec<FlagJson<'a>>,
}

#[derive(Debug, Deserialize)]
pub(super) struct TaskJson<'a> {
    #[serde(borrow)]
    pub(super) kind: Cow<'a, str>,
    #[serde(borrow)]
    pub(super) due: Option<Cow<'a, str>>,
    #[serde(borrow)]
    pub(super) rule: Cow<'a, str>,
}

#[derive(Debug, Deserialize)]
pub(super) struct FlagJson<'a> {
    #[serde(borrow)]
    pub(super) kind: Cow<'a, str>,
    #[serde(borrow, default)]
    pub(super) task: Option<Cow<'a, str>>,
    #[serde(borrow)]
    pub(super) date: Cow<'a, str>,
    #[serde(borrow)]
    pub(super) rule: Cow<'a, str>,
}
