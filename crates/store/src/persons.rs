//! Services, officers and persons.

use probatio_core::case::Sex;
use probatio_core::date::Date;
use probatio_core::iin::Iin;
use probatio_core::search::search_key;
use sqlx::Row;
use sqlx::any::AnyRow;

use crate::model::{Address, NewOfficer, NewPerson, NewService, Officer, Person, Service};
use crate::scope::Scope;
use crate::{Result, Store, StoreError, line_text, name_part, now_utc, opt_date, required_text};

fn kato(value: &str, field: &str) -> Result<String> {
    let v = value.trim();
    if v.len() != 9 || !v.bytes().all(|b| b.is_ascii_digit()) {
        return Err(StoreError::invalid(
            field,
            format!("{v:?} is not a 9-digit KATO code"),
        ));
    }
    Ok(v.to_owned())
}

/// Checks a person's record; returns the normalised record and its search key.
pub(crate) fn validate_person(p: &NewPerson, today: Date) -> Result<(NewPerson, String)> {
    let mut p = p.clone();
    p.surname = name_part(Some(&p.surname), "surname")?
        .ok_or_else(|| StoreError::invalid("surname", "must not be empty"))?;
    p.given_name = name_part(Some(&p.given_name), "given_name")?
        .ok_or_else(|| StoreError::invalid("given_name", "must not be empty"))?;
    p.patronymic = name_part(p.patronymic.as_deref(), "patronymic")?;
    p.latin_name = name_part(p.latin_name.as_deref(), "latin_name")?;
    p.birth_place = line_text(p.birth_place.as_deref(), "birth_place", 200)?;
    p.citizenship = line_text(p.citizenship.as_deref(), "citizenship", 60)?;
    let birth =
        Date::parse(&p.birth_date).map_err(|e| StoreError::invalid("birth_date", e.to_string()))?;
    if birth > today {
        return Err(StoreError::invalid(
            "birth_date",
            format!("{birth} is in the future"),
        ));
    }
    let sex = Sex::from_wire(&p.sex)
        .ok_or_else(|| StoreError::invalid("sex", format!("{:?} is not male or female", p.sex)))?;
    if let Some(iin) = p.iin.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        let parsed: Iin = iin
            .parse()
            .map_err(|e: probatio_core::iin::IinError| StoreError::invalid("iin", e.to_string()))?;
        if parsed.birth_date() != birth {
            return Err(StoreError::invalid(
                "iin",
                format!(
                    "the IIN gives birth date {}, the record {birth}",
                    parsed.birth_date()
                ),
            ));
        }
        if parsed.sex() != sex {
            return Err(StoreError::invalid(
                "iin",
                format!("the IIN gives sex {}, the record {sex}", parsed.sex()),
            ));
        }
        p.iin = Some(iin.to_owned());
    } else {
        p.iin = None;
    }
    if let Some(g) = p.disability_group
        && !(1..=3).contains(&g)
    {
        return Err(StoreError::invalid(
            "disability_group",
            format!("{g} is not a disability group 1–3"),
        ));
    }
    if p.pregnant && sex == Sex::Male {
        return Err(StoreError::invalid(
            "pregnant",
            "true for a person whose sex is male",
        ));
    }
    for (i, c) in p.children_birth_dates.iter().enumerate() {
        Date::parse(c).map_err(|e| {
            StoreError::invalid(format!("children_birth_dates[{i}]"), e.to_string())
        })?;
    }
    if let Some(a) = &mut p.address {
        a.kato_region = kato(&a.kato_region, "address.kato_region")?;
        a.kato_district = kato(&a.kato_district, "address.kato_district")?;
        a.line = required_text(&a.line, "address.line")?;
        opt_date(Some(&a.since), "address.since")?;
    }
    let mut key = search_key(&format!(
        "{} {} {}",
        p.surname,
        p.given_name,
        p.patronymic.as_deref().unwrap_or("")
    ));
    if let Some(latin) = &p.latin_name {
        // The Latin form is searchable too, after the Cyrillic one.
        key.push_str(" | ");
        key.push_str(&search_key(latin));
    }
    Ok((p, key))
}

