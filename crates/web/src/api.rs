//! The JSON API: persons, cases, events, agendas and the calendar.

use axum::Json;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::IntoResponse;
use probatio_core::calendar::Calendar;
use probatio_core::date::Date;
use probatio_core::lang::Lang;
use probatio_store::{
    CaseFilter, CaseListItem, CaseRecord, NewCase, NewEvent, NewOfficer, NewPerson, NewService,
    Officer, Page, Person, Service, StoredEvent,
};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::AppState;
use crate::caller::Caller;
use crate::documents::{DocKind, DocLang};
use crate::problem::{Body, Id, Ids, Params, Problem, bool_param, int_param};
use probatio_core::access::Role;
use probatio_store::IssuedDocument;

type ApiResult<T> = Result<T, Problem>;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(create_service, list_services))
        .routes(routes!(create_officer))
        .routes(routes!(create_person, search_persons))
        .routes(routes!(get_person))
        .routes(routes!(create_case, list_cases))
        .routes(routes!(get_case))
        .routes(routes!(append_event, list_events))
        .routes(routes!(get_agenda))
        .routes(routes!(issue_document, list_documents))
        .routes(routes!(get_document))
        .routes(routes!(case_access))
        .routes(routes!(get_calendar))
}

/// Register a district (city) probation service.
#[utoipa::path(post, path = "/api/services", tag = "register", request_body = NewService,
    responses((status = 401, body = Problem), (status = 403, body = Problem), (status = 201, body = Service), (status = 400, body = Problem), (status = 409, body = Problem), (status = 415, body = Problem), (status = 422, body = Problem)))]
async fn create_service(
    State(s): State<AppState>,
    caller: Caller,
    Body(new): Body<NewService>,
) -> ApiResult<(StatusCode, Json<Service>)> {
    caller.require(
        &[Role::RegionalAdmin, Role::SysAdmin],
        "registering a service",
    )?;
    if caller.who.role == Role::RegionalAdmin
        && caller.who.region_kato.as_deref() != Some(new.region_kato.as_str())
    {
        return Err(Problem::forbidden(
            "a regional administrator registers services of their own region",
        ));
    }
    Ok((
        StatusCode::CREATED,
        Json(s.store.create_service(&new).await?),
    ))
}

/// All probation services.
#[utoipa::path(get, path = "/api/services", tag = "register", responses((status = 401, body = Problem), (status = 403, body = Problem), (status = 200, body = Vec<Service>)))]
async fn list_services(
    State(s): State<AppState>,
    _caller: Caller,
) -> ApiResult<Json<Vec<Service>>> {
    Ok(Json(s.store.services().await?))
}

/// Register a probation officer of a service.
#[utoipa::path(post, path = "/api/officers", tag = "register", request_body = NewOfficer,
    responses((status = 401, body = Problem), (status = 403, body = Problem), (status = 201, body = Officer), (status = 400, body = Problem), (status = 415, body = Problem), (status = 422, body = Problem)))]
async fn create_officer(
    State(s): State<AppState>,
    caller: Caller,
    Body(new): Body<NewOfficer>,
) -> ApiResult<(StatusCode, Json<Officer>)> {
    caller.require(
        &[Role::Head, Role::RegionalAdmin, Role::SysAdmin],
        "registering an officer",
    )?;
    let service = s
        .store
        .services()
        .await?
        .into_iter()
        .find(|x| x.id == new.service_id);
    let own = match caller.who.role {
        Role::Head => caller.who.service_id == Some(new.service_id),
        Role::RegionalAdmin => service
            .as_ref()
            .is_some_and(|x| Some(&x.region_kato) == caller.who.region_kato.as_ref()),
        _ => true,
    };
    if service.is_some() && !own {
        return Err(Problem::forbidden(
            "officers are registered within one's own service or region",
        ));
    }
    Ok((
        StatusCode::CREATED,
        Json(s.store.create_officer(&new).await?),
    ))
}

