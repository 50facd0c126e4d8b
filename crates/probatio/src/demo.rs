//! `probatio demo`: a synthetic register with the national mix of measures, plausible Kazakh
//! and Russian names, valid IINs and realistic histories (duties, violations, searches, moves).

use probatio_core::date::Date;
use probatio_core::iin::check_digit;
use probatio_store::{
    Address, CaseBundle, MeasureInput, NewCase, NewOfficer, NewPerson, NewService, Store,
};
use serde_json::{Value, json};

/// A small, repeatable generator (SplitMix64).
pub struct Rng(pub u64);

impl Rng {
    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    pub fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }

    pub fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }
}

/// District services: KATO code, region KATO, names in Kazakh and Russian.
const SERVICES: [(&str, &str, &str, &str); 12] = [
    (
        "751210000",
        "750000000",
        "Алматы қаласы Әуезов ауданының пробация қызметі",
        "Служба пробации Ауэзовского района г. Алматы",
    ),
    (
        "751510000",
        "750000000",
        "Алматы қаласы Медеу ауданының пробация қызметі",
        "Служба пробации Медеуского района г. Алматы",
    ),
    (
        "711210000",
        "710000000",
        "Астана қаласы Алматы ауданының пробация қызметі",
        "Служба пробации района Алматы г. Астаны",
    ),
    (
        "711410000",
        "710000000",
        "Астана қаласы Сарыарқа ауданының пробация қызметі",
        "Служба пробации района Сарыарка г. Астаны",
    ),
    (
        "791410000",
        "790000000",
        "Шымкент қаласы Әл-Фараби ауданының пробация қызметі",
        "Служба пробации района Аль-Фараби г. Шымкента",
    ),
    (
        "351010000",
        "350000000",
        "Қарағанды қаласының пробация қызметі",
        "Служба пробации г. Караганды",
    ),
    (
        "231010000",
        "230000000",
        "Атырау қаласының пробация қызметі",
        "Служба пробации г. Атырау",
    ),
    (
        "631010000",
        "630000000",
        "Өскемен қаласының пробация қызметі",
        "Служба пробации г. Усть-Каменогорска",
    ),
    (
        "111010000",
        "110000000",
        "Көкшетау қаласының пробация қызметі",
        "Служба пробации г. Кокшетау",
    ),
    (
        "431010000",
        "430000000",
        "Қызылорда қаласының пробация қызметі",
        "Служба пробации г. Кызылорды",
    ),
    (
        "511610000",
        "510000000",
        "Түркістан облысы Сайрам ауданының пробация қызметі",
        "Служба пробации Сайрамского района Туркестанской области",
    ),
    (
        "195230000",
        "190000000",
        "Алматы облысы Қарасай ауданының пробация қызметі",
        "Служба пробации Карасайского района Алматинской области",
    ),
];

