//! The application's languages: Kazakh (the default), Russian and English, from Fluent files
//! (`crates/web/i18n/*.ftl`) compiled into the binary. A message missing in Kazakh falls back
//! to Russian, then English; a missing id shows as itself, so a gap is visible, never blank.

use std::sync::OnceLock;

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource};

pub use probatio_core::lang::Lang;

/// Where to look for a message in `lang`: the language itself, then the fallbacks
/// (kk → ru → en).
fn chain(lang: Lang) -> &'static [Lang] {
    match lang {
        Lang::Kk => &[Lang::Kk, Lang::Ru, Lang::En],
        Lang::Ru => &[Lang::Ru, Lang::En],
        Lang::En => &[Lang::En, Lang::Ru],
    }
}

struct Bundles([FluentBundle<FluentResource>; 3]);

fn bundles() -> &'static Bundles {
    static BUNDLES: OnceLock<Bundles> = OnceLock::new();
    BUNDLES.get_or_init(|| {
        Bundles(Lang::ALL.map(|lang| {
            let source = match lang {
                Lang::Kk => include_str!("../i18n/kk.ftl"),
                Lang::Ru => include_str!("../i18n/ru.ftl"),
                Lang::En => include_str!("../i18n/en.ftl"),
            };
            // The files are part of the binary and tested (`every_message_parses_in_every_language`):
            // a broken line is dropped here rather than stopping the server.
            let resource = FluentResource::try_new(source.to_owned()).unwrap_or_else(|(r, _)| r);
            let id: unic_langid::LanguageIdentifier = lang.code().parse().unwrap_or_default();
            let mut bundle = FluentBundle::new_concurrent(vec![id]);
            // No Unicode isolation marks around values: the pages are one direction.
            bundle.set_use_isolating(false);
            let _ = bundle.add_resource(resource);
            bundle
        }))
    })
}

/// The message `id` in `lang` (with fallbacks), formatted with `args`.
pub fn message(lang: Lang, id: &str, args: Option<&FluentArgs<'_>>) -> String {
    let all = bundles();
    for l in chain(lang) {
        let bundle = &all.0[*l as usize];
        if let Some(pattern) = bundle.get_message(id).and_then(|m| m.value()) {
            let mut errors = Vec::new();
            return bundle
                .format_pattern(pattern, args, &mut errors)
                .into_owned();
        }
    }
    id.to_owned()
}

/// The message `id` in `lang`.
pub fn t(lang: Lang, id: &str) -> String {
    message(lang, id, None)
}

