//! A name's search key: one ASCII spelling for Kazakh, Russian and Latin forms of a name.
//!
//! Databases fold case only for ASCII (SQLite's `lower`, a PostgreSQL cluster with the `C`
//! ctype), and officers type names as they hear them: "Токаев" for "Тоқаев", "Nurlan" for
//! "Нұрлан", "Семен" for "Семён". The key folds all of these to the same letters, so a plain
//! `LIKE 'key%'` finds them on every backend:
//!
//! 1. case is folded, Kazakh letters become their Russian look-alikes (ә→а, ғ→г, қ→к, ң→н,
//!    ө→о, ұ→у, ү→у, һ→х, і→и) and ё→е;
//! 2. Cyrillic is transliterated to Latin, and Latin letters with diacritics (Kazakh Latin
//!    alphabets: ä, ğ, ı, ñ, ö, ū, ü, ş, ç) lose them;
//! 3. spellings that vary between transliteration schemes are merged (kh/h, zh/j, q/k, y/i,
//!    ts/c, and doubled letters), and everything but letters and single spaces is dropped.

/// The search key of a name or a query.
pub fn search_key(text: &str) -> String {
    let mut latin = String::with_capacity(text.len());
    for c in text.chars().flat_map(char::to_lowercase) {
        if c.is_ascii_alphabetic() {
            latin.push(c);
            continue;
        }
        latin.push_str(match c {
            'а' | 'ә' => "a",
            'б' => "b",
            'в' => "v",
            'г' | 'ғ' => "g",
            'д' => "d",
            'е' | 'ё' | 'э' => "e",
            'ж' => "zh",
            'з' => "z",
            'и' | 'і' | 'й' => "i",
            'к' | 'қ' => "k",
            'л' => "l",
            'м' => "m",
            'н' | 'ң' => "n",
            'о' | 'ө' => "o",
            'п' => "p",
            'р' => "r",
            'с' => "s",
            'т' => "t",
            'у' | 'ұ' | 'ү' | 'ў' => "u",
            'ф' => "f",
            'х' | 'һ' => "h",
            'ц' => "ts",
            'ч' => "ch",
            'ш' => "sh",
            'щ' => "sh",
            'ъ' | 'ь' => "",
            'ы' => "y",
            'ю' => "yu",
            'я' => "ya",
            'ä' | 'á' | 'à' | 'â' => "a",
            'ğ' => "g",
            'ı' | 'í' | 'ì' | 'î' | 'ï' => "i",
            'ñ' => "n",
            'ö' | 'ó' | 'ò' | 'ô' => "o",
            'ū' | 'ü' | 'ú' | 'ù' | 'û' => "u",
            'ş' => "sh",
            'ç' => "ch",
            'é' | 'è' | 'ê' | 'ë' => "e",
            c if c.is_whitespace() || c == '-' || c == '\'' => " ",
            _ => "",
        });
    }
    // Merge spellings that differ between schemes: the longest patterns first.
    let merged = latin
        .replace("shch", "sh")
        .replace("kh", "h")
        .replace("zh", "j")
        .replace("dj", "j")
        .replace("ts", "c")
        .replace('q', "k")
        .replace('x', "ks")
        .replace('w', "v")
        .replace('y', "i");
    let mut key = String::with_capacity(merged.len());
    for c in merged.chars() {
        let last = key.chars().last();
        if c == ' ' && (last.is_none() || last == Some(' ')) {
            continue;
        }
        if Some(c) == last && c != ' ' {
            continue;
        }
        key.push(c);
    }
    key.trim_end().to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kazakh_letters_fold_to_russian_look_alikes() {
        assert_eq!(search_key("Тоқаев"), search_key("Токаев"));
        assert_eq!(search_key("ӘБІЛҰЛЫ"), search_key("абилулы"));
        assert_eq!(search_key("Өмірзақ"), search_key("Омирзак"));
    }

    #[test]
    fn yo_folds_to_ye() {
        assert_eq!(search_key("Семён"), search_key("Семен"));
    }

    #[test]
    fn latin_transliteration_finds_cyrillic() {
        assert_eq!(search_key("Nurlan"), search_key("Нұрлан"));
        assert_eq!(search_key("Zhanna"), search_key("Жанна"));
        assert_eq!(search_key("Janna"), search_key("Жанна"));
        assert_eq!(search_key("Qairat"), search_key("Қайрат"));
        assert_eq!(search_key("Kairat"), search_key("Қайрат"));
        assert_eq!(search_key("Akhmetov"), search_key("Ахметов"));
        assert_eq!(search_key("Ahmetov"), search_key("Ахметов"));
        assert_eq!(search_key("Äliev"), search_key("Әлиев"));
        assert_eq!(search_key("Tsoi"), search_key("Цой"));
        assert_eq!(search_key("Tsoy"), search_key("Цой"));
    }

    #[test]
    fn key_is_ascii_lowercase_and_spaces_are_single() {
        let key = search_key("  Нұрлан-Ұлы   Серік ");
        assert!(key.is_ascii());
        assert_eq!(key, "nurlan uli serik");
        assert_eq!(search_key("Ivanov!"), "ivanov");
    }

    #[test]
    fn prefix_of_a_key_is_the_key_of_a_prefix_for_typical_names() {
        assert!(search_key("Тоқаев Қасым").starts_with(&search_key("Токае")));
    }
}