const KK_SURNAMES: [&str; 24] = [
    "Тоқаев",
    "Нұрланов",
    "Әбенов",
    "Сейітов",
    "Омаров",
    "Жұмабаев",
    "Қасымов",
    "Серікбаев",
    "Төлеуов",
    "Ержанов",
    "Оспанов",
    "Мұхамедов",
    "Әлиев",
    "Ахметов",
    "Құдайбергенов",
    "Бекенов",
    "Ғабитов",
    "Үсенов",
    "Іскаков",
    "Байжанов",
    "Сәрсенбаев",
    "Өтегенов",
    "Жақсылықов",
    "Қуанышев",
];
const RU_SURNAMES: [&str; 12] = [
    "Иванов",
    "Петров",
    "Семёнов",
    "Кузнецов",
    "Смирнов",
    "Попов",
    "Волков",
    "Фёдоров",
    "Морозов",
    "Ким",
    "Пак",
    "Цой",
];
const KK_MALE: [&str; 16] = [
    "Нұрлан",
    "Ерлан",
    "Асхат",
    "Дәурен",
    "Ғалым",
    "Қайрат",
    "Бауыржан",
    "Серік",
    "Айдос",
    "Мұрат",
    "Ержан",
    "Талғат",
    "Әділет",
    "Жәнібек",
    "Өмірзақ",
    "Ұлан",
];
const KK_FEMALE: [&str; 10] = [
    "Әсел",
    "Айгүл",
    "Гүлнар",
    "Жанар",
    "Сәуле",
    "Меруерт",
    "Ақбота",
    "Динара",
    "Назерке",
    "Аружан",
];
const RU_MALE: [&str; 8] = [
    "Сергей",
    "Алексей",
    "Дмитрий",
    "Андрей",
    "Виктор",
    "Семён",
    "Артём",
    "Игорь",
];
const RU_FEMALE: [&str; 6] = ["Елена", "Ольга", "Наталья", "Татьяна", "Анастасия", "Юлия"];
const KK_PATRONYMIC_ROOTS: [&str; 8] = [
    "Серік",
    "Нұрлан",
    "Қайрат",
    "Мұрат",
    "Бақыт",
    "Ерлан",
    "Асқар",
    "Жомарт",
];
const STREETS: [&str; 8] = [
    "Абай даңғылы",
    "Төле би көшесі",
    "Қабанбай батыр көшесі",
    "Сәтпаев көшесі",
    "Тәуке хан даңғылы",
    "Республика даңғылы",
    "Желтоқсан көшесі",
    "Құрманғазы көшесі",
];

/// Appendix 4 (Q1 2023): persons on the register by measure, per 100,000.
pub const MIX: [(&str, u64); 6] = [
    ("restriction_of_freedom", 70_619),
    ("conditional_sentence", 12_146),
    ("activity_ban", 11_592),
    ("community_service", 3_383),
    ("deferral", 1_802),
    ("correctional_works", 458),
];

fn feminine(surname: &str) -> String {
    if surname.ends_with("ов") || surname.ends_with("ев") || surname.ends_with("ин") {
        format!("{surname}а")
    } else {
        surname.to_owned()
    }
}

/// A valid IIN for a birth date and sex.
fn iin(rng: &mut Rng, birth: Date, male: bool) -> String {
    let (y, m, d) = birth.to_ymd();
    let century = match (y / 100, male) {
        (18, true) => 1,
        (18, false) => 2,
        (19, true) => 3,
        (19, false) => 4,
        (_, true) => 5,
        (_, false) => 6,
    };
    loop {
        let first = format!(
            "{:02}{m:02}{d:02}{century}{:04}",
            y % 100,
            rng.below(10_000)
        );
        let mut digits = [0u8; 11];
        for (o, c) in digits.iter_mut().zip(first.bytes()) {
            *o = c - b'0';
        }
        if let Some(c) = check_digit(&digits) {
            return format!("{first}{c}");
        }
    }
}

fn date(d: Date) -> String {
    d.to_string()
}

/// One synthetic case history as of `today`.
/// A service with its officers' ids, KATO code and region.
type Service = (i64, Vec<i64>, String, String);

