//! The register's records as the store takes and gives them.

use serde::{Deserialize, Serialize};
use serde_json::Value;

/// A district (city) probation service.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewService {
    /// KATO code of the district or city.
    #[schema(pattern = "^[0-9]{9}$")]
    pub kato: String,
    /// KATO code of the region (oblast or city of republican significance).
    #[schema(pattern = "^[0-9]{9}$")]
    pub region_kato: String,
    pub name_kk: String,
    pub name_ru: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Service {
    pub id: i64,
    pub kato: String,
    pub region_kato: String,
    pub name_kk: String,
    pub name_ru: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewOfficer {
    pub service_id: i64,
    pub full_name: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Officer {
    pub id: i64,
    pub service_id: i64,
    pub full_name: String,
}

/// A residence, with its KATO codes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Address {
    #[schema(pattern = "^[0-9]{9}$")]
    pub kato_region: String,
    #[schema(pattern = "^[0-9]{9}$")]
    pub kato_district: String,
    /// The address as written.
    pub line: String,
    /// A rural settlement (conditional sentence: reporting once a month, G6).
    #[serde(default)]
    pub rural: bool,
    /// Living there since (`YYYY-MM-DD`).
    #[schema(format = Date)]
    pub since: String,
}

/// A supervised person as entered.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewPerson {
    /// ЖСН / ИИН, 12 digits with a valid check digit; absent for a foreigner without one.
    #[serde(default)]
    #[schema(pattern = "^[0-9]{12}$")]
    pub iin: Option<String>,
    /// As written, Kazakh or Russian Cyrillic: letters, spaces, hyphens, apostrophes, dots and
    /// brackets, up to 100 characters (so for every part of the name).
    #[schema(min_length = 1, max_length = 100)]
    pub surname: String,
    #[schema(min_length = 1, max_length = 100)]
    pub given_name: String,
    #[serde(default)]
    #[schema(max_length = 100)]
    pub patronymic: Option<String>,
    /// The Latin form (as in the identity document).
    #[serde(default)]
    #[schema(max_length = 100)]
    pub latin_name: Option<String>,
    #[schema(format = Date)]
    pub birth_date: String,
    #[serde(default)]
    #[schema(max_length = 200)]
    pub birth_place: Option<String>,
    /// `male` or `female`.
    #[schema(pattern = "^(male|female)$")]
    pub sex: String,
    #[serde(default)]
    #[schema(max_length = 60)]
    pub citizenship: Option<String>,
    #[serde(default)]
    pub disability_group: Option<i64>,
    #[serde(default)]
    pub pregnant: bool,
    /// Raises a child alone.
    #[serde(default)]
    pub sole_carer: bool,
    /// In military service.
    #[serde(default)]
    pub military: bool,
    #[serde(default)]
    pub children_birth_dates: Vec<String>,
    #[serde(default)]
    pub address: Option<Address>,
}

/// A supervised person in the register.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Person {
    pub id: i64,
    #[serde(flatten)]
    pub details: NewPerson,
}

/// The measure a court imposed, in the agenda contract's terms.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MeasureInput {
    pub kind: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub term: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub until: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub release_date: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hours: Option<i64>,
    #[serde(default)]
    pub juvenile: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub verdict_in_force: Option<String>,
}

/// A case opened from a court decision.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewCase {
    pub person_id: i64,
    pub service_id: i64,
    #[serde(default)]
    pub officer_id: Option<i64>,
    pub measure: MeasureInput,
    #[serde(default)]
    #[schema(max_length = 300)]
    pub court: Option<String>,
    /// The court decision's number; the registration card's number follows it (G3).
    #[serde(default)]
    #[schema(max_length = 60)]
    pub verdict_number: Option<String>,
    #[serde(default)]
    pub verdict_date: Option<String>,
    /// The day the service received the decision.
    #[serde(default)]
    pub received_on: Option<String>,
    #[serde(default)]
    #[schema(max_length = 1000)]
    pub additional_punishments: Option<String>,
}

