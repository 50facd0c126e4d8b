//! The individual identification number (ЖСН / ИИН), glossary.md.
//!
//! 12 digits: YYMMDD of birth, a century-and-sex digit (1/2: 1800s, 3/4: 1900s,
//! 5/6: 2000s; odd = male), four registration digits and a check digit. The check
//! digit is the weighted sum of the first 11 digits (weights 1…11) mod 11; if that
//! is 10, weights 3,4,5,6,7,8,9,10,11,1,2 are used; if 10 again the number is invalid.

use std::fmt;
use std::str::FromStr;

use crate::case::Sex;
use crate::date::Date;

/// A valid IIN: only constructible through [`Iin::from_str`].
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Iin([u8; 12]);

/// Why a text is not an IIN.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum IinError {
    #[error("an IIN has exactly 12 digits")]
    Format,
    #[error("the first six digits {0} are not a date of birth YYMMDD")]
    BirthDate(String),
    #[error("the seventh digit {0} is not a century-and-sex digit 1–6")]
    Century(u8),
    #[error("the check digit does not match")]
    CheckDigit,
}

const WEIGHTS_1: [u32; 11] = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11];
const WEIGHTS_2: [u32; 11] = [3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2];

/// The check digit for the first 11 digits, or `None` if the number cannot have one.
pub fn check_digit(first11: &[u8; 11]) -> Option<u8> {
    let sum = |w: &[u32; 11]| {
        first11
            .iter()
            .zip(w)
            .map(|(d, w)| u32::from(*d) * w)
            .sum::<u32>()
            % 11
    };
    match sum(&WEIGHTS_1) {
        10 => match sum(&WEIGHTS_2) {
            10 => None,
            c => Some(c as u8),
        },
        c => Some(c as u8),
    }
}

impl Iin {
    pub fn birth_date(&self) -> Date {
        let d = &self.0;
        let century = match d[6] {
            1 | 2 => 1800,
            3 | 4 => 1900,
            _ => 2000,
        };
        let n = |i: usize| u32::from(d[i]) * 10 + u32::from(d[i + 1]);
        // Validated at construction.
        Date::from_ymd(century + n(0) as i32, n(2), n(4)).unwrap_or(Date::MIN)
    }

    pub fn sex(&self) -> Sex {
        if self.0[6] % 2 == 1 {
            Sex::Male
        } else {
            Sex::Female
        }
    }
}

impl FromStr for Iin {
    type Err = IinError;
    fn from_str(s: &str) -> Result<Iin, IinError> {
        let b = s.as_bytes();
        if b.len() != 12 || !b.iter().all(u8::is_ascii_digit) {
            return Err(IinError::Format);
        }
        let mut d = [0u8; 12];
        for (o, c) in d.iter_mut().zip(b) {
            *o = c - b'0';
        }
        if !(1..=6).contains(&d[6]) {
            return Err(IinError::Century(d[6]));
        }
        let century = match d[6] {
            1 | 2 => 1800,
            3 | 4 => 1900,
            _ => 2000,
        };
        let n = |i: usize| u32::from(d[i]) * 10 + u32::from(d[i + 1]);
        if Date::from_ymd(century + n(0) as i32, n(2), n(4)).is_none() {
            return Err(IinError::BirthDate(s[..6].to_owned()));
        }
        let mut first = [0u8; 11];
        first.copy_from_slice(&d[..11]);
        if check_digit(&first) != Some(d[11]) {
            return Err(IinError::CheckDigit);
        }
        Ok(Iin(d))
    }
}

impl fmt::Display for Iin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.iter().try_for_each(|d| write!(f, "{d}"))
    }
}

/// Shows only the birth-date part: an IIN is personal data and must not reach logs whole.
impl fmt::Debug for Iin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Iin(******{}{}****)", self.0[6], self.0[7])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn with_check(first11: &str) -> String {
        let mut d = [0u8; 11];
        for (o, c) in d.iter_mut().zip(first11.bytes()) {
            *o = c - b'0';
        }
        format!("{first11}{}", check_digit(&d).expect("has a check digit"))
    }

    #[test]
    fn iin_check_digit_first_weights() {
        // 9001013 0001 ?: 9·1+0·2+0·3+1·4+0·5+1·6+3·7+0+0+0+1·11 = 51; 51 mod 11 = 7.
        assert_eq!(with_check("90010130001"), "900101300017");
        let iin: Iin = "900101300017".parse().expect("valid");
        assert_eq!(iin.birth_date(), Date::ymd(1990, 1, 1));
        assert_eq!(iin.sex(), Sex::Male);
    }

    #[test]
    fn iin_check_digit_second_weights_when_first_gives_ten() {
        // Find a number whose first sum is 10 and check the second weights are used.
        let mut found = false;
        for reg in 0..10_000u32 {
            let first = format!("8505124{reg:04}");
            let mut d = [0u8; 11];
            for (o, c) in d.iter_mut().zip(first.bytes()) {
                *o = c - b'0';
            }
            let s1: u32 = d
                .iter()
                .zip(WEIGHTS_1)
                .map(|(d, w)| u32::from(*d) * w)
                .sum::<u32>()
                % 11;
            if s1 == 10 {
                let s2: u32 = d
                    .iter()
                    .zip(WEIGHTS_2)
                    .map(|(d, w)| u32::from(*d) * w)
                    .sum::<u32>()
                    % 11;
                assert_eq!(
                    check_digit(&d),
                    if s2 == 10 { None } else { Some(s2 as u8) }
                );
                found = true;
            }
        }
        assert!(found);
    }

    #[test]
    fn iin_rejects_bad_numbers() {
        assert_eq!("12345".parse::<Iin>(), Err(IinError::Format));
        assert_eq!("90010130001a".parse::<Iin>(), Err(IinError::Format));
        assert_eq!("900101300018".parse::<Iin>(), Err(IinError::CheckDigit));
        assert_eq!("900101700017".parse::<Iin>(), Err(IinError::Century(7)));
        assert!(matches!(
            "900231300017".parse::<Iin>(),
            Err(IinError::BirthDate(_))
        ));
        let female: Iin = with_check("05061560123").parse().expect("valid");
        assert_eq!(female.sex(), Sex::Female);
        assert_eq!(female.birth_date(), Date::ymd(2005, 6, 15));
    }

    #[test]
    fn iin_debug_hides_the_number() {
        let iin: Iin = "900101300017".parse().expect("valid");
        assert!(!format!("{iin:?}").contains("900101"));
    }
}
