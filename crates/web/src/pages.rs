//! The officers' application (issue 5), server-rendered: signing in and Today. Every page is
//! in Kazakh (the default), Russian or English (`?lang=` switches and a cookie remembers),
//! every deadline shown is the engine's (the stored agenda of the day), every form carries a
//! CSRF token (a cookie and the same value in the form, compared on posting).

use askama::Template;
use axum::Form;
use axum::Router;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::get;
use probatio_store::users::{SESSION_SECONDS, SignIn};
use probatio_store::{CaseFilter, Scope};
use serde::Deserialize;

use crate::AppState;
use crate::caller::Caller;
use crate::i18n::{self, Lang};
use crate::problem::Problem;
use crate::session::{ClientAddr, cookie, cookie_value, now, session_token};

const LANG_COOKIE: &str = "probatio_lang";
const CSRF_COOKIE: &str = "probatio_csrf";

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/", get(|| async { Redirect::to("/today") }))
        .route("/login", get(login_page).post(login))
        .route("/logout", axum::routing::post(logout))
        .route("/today", get(today))
        .route("/static/app.css", get(stylesheet))
}

async fn stylesheet() -> impl IntoResponse {
    (
        [(header::CONTENT_TYPE, "text/css; charset=utf-8")],
        include_str!("../static/app.css"),
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
            && let Ok(v) = HeaderValue::from_str(&format!(
                "{LANG_COOKIE}={}; Path=/; SameSite=Strict; Max-Age=31536000{secure}",
                l.code()
            ))
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
            csrf,
            set_cookies,
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
    login: String,
    error: Option<&'static str>,
}

impl LoginPage {
    fn t(&self, id: &str) -> String {
        i18n::t(self.lang, id)
    }
}

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
        SignIn::Session { token, .. } => {
            let mut response = Redirect::to("/today").into_response();
            response.headers_mut().append(
                header::SET_COOKIE,
                cookie(&token, SESSION_SECONDS, s.secure_cookies),
            );
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

/// A task on Today: what the engine listed, with the person and its ground in words.
#[derive(Debug)]
struct TaskRow {
    case_id: i64,
    person: String,
    card: String,
    kind: String,
    label: String,
    ground: String,
    due: Option<String>,
    overdue: bool,
    rule: String,
}

#[derive(Debug)]
struct FlagRow {
    case_id: i64,
    person: String,
    kind: String,
    label: String,
    task: Option<String>,
    date: Option<String>,
    rule: String,
}

#[derive(Template)]
#[template(path = "today.html")]
struct TodayPage {
    lang: Lang,
    langs: [Lang; 3],
    signed_in: bool,
    csrf: String,
    today: String,
    tasks: Vec<TaskRow>,
    flags: Vec<FlagRow>,
    overdue: usize,
    due_today: usize,
    cases: usize,
}

impl TodayPage {
    fn t(&self, id: &str) -> String {
        i18n::t(self.lang, id)
    }
}

fn text(v: &serde_json::Value, field: &str) -> Option<String> {
    v.get(field).and_then(|f| f.as_str()).map(str::to_owned)
}

/// The ground of a task: by kind, and for a registration by the measure's rule.
fn ground_key(kind: &str, rule: &str) -> String {
    let key = i18n::kind_key(kind);
    if kind == "registration" && rule == "L3905" {
        format!("ground-{key}-cw")
    } else {
        format!("ground-{key}")
    }
}

/// Today: every open task of the caller's cases, overdue first, then by due date, and the
/// flags below. An officer sees the cases assigned to them; a head, the service's.
async fn today(
    State(s): State<AppState>,
    headers: HeaderMap,
    Query(q): Query<LangQuery>,
    caller: Result<Caller, Problem>,
) -> Result<Response, Problem> {
    let Ok(caller) = caller else {
        return Ok(Redirect::to("/login").into_response());
    };
    let ctx = PageContext::of(&headers, &q, s.secure_cookies);
    let lang = ctx.lang;
    let as_of = s.store.today();
    let today = as_of.to_string();
    let filter = CaseFilter {
        officer_id: match caller.scope {
            Scope::Officer { officer_id, .. } => Some(officer_id),
            _ => None,
        },
        limit: 500,
        ..CaseFilter::default()
    };
    let page = s.store.list_cases(&filter, &caller.scope).await?;
    let mut tasks = Vec::new();
    let mut flags = Vec::new();
    for item in &page.items {
        let person = [
            Some(item.surname.as_str()),
            Some(item.given_name.as_str()),
            item.patronymic.as_deref(),
        ]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" ");
        let json = s.store.agenda_json(item.id, None, &caller.scope).await?;
        let agenda: serde_json::Value = serde_json::from_str(&json)
            .map_err(|e| Problem::from(probatio_store::StoreError::Corrupt(e.to_string())))?;
        for task in agenda["tasks"].as_array().into_iter().flatten() {
            let kind = text(task, "kind").unwrap_or_default();
            let rule = text(task, "rule").unwrap_or_default();
            let due = text(task, "due");
            tasks.push(TaskRow {
                case_id: item.id,
                person: person.clone(),
                card: item.card_number.clone(),
                label: i18n::t(lang, &format!("task-{}", i18n::kind_key(&kind))),
                ground: i18n::t(lang, &ground_key(&kind, &rule)),
                overdue: probatio_core::agenda::is_overdue(
                    due.as_deref()
                        .and_then(|d| probatio_core::date::Date::parse(d).ok()),
                    as_of,
                ),
                due,
                kind,
                rule,
            });
        }
        for flag in agenda["flags"].as_array().into_iter().flatten() {
            let kind = text(flag, "kind").unwrap_or_default();
            flags.push(FlagRow {
                case_id: item.id,
                person: person.clone(),
                label: i18n::t(lang, &format!("flag-{}", i18n::kind_key(&kind))),
                task: text(flag, "task")
                    .map(|t| i18n::t(lang, &format!("task-{}", i18n::kind_key(&t)))),
                date: text(flag, "date"),
                rule: text(flag, "rule").unwrap_or_default(),
                kind,
            });
        }
    }
    // Overdue first, then by due date (none last), then by case.
    tasks.sort_by(|a, b| {
        (!a.overdue, a.due.is_none(), &a.due, a.case_id).cmp(&(
            !b.overdue,
            b.due.is_none(),
            &b.due,
            b.case_id,
        ))
    });
    // The newest flags first: the ones an officer can still act on.
    flags.sort_by(|a, b| (&b.date, b.case_id).cmp(&(&a.date, a.case_id)));
    let overdue = tasks.iter().filter(|t| t.overdue).count();
    let due_today = tasks
        .iter()
        .filter(|t| t.due.as_deref() == Some(today.as_str()))
        .count();
    let page = TodayPage {
        lang,
        langs: Lang::ALL,
        signed_in: true,
        csrf: ctx.csrf.clone(),
        today,
        overdue,
        due_today,
        cases: page.items.len(),
        tasks,
        flags,
    };
    Ok(ctx.respond(StatusCode::OK, page.render()))
}
