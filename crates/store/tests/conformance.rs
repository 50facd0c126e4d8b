//! The store's conformance suite, run against SQLite and against a real PostgreSQL: the same
//! register must behave the same on both.
//!
//! PostgreSQL: `PROBATIO_TEST_PG_URL` names a server where the test may create databases
//! (`scripts/test.sh` starts a throw-away cluster and sets it). Without it the PostgreSQL run
//! is skipped with a message, unless `PROBATIO_REQUIRE_PG=1`, which makes it a failure.

use probatio_core::agenda::compute;
use probatio_core::date::Date;
use probatio_core::input::parse_case_str;
use probatio_store::{
    Address, CaseFilter, CaseListItem, MeasureInput, NewCase, NewEvent, NewOfficer, NewPerson,
    NewService, Scope, Store, StoreError,
};
use serde_json::json;

const TODAY: Date = Date::ymd(2026, 3, 10);

/// The command line's scope: the whole register (the scoped reads have a test of their own).
const ALL: Scope = Scope::Everything;

/// A second, empty register on the same backend as `store`.
async fn fresh_like(store: &Store) -> (Store, Option<tempfile::TempDir>) {
    let copy = match store.backend() {
        probatio_store::Backend::Sqlite => {
            let (s, dir) = sqlite_store().await;
            (s, Some(dir))
        }
        probatio_store::Backend::Postgres => {
            (postgres_store("copy").await.expect("postgres"), None)
        }
    };
    copy.0.migrate().await.expect("migrate");
    copy
}

async fn sqlite_store() -> (Store, tempfile::TempDir) {
    let dir = tempfile::tempdir().expect("temp dir");
    let url = format!("sqlite://{}", dir.path().join("register.db").display());
    let store = Store::connect(&url)
        .await
        .expect("sqlite opens")
        .with_today(TODAY);
    (store, dir)
}

/// A fresh database on the PostgreSQL server, or `None` if none is configured.
async fn postgres_store(name: &str) -> Option<Store> {
    let Ok(url) = std::env::var("PROBATIO_TEST_PG_URL") else {
        if std::env::var("PROBATIO_REQUIRE_PG").is_ok_and(|v| v == "1") {
            panic!("PROBATIO_REQUIRE_PG=1 but PROBATIO_TEST_PG_URL is not set");
        }
        eprintln!("PostgreSQL conformance run skipped: PROBATIO_TEST_PG_URL is not set");
        return None;
    };
    let admin = Store::connect(&url).await.expect("postgres reachable");
    let db = format!("probatio_{name}_{}", std::process::id());
    sqlx::query(&format!("DROP DATABASE IF EXISTS {db}"))
        .execute(admin.pool())
        .await
        .expect("drop");
    sqlx::query(&format!(
        "CREATE DATABASE {db} ENCODING 'UTF8' TEMPLATE template0"
    ))
    .execute(admin.pool())
    .await
    .expect("create database");
    admin.close().await;
    let base = url
        .rsplit_once('/')
        .map_or(url.as_str(), |(b, _)| b)
        .to_owned();
    Some(
        Store::connect(&format!("{base}/{db}"))
            .await
            .expect("test database")
            .with_today(TODAY),
    )
}

fn person(surname: &str, given: &str, iin: Option<&str>, birth: &str, sex: &str) -> NewPerson {
    NewPerson {
        iin: iin.map(str::to_owned),
        surname: surname.to_owned(),
        given_name: given.to_owned(),
        patronymic: None,
        latin_name: None,
        birth_date: birth.to_owned(),
        birth_place: Some("Шымкент қ.".to_owned()),
        sex: sex.to_owned(),
        citizenship: Some("KZ".to_owned()),
        disability_group: None,
        pregnant: false,
        sole_carer: false,
        military: false,
        children_birth_dates: vec![],
        address: Some(Address {
            kato_region: "511010000".to_owned(),
            kato_district: "511013000".to_owned(),
            line: "Тәуке хан даңғылы, 12".to_owned(),
            rural: false,
            since: "2020-01-01".to_owned(),
        }),
    }
}

fn conditional_case(person_id: i64, service_id: i64, officer_id: i64) -> NewCase {
    NewCase {
        person_id,
        service_id,
        officer_id: Some(officer_id),
        measure: MeasureInput {
            kind: "conditional_sentence".to_owned(),
            term: Some("P2Y".to_owned()),
            until: None,
            release_date: None,
            hours: None,
            juvenile: false,
            verdict_in_force: Some("2025-01-10".to_owned()),
        },
        court: Some("Шымкент қалалық №2 сотты".to_owned()),
        verdict_number: Some("2-1234/2024".to_owned()),
        verdict_date: Some("2024-12-20".to_owned()),
        received_on: Some("2025-01-11".to_owned()),
        additional_punishments: None,
    }
}

/// The Al-Farabi district service and one officer of it.
async fn service_and_officer(store: &Store) -> (probatio_store::Service, probatio_store::Officer) {
    let service = store
        .create_service(&NewService {
            kato: "511013000".into(),
            region_kato: "511010000".into(),
            name_kk: "Әл-Фараби ауданының пробация қызметі".into(),
            name_ru: "Служба пробации района Аль-Фараби".into(),
        })
        .await
        .expect("service");
    let officer = store
        .create_officer(&NewOfficer {
            service_id: service.id,
            full_name: "Серікбаев Ғалым".into(),
        })
        .await
        .expect("officer");
    (service, officer)
}

/// An access record of a read by `user:{i}` of `case_id` or `person_id`.
fn access_record(
    i: i64,
    case_id: Option<i64>,
    person_id: Option<i64>,
) -> probatio_store::access::AccessRecord {
    probatio_store::access::AccessRecord {
        at: format!("2026-03-10T10:00:{:02}Z", i % 60),
        actor: format!("user:{i}"),
        role: "officer".into(),
        address: "10.0.0.1".into(),
        method: "GET".into(),
        route: "/api/cases/{id}".into(),
        query: None,
        case_id,
        person_id,
        status: 200,
    }
}

fn event(version: i64, body: serde_json::Value) -> NewEvent {
    NewEvent {
        expected_version: version,
        event: Some(body),
        corrects: None,
        reason: None,
    }
}

fn field(e: StoreError) -> String {
    match e {
        StoreError::Invalid { field, .. } => field,
        other => panic!("expected a field error, got {other:?}"),
    }
}

/// Every case of the register, one page.
async fn list_all(store: &Store) -> Vec<CaseListItem> {
    let items = store
        .list_cases(
            &CaseFilter {
                limit: 500,
                ..CaseFilter::default()
            },
            &ALL,
        )
        .await
        .expect("list")
        .items;
    let urgency = |c: &CaseListItem| (c.next_due.clone().unwrap_or_else(|| "9999".into()), c.id);
    assert!(
        items.windows(2).all(|w| urgency(&w[0]) <= urgency(&w[1])),
        "the most urgent first, then by id: {items:?}"
    );
    items
}

/// A listed case shows what the case and its person say now (the stored item is not stale).
async fn assert_items_read_as_their_cases(store: &Store, items: &[CaseListItem]) {
    assert!(!items.is_empty());
    for item in items {
        let case = store.case(item.id, &ALL).await.expect("case");
        let person = store
            .person(case.details.person_id, &ALL)
            .await
            .expect("person");
        assert_eq!(
            item,
            &CaseListItem::of(&case, &person),
            "a listed case reads as the case itself, with its person's name"
        );
    }
}