/// Enter a person into the register.
#[utoipa::path(post, path = "/api/persons", tag = "persons", request_body = NewPerson,
    responses((status = 401, body = Problem), (status = 403, body = Problem), (status = 201, body = Person), (status = 400, body = Problem), (status = 409, body = Problem), (status = 415, body = Problem), (status = 422, body = Problem)))]
async fn create_person(
    State(s): State<AppState>,
    caller: Caller,
    Body(new): Body<NewPerson>,
) -> ApiResult<(StatusCode, Json<Person>)> {
    Ok((
        StatusCode::CREATED,
        Json(s.store.create_person(&new, &caller.scope).await?),
    ))
}

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
struct SearchQuery {
    /// An IIN, or a name in Kazakh, Russian or Latin letters (any spelling).
    q: String,
    /// At most this many (1–100, default 20).
    limit: Option<String>,
}

/// Find persons by IIN or by name, tolerant to Kazakh, Russian and Latin spellings.
#[utoipa::path(get, path = "/api/persons", tag = "persons", params(SearchQuery),
    responses((status = 401, body = Problem), (status = 403, body = Problem), (status = 200, body = Vec<Person>), (status = 422, body = Problem)))]
async fn search_persons(
    State(s): State<AppState>,
    caller: Caller,
    Params(q): Params<SearchQuery>,
) -> ApiResult<Json<Vec<Person>>> {
    let limit = int_param(&q.limit, "limit", 1, 100)?.unwrap_or(20);
    Ok(Json(
        s.store.search_persons(&q.q, limit, &caller.scope).await?,
    ))
}

/// A person's record.
#[utoipa::path(get, path = "/api/persons/{id}", tag = "persons", params(("id" = i64, Path, minimum = 1)),
    responses((status = 401, body = Problem), (status = 403, body = Problem), (status = 200, body = Person), (status = 404, body = Problem), (status = 422, body = Problem)))]
async fn get_person(
    State(s): State<AppState>,
    caller: Caller,
    Id(id): Id,
) -> ApiResult<Json<Person>> {
    Ok(Json(s.store.person(id, &caller.scope).await?))
}

/// Open a case from a court decision. The measure is checked by the agenda engine's rules.
#[utoipa::path(post, path = "/api/cases", tag = "cases", request_body = NewCase,
    responses((status = 401, body = Problem), (status = 403, body = Problem), (status = 201, body = CaseRecord), (status = 400, body = Problem), (status = 415, body = Problem), (status = 422, body = Problem)))]
async fn create_case(
    State(s): State<AppState>,
    caller: Caller,
    Body(new): Body<NewCase>,
) -> ApiResult<(StatusCode, Json<CaseRecord>)> {
    Ok((
        StatusCode::CREATED,
        Json(s.store.create_case(&new, &caller.scope).await?),
    ))
}

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
struct CaseQuery {
    service_id: Option<String>,
    officer_id: Option<String>,
    /// `awaiting_registration`, `active`, `wanted` or `ended`.
    status: Option<String>,
    /// A measure kind of the agenda contract.
    measure: Option<String>,
    /// `true` or `false`.
    juvenile: Option<String>,
    /// `true`: only cases with an overdue task; `false`: only cases without.
    overdue: Option<String>,
    /// Only the cases of persons found by this IIN or name (any spelling, as `GET /api/persons?q=`).
    q: Option<String>,
    /// 1–500, default 50.
    limit: Option<String>,
    offset: Option<String>,
}

/// Cases by service or officer, the most urgent first, with status and overdue filters.
#[utoipa::path(get, path = "/api/cases", tag = "cases", params(CaseQuery),
    responses((status = 401, body = Problem), (status = 403, body = Problem), (status = 200, body = Page<CaseListItem>), (status = 422, body = Problem)))]