/// The message `id` in `lang` with named arguments (numbers choose the plural form).
pub fn with(lang: Lang, id: &str, args: &[(&str, Arg<'_>)]) -> String {
    let mut fluent = FluentArgs::new();
    for (name, value) in args {
        match value {
            Arg::Num(n) => fluent.set(*name, *n),
            Arg::Text(t) => fluent.set(*name, *t),
        }
    }
    message(lang, id, Some(&fluent))
}

/// A value for [`with`].
#[derive(Debug, Clone, Copy)]
pub enum Arg<'a> {
    Num(i64),
    Text(&'a str),
}

/// A date as people write it: `04.12.2026` in Kazakh and Russian, `4 Dec 2026` in English.
pub fn date(lang: Lang, d: probatio_core::date::Date) -> String {
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    match lang {
        Lang::Kk | Lang::Ru => format!("{:02}.{:02}.{}", d.day(), d.month(), d.year()),
        Lang::En => format!(
            "{} {} {}",
            d.day(),
            MONTHS[(d.month().clamp(1, 12) - 1) as usize],
            d.year()
        ),
    }
}

/// [`date`] of an ISO date text; the text itself if it is not one.
pub fn date_text(lang: Lang, iso: &str) -> String {
    probatio_core::date::Date::parse(iso).map_or_else(|_| iso.to_owned(), |d| date(lang, d))
}

/// A term as words (`P2Y6M` → "2 года 6 месяцев"); the text itself if it is not a period.
pub fn period(lang: Lang, text: &str) -> String {
    let Ok(p) = probatio_core::date::Period::parse(text) else {
        return text.to_owned();
    };
    [
        ("term-years", p.years),
        ("term-months", p.months),
        ("term-days", p.days),
    ]
    .into_iter()
    .filter(|(_, n)| *n > 0)
    .map(|(id, n)| with(lang, id, &[("n", Arg::Num(i64::from(n)))]))
    .collect::<Vec<_>>()
    .join(" ")
}

/// Whether `id` exists in `lang` itself (no fallback).
pub fn has(lang: Lang, id: &str) -> bool {
    bundles().0[lang as usize].has_message(id)
}

/// The Fluent id of a task, opportunity or flag kind (`submission:extend_control` →
/// `submission-extend-control`).
pub fn kind_key(kind: &str) -> String {
    kind.replace([':', '_'], "-")
}

/// The name of an event type (`violation` → "Нарушение").
pub fn event_label(lang: Lang, event_type: &str) -> String {
    t(lang, &format!("event-{}", kind_key(event_type)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_message_parses_in_every_language() {
        for (lang, source) in [
            (Lang::Kk, include_str!("../i18n/kk.ftl")),
            (Lang::Ru, include_str!("../i18n/ru.ftl")),
            (Lang::En, include_str!("../i18n/en.ftl")),
        ] {
            if let Err((_, errors)) = FluentResource::try_new(source.to_owned()) {
                panic!("{}: {errors:?}", lang.code());
            }
        }
    }

    #[test]
    fn the_three_languages_have_the_same_messages() {
        let ids = |source: &str| -> Vec<String> {
            let mut ids: Vec<String> = source
                .lines()
                .filter_map(|l| l.split_once(" = ").map(|(id, _)| id.trim().to_owned()))
                .filter(|id| !id.starts_with('#'))
                .collect();
            ids.sort();
            ids
        };
        let kk = ids(include_str!("../i18n/kk.ftl"));
        assert_eq!(kk, ids(include_str!("../i18n/ru.ftl")));
        assert_eq!(kk, ids(include_str!("../i18n/en.ftl")));
        assert!(kk.len() > 60, "{} messages", kk.len());
    }

    #[test]
    fn kazakh_is_the_default_and_keeps_its_letters() {
        assert_eq!(Lang::default(), Lang::Kk);
        let summon = t(Lang::Kk, "ground-summon");
        assert!(summon.contains("үш жұмыс күні"), "{summon}");
        assert_eq!(t(Lang::Ru, "task-summon"), "Вызов");
        assert_eq!(t(Lang::En, "no-such-message"), "no-such-message");
        assert_eq!(
            kind_key("submission:extend_control"),
            "submission-extend-control"
        );
        assert!(has(Lang::Kk, "task-submission-extend-control"));
    }

    #[test]
    fn russian_counts_take_their_plural_forms() {
        let cases = |n| with(Lang::Ru, "caseload-total", &[("count", Arg::Num(n))]);
        assert_eq!(cases(1), "1 дело");
        assert_eq!(cases(3), "3 дела");
        assert_eq!(cases(5), "5 дел");
        assert_eq!(cases(21), "21 дело");
        assert_eq!(
            with(Lang::En, "caseload-total", &[("count", Arg::Num(1))]),
            "1 case"
        );
        assert_eq!(
            with(Lang::Kk, "caseload-total", &[("count", Arg::Num(60))]),
            "60 іс"
        );
    }

    #[test]
    fn terms_are_written_in_words_with_plural_forms() {
        assert_eq!(period(Lang::Ru, "P2Y6M"), "2 года 6 месяцев");
        assert_eq!(period(Lang::Ru, "P1Y1M21D"), "1 год 1 месяц 21 день");
        assert_eq!(period(Lang::Ru, "P5Y"), "5 лет");
        assert_eq!(period(Lang::Kk, "P40M"), "40 ай");
        assert_eq!(period(Lang::En, "P1Y2D"), "1 year 2 days");
        assert_eq!(period(Lang::En, "soon"), "soon");
    }

    #[test]
    fn dates_are_written_as_each_language_writes_them() {
        let d = probatio_core::date::Date::ymd(2026, 3, 5);
        assert_eq!(date(Lang::Kk, d), "05.03.2026");
        assert_eq!(date(Lang::Ru, d), "05.03.2026");
        assert_eq!(date(Lang::En, d), "5 Mar 2026");
        assert_eq!(date_text(Lang::En, "not a date"), "not a date");
    }
}
