//! Kazakhstan's working-day calendar (domain.md §3).
//!
//! Built-in rules (Labour Code art. 85 and the Law on holidays) give each year's
//! holidays and the days off moved from holidays that fall on a weekend; a
//! government transfer [`Decree`] (extra days off, extra working days) is data,
//! loaded on top and overriding the rules. Every deadline in the engine is
//! counted through a [`Calendar`], never with ad-hoc weekday checks.

use std::sync::OnceLock;

use crate::date::{Date, DateError};
use crate::lang::Lang;

/// A public holiday of the Republic of Kazakhstan.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Holiday {
    NewYear,
    OrthodoxChristmas,
    WomensDay,
    Nauryz,
    UnityDay,
    DefenderDay,
    VictoryDay,
    CapitalDay,
    ConstitutionDay,
    RepublicDay,
    FirstPresidentDay,
    IndependenceDay,
    KurbanAit,
}

impl Holiday {
    /// Religious holidays keep their date: a weekend 7 January or Kurban Ait gives no extra day off.
    pub const fn moves_off_weekend(self) -> bool {
        !matches!(self, Holiday::OrthodoxChristmas | Holiday::KurbanAit)
    }

    pub const fn name(self, lang: Lang) -> &'static str {
        use Holiday::*;
        match lang {
            Lang::Kk => match self {
                NewYear => "Жаңа жыл",
                OrthodoxChristmas => "Православиелік Рождество",
                WomensDay => "Халықаралық әйелдер күні",
                Nauryz => "Наурыз мейрамы",
                UnityDay => "Қазақстан халқының бірлігі мерекесі",
                DefenderDay => "Отан қорғаушы күні",
                VictoryDay => "Жеңіс күні",
                CapitalDay => "Астана күні",
                ConstitutionDay => "Қазақстан Республикасының Конституциясы күні",
                RepublicDay => "Республика күні",
                FirstPresidentDay => "Тұңғыш Президент күні",
                IndependenceDay => "Тәуелсіздік күні",
                KurbanAit => "Құрбан айт",
            },
            Lang::Ru => match self {
                NewYear => "Новый год",
                OrthodoxChristmas => "Православное Рождество",
                WomensDay => "Международный женский день",
                Nauryz => "Наурыз мейрамы",
                UnityDay => "Праздник единства народа Казахстана",
                DefenderDay => "День защитника Отечества",
                VictoryDay => "День Победы",
                CapitalDay => "День Столицы",
                ConstitutionDay => "День Конституции Республики Казахстан",
                RepublicDay => "День Республики",
                FirstPresidentDay => "День Первого Президента",
                IndependenceDay => "День Независимости",
                KurbanAit => "Курбан айт",
            },
            Lang::En => match self {
                NewYear => "New Year",
                OrthodoxChristmas => "Orthodox Christmas",
                WomensDay => "International Women's Day",
                Nauryz => "Nauryz",
                UnityDay => "Unity Day of the People of Kazakhstan",
                DefenderDay => "Defender of the Fatherland Day",
                VictoryDay => "Victory Day",
                CapitalDay => "Capital Day",
                ConstitutionDay => "Constitution Day",
                RepublicDay => "Republic Day",
                FirstPresidentDay => "First President Day",
                IndependenceDay => "Independence Day",
                KurbanAit => "Kurban Ait",
            },
        }
    }
}

/// The first day of Kurban Ait, set each year (domain.md §3). Later years come by decree.
pub const KURBAN_AIT: [Date; 4] = [
    Date::ymd(2023, 6, 28),
    Date::ymd(2024, 6, 16),
    Date::ymd(2025, 6, 6),
    Date::ymd(2026, 5, 27),
];

/// Why a day is not a working day (apart from being a weekend).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DayOffReason {
    /// The holiday itself (also listed when it falls on a weekend).
    Holiday(Holiday),
    /// The day off moved from a holiday on a weekend.
    Moved { holiday: Holiday, from: Date },
    /// A transfer decree, with its wording if the file gave one.
    Decree(Option<String>),
}