async fn list_cases(
    State(s): State<AppState>,
    caller: Caller,
    Params(q): Params<CaseQuery>,
) -> ApiResult<impl IntoResponse> {
    if let Some(status) = &q.status
        && probatio_core::agenda::Status::from_wire(status).is_none()
    {
        return Err(Problem::invalid(
            "status",
            format!(
                "{status:?} is not one of {}",
                probatio_core::agenda::Status::wire_names()
            ),
        ));
    }
    if let Some(m) = &q.measure
        && probatio_core::case::MeasureKind::from_wire(m).is_none()
    {
        return Err(Problem::invalid(
            "measure",
            format!("{m:?} is not a measure kind"),
        ));
    }
    let filter = CaseFilter {
        service_id: int_param(&q.service_id, "service_id", 1, i64::MAX)?,
        officer_id: int_param(&q.officer_id, "officer_id", 1, i64::MAX)?,
        status: q.status,
        measure: q.measure,
        juvenile: bool_param(&q.juvenile, "juvenile")?,
        overdue: bool_param(&q.overdue, "overdue")?,
        search: q.q,
        limit: int_param(&q.limit, "limit", 1, 500)?.unwrap_or(50),
        offset: int_param(&q.offset, "offset", 0, i64::from(i32::MAX))?.unwrap_or(0),
    };
    // The page is built by the database as JSON and passed through.
    let json = s.store.list_cases_json(&filter, &caller.scope).await?;
    Ok(([(header::CONTENT_TYPE, "application/json")], json))
}

/// A case with its stored agenda projection and version.
#[utoipa::path(get, path = "/api/cases/{id}", tag = "cases", params(("id" = i64, Path, minimum = 1)),
    responses((status = 401, body = Problem), (status = 403, body = Problem), (status = 200, body = CaseRecord), (status = 404, body = Problem), (status = 422, body = Problem)))]
async fn get_case(
    State(s): State<AppState>,
    caller: Caller,
    Id(id): Id,
) -> ApiResult<Json<CaseRecord>> {
    Ok(Json(s.store.case(id, &caller.scope).await?))
}

/// Append an event to a case's log. State the version you saw: a stale one gets 409 and
/// nothing is written. The event is checked by the agenda engine's rules (422 names the field).
#[utoipa::path(post, path = "/api/cases/{id}/events", tag = "cases", params(("id" = i64, Path, minimum = 1)),
    request_body = NewEvent,
    responses((status = 401, body = Problem), (status = 403, body = Problem), (status = 201, body = StoredEvent), (status = 400, body = Problem), (status = 404, body = Problem),
        (status = 409, body = Problem), (status = 415, body = Problem), (status = 422, body = Problem)))]
async fn append_event(
    State(s): State<AppState>,
    caller: Caller,
    Id(id): Id,
    Body(new): Body<NewEvent>,
) -> ApiResult<(StatusCode, Json<StoredEvent>)> {
    let stored = s
        .store
        .append_event(id, &new, caller.actor(), &caller.scope)
        .await?;
    s.metrics.event_appended();
    Ok((StatusCode::CREATED, Json(stored)))
}

/// A case's event log, in the order recorded.
#[utoipa::path(get, path = "/api/cases/{id}/events", tag = "cases", params(("id" = i64, Path, minimum = 1)),
    responses((status = 401, body = Problem), (status = 403, body = Problem), (status = 200, body = Vec<StoredEvent>), (status = 404, body = Problem), (status = 422, body = Problem)))]
async fn list_events(
    State(s): State<AppState>,
    caller: Caller,
    Id(id): Id,
) -> ApiResult<Json<Vec<StoredEvent>>> {
    Ok(Json(s.store.events(id, &caller.scope).await?))
}

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
struct AccessQuery {
    /// At most this many, newest first (1–1000, default 100).
    limit: Option<String>,
}

/// Who read or changed this case or its person, when, from where and through which endpoint:
/// for the head of the case's service and the prosecutors of its region.
#[utoipa::path(get, path = "/api/cases/{id}/access", tag = "cases", params(("id" = i64, Path, minimum = 1), AccessQuery),
    responses((status = 200, body = Vec<probatio_store::access::StoredAccess>), (status = 401, body = Problem),
        (status = 403, body = Problem), (status = 404, body = Problem), (status = 422, body = Problem)))]
