//! Today: every open task of my cases, overdue first, with its legal ground; flags below.

use std::collections::HashMap;
use std::sync::Arc;

use askama::Template;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use probatio_store::{CaseFilter, Scope};

use super::{LangQuery, ground_key, person_name};
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
    person: Arc<str>,
    card: String,
    kind: String,
    label: Arc<str>,
    ground: Arc<str>,
    due: Option<String>,
    overdue: bool,
    rule: String,
    /// The form that does it (for whoever may record in the case).
    record: Option<String>,
}

#[derive(Debug)]
struct FlagRow {
    case_id: i64,
    person: Arc<str>,
    kind: String,
    label: Arc<str>,
    task: Option<Arc<str>>,
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
    let (caller, ctx) = match super::signed_in(&s, &headers, q.lang, caller).await {
        Ok(started) => started,
        Err(to_login) => return Ok(to_login),
    };
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
    // Every listed case's agenda of today in one read; labels looked up once a kind.
    let ids: Vec<i64> = page.items.iter().map(|c| c.id).collect();
    let agendas: HashMap<i64, String> = s
        .store
        .agendas_json(&ids, &caller.scope)
        .await?
        .into_iter()
        .collect();
    let mut words: HashMap<String, Arc<str>> = HashMap::new();
    let mut word = |id: String| -> Arc<str> {
        words
            .entry(id)
            .or_insert_with_key(|id| Arc::from(i18n::t(lang, id)))
            .clone()
    };
    for item in &page.items {
        let Some(json) = agendas.get(&item.id) else {
            continue;
        };
        let agenda: super::AgendaJson<'_> = serde_json::from_str(json)
            .map_err(|e| Problem::from(probatio_store::StoreError::Corrupt(e.to_string())))?;
        let person: Arc<str> = Arc::from(person_name(
            &item.surname,
            &item.given_name,
            item.patronymic.as_deref(),
        ));
        // The listed cases are the caller's service's, so the service is the scope's.
        let writable =
            service.is_some_and(|sid| caller.scope.may_write(sid, item.officer_id).is_ok());
        for task in &agenda.tasks {
            let kind = task.kind.as_ref();
            tasks.push(TaskRow {
                case_id: item.id,
                person: person.clone(),
                card: item.card_number.clone(),
                label: word(format!("task-{}", i18n::kind_key(kind))),
                ground: word(ground_key(kind, &task.rule)),
                overdue: probatio_core::agenda::is_overdue(
                    task.due
                        .as_deref()
                        .and_then(|d| probatio_core::date::Date::parse(d).ok()),
                    as_of,
                ),
                record: probatio_core::agenda::TaskKind::from_wire(kind)
                    .filter(|_| writable)
                    .map(|k| super::record::task_link(item.id, k)),
                due: task.due.as_deref().map(str::to_owned),
                kind: kind.to_owned(),
                rule: task.rule.to_string(),
            });
        }
        for flag in &agenda.flags {
            // Flags older than the window stay on the case card, counted here.
            if flag.date.as_ref() < since.as_str() {
                older_flags += 1;
                continue;
            }
            flags.push(FlagRow {
                case_id: item.id,
                person: person.clone(),
                label: word(format!("flag-{}", i18n::kind_key(&flag.kind))),
                task: flag
                    .task
                    .as_deref()
                    .map(|t| word(format!("task-{}", i18n::kind_key(t)))),
                date: Some(flag.date.to_string()),
                rule: flag.rule.to_string(),
                kind: flag.kind.to_string(),
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