impl DayOffReason {
    pub fn describe(&self, lang: Lang) -> String {
        match self {
            DayOffReason::Holiday(h) => h.name(lang).to_owned(),
            DayOffReason::Moved { holiday, from } => match lang {
                Lang::Kk => format!(
                    "{} ({from}) демалыс күнінің ауыстырылуы",
                    holiday.name(lang)
                ),
                Lang::Ru => format!("перенос выходного дня: {} ({from})", holiday.name(lang)),
                Lang::En => format!("day off moved from {} ({from})", holiday.name(lang)),
            },
            DayOffReason::Decree(text) => {
                let base = match lang {
                    Lang::Kk => "Үкімет қаулысы",
                    Lang::Ru => "постановление Правительства",
                    Lang::En => "government decree",
                };
                match text {
                    Some(t) => format!("{base}: {t}"),
                    None => base.to_owned(),
                }
            }
        }
    }
}

/// The holidays of `year` by the built-in rules, in date order, on whatever weekday they fall.
pub fn holidays(year: i32) -> Vec<(Date, Holiday)> {
    use Holiday::*;
    let d = |m, day| Date::ymd(year, m, day);
    let mut out = vec![(d(1, 1), NewYear), (d(1, 2), NewYear)];
    if year >= 2007 {
        out.push((d(1, 7), OrthodoxChristmas));
    }
    out.push((d(3, 8), WomensDay));
    if year >= 2010 {
        out.extend([(d(3, 21), Nauryz), (d(3, 22), Nauryz), (d(3, 23), Nauryz)]);
    } else {
        out.push((d(3, 22), Nauryz));
    }
    out.push((d(5, 1), UnityDay));
    if year >= 2013 {
        out.push((d(5, 7), DefenderDay));
    }
    out.push((d(5, 9), VictoryDay));
    if year >= 2009 {
        out.push((d(7, 6), CapitalDay));
    }
    if year >= 1996 {
        out.push((d(8, 30), ConstitutionDay));
    }
    if year >= 2022 {
        out.push((d(10, 25), RepublicDay));
    }
    if (2012..=2021).contains(&year) {
        out.push((d(12, 1), FirstPresidentDay));
    }
    out.push((d(12, 16), IndependenceDay));
    if year <= 2021 {
        out.push((d(12, 17), IndependenceDay));
    }
    out.extend(
        KURBAN_AIT
            .iter()
            .filter(|k| k.year() == year)
            .map(|k| (*k, KurbanAit)),
    );
    out.sort();
    out
}

/// The days off of `year` by the built-in rules: every holiday, and for each
/// movable holiday on a Saturday or Sunday, a moved day off. Moved days are
/// placed in date order, each on the next weekday that is neither a holiday
/// nor already a moved day (Nauryz 2026: 21 Sat → 24 Tue, 22 Sun → 25 Wed).
pub fn builtin_days_off(year: i32) -> Vec<(Date, DayOffReason)> {
    let hols = holidays(year);
    let mut out: Vec<(Date, DayOffReason)> = hols
        .iter()
        .map(|(d, h)| (*d, DayOffReason::Holiday(*h)))
        .collect();
    let mut moved: Vec<Date> = Vec::new();
    for (date, h) in &hols {
        if !date.is_weekend() || !h.moves_off_weekend() {
            continue;
        }
        let mut day = date.add_days(1);
        while day.is_weekend() || hols.iter().any(|(hd, _)| *hd == day) || moved.contains(&day) {
            day = day.add_days(1);
        }
        moved.push(day);
        out.push((
            day,
            DayOffReason::Moved {
                holiday: *h,
                from: *date,
            },
        ));
    }
    out.sort_by_key(|(d, _)| *d);
    out
}

/// One day of a decree, with its wording if given.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecreeDay {
    pub date: Date,
    pub reason: Option<String>,
}

/// A government transfer decree: extra days off and extra working days.
/// It overrides the built-in rules (a listed Saturday becomes a working day).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Decree {
    pub days_off: Vec<DecreeDay>,
    pub working_days: Vec<Date>,
}

/// A decree file's or a case's `calendar` problem, naming the entry.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{field}: {problem}")]
pub struct DecreeError {
    pub field: String,
    pub problem: String,
}