fn person_from_row(row: &AnyRow) -> Result<Person> {
    let children: String = row.try_get("children_birth_dates")?;
    let address = match row.try_get::<Option<String>, _>("a_line")? {
        Some(line) => Some(Address {
            kato_region: row.try_get("a_kato_region")?,
            kato_district: row.try_get("a_kato_district")?,
            line,
            rural: row.try_get::<i64, _>("a_rural")? != 0,
            since: row.try_get("a_since")?,
        }),
        None => None,
    };
    Ok(Person {
        id: row.try_get("id")?,
        details: NewPerson {
            iin: row.try_get("iin")?,
            surname: row.try_get("surname")?,
            given_name: row.try_get("given_name")?,
            patronymic: row.try_get("patronymic")?,
            latin_name: row.try_get("latin_name")?,
            birth_date: row.try_get("birth_date")?,
            birth_place: row.try_get("birth_place")?,
            sex: row.try_get("sex")?,
            citizenship: row.try_get("citizenship")?,
            disability_group: row.try_get("disability_group")?,
            pregnant: row.try_get::<i64, _>("pregnant")? != 0,
            sole_carer: row.try_get::<i64, _>("sole_carer")? != 0,
            military: row.try_get::<i64, _>("military")? != 0,
            children_birth_dates: serde_json::from_str(&children)
                .map_err(|e| StoreError::Corrupt(format!("person children_birth_dates: {e}")))?,
            address,
        },
    })
}

/// A person with the current (latest) address, in one query.
const PERSON_SELECT: &str = "SELECT p.id, p.iin, p.surname, p.given_name, p.patronymic, p.latin_name, p.birth_date, \
     p.birth_place, p.sex, p.citizenship, p.disability_group, p.pregnant, p.sole_carer, p.military, p.children_birth_dates, \
     a.kato_region AS a_kato_region, a.kato_district AS a_kato_district, a.line AS a_line, a.rural AS a_rural, \
     a.since AS a_since \
     FROM persons p LEFT JOIN addresses a ON a.id = (SELECT MAX(x.id) FROM addresses x WHERE x.person_id = p.id)";

impl Store {
    pub async fn create_service(&self, s: &NewService) -> Result<Service> {
        let kato_code = kato(&s.kato, "kato")?;
        let region = kato(&s.region_kato, "region_kato")?;
        let name_kk = required_text(&s.name_kk, "name_kk")?;
        let name_ru = required_text(&s.name_ru, "name_ru")?;
        let row = sqlx::query(
            "INSERT INTO services (kato, region_kato, name_kk, name_ru) VALUES ($1, $2, $3, $4) RETURNING id",
        )
        .bind(&kato_code)
        .bind(&region)
        .bind(&name_kk)
        .bind(&name_ru)
        .fetch_one(&self.pool)
        .await
        .map_err(|e| unique_violation(e, format!("a service with KATO {kato_code} already exists")))?;
        Ok(Service {
            id: row.try_get("id")?,
            kato: kato_code,
            region_kato: region,
            name_kk,
            name_ru,
        })
    }

    pub async fn services(&self) -> Result<Vec<Service>> {
        let rows =
            sqlx::query("SELECT id, kato, region_kato, name_kk, name_ru FROM services ORDER BY id")
                .fetch_all(&self.pool)
                .await?;
        rows.iter()
            .map(|r| {
                Ok(Service {
                    id: r.try_get("id")?,
                    kato: r.try_get("kato")?,
                    region_kato: r.try_get("region_kato")?,
                    name_kk: r.try_get("name_kk")?,
                    name_ru: r.try_get("name_ru")?,
                })
            })
            .collect()
    }

    pub async fn create_officer(&self, o: &NewOfficer) -> Result<Officer> {
        let full_name = required_text(&o.full_name, "full_name")?;
        self.exists("services", o.service_id, "service_id").await?;
        let row = sqlx::query(
            "INSERT INTO officers (service_id, full_name) VALUES ($1, $2) RETURNING id",
        )
        .bind(o.service_id)
        .bind(&full_name)
        .fetch_one(&self.pool)
        .await?;
        Ok(Officer {
            id: row.try_get("id")?,
            service_id: o.service_id,
            full_name,
        })
    }

