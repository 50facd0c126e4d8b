//! probatio's pure domain: Kazakhstan's working-day calendar, term arithmetic, the case
//! facts of the agenda contract and the agenda engine. No I/O, no async, no database.
//!
//! ```
//! let case = probatio_core::input::parse_case_str(r#"{
//!   "as_of": "2026-03-10",
//!   "person": {"birth_date": "1990-05-01", "sex": "male"},
//!   "measure": {"kind": "conditional_sentence", "term": "P2Y", "verdict_in_force": "2025-01-10"},
//!   "events": [{"date": "2025-01-15", "type": "registered"}]
//! }"#).expect("a valid case");
//! let agenda = probatio_core::agenda::compute(&case);
//! assert_eq!(agenda.status, probatio_core::agenda::Status::Active);
//! ```

pub mod access;
pub mod agenda;
pub mod calendar;
pub mod case;
pub mod date;
pub mod iin;
pub mod input;
pub mod lang;
pub mod rule;
pub mod search;