/// The whole suite, on one backend.
async fn conformance(store: Store) {
    store.migrate().await.expect("migrate");
    store.migrate().await.expect("migrating twice is harmless");

    // Services, officers, persons; Kazakh letters survive the round trip.
    let service = store
        .create_service(&NewService {
            kato: "511013000".into(),
            region_kato: "511010000".into(),
            name_kk: "Әл-Фараби ауданының пробация қызметі".into(),
            name_ru: "Служба пробации района Аль-Фараби".into(),
        })
        .await
        .expect("service");
    assert_eq!(
        store.services().await.expect("services")[0].name_kk,
        "Әл-Фараби ауданының пробация қызметі"
    );
    let officer = store
        .create_officer(&NewOfficer {
            service_id: service.id,
            full_name: "Серікбаев Ғалым".into(),
        })
        .await
        .expect("officer");
    let tokaev = store
        .create_person(
            &person(
                "Тоқаев",
                "Нұрлан",
                Some("900101300017"),
                "1990-01-01",
                "male",
            ),
            &ALL,
        )
        .await
        .expect("person");
    let again = store.person(tokaev.id, &ALL).await.expect("read back");
    assert_eq!(again, tokaev);
    assert_eq!(again.details.surname, "Тоқаев");
    assert_eq!(
        again.details.address.as_ref().map(|a| a.line.as_str()),
        Some("Тәуке хан даңғылы, 12")
    );
    let semyon = store
        .create_person(
            &person("Семёнов", "Семён", None, "1985-06-15", "male"),
            &ALL,
        )
        .await
        .expect("person without IIN");

    // Bad input names the field; a duplicate IIN is refused.
    let bad_iin = store
        .create_person(
            &person("Әлиев", "Ерлан", Some("900101300018"), "1990-01-01", "male"),
            &ALL,
        )
        .await
        .expect_err("bad check digit");
    assert_eq!(field(bad_iin), "iin");
    let dup = store
        .create_person(
            &person(
                "Тоқаев",
                "Нұрлан",
                Some("900101300017"),
                "1990-01-01",
                "male",
            ),
            &ALL,
        )
        .await
        .expect_err("duplicate");
    assert!(matches!(dup, StoreError::Duplicate(_)), "{dup:?}");
    assert_eq!(
        field(
            store
                .create_person(&person(" ", "Ерлан", None, "1990-01-01", "male"), &ALL)
                .await
                .expect_err("empty")
        ),
        "surname"
    );

    // Search tolerant to Kazakh, Russian and Latin spellings.
    for (query, want) in [
        ("Токаев", tokaev.id),
        ("тоқ", tokaev.id),
        ("Nurlan", tokaev.id),
        ("Семен", semyon.id),
        ("900101300017", tokaev.id),
    ] {
        let found = store.search_persons(query, 10, &ALL).await.expect("search");
        assert!(
            found.iter().any(|p| p.id == want),
            "{query} should find {want}: {found:?}"
        );
    }
    assert!(
        store
            .search_persons("Zzyzx", 10, &ALL)
            .await
            .expect("search")
            .is_empty()
    );

    // A case from a verdict; the measure is judged by the engine's rules.
    let case = store
        .create_case(&conditional_case(tokaev.id, service.id, officer.id), &ALL)
        .await
        .expect("case");
    assert_eq!(
        case.card_number, "2-1234/2024",
        "G3: the card number follows the decision's"
    );
    assert_eq!(case.version, 0);
    assert_eq!(case.status, "awaiting_registration");
    let mut no_term = conditional_case(tokaev.id, service.id, officer.id);
    no_term.measure.term = None;
    assert_eq!(
        field(
            store
                .create_case(&no_term, &ALL)
                .await
                .expect_err("no term")
        ),
        "measure.term"
    );
    let mut bad_officer = conditional_case(tokaev.id, service.id, officer.id);
    bad_officer.officer_id = Some(9999);
    assert_eq!(
        field(
            store
                .create_case(&bad_officer, &ALL)
                .await
                .expect_err("no officer")
        ),
        "officer_id"
    );

    // Appending: each event moves the version on; a stale version is refused, nothing lost.
    let e1 = store
        .append_event(
            case.id,
            &event(0, json!({"date": "2025-01-15", "type": "registered"})),
            "officer:1",
            &ALL,
        )
        .await
        .expect("append");
    assert_eq!(e1.seq, 1);
    store
        .append_event(
            case.id,
            &event(
                1,
                json!({"date": "2025-01-15", "type": "reporting_days", "days": [5, 20]}),
            ),
            "officer:1",
            &ALL,
        )
        .await
        .expect("append");
    let stale = store
        .append_event(
            case.id,
            &event(1, json!({"date": "2025-02-12", "type": "records_check"})),
            "officer:1",
            &ALL,
        )
        .await
        .expect_err("stale version");
    assert!(
        matches!(
            stale,
            StoreError::Conflict {
                expected: 1,
                current: 2
            }
        ),
        "{stale:?}"
    );
    assert_eq!(
        store.events(case.id, &ALL).await.expect("events").len(),
        2,
        "the refused append wrote nothing"
    );
    assert_eq!(store.case(case.id, &ALL).await.expect("case").version, 2);

    // Bad events name the field as `event.…`; nothing is written.
    let bad = store
        .append_event(
            case.id,
            &event(2, json!({"date": "2025-02-30", "type": "records_check"})),
            "officer:1",
            &ALL,
        )
        .await
        .expect_err("impossible date");
    assert_eq!(field(bad), "event.date");
    let bad = store
        .append_event(
            case.id,
            &event(
                2,
                json!({"date": "2025-02-03", "type": "violation", "kind": "malicious"}),
            ),
            "officer:1",
            &ALL,
        )
        .await
        .expect_err("kind not allowed");
    assert_eq!(field(bad), "event.kind");
    let future = store
        .append_event(
            case.id,
            &event(2, json!({"date": "2026-03-11", "type": "records_check"})),
            "officer:1",
            &ALL,
        )
        .await
        .expect_err("after today");
    assert_eq!(field(future), "event.date");
    assert_eq!(store.case(case.id, &ALL).await.expect("case").version, 2);

    // The agenda from the store equals the engine on the same facts.
    for (i, month) in ["2025-02", "2025-03", "2025-04"].iter().enumerate() {
        store
            .append_event(
                case.id,
                &event(
                    2 + i as i64,
                    json!({"date": format!("{month}-12"), "type": "records_check"}),
                ),
                "officer:1",
                &ALL,
            )
            .await
            .expect("append");
    }
    let agenda = store.agenda(case.id, None, &ALL).await.expect("agenda");
    let facts = store.case_facts(case.id, TODAY, &ALL).await.expect("facts");
    let direct = compute(&parse_case_str(&facts.to_string()).expect("facts parse"));
    assert_eq!(agenda, direct);
    let cached = store
        .agenda_json(case.id, None, &ALL)
        .await
        .expect("stored projection");
    assert_eq!(
        cached,
        serde_json::to_string(&direct).expect("json"),
        "the stored agenda is the engine's"
    );
    assert!(
        agenda
            .flags
            .iter()
            .any(|f| f.kind.as_str() == "missed_period"),
        "months without checks are flagged"
    );

    // The projection is the engine's: next due date and overdue count for list queries.
    let stored = store.case(case.id, &ALL).await.expect("case");
    assert_eq!(stored.status, "active");
    assert_eq!(
        stored.next_due,
        agenda
            .tasks
            .iter()
            .filter_map(|t| t.due)
            .min()
            .map(|d| d.to_string())
    );
    assert_eq!(stored.flag_count, agenda.flags.len() as i64);
    let second = store
        .create_case(&conditional_case(semyon.id, service.id, officer.id), &ALL)
        .await
        .expect("case");
    let by_officer = store
        .list_cases(
            &CaseFilter {
                officer_id: Some(officer.id),
                limit: 10,
                ..CaseFilter::default()
            },
            &ALL,
        )
        .await
        .expect("list");
    assert_eq!(by_officer.total, 2);
    assert_items_read_as_their_cases(&store, &by_officer.items).await;
    assert!(
        by_officer.items[0].next_due <= by_officer.items[1].next_due,
        "the most urgent case first: {:?}",
        by_officer.items
    );
    let awaiting = store
        .list_cases(
            &CaseFilter {
                service_id: Some(service.id),
                status: Some("awaiting_registration".into()),
                limit: 10,
                ..CaseFilter::default()
            },
            &ALL,
        )
        .await
        .expect("list");
    assert_eq!(
        awaiting.items.iter().map(|c| c.id).collect::<Vec<_>>(),
        vec![second.id]
    );
    let page = store
        .list_cases(
            &CaseFilter {
                limit: 1,
                offset: 1,
                ..CaseFilter::default()
            },
            &ALL,
        )
        .await
        .expect("page");
    assert_eq!((page.items.len(), page.total), (1, 2));

    // A correction is a new event that names the one it corrects, with a reason.
    let version = store.case(case.id, &ALL).await.expect("case").version;
    let no_reason = NewEvent {
        expected_version: version,
        event: Some(json!({"date": "2025-01-16", "type": "registered"})),
        corrects: Some(e1.id),
        reason: None,
    };
    assert_eq!(
        field(
            store
                .append_event(case.id, &no_reason, "officer:1", &ALL)
                .await
                .expect_err("reason")
        ),
        "reason"
    );
    let fix = NewEvent {
        reason: Some("дата тіркеу журналы бойынша түзетілді".into()),
        ..no_reason
    };
    store
        .append_event(case.id, &fix, "officer:1", &ALL)
        .await
        .expect("correction");
    let agenda = store.agenda(case.id, None, &ALL).await.expect("agenda");
    assert_eq!(
        agenda.term.map(|t| t.start.to_string()).as_deref(),
        Some("2025-01-16")
    );
    assert_eq!(
        store.events(case.id, &ALL).await.expect("events").len(),
        6,
        "the corrected event is kept"
    );

    // The stored list items follow every write: here, the correction's new version.
    assert_items_read_as_their_cases(&store, &list_all(&store).await).await;

    // The daily refresh recomputes every projection made on another day.
    let tomorrow = TODAY.add_days(1);
    assert_eq!(
        store.refresh_projections(tomorrow).await.expect("refresh"),
        2
    );
    assert_eq!(
        store.refresh_projections(tomorrow).await.expect("refresh"),
        0,
        "nothing left to refresh"
    );
    assert_eq!(
        store.case(case.id, &ALL).await.expect("case").projected_on,
        tomorrow.to_string()
    );
    assert_items_read_as_their_cases(&store, &list_all(&store).await).await;
    store
        .refresh_projections(TODAY)
        .await
        .expect("back to today");

    // Export and import: the same cases with the same agendas; importing again changes nothing.
    let bundles = store.export_bundles(0, 100).await.expect("export");
    assert_eq!(bundles.len(), 2);
    assert!(
        bundles.iter().any(|b| b.person.surname == "Тоқаев"),
        "Kazakh letters survive the export"
    );
    let (copy, _copy_dir) = fresh_like(&store).await;
    copy.create_service(&NewService {
        kato: "511013000".into(),
        region_kato: "511010000".into(),
        name_kk: "Әл-Фараби ауданының пробация қызметі".into(),
        name_ru: "Служба пробации района Аль-Фараби".into(),
    })
    .await
    .expect("service");
    copy.create_officer(&NewOfficer {
        service_id: service.id,
        full_name: "Серікбаев Ғалым".into(),
    })
    .await
    .expect("officer");
    let report = copy
        .import_bundles(&bundles, "import:test")
        .await
        .expect("import");
    assert_eq!((report.imported, report.already_present), (2, 0));
    let again = copy
        .import_bundles(&bundles, "import:test")
        .await
        .expect("import again");
    assert_eq!(
        (again.imported, again.already_present),
        (0, 2),
        "import is idempotent"
    );
    for (i, bundle) in bundles.iter().enumerate() {
        let original = store
            .search_persons(&bundle.person.surname, 5, &ALL)
            .await
            .expect("search")
            .into_iter()
            .find(|p| p.details.given_name == bundle.person.given_name)
            .expect("person");
        let original_case = list_all(&store)
            .await
            .into_iter()
            .find(|c| c.person_id == original.id)
            .expect("case");
        let imported_case = copy.case(i as i64 + 1, &ALL).await.expect("imported case");
        assert_eq!(
            copy.agenda(imported_case.id, None, &ALL)
                .await
                .expect("agenda"),
            store
                .agenda(original_case.id, None, &ALL)
                .await
                .expect("agenda"),
            "bundle {i} keeps its agenda"
        );
    }
    assert!(copy.verify_chains().await.expect("verify").broken.is_none());
    let mut bad = bundles[0].clone();
    bad.key = "bad-one".into();
    bad.events
        .push(json!({"date": "2025-13-01", "type": "warning"}));
    let err = copy
        .import_bundles(&[bundles[1].clone(), bad], "import:test")
        .await
        .expect_err("refused");
    assert!(
        field(err).starts_with("[1].events["),
        "the bad bundle and its event are named"
    );

    // Users: a role with a territory that fits it; passwords kept as argon2id hashes.
    let user = |login: &str, role: &str, service: Option<&str>, region: Option<&str>| {
        probatio_store::users::NewUser {
            login: login.into(),
            full_name: "Серікбаев Ғалым".into(),
            role: role.into(),
            service_kato: service.map(str::to_owned),
            region_kato: region.map(str::to_owned),
            officer_id: None,
            password: "ұзын құпиясөз 12345".into(),
        }
    };
    let officer_user = store
        .create_user(&user("galym", "officer", Some("511013000"), None))
        .await
        .expect("user");
    assert_eq!(officer_user.service_id, Some(service.id));
    let taken = store
        .create_user(&user("galym", "officer", Some("511013000"), None))
        .await
        .expect_err("taken");
    assert!(matches!(taken, StoreError::Duplicate(_)), "{taken:?}");
    assert_eq!(
        field(
            store
                .create_user(&user("x1", "officer", None, None))
                .await
                .expect_err("no service")
        ),
        "service_kato"
    );
    assert_eq!(
        field(
            store
                .create_user(&user("x2", "judge", None, None))
                .await
                .expect_err("role")
        ),
        "role"
    );
    assert_eq!(
        field(
            store
                .create_user(&user("x3", "analyst", None, Some("511010000")))
                .await
                .expect_err("national")
        ),
        "role"
    );
    let mut short = user("x4", "prosecutor", None, Some("511010000"));
    short.password = "short".into();
    assert_eq!(
        field(store.create_user(&short).await.expect_err("short")),
        "password"
    );
    assert!(
        store
            .authenticate("galym", "ұзын құпиясөз 12345")
            .await
            .expect("auth")
            .is_some()
    );
    assert!(
        store
            .authenticate("galym", "wrong password 123")
            .await
            .expect("auth")
            .is_none()
    );
    assert!(
        store
            .authenticate("nobody", "ұзын құпиясөз 12345")
            .await
            .expect("auth")
            .is_none()
    );

    // Sessions: a new token at every sign-in, only its hash stored; expiry; sign-out.
    use probatio_store::users::{MAX_FAILURES_PER_ACCOUNT, SESSION_SECONDS, SignIn};
    let now = 1_790_000_000;
    let password = "ұзын құпиясөз 12345";
    let SignIn::Session {
        token: first,
        user: signed,
    } = store
        .sign_in("galym", password, "10.0.0.1", now)
        .await
        .expect("sign in")
    else {
        panic!("the right password signs in");
    };
    assert_eq!(signed.id, officer_user.id);
    let SignIn::Session { token: second, .. } = store
        .sign_in("galym", password, "10.0.0.1", now)
        .await
        .expect("sign in")
    else {
        panic!("signs in again");
    };
    assert_ne!(first, second, "a new session id at every sign-in");
    let stored: i64 = sqlx::Row::try_get(
        &sqlx::query("SELECT COUNT(*) AS n FROM sessions WHERE token_hash = $1")
            .bind(&first)
            .fetch_one(store.pool())
            .await
            .expect("count"),
        "n",
    )
    .expect("n");
    assert_eq!(stored, 0, "the token itself is never stored");
    assert_eq!(
        store
            .session_user(&first, now + 60)
            .await
            .expect("session")
            .map(|u| u.id),
        Some(officer_user.id)
    );
    assert!(
        store
            .session_user(&first, now + SESSION_SECONDS + 1)
            .await
            .expect("session")
            .is_none(),
        "expired"
    );
    store.sign_out(&first).await.expect("sign out");
    assert!(
        store
            .session_user(&first, now + 60)
            .await
            .expect("session")
            .is_none(),
        "signed out"
    );
    // Throttling: after repeated failures even the right password waits, until the window passes.
    for _ in 0..MAX_FAILURES_PER_ACCOUNT {
        assert_eq!(
            store
                .sign_in("galym", "wrong password 123", "10.0.0.2", now)
                .await
                .expect("attempt"),
            SignIn::Denied
        );
    }
    assert_eq!(
        store
            .sign_in("galym", password, "10.0.0.3", now)
            .await
            .expect("attempt"),
        SignIn::Throttled
    );
    let later = store
        .sign_in("galym", password, "10.0.0.3", now + 16 * 60)
        .await
        .expect("attempt");
    assert!(
        matches!(later, SignIn::Session { .. }),
        "the window passes: {later:?}"
    );

    // The chains verify; a row changed behind the application's back is found.
    let report = store.verify_chains().await.expect("verify");
    assert!(report.broken.is_none(), "{report:?}");
    assert_eq!(report.events_checked, 6);
    let tampered = store.events(case.id, &ALL).await.expect("events")[2].id;
    sqlx::query("UPDATE events SET body = $1 WHERE id = $2")
        .bind(r#"{"date":"2025-02-12","type":"home_visit"}"#)
        .bind(tampered)
        .execute(store.pool())
        .await
        .expect("tamper");
    let report = store.verify_chains().await.expect("verify");
    let broken = report.broken.expect("tampering is detected");
    assert_eq!(broken.event_id, Some(tampered));
}

#[tokio::test]
async fn conformance_sqlite() {
    let (store, _dir) = sqlite_store().await;
    conformance(store).await;
}

#[tokio::test]
async fn conformance_postgres() {
    if let Some(store) = postgres_store("conformance").await {
        conformance(store).await;
    }
}

/// A caseload with many cases received on different days, stored out of urgency order.
async fn caseload_pages(store: Store) {
    store.migrate().await.expect("migrate");
    let (service, officer) = service_and_officer(&store).await;
    // Received latest first, so that the table's order is the reverse of urgency; every
    // third case shares its day with the one before (the id breaks the tie).
    for i in 0..15_u32 {
        let p = store
            .create_person(
                &person(
                    "Әбенов",
                    &format!("Өмір{}", "ә".repeat(i as usize + 1)),
                    None,
                    "1990-05-05",
                    "male",
                ),
                &ALL,
            )
            .await
            .expect("person");
        let day = 28 - (i - i / 3);
        let mut c = conditional_case(p.id, service.id, officer.id);
        c.measure.verdict_in_force = Some(format!("2026-02-{day:02}"));
        c.verdict_date = Some("2026-02-01".into());
        c.received_on = Some(format!("2026-02-{day:02}"));
        c.verdict_number = Some(format!("2-{i}/2026"));
        store.create_case(&c, &ALL).await.expect("case");
    }
    let all = list_all(&store).await;
    assert_eq!(all.len(), 15);
    assert_items_read_as_their_cases(&store, &all).await;
    assert!(
        all.windows(2).any(|w| w[0].id > w[1].id),
        "urgency, not insertion, orders the list"
    );
    // Pages of four, one after the other, are the whole list in the same order.
    let mut paged = Vec::new();
    for offset in (0..15).step_by(4) {
        let page = store
            .list_cases(
                &CaseFilter {
                    officer_id: Some(officer.id),
                    limit: 4,
                    offset,
                    ..CaseFilter::default()
                },
                &ALL,
            )
            .await
            .expect("page");
        assert_eq!(page.total, 15);
        paged.extend(page.items);
    }
    assert_eq!(paged, all);
    // The overdue filter splits the caseload by what the engine found overdue.
    for overdue in [true, false] {
        let part = store
            .list_cases(
                &CaseFilter {
                    service_id: Some(service.id),
                    overdue: Some(overdue),
                    limit: 500,
                    ..CaseFilter::default()
                },
                &ALL,
            )
            .await
            .expect("filtered");
        let expected: Vec<_> = all
            .iter()
            .filter(|c| (c.overdue_count > 0) == overdue)
            .cloned()
            .collect();
        assert!(
            !expected.is_empty(),
            "both sides occur (overdue = {overdue})"
        );
        assert_eq!(part.items, expected, "overdue = {overdue}");
        assert_eq!(part.total, expected.len() as i64);
    }

    // The longest names and card number the register accepts still fit its list index
    // (PostgreSQL refuses an index entry over 2.7 kB): four-byte letters, escaped quotes.
    let longest = "𐐀".repeat(probatio_store::MAX_NAME_CHARS);
    let mut p = person(&longest, &longest, None, "1990-05-05", "male");
    p.patronymic = Some(longest.clone());
    p.latin_name = Some(longest.clone());
    let p = store.create_person(&p, &ALL).await.expect("longest names");
    let mut c = conditional_case(p.id, service.id, officer.id);
    c.verdict_number = Some("\"".repeat(60));
    let case = store
        .create_case(&c, &ALL)
        .await
        .expect("longest card number");
    assert_eq!(case.card_number, "\"".repeat(60));
    let listed = list_all(&store).await;
    assert!(
        listed
            .iter()
            .any(|i| i.id == case.id && i.surname == longest)
    );
    // A caseload search finds the cases of persons by name in any spelling, in the list's
    // order, with the other filters; no match is an empty page, not the whole caseload.
    let search = |q: &str, offset: i64| CaseFilter {
        officer_id: Some(officer.id),
        search: Some(q.to_owned()),
        limit: 4,
        offset,
        ..CaseFilter::default()
    };
    let want: Vec<_> = listed
        .iter()
        .filter(|c| c.surname == "Әбенов")
        .cloned()
        .collect();
    assert_eq!((want.len(), listed.len()), (15, 16));
    let found = store
        .list_cases(&search("Абенов", 0), &ALL)
        .await
        .expect("search in Russian spelling");
    assert_eq!(found.total, 15);
    assert_eq!(found.items, want[..4]);
    let second = store
        .list_cases(&search("abenov", 4), &ALL)
        .await
        .expect("search in Latin, second page");
    assert_eq!(second.items, want[4..8]);
    let none = store
        .list_cases(&search("Zzyzx", 0), &ALL)
        .await
        .expect("no match");
    assert_eq!((none.total, none.items.len()), (0, 0));
    // A caseload's agendas read together are each case's own, in the order asked.
    let mut ids: Vec<i64> = listed.iter().map(|c| c.id).collect();
    ids.reverse();
    let together = store.agendas_json(&ids, &ALL).await.expect("agendas");
    assert_eq!(together.len(), ids.len());
    for (id, json) in &together {
        assert_eq!(
            json,
            &store.agenda_json(*id, None, &ALL).await.expect("agenda")
        );
    }
    assert_eq!(together.iter().map(|(id, _)| *id).collect::<Vec<_>>(), ids);
    assert!(
        store
            .agendas_json(&ids, &Scope::Service(service.id + 1))
            .await
            .expect("another service")
            .is_empty()
    );
    // The head's view counts the same projections by officer.
    let loads = store
        .service_overview(service.id, &ALL)
        .await
        .expect("overview");
    let sum = |f: fn(&CaseListItem) -> i64| listed.iter().map(f).sum::<i64>();
    assert_eq!(
        loads,
        [probatio_store::OfficerLoad {
            officer_id: Some(officer.id),
            cases: 16,
            active: sum(|c| i64::from(c.status == "active")),
            overdue_cases: sum(|c| i64::from(c.overdue_count > 0)),
            overdue_tasks: sum(|c| c.overdue_count),
            flags: sum(|c| c.flag_count),
        }]
    );
    assert!(loads[0].overdue_tasks > 0);
    assert!(
        store
            .service_overview(service.id, &Scope::Service(service.id + 1))
            .await
            .expect("another service's head")
            .is_empty()
    );
    // One more letter, a digit or a line break is refused, naming the field.
    let mut too_long = person(&format!("{longest}а"), "Өмір", None, "1990-05-05", "male");
    assert_eq!(
        field(
            store
                .create_person(&too_long, &ALL)
                .await
                .expect_err("long")
        ),
        "surname"
    );
    too_long.surname = "Әбенов".into();
    too_long.patronymic = Some("Серік2".into());
    assert_eq!(
        field(
            store
                .create_person(&too_long, &ALL)
                .await
                .expect_err("digit")
        ),
        "patronymic"
    );
    // Scoped reads on this backend: the service and its region see the caseload, another
    // service and a role without case data see nothing; persons likewise.
    let region = Scope::Region("511010000".into());
    for (scope, expected) in [
        (Scope::Service(service.id), 16),
        (region.clone(), 16),
        (Scope::Service(service.id + 1), 0),
        (Scope::Region("750000000".into()), 0),
        (Scope::Nothing, 0),
    ] {
        let page = store
            .list_cases(
                &CaseFilter {
                    limit: 500,
                    ..CaseFilter::default()
                },
                &scope,
            )
            .await
            .expect("scoped list");
        assert_eq!(page.total, expected, "{scope:?}");
        let found = store
            .search_persons("Әбенов", 100, &scope)
            .await
            .expect("scoped search");
        assert_eq!(found.len() as i64, expected.min(15), "{scope:?}");
        let read = store.case(case.id, &scope).await;
        assert_eq!(read.is_ok(), expected > 0, "{scope:?}");
    }
    // A person entered by a service, before any case: that service sees them, no other.
    let fresh = store
        .create_person(
            &person("Жаңа", "Әлібек", None, "1991-02-02", "male"),
            &Scope::Service(service.id),
        )
        .await
        .expect("entered by the service");
    assert!(
        store
            .person(fresh.id, &Scope::Service(service.id))
            .await
            .is_ok()
    );
    assert!(store.person(fresh.id, &region).await.is_ok());
    assert!(matches!(
        store
            .person(fresh.id, &Scope::Service(service.id + 1))
            .await,
        Err(StoreError::NotFound(_))
    ));
    assert!(matches!(
        store
            .create_person(&person("Жаңа", "Бек", None, "1991-02-02", "male"), &region)
            .await,
        Err(StoreError::Forbidden(_))
    ));
    c.verdict_number = Some("1-2/2026\n".repeat(2));
    assert_eq!(
        field(store.create_case(&c, &ALL).await.expect_err("line break")),
        "verdict_number"
    );
}

/// The access log: batches chain in order; a record changed or removed behind the
/// application's back is found.
async fn access_log_chain(store: Store) {
    store.migrate().await.expect("migrate");
    let record = |i: i64| probatio_store::access::AccessRecord {
        at: format!("2026-03-10T10:00:0{i}Z"),
        actor: format!("user:{i}"),
        role: "officer".into(),
        address: "10.0.0.1".into(),
        method: "GET".into(),
        route: "/api/cases/{id}/agenda".into(),
        query: (i == 2).then(|| "q=Тоқаев".into()),
        case_id: Some(i),
        person_id: None,
        status: 200,
    };
    store
        .record_access(&[record(1), record(2)])
        .await
        .expect("first batch");
    store
        .record_access(&[record(3)])
        .await
        .expect("second batch");
    assert_eq!(store.verify_access().await.expect("verify"), (3, None));
    let listed = store.case_access(2, &ALL, 10).await;
    // Case 2 does not exist in this register: the log is listed only for a readable case.
    assert!(matches!(listed, Err(StoreError::NotFound(_))));
    sqlx::query("UPDATE access_log SET actor = 'user:9' WHERE seq = 2")
        .execute(store.access_pool())
        .await
        .expect("tamper");
    let (held, broken) = store.verify_access().await.expect("verify");
    assert_eq!((held, broken.map(|b| b.seq)), (1, Some(2)));
    sqlx::query("UPDATE access_log SET actor = 'user:2' WHERE seq = 2")
        .execute(store.access_pool())
        .await
        .expect("undo");
    sqlx::query("DELETE FROM access_log WHERE seq = 3")
        .execute(store.access_pool())
        .await
        .expect("remove the last");
    let (_, broken) = store.verify_access().await.expect("verify");
    assert!(
        broken.is_some_and(|b| b.problem.contains("removed from the end")),
        "a record removed from the end is found"
    );
}

/// The access list of a case (for the head of its service) finds every record about the case
/// or its person, through every block of the access log's indexes, newest first.
async fn access_list_reaches_across_index_blocks(store: Store) {
    store.migrate().await.expect("migrate");
    let (service, officer) = service_and_officer(&store).await;
    let p = store
        .create_person(
            &person("Тоқаев", "Нұрлан", None, "1990-01-01", "male"),
            &ALL,
        )
        .await
        .expect("person");
    let case = store
        .create_case(&conditional_case(p.id, service.id, officer.id), &ALL)
        .await
        .expect("case");
    let block = 1_i64 << probatio_store::schema::ACCESS_BLOCK_BITS;
    // Two blocks and a bit: the case is read in the first, its person in the second, the
    // case again in the third; everything else is about other cases.
    let total = 2 * block + 10;
    let ours = [5, block + 7, 2 * block + 3];
    let records: Vec<_> = (1..=total)
        .map(|seq| match seq {
            s if s == ours[0] || s == ours[2] => access_record(s, Some(case.id), None),
            s if s == ours[1] => access_record(s, None, Some(p.id)),
            s => access_record(s, Some(case.id + 1 + s % 50), None),
        })
        .collect();
    for chunk in records.chunks(4096) {
        store.record_access(chunk).await.expect("record");
    }
    let head = Scope::Service(service.id);
    let listed = store
        .case_access(case.id, &head, 100)
        .await
        .expect("the head lists");
    let seqs: Vec<i64> = listed.iter().map(|a| a.seq).collect();
    assert_eq!(seqs, vec![ours[2], ours[1], ours[0]]);
    assert_eq!(store.verify_access().await.expect("verify"), (total, None));
}

#[tokio::test]
async fn access_list_reaches_across_index_blocks_sqlite() {
    let (store, _dir) = sqlite_store().await;
    access_list_reaches_across_index_blocks(store).await;
}

#[tokio::test]
async fn access_list_reaches_across_index_blocks_postgres() {
    if let Some(store) = postgres_store("blocks").await {
        access_list_reaches_across_index_blocks(store).await;
    }
}

/// A SQLite register from before the access log had a file of its own: its records move to
/// the access-log file unchanged (same numbers, same hashes), the register's copy is emptied,
/// and a start interrupted between the two finishes the move; a register whose records the
/// access-log file does not hold is refused, not overwritten.
#[tokio::test]
async fn sqlite_access_log_moves_to_its_own_file_without_losing_a_record() {
    let dir = tempfile::tempdir().expect("temp dir");
    let old = dir.path().join("old.db");
    let url = format!("sqlite://{}", dir.path().join("register.db").display());
    let access_file = dir.path().join("register-access.db");
    let record = |i: i64| probatio_store::access::AccessRecord {
        at: format!("2026-03-10T10:00:0{i}Z"),
        actor: format!("user:{i}"),
        role: "head".into(),
        address: "10.0.0.1".into(),
        method: "GET".into(),
        route: "/api/persons".into(),
        query: Some("q=Тоқаев".into()),
        case_id: None,
        person_id: Some(i),
        status: 200,
    };
    let store = Store::connect(&url).await.expect("open");
    store.migrate().await.expect("migrate");
    store
        .record_access(&[record(1), record(2), record(3)])
        .await
        .expect("record");
    // The register as an earlier version left it: the records in the register's own tables.
    let copy_into_register = |store: Store, upto: i64| async move {
        let rows = sqlx::query(
            "SELECT seq, at, actor, role, address, method, route, query, case_id, person_id, \
             status, prev_hash, hash FROM access_log WHERE seq <= $1 ORDER BY seq",
        )
        .bind(upto)
        .fetch_all(store.access_pool())
        .await
        .expect("read");
        use sqlx::Row;
        let mut head = String::new();
        for r in &rows {
            head = r.get::<String, _>("hash");
            sqlx::query(
                "INSERT INTO access_log (seq, at, actor, role, address, method, route, query, \
                 case_id, person_id, status, prev_hash, hash) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)",
            )
            .bind(r.get::<i64, _>("seq"))
            .bind(r.get::<String, _>("at"))
            .bind(r.get::<String, _>("actor"))
            .bind(r.get::<String, _>("role"))
            .bind(r.get::<String, _>("address"))
            .bind(r.get::<String, _>("method"))
            .bind(r.get::<String, _>("route"))
            .bind(r.get::<Option<String>, _>("query"))
            .bind(r.get::<Option<i64>, _>("case_id"))
            .bind(r.get::<Option<i64>, _>("person_id"))
            .bind(r.get::<i64, _>("status"))
            .bind(r.get::<String, _>("prev_hash"))
            .bind(r.get::<String, _>("hash"))
            .execute(store.pool())
            .await
            .expect("insert");
        }
        sqlx::query("UPDATE access_chain SET seq = $1, head = $2 WHERE id = 1")
            .bind(upto)
            .bind(head)
            .execute(store.pool())
            .await
            .expect("head");
        store.close().await;
    };
    copy_into_register(store, 3).await;
    std::fs::rename(&access_file, &old).expect("set the access file aside");
    for suffix in ["-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", access_file.display()));
    }

    // The move.
    let store = Store::connect(&url).await.expect("open");
    store.migrate().await.expect("the move");
    assert_eq!(store.verify_access().await.expect("verify"), (3, None));
    let left: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM access_log")
        .fetch_one(store.pool())
        .await
        .expect("count");
    assert_eq!(left, 0, "the register's copy is emptied");

    // Interrupted after the copy: the register still holds what the file holds.
    copy_into_register(store, 3).await;
    let store = Store::connect(&url).await.expect("open");
    store.migrate().await.expect("finishing the move");
    assert_eq!(store.verify_access().await.expect("verify"), (3, None));
    let left: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM access_log")
        .fetch_one(store.pool())
        .await
        .expect("count");
    assert_eq!(left, 0);

    // The register holds records the file does not: nothing is changed, the start stops.
    store.record_access(&[record(4)]).await.expect("record");
    copy_into_register(store, 4).await;
    sqlx::query("UPDATE access_log SET hash = 'another' WHERE seq = 4")
        .execute(
            &sqlx::AnyPool::connect(&access_url(&url))
                .await
                .expect("file"),
        )
        .await
        .expect("diverge");
    let store = Store::connect(&url).await.expect("open");
    let refused = store.migrate().await.expect_err("two different logs");
    assert!(matches!(refused, StoreError::Corrupt(_)), "{refused}");
    let kept: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM access_log")
        .fetch_one(store.pool())
        .await
        .expect("count");
    assert_eq!(kept, 4, "the register's records are kept");
}

