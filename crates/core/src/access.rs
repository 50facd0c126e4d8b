//! Who may see and do what (issue 4): roles and their territory.
//!
//! Territory comes from KATO codes: a district (city) service for officers and heads, a region
//! for regional administrators and prosecutors; analysts and system administrators work
//! nationally but see no case data by name (analysts: figures only; administrators: users and
//! configuration only).

use crate::case::string_enum;

string_enum!(
    /// A user's role.
    Role {
        /// A probation officer: the cases of their district service; edits the cases assigned to them.
        Officer = "officer",
        /// The head of a district service: all its cases; assigns and transfers.
        Head = "head",
        /// A regional administrator: reads across the region, manages services and officers.
        RegionalAdmin = "regional_admin",
        /// A central analyst: aggregate statistics only, no names or IINs.
        Analyst = "analyst",
        /// A prosecutor: read-only across their territory, including the audit trail.
        Prosecutor = "prosecutor",
        /// A system administrator: users and configuration, no case data.
        SysAdmin = "sysadmin",
    }
);

/// What a role's territory is bound to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TerritoryKind {
    /// A district (city) probation service.
    Service,
    /// A region (oblast or city of republican significance).
    Region,
    /// The whole country.
    National,
}

impl Role {
    pub const fn territory(self) -> TerritoryKind {
        match self {
            Role::Officer | Role::Head => TerritoryKind::Service,
            Role::RegionalAdmin | Role::Prosecutor => TerritoryKind::Region,
            Role::Analyst | Role::SysAdmin => TerritoryKind::National,
        }
    }

    /// Whether the role may read a person's or a case's data at all (within its territory).
    pub const fn reads_case_data(self) -> bool {
        !matches!(self, Role::Analyst | Role::SysAdmin)
    }

    /// Whether the role may record events.
    pub const fn writes_case_data(self) -> bool {
        matches!(self, Role::Officer | Role::Head)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_read_and_write_as_issue_4_says() {
        assert!(Role::Prosecutor.reads_case_data() && !Role::Prosecutor.writes_case_data());
        assert!(!Role::Analyst.reads_case_data());
        assert!(!Role::SysAdmin.reads_case_data());
        assert!(Role::Officer.writes_case_data() && Role::Head.writes_case_data());
        assert_eq!(Role::from_wire("regional_admin"), Some(Role::RegionalAdmin));
        assert_eq!(Role::Head.territory(), TerritoryKind::Service);
    }
}