/// A case with its stored projection of the agenda (a cache of the engine).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct CaseRecord {
    pub id: i64,
    pub card_number: String,
    #[serde(flatten)]
    pub details: NewCase,
    /// Increases with every event; an append states the version it saw.
    pub version: i64,
    pub status: String,
    /// The earliest due date among the open tasks on `projected_on`.
    pub next_due: Option<String>,
    /// Open tasks already overdue on `projected_on`.
    pub overdue_count: i64,
    pub flag_count: i64,
    pub projected_on: String,
}

impl CaseRecord {
    /// A case not yet stored: what the engine needs to judge its facts.
    pub fn draft(details: NewCase) -> CaseRecord {
        CaseRecord {
            id: 0,
            card_number: String::new(),
            details,
            version: 0,
            status: String::new(),
            next_due: None,
            overdue_count: 0,
            flag_count: 0,
            projected_on: String::new(),
        }
    }
}

/// A case as a caseload list shows it: who (name as written, IIN), which measure, and what
/// the engine says is due. Stored with the case at every write of its projection (see
/// `schema::item_sql`), so a page is read, not built; kept lean, since a page is 60 of them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct CaseListItem {
    pub id: i64,
    pub card_number: String,
    pub person_id: i64,
    pub iin: Option<String>,
    pub surname: String,
    pub given_name: String,
    pub patronymic: Option<String>,
    pub officer_id: Option<i64>,
    /// The measure's kind (`restriction_of_freedom`, `conditional_sentence`, …).
    pub measure: String,
    pub juvenile: bool,
    pub status: String,
    /// The earliest due date among the open tasks on `projected_on`.
    pub next_due: Option<String>,
    pub overdue_count: i64,
    pub flag_count: i64,
    /// The version an append must state.
    pub version: i64,
    pub projected_on: String,
}

impl CaseListItem {
    /// What the list must show for `case` of `person` (the stored item is checked against it).
    pub fn of(case: &CaseRecord, person: &Person) -> CaseListItem {
        let p = &person.details;
        CaseListItem {
            id: case.id,
            card_number: case.card_number.clone(),
            person_id: person.id,
            iin: p.iin.clone(),
            surname: p.surname.clone(),
            given_name: p.given_name.clone(),
            patronymic: p.patronymic.clone(),
            officer_id: case.details.officer_id,
            measure: case.details.measure.kind.clone(),
            juvenile: case.details.measure.juvenile,
            status: case.status.clone(),
            next_due: case.next_due.clone(),
            overdue_count: case.overdue_count,
            flag_count: case.flag_count,
            version: case.version,
            projected_on: case.projected_on.clone(),
        }
    }
}

/// An event to append to a case's log.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewEvent {
    /// The case version the client saw; a stale one is refused and nothing is written.
    pub expected_version: i64,
    /// The event in the agenda contract's form (`{"date": .., "type": .., ...}`); absent only
    /// for a correction that voids the event it corrects.
    #[serde(default)]
    pub event: Option<Value>,
    /// The id of an earlier event of the same case that this one corrects.
    #[serde(default)]
    pub corrects: Option<i64>,
    /// Why (required for a correction).
    #[serde(default)]
    pub reason: Option<String>,
}

/// An event in a case's log.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct StoredEvent {
    pub id: i64,
    pub case_id: i64,
    pub seq: i64,
    /// The contract event, or null for a voiding correction.
    pub event: Value,
    pub corrects: Option<i64>,
    pub reason: Option<String>,
    pub recorded_by: String,
    pub recorded_at: String,
    pub hash: String,
}

/// Which cases to list.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaseFilter {
    pub service_id: Option<i64>,
    pub officer_id: Option<i64>,
    pub status: Option<String>,
    pub measure: Option<String>,
    pub juvenile: Option<bool>,
    /// Only cases with an overdue task (`true`) or without (`false`).
    pub overdue: Option<bool>,
    /// Only the cases of the persons an IIN or a name finds (as `search_persons` finds them).
    #[serde(default)]
    pub search: Option<String>,
    pub limit: i64,
    pub offset: i64,
}

/// One page of a list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Page<T> {
    pub items: Vec<T>,
    pub total: i64,
    pub limit: i64,
    pub offset: i64,
}