/// Two processes writing one SQLite access log (a misconfiguration, but possible): each batch
/// takes the head under the write lock, so no record is lost or forked.
#[tokio::test]
async fn two_writers_of_one_sqlite_access_log_keep_one_chain() {
    let dir = tempfile::tempdir().expect("temp dir");
    let url = format!("sqlite://{}", dir.path().join("register.db").display());
    let a = Store::connect(&url).await.expect("open");
    a.migrate().await.expect("migrate");
    let b = Store::connect(&url).await.expect("open");
    let record = |i: i64| access_record(i, Some(i), None);
    for i in 0..6 {
        let (first, second) = if i % 2 == 0 { (&a, &b) } else { (&b, &a) };
        first
            .record_access(&[record(i), record(i + 100)])
            .await
            .expect("first");
        first
            .record_access(&[record(i + 200)])
            .await
            .expect("again");
        second
            .record_access(&[record(i + 300)])
            .await
            .expect("second");
    }
    assert_eq!(a.verify_access().await.expect("verify"), (24, None));
}

fn access_url(url: &str) -> String {
    probatio_store::access_file_url(url, probatio_store::Backend::Sqlite).expect("a file")
}

#[tokio::test]
async fn access_log_chain_sqlite() {
    let (store, _dir) = sqlite_store().await;
    access_log_chain(store).await;
}

