//! The hash chains that make the event log tamper-evident.
//!
//! Each event's `hash` covers the previous event of its case (`prev_hash`) and every stored
//! field of the event; each event's `global_hash` covers the previous event of the whole
//! register (`global_prev`) and the event's own hash. Changing, deleting or reordering a row
//! behind the application's back breaks a link that `verify` finds.

use sha2::{Digest, Sha256};

/// The stored fields of an event that its hash covers.
#[derive(Debug, Clone, Copy)]
pub struct Link<'a> {
    pub case_id: i64,
    pub seq: i64,
    pub event_date: &'a str,
    pub event_type: &'a str,
    pub body: &'a str,
    pub corrects: Option<i64>,
    pub reason: Option<&'a str>,
    pub recorded_by: &'a str,
    pub recorded_at: &'a str,
}

fn field(h: &mut Sha256, bytes: &[u8]) {
    // Length-prefixed, so that no two different field lists hash alike.
    h.update((bytes.len() as u64).to_be_bytes());
    h.update(bytes);
}

/// The hash of an event chained to `prev`, the hash of its case's previous event.
pub fn case_hash(prev: &str, link: &Link<'_>) -> String {
    let mut h = Sha256::new();
    field(&mut h, b"probatio.event.v1");
    field(&mut h, prev.as_bytes());
    field(&mut h, &link.case_id.to_be_bytes());
    field(&mut h, &link.seq.to_be_bytes());
    field(&mut h, link.event_date.as_bytes());
    field(&mut h, link.event_type.as_bytes());
    field(&mut h, link.body.as_bytes());
    field(&mut h, &link.corrects.unwrap_or(-1).to_be_bytes());
    field(&mut h, link.reason.unwrap_or("").as_bytes());
    field(&mut h, link.recorded_by.as_bytes());
    field(&mut h, link.recorded_at.as_bytes());
    hex::encode(h.finalize())
}

/// The register-wide hash of the event numbered `global_seq`, chained to `prev`.
pub fn global_hash(prev: &str, global_seq: i64, case_hash: &str) -> String {
    let mut h = Sha256::new();
    field(&mut h, b"probatio.chain.v1");
    field(&mut h, prev.as_bytes());
    field(&mut h, &global_seq.to_be_bytes());
    field(&mut h, case_hash.as_bytes());
    hex::encode(h.finalize())
}

/// The hash of access record `seq` (its fields, length-prefixed in order), chained to `prev`.
pub fn access_hash(prev: &str, seq: i64, fields: &[&str]) -> String {
    let mut h = Sha256::new();
    field(&mut h, b"probatio.access.v1");
    field(&mut h, prev.as_bytes());
    field(&mut h, &seq.to_be_bytes());
    for f in fields {
        field(&mut h, f.as_bytes());
    }
    hex::encode(h.finalize())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn link(body: &str) -> Link<'_> {
        Link {
            case_id: 1,
            seq: 1,
            event_date: "2025-01-15",
            event_type: "registered",
            body,
            corrects: None,
            reason: None,
            recorded_by: "officer:1",
            recorded_at: "2025-01-15T05:00:00Z",
        }
    }

    #[test]
    fn any_changed_field_changes_the_hash() {
        let base = case_hash("0", &link("{}"));
        assert_eq!(base.len(), 64);
        assert_ne!(base, case_hash("1", &link("{}")));
        assert_ne!(base, case_hash("0", &link("{ }")));
        let mut other = link("{}");
        other.recorded_by = "officer:2";
        assert_ne!(base, case_hash("0", &other));
        assert_ne!(global_hash("0", 1, &base), global_hash("0", 2, &base));
    }
}