fn bundle(rng: &mut Rng, n: usize, today: Date, services: &[Service]) -> CaseBundle {
    let mut r = rng.below(100_000);
    let mut kind = MIX[0].0;
    for (k, w) in MIX {
        if r < w {
            kind = k;
            break;
        }
        r -= w;
    }
    let male = rng.chance(if kind == "deferral" { 5 } else { 86 });
    let kazakh = rng.chance(75);
    let age_years = 18 + rng.below(50) as i32;
    let birth = today.add_days(-(age_years * 365 + rng.below(365) as i32));
    let surname = if kazakh {
        *rng.pick(&KK_SURNAMES)
    } else {
        *rng.pick(&RU_SURNAMES)
    };
    let given = match (kazakh, male) {
        (true, true) => *rng.pick(&KK_MALE),
        (true, false) => *rng.pick(&KK_FEMALE),
        (false, true) => *rng.pick(&RU_MALE),
        (false, false) => *rng.pick(&RU_FEMALE),
    };
    let patronymic = if kazakh {
        format!(
            "{}{}",
            rng.pick(&KK_PATRONYMIC_ROOTS),
            if male { "ұлы" } else { "қызы" }
        )
    } else {
        format!(
            "{}{}",
            rng.pick(&["Сергеев", "Иванов", "Петров", "Николаев"]),
            if male { "ич" } else { "на" }
        )
    };
    let (service_id, officers, kato, region) = rng.pick(services).clone();
    let rural = rng.chance(25);
    let children = if kind == "deferral" {
        vec![date(today.add_days(-(rng.below(700) as i32) - 30))]
    } else {
        vec![]
    };
    let person = NewPerson {
        iin: Some(iin(rng, birth, male)),
        surname: if male {
            surname.to_owned()
        } else {
            feminine(surname)
        },
        given_name: given.to_owned(),
        patronymic: Some(patronymic),
        latin_name: None,
        birth_date: date(birth),
        birth_place: Some(
            rng.pick(&[
                "Алматы қ.",
                "Шымкент қ.",
                "Қарағанды қ.",
                "Тараз қ.",
                "Ақтөбе қ.",
            ])
            .to_string(),
        ),
        sex: if male { "male" } else { "female" }.to_owned(),
        citizenship: Some("KZ".to_owned()),
        disability_group: rng.chance(2).then_some(3),
        pregnant: false,
        sole_carer: false,
        military: false,
        children_birth_dates: children.clone(),
        address: Some(Address {
            kato_region: region,
            kato_district: kato,
            line: format!("{}, {}-үй", rng.pick(&STREETS), 1 + rng.below(200)),
            rural,
            since: date(birth.add_days(18 * 365)),
        }),
    };
    // The history: from a verdict 1–30 months ago to today.
    let months_back = 1 + rng.below(30) as i32;
    let verdict = today.add_days(-months_back * 30 - rng.below(20) as i32);
    let mut events: Vec<Value> = Vec::new();
    let mut push = |d: Date, body: Value| {
        if d <= today {
            let mut e = json!({"date": date(d)});
            if let (Some(obj), Value::Object(rest)) = (e.as_object_mut(), body) {
                obj.extend(rest);
            }
            events.push(e);
        }
    };
    let term_months = 6 + rng.below(42);
    let mut measure = MeasureInput {
        kind: kind.to_owned(),
        term: None,
        until: None,
        release_date: None,
        hours: None,
        juvenile: false,
        verdict_in_force: Some(date(verdict)),
    };
    let late = rng.chance(8);
    // Under deferral the person registers after arriving (released +1, arrived +5).
    let first_day = if kind == "deferral" { 6 } else { 2 };
    let registered = verdict.add_days(first_day + rng.below(if late { 25 } else { 8 }) as i32);
    match kind {
        "deferral" => {
            measure.until = children
                .first()
                .and_then(|c| Date::parse(c).ok())
                .map(|c| date(c.add_months(36)));
            push(verdict.add_days(1), json!({"type": "released"}));
            push(verdict.add_days(5), json!({"type": "arrived"}));
        }
        "community_service" => measure.hours = Some(60 + rng.below(180) as i64),
        _ => measure.term = Some(format!("P{term_months}M")),
    }
    match kind {
        "restriction_of_freedom" => push(verdict.add_days(1), json!({"type": "verdict_received"})),
        "correctional_works" => push(verdict.add_days(2), json!({"type": "order_received"})),
        _ => {}
    }
    push(registered, json!({"type": "registered"}));
    if kind == "correctional_works" {
        push(
            registered.add_days(1),
            json!({"type": "employer_received_verdict"}),
        );
    }
    if matches!(kind, "restriction_of_freedom" | "conditional_sentence") {
        let days = if rural && kind == "conditional_sentence" {
            json!([10])
        } else {
            json!([5, 20])
        };
        push(registered, json!({"type": "reporting_days", "days": days}));
    }
    let duties: &[&str] = match kind {
        "restriction_of_freedom" | "conditional_sentence" => &["records_check", "home_visit"],
        "correctional_works" | "community_service" => &["records_check", "preventive_talk"],
        _ => &["records_check"],
    };
    let violation: &[&str] = match kind {
        "conditional_sentence" => &["ordinary", "ordinary", "duty_failure"],
        "deferral" => &["public_order", "child_care"],
        "restriction_of_freedom" | "correctional_works" | "community_service" => {
            &["ordinary", "ordinary", "malicious"]
        }
        _ => &[],
    };
    let mut month = registered;
    let mut searching = false;
    while month <= today {
        for duty in duties {
            if rng.chance(94) {
                push(
                    month.add_days(2 + rng.below(20) as i32),
                    json!({"type": duty}),
                );
            }
        }
        if kind == "deferral" && month.month() % 3 == 0 && rng.chance(85) {
            push(month.add_days(10), json!({"type": "guardianship_check"}));
        }
        let d = month.add_days(1 + rng.below(25) as i32);
        match rng.below(100) {
            0..=6 if !violation.is_empty() => {
                push(d, json!({"type": "violation", "kind": rng.pick(violation)}));
                if rng.chance(85) {
                    push(
                        d.add_days(1 + rng.below(4) as i32),
                        json!({"type": "summoned"}),
                    );
                    push(
                        d.add_days(1 + rng.below(5) as i32),
                        json!({"type": "warning"}),
                    );
                }
            }
            7 if !searching => {
                push(d, json!({"type": "initial_search_started"}));
                searching = true;
                if rng.chance(60) {
                    push(d.add_days(15), json!({"type": "search_ended"}));
                    searching = false;
                }
            }
            8 => push(
                d,
                json!({"type": "residence_changed", "notice": if rng.chance(80) { "written" } else { "oral" }}),
            ),
            9..=13 => push(d, json!({"type": "reported"})),
            _ => {}
        }
        month = month.add_days(30);
    }
    let officer = if officers.is_empty() {
        None
    } else {
        Some(*rng.pick(&officers))
    };
    CaseBundle {
        key: format!("demo-{n}"),
        person,
        case: NewCase {
            person_id: 0,
            service_id,
            officer_id: officer,
            measure,
            court: Some("Аудандық сот".to_owned()),
            verdict_number: Some(format!("1-{}/{}", 100 + n, verdict.year())),
            verdict_date: Some(date(verdict.add_days(-12))),
            received_on: Some(date(verdict.add_days(1))),
            additional_punishments: None,
        },
        events: {
            events.sort_by(|a, b| a["date"].as_str().cmp(&b["date"].as_str()));
            events
        },
    }
}