#[tokio::test]
async fn access_log_chain_postgres() {
    if let Some(store) = postgres_store("access").await {
        access_log_chain(store).await;
    }
}

#[tokio::test]
async fn caseload_pages_sqlite() {
    let (store, _dir) = sqlite_store().await;
    caseload_pages(store).await;
}

/// The hot reads of a SQLite file register go through SQLite's own interface, binding the
/// same numbered placeholders by name: every filter, scope (an integer or a text bound) and
/// page gives the same bytes as the sqlx pool, and so does today's agenda of every case.
#[tokio::test]
async fn sqlite_hot_reads_on_sqlites_own_interface_answer_as_the_pool() {
    let (store, _dir) = sqlite_store().await;
    caseload_pages(store.clone()).await;
    let pooled = store.clone().without_direct_reads();
    let all = list_all(&store).await;
    let officer = all[0].officer_id;
    let service = store
        .case(all[0].id, &ALL)
        .await
        .expect("case")
        .details
        .service_id;
    let filters = [
        CaseFilter::default(),
        CaseFilter {
            officer_id: officer,
            limit: 4,
            offset: 3,
            ..CaseFilter::default()
        },
        CaseFilter {
            service_id: Some(service),
            status: Some("active".into()),
            measure: Some("conditional_sentence".into()),
            juvenile: Some(false),
            overdue: Some(true),
            limit: 500,
            ..CaseFilter::default()
        },
        CaseFilter {
            overdue: Some(false),
            offset: 100,
            ..CaseFilter::default()
        },
        CaseFilter {
            search: Some("a".into()),
            limit: 7,
            ..CaseFilter::default()
        },
    ];
    let scopes = [
        ALL,
        Scope::Service(service),
        Scope::Region("511010000".into()),
        Scope::Region("750000000".into()),
        Scope::Nothing,
    ];
    for filter in &filters {
        for scope in &scopes {
            let direct = store.list_cases_json(filter, scope).await.expect("direct");
            let pool = pooled.list_cases_json(filter, scope).await.expect("pool");
            assert_eq!(
                String::from_utf8_lossy(&direct),
                String::from_utf8_lossy(&pool),
                "{filter:?} as {scope:?}"
            );
        }
    }
    let nonempty = store
        .list_cases_json(&filters[1], &Scope::Service(service))
        .await
        .expect("page");
    assert!(
        nonempty.starts_with(br#"{"items":[{"#),
        "the comparison saw items"
    );
    for item in &all {
        for scope in &scopes {
            let direct = store.agenda_json(item.id, None, scope).await;
            let pool = pooled.agenda_json(item.id, None, scope).await;
            match (direct, pool) {
                (Ok(d), Ok(p)) => assert_eq!(d, p, "agenda of case {}", item.id),
                (Err(d), Err(p)) => assert_eq!(d.to_string(), p.to_string()),
                (d, p) => panic!("case {} as {scope:?}: {d:?} but {p:?}", item.id),
            }
        }
    }
}

/// A caseload page is given again from the reading connection only while the register has not
/// changed: a write by the same store or by another process (here a second store on the file)
/// is in the next page read.
#[tokio::test]
async fn a_caseload_page_read_after_any_writer_commits_shows_the_write_sqlite() {
    let (store, dir) = sqlite_store().await;
    store.migrate().await.expect("migrate");
    let (service, officer) = service_and_officer(&store).await;
    let p = store
        .create_person(
            &person("Әбенов", "Нұрлан", None, "1990-01-01", "male"),
            &ALL,
        )
        .await
        .expect("person");
    let case = store
        .create_case(&conditional_case(p.id, service.id, officer.id), &ALL)
        .await
        .expect("case");
    let filter = CaseFilter {
        officer_id: Some(officer.id),
        limit: 60,
        ..CaseFilter::default()
    };
    let version_in = |page: &[u8]| -> i64 {
        let v: serde_json::Value = serde_json::from_slice(page).expect("json");
        v["items"][0]["version"].as_i64().expect("version")
    };
    let first = store.list_cases_json(&filter, &ALL).await.expect("page");
    assert_eq!(version_in(&first), 0);
    assert_eq!(
        store.list_cases_json(&filter, &ALL).await.expect("again"),
        first,
        "unchanged register, same page"
    );
    // Another process appends.
    let url = format!("sqlite://{}", dir.path().join("register.db").display());
    let other = Store::connect(&url)
        .await
        .expect("second store")
        .with_today(TODAY);
    other
        .append_event(
            case.id,
            &event(0, json!({"date": "2026-03-02", "type": "registered"})),
            "user:2",
            &ALL,
        )
        .await
        .expect("appended elsewhere");
    let after = store.list_cases_json(&filter, &ALL).await.expect("page");
    assert_eq!(version_in(&after), 1, "the other process's append is seen");
    // And this store's own.
    store
        .append_event(
            case.id,
            &event(1, json!({"date": "2026-03-05", "type": "records_check"})),
            "user:1",
            &ALL,
        )
        .await
        .expect("appended here");
    let last = store.list_cases_json(&filter, &ALL).await.expect("page");
    assert_eq!(version_in(&last), 2, "this store's append is seen");
}

#[tokio::test]
async fn caseload_pages_postgres() {
    if let Some(store) = postgres_store("caseload").await {
        caseload_pages(store).await;
    }
}

/// Rules 511 p.79 through the preview of an event: an early-cancellation submission before half
/// the term is shown as the flag it would raise, before anything is written; the preview is
/// refused where the append would be (a stale version, a kind the matrix does not allow).
async fn event_preview(store: Store) {
    store.migrate().await.expect("migrate");
    let (service, officer) = service_and_officer(&store).await;
    let p = store
        .create_person(
            &person("Сәрсенбай", "Әлия", None, "1995-03-03", "female"),
            &ALL,
        )
        .await
        .expect("person");
    let case = store
        .create_case(&conditional_case(p.id, service.id, officer.id), &ALL)
        .await
        .expect("case");
    let registered = json!({"date": "2025-01-15", "type": "registered"});
    store
        .append_event(case.id, &event(case.version, registered), "user:1", &ALL)
        .await
        .expect("registered");
    let version = case.version + 1;
    let early =
        json!({"date": "2026-01-05", "type": "submission", "purpose": "early_cancellation"});
    let preview = store
        .preview_event(case.id, &event(version, early.clone()), "user:1", &ALL)
        .await
        .expect("preview");
    let raised: Vec<_> = preview
        .raised_flags()
        .iter()
        .map(|f| (f.kind.as_str(), f.date.to_string(), f.rule.to_string()))
        .collect();
    assert_eq!(
        raised,
        [(
            "premature_submission",
            "2026-01-05".to_owned(),
            "p.79".to_owned()
        )],
        "half the term of two years from 2025-01-15 is 2026-01-15"
    );
    // Nothing was written: the same version, the same log.
    assert_eq!(
        store.case(case.id, &ALL).await.expect("case").version,
        version
    );
    assert_eq!(store.events(case.id, &ALL).await.expect("events").len(), 1);
    // A violation raises nothing and opens the summons (p.80).
    let violation = json!({"date": "2026-03-10", "type": "violation", "kind": "ordinary"});
    let preview = store
        .preview_event(case.id, &event(version, violation.clone()), "user:1", &ALL)
        .await
        .expect("preview");
    assert!(preview.raised_flags().is_empty());
    assert!(
        preview
            .after
            .tasks
            .iter()
            .any(|t| t.kind.as_str() == "summon" && !preview.before.tasks.contains(t))
    );
    // The preview equals what the append then stores.
    store
        .append_event(case.id, &event(version, violation), "user:1", &ALL)
        .await
        .expect("violation");
    assert_eq!(
        store.agenda(case.id, None, &ALL).await.expect("agenda"),
        preview.after
    );
    assert!(matches!(
        store
            .preview_event(case.id, &event(version, early), "user:1", &ALL)
            .await,
        Err(StoreError::Conflict { .. })
    ));
    let bad = json!({"date": "2026-03-10", "type": "violation", "kind": "malicious"});
    assert_eq!(
        field(
            store
                .preview_event(case.id, &event(version + 1, bad), "user:1", &ALL)
                .await
                .expect_err("not in the matrix")
        ),
        "event.kind"
    );
}

#[tokio::test]
async fn event_preview_sqlite() {
    let (store, _dir) = sqlite_store().await;
    event_preview(store).await;
}

#[tokio::test]
async fn event_preview_postgres() {
    if let Some(store) = postgres_store("preview").await {
        event_preview(store).await;
    }
}

/// G8: a case's file moves to the service of the person's new district only when that
/// service's head confirms receipt; until then the sender supervises and the receiver sees
/// only what it needs to recognise the case. The head then assigns it.
async fn transfers(store: Store) {
    store.migrate().await.expect("migrate");
    let (from, officer) = service_and_officer(&store).await;
    let to = store
        .create_service(&NewService {
            kato: "511015000".into(),
            region_kato: "511010000".into(),
            name_kk: "Еңбекші ауданының пробация қызметі".into(),
            name_ru: "Служба пробации Енбекшинского района".into(),
        })
        .await
        .expect("receiving service");
    let p = store
        .create_person(
            &person("Көшербаев", "Ақжол", None, "1991-04-04", "male"),
            &ALL,
        )
        .await
        .expect("person");
    let case = store
        .create_case(&conditional_case(p.id, from.id, officer.id), &ALL)
        .await
        .expect("case");
    let sender = Scope::Officer {
        service_id: from.id,
        officer_id: officer.id,
    };
    let (sending_head, receiving_head) = (Scope::Service(from.id), Scope::Service(to.id));
    let reason = "Жаңа мекенжайы: Еңбекші ауданы";
    assert_eq!(
        field(
            store
                .request_transfer(case.id, from.id, reason, "user:1", &sender)
                .await
                .expect_err("same service")
        ),
        "to_service_id"
    );
    assert_eq!(
        field(
            store
                .request_transfer(case.id, to.id, "  ", "user:1", &sender)
                .await
                .expect_err("no reason")
        ),
        "reason"
    );
    let t = store
        .request_transfer(case.id, to.id, reason, "user:1", &sender)
        .await
        .expect("requested");
    assert_eq!(
        (t.status.as_str(), t.from_service_id),
        ("requested", from.id)
    );
    assert!(matches!(
        store
            .request_transfer(case.id, to.id, reason, "user:1", &sender)
            .await,
        Err(StoreError::Duplicate(_))
    ));
    // Waiting: the sender keeps the case, the receiver sees the request, not the case.
    assert!(store.case(case.id, &sending_head).await.is_ok());
    assert!(matches!(
        store.case(case.id, &receiving_head).await,
        Err(StoreError::NotFound(_))
    ));
    let incoming = store
        .incoming_transfers(&receiving_head)
        .await
        .expect("incoming");
    assert_eq!(incoming.len(), 1);
    assert_eq!(
        (
            incoming[0].card_number.as_str(),
            incoming[0].surname.as_str()
        ),
        ("2-1234/2024", "Көшербаев")
    );
    assert!(
        store
            .incoming_transfers(&sending_head)
            .await
            .expect("none")
            .is_empty()
    );
    assert_eq!(
        store
            .open_transfer(case.id, &sender)
            .await
            .expect("open")
            .map(|x| x.id),
        Some(t.id)
    );
    // Only the receiving head confirms.
    assert!(matches!(
        store.receive_transfer(t.id, "user:2", &sending_head).await,
        Err(StoreError::NotFound(_))
    ));
    assert!(matches!(
        store
            .receive_transfer(
                t.id,
                "user:2",
                &Scope::Officer {
                    service_id: to.id,
                    officer_id: officer.id
                }
            )
            .await,
        Err(StoreError::Forbidden(_))
    ));
    let received = store
        .receive_transfer(t.id, "user:2", &receiving_head)
        .await
        .expect("received");
    assert_eq!(received.status, "received");
    assert!(matches!(
        store
            .receive_transfer(t.id, "user:2", &receiving_head)
            .await,
        Err(StoreError::Duplicate(_))
    ));
    let moved = store
        .case(case.id, &receiving_head)
        .await
        .expect("now the receiver's");
    assert_eq!(
        (moved.details.service_id, moved.details.officer_id),
        (to.id, None)
    );
    assert!(matches!(
        store.case(case.id, &sending_head).await,
        Err(StoreError::NotFound(_))
    ));
    assert_items_read_as_their_cases(&store, &list_all(&store).await).await;
    // The receiving head assigns it to one of their own officers.
    assert_eq!(
        field(
            store
                .assign_case(case.id, Some(officer.id), &receiving_head)
                .await
                .expect_err("another service's officer")
        ),
        "officer_id"
    );
    let theirs = store
        .create_officer(&NewOfficer {
            service_id: to.id,
            full_name: "Нұрланова Гүлнар".into(),
        })
        .await
        .expect("officer");
    store
        .assign_case(case.id, Some(theirs.id), &receiving_head)
        .await
        .expect("assigned");
    let listed = list_all(&store).await;
    assert!(
        listed
            .iter()
            .any(|i| i.id == case.id && i.officer_id == Some(theirs.id))
    );
    assert_items_read_as_their_cases(&store, &listed).await;
    // A request can be taken back while it waits; the case stays.
    let back = store
        .request_transfer(case.id, from.id, reason, "user:2", &receiving_head)
        .await
        .expect("requested back");
    let withdrawn = store
        .withdraw_transfer(back.id, "user:2", &receiving_head)
        .await
        .expect("withdrawn");
    assert_eq!(withdrawn.status, "withdrawn");
    assert!(store.case(case.id, &receiving_head).await.is_ok());
}

#[tokio::test]
async fn transfers_sqlite() {
    let (store, _dir) = sqlite_store().await;
    transfers(store).await;
}

#[tokio::test]
async fn transfers_postgres() {
    if let Some(store) = postgres_store("transfers").await {
        transfers(store).await;
    }
}

/// Issue 6: a document issued is an entry of the case's hash-chained log (kind, language,
/// number, SHA-256 of its bytes, the facts it was typeset from); the engine never sees it, so
/// the agenda does not change; it cannot be appended through the ordinary path; the chains
/// still verify.
async fn documents_in_the_log(store: Store) {
    store.migrate().await.expect("migrate");
    let (service, officer) = service_and_officer(&store).await;
    let p = store
        .create_person(
            &person("Оспанов", "Ерлан", None, "1988-08-08", "male"),
            &ALL,
        )
        .await
        .expect("person");
    let case = store
        .create_case(&conditional_case(p.id, service.id, officer.id), &ALL)
        .await
        .expect("case");
    store
        .append_event(
            case.id,
            &event(0, json!({"date": "2025-01-15", "type": "registered"})),
            "user:1",
            &ALL,
        )
        .await
        .expect("registered");
    let before = store.agenda(case.id, None, &ALL).await.expect("agenda");
    assert_eq!(
        store
            .next_document_number(case.id, &ALL)
            .await
            .expect("number"),
        "2-1234/2024/1"
    );
    let doc = probatio_store::NewDocument {
        kind: "receipt".into(),
        lang: "kk".into(),
        number: "2-1234/2024/1".into(),
        sha256: "ab".repeat(32),
        templates: "0123456789abcdef".into(),
        facts: json!({"person": {"name": "Оспанов Ерлан"}}),
    };
    let issued = store
        .record_document(case.id, 1, &doc, "user:1", &ALL)
        .await
        .expect("recorded");
    assert_eq!(issued.issued_on, TODAY.to_string());
    assert_eq!(
        store.agenda(case.id, None, &ALL).await.expect("agenda"),
        before
    );
    assert_eq!(
        store
            .agenda_json(case.id, None, &ALL)
            .await
            .expect("stored"),
        serde_json::to_string(&before).expect("json")
    );
    let listed = store.documents(case.id, &ALL).await.expect("documents");
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0].sha256, doc.sha256);
    assert_eq!(listed[0].facts, doc.facts);
    assert_eq!(listed[0].templates, doc.templates);
    assert_eq!(
        store
            .next_document_number(case.id, &ALL)
            .await
            .expect("number"),
        "2-1234/2024/2"
    );
    // A stale version is refused; the ordinary append refuses a forged record.
    assert!(matches!(
        store
            .record_document(case.id, 1, &doc, "user:1", &ALL)
            .await,
        Err(StoreError::Conflict { .. })
    ));
    let forged = json!({"date": "2026-03-01", "type": "document_issued", "kind": "receipt"});
    assert_eq!(
        field(
            store
                .append_event(case.id, &event(2, forged), "user:1", &ALL)
                .await
                .expect_err("forged")
        ),
        "event.type"
    );
    let mut bad = doc.clone();
    bad.sha256 = "not a hash".into();
    assert_eq!(
        field(
            store
                .record_document(case.id, 2, &bad, "user:1", &ALL)
                .await
                .expect_err("bad hash")
        ),
        "sha256"
    );
    // Events after it are judged as before; the chains hold.
    store
        .append_event(
            case.id,
            &event(
                2,
                json!({"date": "2026-03-01", "type": "violation", "kind": "ordinary"}),
            ),
            "user:1",
            &ALL,
        )
        .await
        .expect("violation after a document");
    let report = store.verify_chains().await.expect("verify");
    assert!(report.broken.is_none(), "{report:?}");
    // A prosecutor of another region sees no document of it.
    assert!(matches!(
        store
            .documents(case.id, &Scope::Region("750000000".into()))
            .await,
        Err(StoreError::NotFound(_))
    ));
}

#[tokio::test]
async fn documents_in_the_log_sqlite() {
    let (store, _dir) = sqlite_store().await;
    documents_in_the_log(store).await;
}

#[tokio::test]
async fn documents_in_the_log_postgres() {
    if let Some(store) = postgres_store("documents").await {
        documents_in_the_log(store).await;
    }
}