/// The wire form of a decree: `{"days_off": ["2026-05-08" | {"date": .., "reason": ..}], "working_days": [..]}`.
#[derive(Debug, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawDecree {
    #[serde(default)]
    pub days_off: Vec<RawDecreeDay>,
    #[serde(default)]
    pub working_days: Vec<RawDecreeDay>,
}

#[derive(Debug, serde::Deserialize)]
#[serde(untagged)]
pub enum RawDecreeDay {
    Date(String),
    Described {
        date: String,
        #[serde(default)]
        reason: Option<String>,
    },
}

impl RawDecreeDay {
    fn parts(&self) -> (&str, Option<&str>) {
        match self {
            RawDecreeDay::Date(d) => (d, None),
            RawDecreeDay::Described { date, reason } => (date, reason.as_deref()),
        }
    }
}

impl Decree {
    /// Validates the wire form; `prefix` names where it came from (`calendar`, a file name).
    pub fn from_raw(raw: &RawDecree, prefix: &str) -> Result<Decree, DecreeError> {
        let at = |list: &str, i: usize| {
            if prefix.is_empty() {
                format!("{list}[{i}]")
            } else {
                format!("{prefix}.{list}[{i}]")
            }
        };
        let parse = |list: &str, i: usize, text: &str| {
            Date::parse(text).map_err(|e: DateError| DecreeError {
                field: at(list, i),
                problem: e.to_string(),
            })
        };
        let mut decree = Decree::default();
        for (i, day) in raw.days_off.iter().enumerate() {
            let (text, reason) = day.parts();
            let date = parse("days_off", i, text)?;
            if decree.days_off.iter().any(|d| d.date == date) {
                return Err(DecreeError {
                    field: at("days_off", i),
                    problem: format!("{date} is listed twice"),
                });
            }
            decree.days_off.push(DecreeDay {
                date,
                reason: reason.map(str::to_owned),
            });
        }
        for (i, day) in raw.working_days.iter().enumerate() {
            let date = parse("working_days", i, day.parts().0)?;
            if decree.days_off.iter().any(|d| d.date == date) {
                return Err(DecreeError {
                    field: at("working_days", i),
                    problem: format!("{date} is also listed as a day off"),
                });
            }
            if decree.working_days.contains(&date) {
                return Err(DecreeError {
                    field: at("working_days", i),
                    problem: format!("{date} is listed twice"),
                });
            }
            decree.working_days.push(date);
        }
        Ok(decree)
    }

    pub fn is_empty(&self) -> bool {
        self.days_off.is_empty() && self.working_days.is_empty()
    }
}

/// First year of the precomputed working-day table; years outside it are computed on demand.
const TABLE_FIRST_YEAR: i32 = 1900;
const TABLE_LAST_YEAR: i32 = 2300;

struct Table {
    first: Date,
    /// One bit per day: set = working day by the built-in rules.
    working: Vec<u64>,
    len: i32,
}

fn table() -> &'static Table {
    static TABLE: OnceLock<Table> = OnceLock::new();
    TABLE.get_or_init(|| {
        let first = Date::ymd(TABLE_FIRST_YEAR, 1, 1);
        let end = Date::ymd(TABLE_LAST_YEAR + 1, 1, 1);
        let len = end.days_since(first);
        let mut working = vec![0u64; (len as usize).div_ceil(64)];
        for year in TABLE_FIRST_YEAR..=TABLE_LAST_YEAR {
            let off = builtin_days_off(year);
            let mut d = Date::ymd(year, 1, 1);
            let stop = Date::ymd(year + 1, 1, 1);
            while d < stop {
                if !d.is_weekend() && !off.iter().any(|(o, _)| *o == d) {
                    let i = d.days_since(first) as usize;
                    working[i / 64] |= 1 << (i % 64);
                }
                d = d.add_days(1);
            }
        }
        Table {
            first,
            working,
            len,
        }
    })
}

fn builtin_is_working(d: Date) -> bool {
    let t = table();
    let i = d.days_since(t.first);
    if (0..t.len).contains(&i) {
        let i = i as usize;
        t.working[i / 64] & (1 << (i % 64)) != 0
    } else {
        !d.is_weekend() && !builtin_days_off(d.year()).iter().any(|(o, _)| *o == d)
    }
}