/// Fills `store` with `persons` synthetic cases (and the services and officers they need).
pub async fn fill(store: &Store, persons: usize, seed: u64) -> anyhow::Result<()> {
    let mut rng = Rng(seed);
    let today = store.today();
    let mut services = Vec::new();
    let existing = store.services().await?;
    // A realistic caseload: about 60 cases an officer, 5 officers a service. Beyond the 12 named
    // services, numbered ones are added in the same regions (synthetic KATO codes).
    let wanted = SERVICES.len().max(persons.div_ceil(300));
    let list: Vec<(String, String, String, String)> = (0..wanted)
        .map(|i| {
            let (kato, region, kk, ru) = SERVICES[i % SERVICES.len()];
            if i < SERVICES.len() {
                (
                    kato.to_owned(),
                    region.to_owned(),
                    kk.to_owned(),
                    ru.to_owned(),
                )
            } else {
                (
                    format!("{}9{:06}", &region[..2], i),
                    region.to_owned(),
                    format!("{kk} №{}", i / SERVICES.len() + 1),
                    format!("{ru} №{}", i / SERVICES.len() + 1),
                )
            }
        })
        .collect();
    for (kato, region, kk, ru) in list {
        let service = match existing.iter().find(|s| s.kato == kato) {
            Some(s) => s.clone(),
            None => {
                store
                    .create_service(&NewService {
                        kato: kato.clone(),
                        region_kato: region.clone(),
                        name_kk: kk,
                        name_ru: ru,
                    })
                    .await?
            }
        };
        let mut officers: Vec<i64> = store
            .officers(service.id)
            .await?
            .iter()
            .map(|o| o.id)
            .collect();
        while officers.len() < 5 {
            let name = format!("{} {}", rng.pick(&KK_SURNAMES), rng.pick(&KK_MALE));
            let o = store
                .create_officer(&NewOfficer {
                    service_id: service.id,
                    full_name: name,
                })
                .await?;
            officers.push(o.id);
        }
        services.push((service.id, officers, kato, region));
    }
    if let Some((service_id, officers, kato, region)) = services.first() {
        demo_users(store, *service_id, officers.first().copied(), kato, region).await?;
    }
    let batch = 500;
    let started = std::time::Instant::now();
    let services = std::sync::Arc::new(services);
    // The next batch is generated on a blocking thread while the current one is written.
    let generate = move |mut rng: Rng, from: usize, services: std::sync::Arc<Vec<Service>>| {
        tokio::task::spawn_blocking(move || {
            let n = batch.min(persons - from);
            let bundles: Vec<CaseBundle> = (from..from + n)
                .map(|i| bundle(&mut rng, i, today, &services))
                .collect();
            (rng, bundles)
        })
    };
    let mut done = 0;
    let mut pending = (persons > 0).then(|| generate(rng, 0, services.clone()));
    while let Some(handle) = pending.take() {
        let (rng, bundles) = handle.await?;
        let n = bundles.len();
        if done + n < persons {
            pending = Some(generate(rng, done + n, services.clone()));
        }
        let report = store.import_bundles(&bundles, "demo").await?;
        done += n;
        if done % 5_000 < batch || done == persons {
            eprintln!(
                "demo: {done}/{persons} cases ({} new) in {:.1} s",
                report.imported,
                started.elapsed().as_secs_f64()
            );
        }
    }
    Ok(())
}