    pub async fn officers(&self, service_id: i64) -> Result<Vec<Officer>> {
        let rows = sqlx::query(
            "SELECT id, service_id, full_name FROM officers WHERE service_id = $1 ORDER BY id",
        )
        .bind(service_id)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(Officer {
                    id: r.try_get("id")?,
                    service_id: r.try_get("service_id")?,
                    full_name: r.try_get("full_name")?,
                })
            })
            .collect()
    }

    /// Fails with `Invalid` naming `field` if no row of `table` has `id`.
    pub(crate) async fn exists(&self, table: &str, id: i64, field: &str) -> Result<()> {
        let sql = format!("SELECT COUNT(*) AS n FROM {table} WHERE id = $1");
        let n: i64 = sqlx::query(&sql)
            .bind(id)
            .fetch_one(&self.pool)
            .await?
            .try_get("n")?;
        if n == 0 {
            return Err(StoreError::invalid(
                field,
                format!("no {} with id {id}", table.trim_end_matches('s')),
            ));
        }
        Ok(())
    }

    /// Enters a person; until a case is opened, only the entering service sees them.
    pub async fn create_person(&self, p: &NewPerson, scope: &Scope) -> Result<Person> {
        let entered_by = scope.entering_service()?;
        let (p, key) = validate_person(p, self.today())?;
        let mut tx = self.pool.begin().await?;
        let id = insert_person(&mut tx, &p, &key, entered_by).await?;
        tx.commit().await?;
        Ok(Person { id, details: p })
    }

    /// A person, if `scope` may read them (otherwise "not found").
    pub async fn person(&self, id: i64, scope: &Scope) -> Result<Person> {
        let readable = scope.readable_person();
        let sql = format!(
            "{PERSON_SELECT} WHERE p.id = $1 AND {}",
            readable.numbered(2)
        );
        let row = readable
            .bind(sqlx::query(&sql).bind(id))
            .fetch_optional(&self.pool)
            .await?
            .ok_or_else(|| StoreError::NotFound(format!("person {id}")))?;
        person_from_row(&row)
    }

    /// Persons whose IIN is `query`, or whose name's search key starts with the query's (on
    /// any of its words), best matches first.
    pub async fn search_persons(
        &self,
        query: &str,
        limit: i64,
        scope: &Scope,
    ) -> Result<Vec<Person>> {
        let readable = scope.readable_person();
        let q = query.trim();
        if q.is_empty() {
            return Err(StoreError::invalid("q", "must not be empty"));
        }
        let limit = limit.clamp(1, 100);
        let rows = if q.len() == 12 && q.bytes().all(|b| b.is_ascii_digit()) {
            let sql = format!(
                "{PERSON_SELECT} WHERE p.iin = $1 AND {}",
                readable.numbered(2)
            );
            readable
                .bind(sqlx::query(&sql).bind(q))
                .fetch_all(&self.pool)
                .await?
        } else {
            let key = search_key(q);
            if key.is_empty() {
                return Err(StoreError::invalid("q", "has no letters to search by"));
            }
            // The key is ASCII, so LIKE behaves the same on both backends.
            let escaped = key
                .replace('\\', "\\\\")
                .replace('%', "\\%")
                .replace('_', "\\_");
            let sql = format!(
                "{PERSON_SELECT} WHERE (p.search_key LIKE $1 ESCAPE '\\' OR p.search_key LIKE $2 ESCAPE '\\') \
                 AND {} \
                 ORDER BY CASE WHEN p.search_key LIKE $1 ESCAPE '\\' THEN 0 ELSE 1 END, p.search_key, p.id LIMIT $3",
                readable.numbered(4)
            );
            readable
                .bind(
                    sqlx::query(&sql)
                        .bind(format!("{escaped}%"))
                        .bind(format!("% {escaped}%"))
                        .bind(limit),
                )
                .fetch_all(&self.pool)
                .await?
        };
        rows.iter().map(person_from_row).collect()
    }
}

/// Inserts a validated person (and the address, if any) in `tx`; returns the new id.
pub(crate) async fn insert_person(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    p: &NewPerson,
    key: &str,
    entered_by: Option<i64>,
) -> Result<i64> {
    let row = sqlx::query(
            "INSERT INTO persons (iin, surname, given_name, patronymic, latin_name, search_key, birth_date, birth_place, \
             sex, citizenship, disability_group, pregnant, sole_carer, military, children_birth_dates, created_at, \
             entered_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17) RETURNING id",
        )
        .bind(p.iin.clone())
        .bind(&p.surname)
        .bind(&p.given_name)
        .bind(p.patronymic.clone())
        .bind(p.latin_name.clone())
        .bind(key)
        .bind(&p.birth_date)
        .bind(p.birth_place.clone())
        .bind(&p.sex)
        .bind(p.citizenship.clone())
        .bind(p.disability_group)
        .bind(i64::from(p.pregnant))
        .bind(i64::from(p.sole_carer))
        .bind(i64::from(p.military))
        .bind(serde_json::to_string(&p.children_birth_dates).unwrap_or_else(|_| "[]".into()))
        .bind(now_utc())
        .bind(entered_by)
        .fetch_one(&mut **tx)
        .await
        .map_err(|e| unique_violation(e, "a person with this IIN is already in the register".to_owned()))?;
    let id: i64 = row.try_get("id")?;
    if let Some(a) = &p.address {
        sqlx::query(
                "INSERT INTO addresses (person_id, kato_region, kato_district, line, rural, since) VALUES ($1, $2, $3, $4, $5, $6)",
            )
            .bind(id)
            .bind(&a.kato_region)
            .bind(&a.kato_district)
            .bind(&a.line)
            .bind(i64::from(a.rural))
            .bind(&a.since)
            .execute(&mut **tx)
            .await?;
    }
    Ok(id)
}

/// Maps a unique-constraint violation to a readable duplicate error.
pub(crate) fn unique_violation(e: sqlx::Error, message: String) -> StoreError {
    match &e {
        sqlx::Error::Database(db) if db.is_unique_violation() => StoreError::Duplicate(message),
        _ => StoreError::Database(e),
    }
}