/// The working-day calendar a deadline is counted in: built-in rules plus decrees.
#[derive(Debug, Clone, Default)]
pub struct Calendar {
    /// Decree overrides, sorted by date: `true` = working day.
    overrides: Vec<(Date, bool)>,
    decree_days_off: Vec<DecreeDay>,
}

impl Calendar {
    /// The built-in rules alone.
    pub fn builtin() -> Calendar {
        Calendar::default()
    }

    /// This calendar with `decree` on top (a later decree wins over an earlier one for the same day).
    pub fn with_decree(mut self, decree: &Decree) -> Calendar {
        if decree.is_empty() {
            return self;
        }
        for day in &decree.days_off {
            self.set(day.date, false);
            self.decree_days_off.retain(|d| d.date != day.date);
            self.decree_days_off.push(day.clone());
        }
        for &date in &decree.working_days {
            self.set(date, true);
            self.decree_days_off.retain(|d| d.date != date);
        }
        self
    }

    fn set(&mut self, date: Date, working: bool) {
        match self.overrides.binary_search_by_key(&date, |(d, _)| *d) {
            Ok(i) => self.overrides[i].1 = working,
            Err(i) => self.overrides.insert(i, (date, working)),
        }
    }

    pub fn is_working_day(&self, d: Date) -> bool {
        if !self.overrides.is_empty()
            && let Ok(i) = self.overrides.binary_search_by_key(&d, |(o, _)| *o)
        {
            return self.overrides[i].1;
        }
        builtin_is_working(d)
    }

    /// The first working day strictly after `d`.
    pub fn next_working_day(&self, d: Date) -> Date {
        let mut day = d.add_days(1);
        while !self.is_working_day(day) {
            day = day.add_days(1);
        }
        day
    }

    /// `d` if it is a working day, else the next one.
    pub fn working_day_on_or_after(&self, d: Date) -> Date {
        if self.is_working_day(d) {
            d
        } else {
            self.next_working_day(d)
        }
    }

    /// "Within `n` working days from `d`": the `n`-th working day after `d`, `d` itself not counted.
    pub fn add_working_days(&self, d: Date, n: u32) -> Date {
        (0..n).fold(d, |day, _| self.next_working_day(day))
    }

    /// "Within `n` (calendar) days from `d`": `d + n`, moved to the next working day
    /// if that is a day off (product rule P2).
    pub fn calendar_day_deadline(&self, d: Date, n: i32) -> Date {
        self.working_day_on_or_after(d.add_days(n))
    }

    /// The last working day in `from..=to` that `keep` accepts, if any.
    pub fn last_working_day_in(
        &self,
        from: Date,
        to: Date,
        mut keep: impl FnMut(Date) -> bool,
    ) -> Option<Date> {
        let mut d = to;
        while d >= from {
            if self.is_working_day(d) && keep(d) {
                return Some(d);
            }
            d = d.add_days(-1);
        }
        None
    }

    /// The last working day of `d`'s month.
    pub fn last_working_day_of_month(&self, d: Date) -> Option<Date> {
        self.last_working_day_in(d.month_start(), d.month_end(), |_| true)
    }

    /// The last working day of `d`'s calendar quarter.
    pub fn last_working_day_of_quarter(&self, d: Date) -> Option<Date> {
        self.last_working_day_in(d.quarter_start(), d.quarter_end(), |_| true)
    }

    /// Every day off of `year` other than an ordinary weekend, with its reason, in date order:
    /// holidays (also those on a weekend), moved days off and decree days off, less the days a
    /// decree made working.
    pub fn days_off(&self, year: i32) -> Vec<(Date, DayOffReason)> {
        let mut out: Vec<(Date, DayOffReason)> = builtin_days_off(year)
            .into_iter()
            .filter(|(d, _)| !matches!(self.overrides.binary_search_by_key(d, |(o, _)| *o), Ok(i) if self.overrides[i].1))
            .collect();
        for day in self
            .decree_days_off
            .iter()
            .filter(|d| d.date.year() == year)
        {
            out.retain(|(d, _)| *d != day.date);
            out.push((day.date, DayOffReason::Decree(day.reason.clone())));
        }
        out.sort_by_key(|(d, _)| *d);
        out
    }

