//! The case card: the person, the measure and the court decision, the term drawn as a
//! timeline, the engine's agenda (tasks with the form that does each, opportunities, flags with
//! their grounds) and the whole event history.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use probatio_core::agenda::is_overdue;
use probatio_core::date::Date;
use serde::Deserialize;

use super::record::{MenuItem, event_label, field_label, menu, task_link, value_label};
use super::{ground_key, is_head, page_text, person_name, store_error_page};
use crate::AppState;
use crate::caller::Caller;
use crate::i18n::{self, Arg, Lang};
use crate::problem::Problem;

#[derive(Debug, Deserialize)]
pub(super) struct CardQuery {
    lang: Option<String>,
    saved: Option<String>,
    /// The document just issued (its log entry).
    issued: Option<i64>,
}

/// A document the case calls for: the link to its form.
#[derive(Debug)]
struct OfferView {
    label: String,
    href: String,
}

/// A document issued from the case.
#[derive(Debug)]
struct IssuedView {
    id: i64,
    label: String,
    number: String,
    date: String,
    lang: String,
    sha256: String,
    short: String,
    href: String,
    just: bool,
}

/// A labelled fact of the person or the decision.
#[derive(Debug)]
struct Fact {
    label: String,
    value: String,
}

/// The term as a bar of 1000 units: served part, half and today marks.
#[derive(Debug)]
struct Timeline {
    start: String,
    end: String,
    half: String,
    suspended: i32,
    half_x: i32,
    today_x: i32,
    label: String,
}

#[derive(Debug)]
struct TaskView {
    kind: String,
    label: String,
    ground: String,
    due: Option<(String, String)>,
    overdue: bool,
    rule: String,
    record: String,
    /// The form of the document that does the task, if one does.
    document: Option<String>,
}

#[derive(Debug)]
struct FlagView {
    kind: String,
    label: String,
    task: Option<String>,
    date: (String, String),
    rule: String,
}

#[derive(Debug)]
struct EventView {
    id: i64,
    date: (String, String),
    label: String,
    details: Vec<Fact>,
    recorded: String,
    reason: Option<String>,
    corrects: Option<i64>,
}

/// A choice of a select (a service, an officer).
#[derive(Debug)]
struct Choice {
    value: i64,
    label: String,
    chosen: bool,
}

/// The case's transfer waiting for receipt.
#[derive(Debug)]
struct TransferView {
    id: i64,
    to: String,
    since: String,
    reason: String,
}

#[derive(Template)]
#[template(path = "card.html")]
struct CardPage {
    lang: Lang,
    langs: [Lang; 3],
    signed_in: bool,
    csrf: String,
    head: bool,
    id: i64,
    card_number: String,
    person: String,
    person_facts: Vec<Fact>,
    measure: String,
    status: String,
    decision: Vec<Fact>,
    timeline: Option<Timeline>,
    tasks: Vec<TaskView>,
    opportunities: Vec<TaskView>,
    flags: Vec<FlagView>,
    events: Vec<EventView>,
    can_write: bool,
    saved: bool,
    menu: Vec<MenuItem>,
    transfer: Option<TransferView>,
    services: Vec<Choice>,
    /// The head of the case's service may assign it: the service's officers.
    officers: Vec<Choice>,
    offers: Vec<OfferView>,
    issued: Vec<IssuedView>,
    just_issued: Option<i64>,
}

page_text!(CardPage);

fn dated(lang: Lang, d: Date) -> (String, String) {
    (d.to_string(), i18n::date(lang, d))
}

fn fact(label: String, value: impl Into<String>) -> Fact {
    Fact {
        label,
        value: value.into(),
    }
}

