//! The legal and product rules the engine applies, by id.
//!
//! Ids follow `shared/spec/domain.md` (G… general rules, 5.x measures, p.N = Rules 511
//! point N, L… = a line of the seed textbook) and `agenda-contract.md` (P… product rules).
//! Each variant says where its text is; the engine attaches the variant to every task
//! and flag it produces, so a deadline is always explained by its ground.

use std::fmt;

/// A rule the agenda engine applies. `Display` gives the id the output carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Rule {
    /// G2: monthly check against police and ҚСжАЕК records (Rules 511 p.4.4, p.65.1, p.78.3; seed L8875–8896, L8962–8993, L9128–9183).
    G2,
    /// G4: appear for registration within 10 days of the verdict entering into force (Law art. 15.3.1, seed L8584).
    G4,
    /// G6: reporting twice a month, once in rural areas; more than twice a month is unlawful (p.78.1, L9128–9136; L3394–3404).
    G6,
    /// G7: behaviour check at residence and workplace at least monthly (p.65.1-1, p.78.1-1).
    G7,
    /// G8: a change of residence is notified in writing (Law art. 15.3.4, seed L8596).
    G8,
    /// Rules 511 p.68: restriction of freedom, not arriving in time → initial search (seed L9015–9022).
    P68,
    /// p.71: restriction of freedom, CEC 67.1 violation → summon within 3 working days, written warning (L9035–9050).
    P71,
    /// p.72: restriction of freedom, malicious violation → submission to replace with imprisonment within 5 working days (L9051–9075).
    P72,
    /// p.76: conditional sentence, evasion → initial search (L9112–9117).
    P76,
    /// p.79: conditional sentence, early cancellation from half the term (L9160–9166; Law art. 15.5, L8622).
    P79,
    /// p.80: conditional sentence, CEC 176.1 violation → submission to extend (≤ 1 year, minors ≤ 6 months), summon within 3 working days (L9185–9208).
    P80,
    /// p.81: conditional sentence, duty failure or repeated violation → within 5 working days of the warning, submission to cancel (minors: extend ≤ 1 year) (L9209–9240).
    P81,
    /// p.82: conditional sentence, hiding → submission to declare wanted and apply a preventive measure.
    P82,
    /// p.83: removal from the register at the end of the term (L3329–3342); due on the first working day on or after the end (P1).
    P83,
    /// p.88: deferral, register within 3 working days of arrival (seed L9264–9323).
    P88,
    /// p.89: deferral, quarterly home check with the guardianship body, act in 3 copies.
    P89,
    /// p.91: deferral, 2 weeks to arrive after release, else initial search.
    P91,
    /// p.94: deferral, violation → within 3 working days summon or visit, written warning (L9371–9384).
    P94,
    /// p.95: deferral, refusal of the child, continued evasion, hiding, or public-order violations after two warnings → submission to cancel within 5 working days (L9385–).
    P95,
    /// p.97: deferral ended → within 5 working days a submission to the court.
    P97,
    /// Correctional works: disability group I/II → submission to release from further serving (seed L3699–3703).
    L3699,
    /// Correctional works: malicious evasion → submission to replace within 15 calendar days of detection (L3812–3834).
    L3826,
    /// Correctional works: preventive talk at least monthly (seed L3877).
    L3877,
    /// Correctional works: bring into serving within 15 calendar days of the court order's arrival (seed L3905).
    L3905,
    /// Correctional works: check deductions at the workplace at least quarterly, act in 2 copies (L4060–4084).
    L4066,
    /// Correctional works: at the end of the term notify the employer in writing by the next working day (L4165–4173).
    L4165,
    /// Community service: monthly preventive talk (seed L4566).
    L4566,
    /// 5.5: community service is not imposed on the persons listed at seed L4542.
    S5_5,
    /// 5.7: pre-trial probation — written application, eligibility (Law art. 13, L8438), psycho-social testing (L2471–2497).
    S5_7,
    /// 5.8: the individual programme of social-legal assistance starts 1 year before release (Law art. 16.3, L8649).
    S5_8,
}

impl Rule {
    /// The id printed in the agenda (`"p.71"`, `"G2"`, `"L3905"`, `"5.7"`).
    pub const fn id(self) -> &'static str {
        use Rule::*;
        match self {
            G2 => "G2",
            G4 => "G4",
            G6 => "G6",
            G7 => "G7",
            G8 => "G8",
            P68 => "p.68",
            P71 => "p.71",
            P72 => "p.72",
            P76 => "p.76",
            P79 => "p.79",
            P80 => "p.80",
            P81 => "p.81",
            P82 => "p.82",
            P83 => "p.83",
            P88 => "p.88",
            P89 => "p.89",
            P91 => "p.91",
            P94 => "p.94",
            P95 => "p.95",
            P97 => "p.97",
            L3699 => "L3699",
            L3826 => "L3826",
            L3877 => "L3877",
            L3905 => "L3905",
            L4066 => "L4066",
            L4165 => "L4165",
            L4566 => "L4566",
            S5_5 => "5.5",
            S5_7 => "5.7",
            S5_8 => "5.8",
        }
    }
}

impl fmt::Display for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}

impl serde::Serialize for Rule {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.id())
    }
}