    /// The days of `year` a decree made working.
    pub fn decree_working_days(&self, year: i32) -> Vec<Date> {
        self.overrides
            .iter()
            .filter(|(d, w)| *w && d.year() == year)
            .map(|(d, _)| *d)
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn off(year: i32) -> Vec<String> {
        Calendar::builtin()
            .days_off(year)
            .iter()
            .map(|(d, _)| d.to_string())
            .collect()
    }

    #[test]
    fn section3_nauryz_2026_weekend_days_move_in_date_order() {
        let days = off(2026);
        for d in [
            "2026-03-21",
            "2026-03-22",
            "2026-03-23",
            "2026-03-24",
            "2026-03-25",
        ] {
            assert!(days.contains(&d.to_owned()), "{d} missing from {days:?}");
        }
        assert!(!days.contains(&"2026-03-26".to_owned()));
        let cal = Calendar::builtin();
        assert!(cal.is_working_day(Date::ymd(2026, 3, 26)));
        assert!(!cal.is_working_day(Date::ymd(2026, 3, 24)));
    }

    #[test]
    fn section3_days_off_2026() {
        let days = off(2026);
        for d in [
            "2026-01-01",
            "2026-01-02",
            "2026-01-07",
            "2026-03-08",
            "2026-03-09", // 8 March is a Sunday
            "2026-05-01",
            "2026-05-07",
            "2026-05-09",
            "2026-05-11", // 9 May is a Saturday
            "2026-05-27", // Kurban Ait
            "2026-07-06",
            "2026-08-31", // 30 August is a Sunday
            "2026-10-26", // 25 October is a Sunday
            "2026-12-16",
        ] {
            assert!(days.contains(&d.to_owned()), "{d} missing from {days:?}");
        }
        assert!(
            !days.contains(&"2026-12-17".to_owned()),
            "17 December is a holiday only until 2021"
        );
    }

    #[test]
    fn section3_days_off_2025() {
        let days = off(2025);
        for d in [
            "2025-01-01",
            "2025-01-02",
            "2025-01-07",
            "2025-03-10", // 8 March is a Saturday
            "2025-03-21",
            "2025-03-24", // 22 March is a Saturday
            "2025-03-25", // 23 March is a Sunday
            "2025-05-01",
            "2025-05-07",
            "2025-05-09",
            "2025-06-06", // Kurban Ait
            "2025-09-01", // 30 August is a Saturday
            "2025-07-07", // 6 July is a Sunday
            "2025-10-27", // 25 October is a Saturday
            "2025-12-16",
        ] {
            assert!(days.contains(&d.to_owned()), "{d} missing from {days:?}");
        }
        let cal = Calendar::builtin();
        assert!(cal.is_working_day(Date::ymd(2025, 3, 26)));
        assert!(cal.is_working_day(Date::ymd(2025, 12, 31)));
    }

    #[test]
    fn section3_orthodox_christmas_and_kurban_ait_do_not_move() {
        // 7 January 2024 and 2029 are Sundays; Kurban Ait 2024 (16 June) is a Sunday.
        let cal = Calendar::builtin();
        assert!(cal.is_working_day(Date::ymd(2024, 1, 8)));
        assert!(cal.is_working_day(Date::ymd(2024, 6, 17)));
        assert!(
            !off(2024)
                .iter()
                .any(|d| d == "2024-01-08" || d == "2024-06-17")
        );
    }

    #[test]
    fn section3_holiday_history_by_year() {
        assert!(off(2021).contains(&"2021-12-17".to_owned()));
        assert!(off(2021).contains(&"2021-12-01".to_owned()));
        assert!(!off(2022).contains(&"2022-12-01".to_owned()));
        assert!(!off(2021).contains(&"2021-10-25".to_owned()));
        assert!(off(2023).contains(&"2023-10-25".to_owned()));
        // 16 and 17 December 2017 are Saturday and Sunday: both move (to 18 and 19).
        let d2017 = off(2017);
        assert!(
            d2017.contains(&"2017-12-18".to_owned()) && d2017.contains(&"2017-12-19".to_owned())
        );
    }

    #[test]
    fn decree_overrides_builtin_rules() {
        let raw: RawDecree =
            serde_json::from_str(r#"{"days_off": ["2026-05-08", {"date": "2026-01-05", "reason": "No. 1"}], "working_days": ["2026-05-16", "2026-03-25"]}"#)
                .expect("json");
        let decree = Decree::from_raw(&raw, "").expect("valid");
        let cal = Calendar::builtin().with_decree(&decree);
        assert!(!cal.is_working_day(Date::ymd(2026, 5, 8)));
        assert!(
            cal.is_working_day(Date::ymd(2026, 5, 16)),
            "a Saturday made working"
        );
        assert!(
            cal.is_working_day(Date::ymd(2026, 3, 25)),
            "a moved day off cancelled by decree"
        );
        let listed: Vec<String> = cal
            .days_off(2026)
            .iter()
            .map(|(d, _)| d.to_string())
            .collect();
        assert!(listed.contains(&"2026-05-08".to_owned()));
        assert!(!listed.contains(&"2026-03-25".to_owned()));
        assert_eq!(
            cal.decree_working_days(2026),
            vec![Date::ymd(2026, 3, 25), Date::ymd(2026, 5, 16)]
        );
    }

    #[test]
    fn decree_errors_name_the_entry() {
        let raw: RawDecree = serde_json::from_str(r#"{"days_off": ["2026-02-30"]}"#).expect("json");
        let err = Decree::from_raw(&raw, "calendar").expect_err("invalid");
        assert_eq!(err.field, "calendar.days_off[0]");
        let raw: RawDecree =
            serde_json::from_str(r#"{"days_off": ["2026-05-08"], "working_days": ["2026-05-08"]}"#)
                .expect("json");
        let err = Decree::from_raw(&raw, "").expect_err("invalid");
        assert_eq!(err.field, "working_days[0]");
    }

    #[test]
    fn working_day_arithmetic_across_nauryz_2026() {
        let cal = Calendar::builtin();
        // Violation on Thu 19 March: 20, 26, 27 March are the three working days.
        assert_eq!(
            cal.add_working_days(Date::ymd(2026, 3, 19), 3),
            Date::ymd(2026, 3, 27)
        );
        assert_eq!(
            cal.add_working_days(Date::ymd(2026, 4, 28), 5),
            Date::ymd(2026, 5, 6)
        );
        assert_eq!(
            cal.next_working_day(Date::ymd(2026, 5, 8)),
            Date::ymd(2026, 5, 12)
        );
        assert_eq!(
            cal.calendar_day_deadline(Date::ymd(2026, 5, 1), 10),
            Date::ymd(2026, 5, 12)
        );
        assert_eq!(
            cal.last_working_day_of_month(Date::ymd(2026, 5, 3)),
            Some(Date::ymd(2026, 5, 29))
        );
        assert_eq!(
            cal.last_working_day_of_quarter(Date::ymd(2025, 11, 3)),
            Some(Date::ymd(2025, 12, 31))
        );
    }

    #[test]
    fn table_and_rules_agree_outside_the_table() {
        // 2301 lies past the table and is computed from the same rules on demand.
        let cal = Calendar::builtin();
        let off = builtin_days_off(2301);
        let mut d = Date::ymd(2301, 1, 1);
        while d.year() == 2301 {
            let expected = !d.is_weekend() && !off.iter().any(|(o, _)| *o == d);
            assert_eq!(cal.is_working_day(d), expected, "{d}");
            d = d.add_days(1);
        }
        // Inside the table, a sample year agrees with the rules too.
        let off = builtin_days_off(2030);
        let mut d = Date::ymd(2030, 1, 1);
        while d.year() == 2030 {
            assert_eq!(
                cal.is_working_day(d),
                !d.is_weekend() && !off.iter().any(|(o, _)| *o == d),
                "{d}"
            );
            d = d.add_days(1);
        }
    }
}
