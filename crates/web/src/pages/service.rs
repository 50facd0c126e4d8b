//! The head of service's view: each officer's caseload with its overdue tasks and flags (the
//! engine's projections of the day), the cases not yet assigned, and every overdue task of the
//! service by officer.

use askama::Template;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use probatio_core::agenda::is_overdue;
use probatio_store::{CaseFilter, StoreError};

use super::{LangQuery, ground_key, is_head, page_text, person_name, store_error_page};
use crate::AppState;
use crate::caller::Caller;
use crate::i18n::{self, Lang};
use crate::problem::Problem;

/// An officer's row (or the unassigned cases').
#[derive(Debug)]
struct LoadRow {
    officer_id: Option<i64>,
    name: String,
    cases: i64,
    active: i64,
    overdue_cases: i64,
    overdue_tasks: i64,
    flags: i64,
}

/// An overdue task of the service.
#[derive(Debug)]
struct OverdueRow {
    case_id: i64,
    person: String,
    label: String,
    ground: String,
    due: (String, String),
    rule: String,
}

/// The overdue tasks of one officer's cases.
#[derive(Debug)]
struct OfficerOverdue {
    name: String,
    tasks: Vec<OverdueRow>,
}

/// A case another service sent, waiting for this head's confirmation.
#[derive(Debug)]
struct IncomingRow {
    id: i64,
    card: String,
    person: String,
    measure: String,
    from: String,
    reason: String,
    since: String,
}

#[derive(Template)]
#[template(path = "service.html")]
struct ServicePage {
    lang: Lang,
    langs: [Lang; 3],
    signed_in: bool,
    csrf: String,
    head: bool,
    service: String,
    loads: Vec<LoadRow>,
    overdue: Vec<OfficerOverdue>,
    incoming: Vec<IncomingRow>,
}

page_text!(ServicePage);

pub(super) async fn service(
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
    let service_id = match caller.who.service_id {
        Some(id) if is_head(&caller) => id,
        _ => {
            return store_error_page(
                ctx,
                StoreError::Forbidden("the service's view is its head's".into()),
            );
        }
    };
    let services = s.store.services().await?;
    let service_name = |id: i64| {
        services
            .iter()
            .find(|x| x.id == id)
            .map(|x| match lang {
                Lang::Ru | Lang::En => x.name_ru.clone(),
                Lang::Kk => x.name_kk.clone(),
            })
            .unwrap_or_default()
    };
    let service = service_name(service_id);
    let incoming = s
        .store
        .incoming_transfers(&caller.scope)
        .await?
        .into_iter()
        .map(|t| IncomingRow {
            id: t.transfer.id,
            card: t.card_number,
            person: person_name(&t.surname, &t.given_name, t.patronymic.as_deref()),
            measure: i18n::t(lang, &format!("measure-{}", i18n::kind_key(&t.measure))),
            from: service_name(t.transfer.from_service_id),
            reason: t.transfer.reason,
            since: i18n::date_text(lang, t.transfer.requested_at.get(..10).unwrap_or("")),
        })
        .collect();
    let officers = s.store.officers(service_id).await?;
    let name_of = |id: Option<i64>| match id {
        None => i18n::t(lang, "service-unassigned"),
        Some(id) => officers
            .iter()
            .find(|o| o.id == id)
            .map_or_else(|| format!("#{id}"), |o| o.full_name.clone()),
    };
    let loads = s
        .store
        .service_overview(service_id, &caller.scope)
        .await?
        .into_iter()
        .map(|l| LoadRow {
            name: name_of(l.officer_id),
            officer_id: l.officer_id,
            cases: l.cases,
            active: l.active,
            overdue_cases: l.overdue_cases,
            overdue_tasks: l.overdue_tasks,
            flags: l.flags,
        })
        .collect::<Vec<_>>();
    // Every case with an overdue task, and those tasks as the engine listed them today.
    let as_of = s.store.today();
    let listed = s
        .store
        .list_cases(
            &CaseFilter {
                service_id: Some(service_id),
                overdue: Some(true),
                limit: 500,
                ..CaseFilter::default()
            },
            &caller.scope,
        )
        .await?;
    let mut overdue: Vec<OfficerOverdue> = Vec::new();
    let mut items = listed.items;
    items.sort_by_key(|c| (c.officer_id.is_some(), c.officer_id));
    // Every listed case's agenda of the day in one read, as Today reads them.
    let ids: Vec<i64> = items.iter().map(|c| c.id).collect();
    let agendas: std::collections::HashMap<i64, String> = s
        .store
        .agendas_json(&ids, &caller.scope)
        .await?
        .into_iter()
        .collect();
    for item in &items {
        let Some(json) = agendas.get(&item.id) else {
            continue;
        };
        let agenda: super::AgendaJson<'_> = serde_json::from_str(json)
            .map_err(|e| Problem::from(StoreError::Corrupt(e.to_string())))?;
        let person = person_name(&item.surname, &item.given_name, item.patronymic.as_deref());
        let name = name_of(item.officer_id);
        if overdue.last().is_none_or(|o| o.name != name) {
            overdue.push(OfficerOverdue {
                name,
                tasks: Vec::new(),
            });
        }
        let Some(group) = overdue.last_mut() else {
            continue;
        };
        for task in &agenda.tasks {
            let Some(due) = task
                .due
                .as_deref()
                .and_then(|d| probatio_core::date::Date::parse(d).ok())
            else {
                continue;
            };
            if !is_overdue(Some(due), as_of) {
                continue;
            }
            group.tasks.push(OverdueRow {
                case_id: item.id,
                person: person.clone(),
                label: i18n::t(lang, &format!("task-{}", i18n::kind_key(&task.kind))),
                ground: i18n::t(lang, &ground_key(&task.kind, &task.rule)),
                due: (due.to_string(), i18n::date(lang, due)),
                rule: task.rule.to_string(),
            });
        }
    }
    for group in &mut overdue {
        group
            .tasks
            .sort_by(|a, b| (&a.due.0, a.case_id).cmp(&(&b.due.0, b.case_id)));
    }
    let page = ServicePage {
        lang,
        langs: Lang::ALL,
        signed_in: true,
        csrf: ctx.csrf.clone(),
        head: true,
        service,
        loads,
        overdue,
        incoming,
    };
    Ok(ctx.respond(StatusCode::OK, page.render()))
}