async fn case_access(
    State(s): State<AppState>,
    caller: Caller,
    Id(id): Id,
    Params(q): Params<AccessQuery>,
) -> ApiResult<Json<Vec<probatio_store::access::StoredAccess>>> {
    caller.require(&[Role::Head, Role::Prosecutor], "reading the access log")?;
    let limit = int_param(&q.limit, "limit", 1, 1000)?.unwrap_or(100);
    Ok(Json(s.store.case_access(id, &caller.scope, limit).await?))
}

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
struct AgendaQuery {
    /// The day to compute for (`YYYY-MM-DD`, default today in Kazakhstan); later events are left out.
    as_of: Option<String>,
}

/// A case's legal agenda: exactly the JSON `probatio agenda` prints for the same facts.
#[utoipa::path(get, path = "/api/cases/{id}/agenda", tag = "cases", params(("id" = i64, Path, minimum = 1), AgendaQuery),
    responses((status = 401, body = Problem), (status = 403, body = Problem), (status = 200, body = crate::schema::AgendaDoc), (status = 404, body = Problem), (status = 422, body = Problem)))]
async fn get_agenda(
    State(s): State<AppState>,
    caller: Caller,
    Id(id): Id,
    Params(q): Params<AgendaQuery>,
) -> ApiResult<impl IntoResponse> {
    let as_of = q
        .as_of
        .as_deref()
        .map(|d| Date::parse(d).map_err(|e| Problem::invalid("as_of", e.to_string())))
        .transpose()?;
    // Today's agenda is the stored projection: already the contract's JSON text.
    let json = s.store.agenda_json(id, as_of, &caller.scope).await?;
    Ok(([(header::CONTENT_TYPE, "application/json")], json))
}

/// A document to issue from a case.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
struct DocumentRequest {
    /// `receipt`, `warning`, `removal_certificate`, `submission`, `inspection_act`, `referral`,
    /// `employer_notice`, `correctional_works_notice`, `pretrial_report` or `programme`.
    kind: String,
    /// The document's language: `kk` or `ru`.
    lang: String,
    /// The officer's part of the document, in the shape of its facts (e.g.
    /// `{"submission": {"purpose": "cancel_conditional", "attachments": ["…"]}}`); the register's
    /// facts (the person, the decision, the number) are taken from the register and refused here.
    #[serde(default)]
    #[schema(value_type = Object)]
    facts: Value,
}

fn doc_kind(kind: &str) -> Result<DocKind, Problem> {
    DocKind::from_wire(kind).ok_or_else(|| {
        Problem::invalid(
            "kind",
            format!(
                "{kind:?} is not a document kind; one of: {}",
                DocKind::ALL.map(DocKind::as_str).join(", ")
            ),
        )
    })
}

fn doc_lang(lang: &str) -> Result<DocLang, Problem> {
    DocLang::from_code(lang)
        .ok_or_else(|| Problem::invalid("lang", format!("{lang:?} is not kk or ru")))
}

/// Issue a document from a case: typeset from the register's facts and the officer's part,
/// recorded in the case's log (its number and the SHA-256 of its bytes). A document that lacks
/// required facts is not produced: 422 lists every one missing (`missing`).
#[utoipa::path(post, path = "/api/cases/{id}/documents", tag = "documents", params(("id" = i64, Path, minimum = 1)),
    request_body = DocumentRequest,
    responses((status = 401, body = Problem), (status = 403, body = Problem), (status = 201, body = IssuedDocument), (status = 400, body = Problem), (status = 404, body = Problem),
        (status = 409, body = Problem), (status = 415, body = Problem), (status = 422, body = Problem)))]
async fn issue_document(
    State(s): State<AppState>,
    caller: Caller,
    Id(id): Id,
    Body(request): Body<DocumentRequest>,
) -> ApiResult<impl IntoResponse> {
    let kind = doc_kind(&request.kind)?;
    let lang = doc_lang(&request.lang)?;
    let (issued, _pdf) =
        crate::documents::issue(&s.store, &caller, id, kind, lang, &request.facts).await?;
    let location = format!("/api/cases/{id}/documents/{}", issued.event_id);
    Ok((
        StatusCode::CREATED,
        [(header::LOCATION, location)],
        Json(issued),
    ))
}

