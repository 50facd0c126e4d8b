//! Today: every open task of my cases, overdue first, with its legal ground; flags below.

use askama::Template;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use probatio_store::{CaseFilter, Scope};

use super::{LangQuery, PageContext, ground_key, person_name};
use crate::AppState;
use crate::caller::Caller;
use crate::i18n::{self, Lang};
use crate::problem::Problem;

/// Today shows the flags of the last this many days (the ones an officer can still act on
/// or explain); every flag stays on its case card.
const RECENT_FLAG_DAYS: i32 = 31;

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
    /// The form that does it (for whoever may record in the case).
    record: Option<String>,
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
    head: bool,
    today: String,
    tasks: Vec<TaskRow>,
    flags: Vec<FlagRow>,
    overdue: usize,
    due_today: usize,
    cases: usize,
    /// How many flags dated before the window are on the case cards only, in words.
    older_flags: Option<String>,
}

super::page_text!(TodayPage);

/// Today: every open task of the caller's cases, overdue first, then by due date, and the
/// flags below. An officer sees the cases assigned to them; a head, the service's.
pub(super) async fn today(
    State(s): State<AppState>,
    headers: HeaderMap,
    Query(q): Query<LangQuery>,
    caller: Result<Caller, Problem>,
) -> Result<Response, Problem> {
    let Ok(caller) = caller else {
        return Ok(Redirect::to("/login").into_response());
    };
    let ctx = PageContext::of(&headers, &q, s.secure_cookies);
    ctx.remember(&s, &caller).await;
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
    let service = match caller.scope {
        Scope::Officer { service_id, .. }
        | Scope::Service(service_id)
        | Scope::ServiceReadOnly(service_id) => Some(service_id),
        _ => None,
    };
    let mut tasks = Vec::new();
    let mut flags = Vec::new();
    let since = as_of.add_days(-RECENT_FLAG_DAYS).to_string();
    let mut older_flags = 0;
    for item in &page.items {
        let person = person_name(&item.surname, &item.given_name, item.patronymic.as_deref());
        // The listed cases are the caller's service's, so the service is the scope's.
        let writable =
            service.is_some_and(|sid| caller.scope.may_write(sid, item.officer_id).is_ok());
        let json = s.store.agenda_json(item.id, None, &caller.scope).await?;
        let agenda: serde_json::Value = serde_json::from_str(&json)
            .map_err(|e| Problem::from(probatio_store::StoreError::Corrupt(e.to_string())))?;
        for task in agenda["tasks"].as_array().into_iter().flatten() {
            let kind = super::text(task, "kind").unwrap_or_default();
            let rule = super::text(task, "rule").unwrap_or_default();
            let due = super::text(task, "due");
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
                record: probatio_core::agenda::TaskKind::from_wire(&kind)
                    .filter(|_| writable)
                    .map(|k| super::record::task_link(item.id, k)),
                due,
                kind,
                rule,
            });
        }
        for flag in agenda["flags"].as_array().into_iter().flatten() {
            // Flags older than the window stay on the case card, counted here.
            if super::text(flag, "date").is_some_and(|d| d.as_str() < since.as_str()) {
                older_flags += 1;
                continue;
            }
            let kind = super::text(flag, "kind").unwrap_or_default();
            flags.push(FlagRow {
                case_id: item.id,
                person: person.clone(),
                label: i18n::t(lang, &format!("flag-{}", i18n::kind_key(&kind))),
                task: super::text(flag, "task")
                    .map(|t| i18n::t(lang, &format!("task-{}", i18n::kind_key(&t)))),
                date: super::text(flag, "date"),
                rule: super::text(flag, "rule").unwrap_or_default(),
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
        head: caller.who.role == probatio_core::access::Role::Head,
        today,
        overdue,
        due_today,
        cases: page.items.len(),
        older_flags: (older_flags > 0).then(|| {
            i18n::with(
                lang,
                "flags-older",
                &[("count", i18n::Arg::Num(older_flags))],
            )
        }),
        tasks,
        flags,
    };
    Ok(ctx.respond(StatusCode::OK, page.render()))
}