pub(super) async fn card(
    State(s): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<i64>,
    Query(q): Query<CardQuery>,
    caller: Result<Caller, Problem>,
) -> Result<Response, Problem> {
    let (caller, ctx) = match super::signed_in(&s, &headers, q.lang, caller).await {
        Ok(started) => started,
        Err(to_login) => return Ok(to_login),
    };
    let lang = ctx.lang;
    let case = match s.store.case(id, &caller.scope).await {
        Ok(c) => c,
        Err(e) => return store_error_page(ctx, e),
    };
    let person = match s.store.person(case.details.person_id, &caller.scope).await {
        Ok(p) => p,
        Err(e) => return store_error_page(ctx, e),
    };
    // The engine's agenda on the stored facts: what `probatio agenda` prints for them.
    let agenda = s.store.agenda(id, None, &caller.scope).await?;
    let events = s.store.events(id, &caller.scope).await?;
    let as_of = s.store.today();
    let p = &person.details;
    let t = |k: &str| i18n::t(lang, k);

    let mut person_facts = Vec::new();
    if let Some(iin) = &p.iin {
        person_facts.push(fact(t("case-iin"), iin.clone()));
    }
    person_facts.push(fact(t("case-birth"), i18n::date_text(lang, &p.birth_date)));
    person_facts.push(fact(t("case-sex"), t(&format!("sex-{}", p.sex))));
    if let Some(a) = &p.address {
        let rural = if a.rural {
            format!(" ({})", t("case-rural"))
        } else {
            String::new()
        };
        person_facts.push(fact(t("case-address"), format!("{}{rural}", a.line)));
    }

    let d = &case.details;
    let m = &d.measure;
    let mut decision = Vec::new();
    if let Some(court) = &d.court {
        decision.push(fact(t("case-court"), court.clone()));
    }
    if let Some(n) = &d.verdict_number {
        decision.push(fact(t("case-verdict"), n.clone()));
    }
    for (label, value) in [
        ("case-verdict-date", &d.verdict_date),
        ("case-in-force", &m.verdict_in_force),
        ("case-received", &d.received_on),
        ("case-until", &m.until),
        ("case-release", &m.release_date),
    ] {
        if let Some(v) = value {
            decision.push(fact(t(label), i18n::date_text(lang, v)));
        }
    }
    if let Some(term) = &m.term {
        decision.push(fact(t("case-term"), i18n::period(lang, term)));
    }
    if let Some(h) = m.hours {
        decision.push(fact(t("case-hours"), h.to_string()));
    }
    if m.juvenile {
        decision.push(fact(t("col-juvenile"), t("yes")));
    }
    if let Some(extra) = &d.additional_punishments {
        decision.push(fact(t("case-additional"), extra.clone()));
    }

    let timeline = agenda.term.map(|term| {
        let span = term.end.days_since(term.start).max(1);
        let x = |day: Date| day.days_since(term.start).clamp(0, span) * 1000 / span;
        Timeline {
            start: i18n::date(lang, term.start),
            end: i18n::date(lang, term.end),
            half: i18n::date(lang, term.half),
            suspended: term.suspended_days,
            half_x: x(term.half),
            today_x: x(as_of),
            label: format!(
                "{}: {} — {}; {}: {}",
                t("term-title"),
                i18n::date(lang, term.start),
                i18n::date(lang, term.end),
                t("term-half"),
                i18n::date(lang, term.half)
            ),
        }
    });

    let tasks = agenda
        .tasks
        .iter()
        .map(|task| TaskView {
            kind: task.kind.as_str().to_owned(),
            label: t(&format!("task-{}", i18n::kind_key(task.kind.as_str()))),
            ground: t(&ground_key(task.kind.as_str(), &task.rule.to_string())),
            due: task.due.map(|d| dated(lang, d)),
            overdue: is_overdue(task.due, as_of),
            rule: task.rule.to_string(),
            record: task_link(id, task.kind),
            document: crate::documents::for_task(task.kind)
                .map(|o| crate::documents::form_href(id, &o)),
        })
        .collect();
    let opportunities = agenda
        .opportunities
        .iter()
        .map(|o| TaskView {
            kind: o.kind.as_str().to_owned(),
            label: t(&format!("task-{}", i18n::kind_key(o.kind.as_str()))),
            ground: t(&ground_key(o.kind.as_str(), &o.rule.to_string())),
            due: Some((
                o.from.to_string(),
                i18n::with(
                    lang,
                    "opportunity-from",
                    &[("date", Arg::Text(&i18n::date(lang, o.from)))],
                ),
            )),
            overdue: false,
            rule: o.rule.to_string(),
            record: task_link(id, o.kind),
            document: None,
        })
        .collect();
    let flags = agenda
        .flags
        .iter()
        .rev()
        .map(|f| FlagView {
            kind: f.kind.as_str().to_owned(),
            label: t(&format!("flag-{}", i18n::kind_key(f.kind.as_str()))),
            task: f
                .task
                .map(|k| t(&format!("task-{}", i18n::kind_key(k.as_str())))),
            date: dated(lang, f.date),
            rule: f.rule.to_string(),
        })
        .collect();
    let history = events
        .iter()
        .rev()
        .map(|e| {
            let kind = e
                .event
                .get("type")
                .and_then(|v| v.as_str())
                .unwrap_or("void");
            let date = e.event.get("date").and_then(|v| v.as_str()).unwrap_or("");
            let details = if kind == probatio_store::DOCUMENT_ISSUED {
                // A document issued: its kind and number (its facts and hash stay in the log).
                let text = |f: &str| e.event.get(f).and_then(|v| v.as_str()).unwrap_or("");
                vec![
                    fact(
                        t("doc-kind"),
                        t(&format!("doc-{}", i18n::kind_key(text("kind")))),
                    ),
                    fact(t("doc-number"), text("number").to_owned()),
                ]
            } else {
                e.event
                    .as_object()
                    .into_iter()
                    .flatten()
                    .filter(|(k, _)| *k != "date" && *k != "type")
                    .map(|(k, v)| fact(field_label(lang, k), value_label(lang, k, v)))
                    .collect()
            };
            EventView {
                id: e.id,
                date: (date.to_owned(), i18n::date_text(lang, date)),
                label: event_label(lang, kind),
                details,
                recorded: format!(
                    "{} {}",
                    e.recorded_at
                        .get(..16)
                        .unwrap_or(&e.recorded_at)
                        .replace('T', " "),
                    e.recorded_by
                ),
                reason: e.reason.clone(),
                corrects: e.corrects,
            }
        })
        .collect();
    let offers = crate::documents::offers(&m.kind, &agenda, &events)
        .into_iter()
        .map(|o| OfferView {
            label: match o.purpose {
                Some(p) => t(&format!("task-submission-{}", i18n::kind_key(p))),
                None => t(&format!("doc-{}", i18n::kind_key(o.kind.as_str()))),
            },
            href: crate::documents::form_href(id, &o),
        })
        .collect();
    let issued = events
        .iter()
        .filter(|e| {
            e.event.get("type").and_then(|v| v.as_str()) == Some(probatio_store::DOCUMENT_ISSUED)
        })
        .rev()
        .map(|e| {
            let text = |f: &str| {
                e.event
                    .get(f)
                    .and_then(|v| v.as_str())
                    .unwrap_or("")
                    .to_owned()
            };
            IssuedView {
                id: e.id,
                label: t(&format!("doc-{}", i18n::kind_key(&text("kind")))),
                number: text("number"),
                date: i18n::date_text(lang, &text("date")),
                lang: text("lang"),
                short: text("sha256").chars().take(12).collect(),
                sha256: text("sha256"),
                href: format!("/cases/{id}/documents/{}", e.id),
                just: q.issued == Some(e.id),
            }
        })
        .collect();
    let open: Vec<_> = agenda.tasks.iter().map(|t| t.kind).collect();
    let can_write = caller.scope.may_write(d.service_id, d.officer_id).is_ok();
    let all_services = s.store.services().await?;
    let service_name = |id: i64| {
        all_services
            .iter()
            .find(|x| x.id == id)
            .map(|x| match lang {
                Lang::Kk => x.name_kk.clone(),
                Lang::Ru | Lang::En => x.name_ru.clone(),
            })
            .unwrap_or_else(|| format!("#{id}"))
    };
    let transfer = s
        .store
        .open_transfer(id, &caller.scope)
        .await?
        .map(|t| TransferView {
            id: t.id,
            to: service_name(t.to_service_id),
            since: i18n::date_text(lang, t.requested_at.get(..10).unwrap_or("")),
            reason: t.reason,
        });
    let services = if can_write && transfer.is_none() {
        all_services
            .iter()
            .filter(|x| x.id != d.service_id)
            .map(|x| Choice {
                value: x.id,
                label: service_name(x.id),
                chosen: false,
            })
            .collect()
    } else {
        Vec::new()
    };
    let service_officers = s.store.officers(d.service_id).await?;
    if let Some(o) = d
        .officer_id
        .and_then(|o| service_officers.iter().find(|x| x.id == o))
    {
        decision.push(fact(t("case-officer"), o.full_name.clone()));
    }
    let heads_case =
        matches!(caller.scope, probatio_store::Scope::Service(sid) if sid == d.service_id);
    let officers = if heads_case {
        service_officers
            .iter()
            .map(|o| Choice {
                value: o.id,
                label: o.full_name.clone(),
                chosen: d.officer_id == Some(o.id),
            })
            .collect()
    } else {
        Vec::new()
    };
    let page = CardPage {
        lang,
        langs: Lang::ALL,
        signed_in: true,
        csrf: ctx.csrf.clone(),
        head: is_head(&caller),
        id,
        card_number: case.card_number.clone(),
        person: person_name(&p.surname, &p.given_name, p.patronymic.as_deref()),
        person_facts,
        measure: t(&format!("measure-{}", i18n::kind_key(&m.kind))),
        status: t(&format!(
            "status-{}",
            i18n::kind_key(agenda.status.as_str())
        )),
        decision,
        timeline,
        tasks,
        opportunities,
        flags,
        events: history,
        can_write,
        saved: q.saved.is_some(),
        menu: menu(id, &open, lang),
        transfer,
        services,
        officers,
        offers,
        issued,
        just_issued: q.issued,
    };
    Ok(ctx.respond(StatusCode::OK, page.render()))
}