/// The documents issued from a case, oldest first, with the facts each was typeset from.
#[utoipa::path(get, path = "/api/cases/{id}/documents", tag = "documents", params(("id" = i64, Path, minimum = 1)),
    responses((status = 401, body = Problem), (status = 403, body = Problem), (status = 200, body = Vec<IssuedDocument>), (status = 404, body = Problem), (status = 422, body = Problem)))]
async fn list_documents(
    State(s): State<AppState>,
    caller: Caller,
    Id(id): Id,
) -> ApiResult<Json<Vec<IssuedDocument>>> {
    Ok(Json(s.store.documents(id, &caller.scope).await?))
}

/// An issued document as PDF: typeset again from its stored facts and given only if its bytes
/// have the SHA-256 recorded when it was issued (409 if they cannot be: other templates).
#[utoipa::path(get, path = "/api/cases/{id}/documents/{doc}", tag = "documents",
    params(("id" = i64, Path, minimum = 1), ("doc" = i64, Path, minimum = 1, description = "the document's `event_id`")),
    responses((status = 401, body = Problem), (status = 403, body = Problem), (status = 200, body = crate::schema::PdfDoc, content_type = "application/pdf"), (status = 404, body = Problem),
        (status = 409, body = Problem), (status = 422, body = Problem)))]
async fn get_document(
    State(s): State<AppState>,
    caller: Caller,
    Ids(id, doc): Ids,
) -> ApiResult<impl IntoResponse> {
    let (issued, pdf) = crate::documents::issued(&s.store, &caller, id, doc).await?;
    Ok(pdf_response(&issued, pdf))
}

/// A PDF answer with its file name and hash.
pub(crate) fn pdf_response(issued: &IssuedDocument, pdf: Vec<u8>) -> axum::response::Response {
    (
        [
            (header::CONTENT_TYPE, "application/pdf".to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!(
                    "inline; filename=\"{}\"",
                    crate::documents::file_name(issued)
                ),
            ),
            (header::ETAG, format!("\"{}\"", issued.sha256)),
        ],
        pdf,
    )
        .into_response()
}

/// A day off with its reason in the three languages.
#[derive(Debug, Serialize, ToSchema)]
struct DayOff {
    #[schema(format = Date)]
    date: String,
    reason_kk: String,
    reason_ru: String,
    reason_en: String,
}

/// A year's working-day calendar.
#[derive(Debug, Serialize, ToSchema)]
struct CalendarYear {
    year: i32,
    days_off: Vec<DayOff>,
    /// Days a decree made working.
    working_days: Vec<String>,
}

/// The year's days off (holidays, moved days off, decree days) and decree working days.
#[utoipa::path(get, path = "/api/calendar/{year}", tag = "calendar", params(("year" = i32, Path, minimum = 1900, maximum = 2199)),
    responses((status = 401, body = Problem), (status = 403, body = Problem), (status = 200, body = CalendarYear), (status = 422, body = Problem)))]
async fn get_calendar(
    State(s): State<AppState>,
    _caller: Caller,
    Id(year): Id,
) -> ApiResult<Json<CalendarYear>> {
    if !(1900..=2199).contains(&year) {
        return Err(Problem::invalid(
            "year",
            format!("{year} is outside the supported years 1900–2199"),
        ));
    }
    let year = year as i32;
    let cal: &Calendar = &s.calendar;
    Ok(Json(CalendarYear {
        year,
        days_off: cal
            .days_off(year)
            .into_iter()
            .map(|(date, reason)| DayOff {
                date: date.to_string(),
                reason_kk: reason.describe(Lang::Kk),
                reason_ru: reason.describe(Lang::Ru),
                reason_en: reason.describe(Lang::En),
            })
            .collect(),
        working_days: cal
            .decree_working_days(year)
            .iter()
            .map(Date::to_string)
            .collect(),
    }))
}