/// The password of the demo register's users: synthetic data only, printed on every run.
pub const DEMO_PASSWORD: &str = "probatio-demo-2026";

/// One user of each role for the first service (and its region), so that the demo register
/// can be tried as each; created once.
async fn demo_users(
    store: &Store,
    service_id: i64,
    officer_id: Option<i64>,
    kato: &str,
    region: &str,
) -> anyhow::Result<()> {
    let users = [
        ("demo-officer", "officer", Some(kato), None, officer_id),
        ("demo-head", "head", Some(kato), None, None),
        ("demo-region", "regional_admin", None, Some(region), None),
        ("demo-prosecutor", "prosecutor", None, Some(region), None),
        ("demo-analyst", "analyst", None, None, None),
        ("demo-admin", "sysadmin", None, None, None),
    ];
    let mut created = false;
    for (login, role, service, region, officer) in users {
        let made = store
            .create_user(&probatio_store::users::NewUser {
                login: login.to_owned(),
                full_name: format!("Demo {role}"),
                role: role.to_owned(),
                service_kato: service.map(str::to_owned),
                region_kato: region.map(str::to_owned),
                officer_id: officer,
                password: DEMO_PASSWORD.to_owned(),
            })
            .await;
        match made {
            Ok(_) => created = true,
            Err(probatio_store::StoreError::Duplicate(_)) => {}
            Err(e) => return Err(e.into()),
        }
    }
    if created {
        eprintln!(
            "demo: users demo-officer, demo-head (service {service_id}), demo-region, demo-prosecutor, \
             demo-analyst, demo-admin; password {DEMO_PASSWORD} (a demo register only)"
        );
    }
    Ok(())
}
