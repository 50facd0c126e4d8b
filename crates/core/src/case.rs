//! A case's facts: the person, the measure and the event log (agenda-contract.md, Input).
//!
//! These types hold only valid data: a [`Case`] is built by [`crate::input`], which
//! checks every field and every cross-field rule of the contract first.

use crate::calendar::Decree;
use crate::date::{Date, Period};

/// Declares an enum whose variants have fixed wire names.
macro_rules! string_enum {
    ($(#[$m:meta])* $name:ident { $($(#[$vm:meta])* $var:ident = $s:literal),+ $(,)? }) => {
        $(#[$m])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum $name { $($(#[$vm])* $var),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$var),+];

            /// The wire name.
            pub const fn as_str(self) -> &'static str {
                match self { $($name::$var => $s),+ }
            }

            /// The variant with this wire name.
            pub fn from_wire(s: &str) -> Option<$name> {
                match s { $($s => Some($name::$var),)+ _ => None }
            }

            /// The wire names, for error messages.
            pub fn wire_names() -> String {
                [$($s),+].join(", ")
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }
    };
}
pub(crate) use string_enum;

string_enum!(Sex { Male = "male", Female = "female" });

string_enum!(
    /// The measure a court (or the law) imposed.
    MeasureKind {
        RestrictionOfFreedom = "restriction_of_freedom",
        ConditionalSentence = "conditional_sentence",
        CorrectionalWorks = "correctional_works",
        CommunityService = "community_service",
        Deferral = "deferral",
        ActivityBan = "activity_ban",
        Pretrial = "pretrial",
        Penitentiary = "penitentiary",
        PostPenitentiary = "post_penitentiary",
    }
);

impl MeasureKind {
    /// A punishment executed by the service under a verdict (needs `verdict_in_force`).
    pub const fn is_sentence(self) -> bool {
        matches!(
            self,
            MeasureKind::RestrictionOfFreedom
                | MeasureKind::ConditionalSentence
                | MeasureKind::CorrectionalWorks
                | MeasureKind::CommunityService
                | MeasureKind::Deferral
                | MeasureKind::ActivityBan
        )
    }

    /// Probation control in the Law's sense (art. 15): restriction of freedom and conditional sentence.
    pub const fn is_probation_control(self) -> bool {
        matches!(
            self,
            MeasureKind::RestrictionOfFreedom | MeasureKind::ConditionalSentence
        )
    }

    /// Whether `measure.term` is required (and allowed).
    pub const fn has_term(self) -> bool {
        matches!(
            self,
            MeasureKind::RestrictionOfFreedom
                | MeasureKind::ConditionalSentence
                | MeasureKind::CorrectionalWorks
                | MeasureKind::ActivityBan
        )
    }

    /// The violation kinds the contract's matrix allows for this measure.
    pub const fn violation_kinds(self) -> &'static [ViolationKind] {
        use ViolationKind::*;
        match self {
            MeasureKind::RestrictionOfFreedom => &[Ordinary, Malicious],
            MeasureKind::ConditionalSentence => &[Ordinary, DutyFailure, Hiding],
            MeasureKind::Deferral => &[PublicOrder, ChildCare, RefusedChild, Hiding],
            MeasureKind::CorrectionalWorks | MeasureKind::CommunityService => {
                &[Ordinary, Malicious]
            }
            _ => &[],
        }
    }
}

string_enum!(
    /// A violation's kind; which kinds a measure allows is [`MeasureKind::violation_kinds`].
    ViolationKind {
        /// CEC 67.1 (restriction of freedom), 176.1 (conditional sentence), or an ordinary one.
        Ordinary = "ordinary",
        /// CEC 68.2, or malicious evasion.
        Malicious = "malicious",
        /// A duty the court imposed was not fulfilled (conditional sentence).
        DutyFailure = "duty_failure",
        Hiding = "hiding",
        /// A public-order offence with an administrative penalty (deferral, p.93).
        PublicOrder = "public_order",
        /// Evading the care of the child (deferral).
        ChildCare = "child_care",
        /// Refusing the child (deferral, p.95).
        RefusedChild = "refused_child",
    }
);

string_enum!(
    /// What a submission to court asks for.
    Purpose {
        ReplaceWithImprisonment = "replace_with_imprisonment",
        CancelConditional = "cancel_conditional",
        ExtendControl = "extend_control",
        EarlyCancellation = "early_cancellation",
        DeclareWanted = "declare_wanted",
        ReplaceCorrectionalWorks = "replace_correctional_works",
        ReleaseDisability = "release_disability",
        CancelDeferral = "cancel_deferral",
        DeferralEnd = "deferral_end",
    }
);

string_enum!(ExtensionGround { Violation = "violation", Repeated = "repeated" });
string_enum!(Form { Written = "written", Oral = "oral" });
string_enum!(PreventiveMeasure { HouseArrest = "house_arrest", Custody = "custody", Other = "other" });
string_enum!(Tester { Psychology = "psychology", Pedagogy = "pedagogy", Law = "law", Other = "other" });

/// The person's state, as the rules judge it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Person {
    pub birth_date: Date,
    pub sex: Sex,
    pub rural: bool,
    pub disability_group: Option<u8>,
    pub pregnant: bool,
    pub sole_carer: bool,
    pub military: bool,
    pub children_birth_dates: Vec<Date>,
}

impl Person {
    /// Age in full years on `day`.
    pub fn age_on(&self, day: Date) -> i32 {
        day.years_since(self.birth_date)
    }

    /// Has a child born on or before `day` whose third birthday is after `day`.
    pub fn has_child_under_3_on(&self, day: Date) -> bool {
        self.children_birth_dates
            .iter()
            .any(|b| *b <= day && b.add_months(36) > day)
    }
}

/// The measure and its court-given parameters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Measure {
    pub kind: MeasureKind,
    /// Required exactly for [`MeasureKind::has_term`].
    pub term: Option<Period>,
    /// Deferral: the first day no longer deferred.
    pub until: Option<Date>,
    /// Penitentiary: the release date (`None` for a life sentence).
    pub release_date: Option<Date>,
    /// Community service: hours imposed.
    pub hours: Option<u32>,
    /// A minor at sentencing: governs every juvenile rule.
    pub juvenile: bool,
    pub verdict_in_force: Option<Date>,
}

/// Reporting days of the month (1–31), as a bit set.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ReportingDays(u32);

impl ReportingDays {
    pub fn from_days(days: &[u8]) -> ReportingDays {
        ReportingDays(days.iter().fold(0, |acc, d| acc | (1 << d)))
    }

    pub fn count(self) -> u32 {
        self.0.count_ones()
    }

    pub fn days(self) -> impl Iterator<Item = u32> {
        (1..=31).filter(move |d| self.0 & (1 << d) != 0)
    }
}

/// What happened (agenda-contract.md, the event table).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EventKind {
    VerdictReceived,
    OrderReceived,
    EmployerReceivedVerdict,
    Released,
    Arrived,
    Registered,
    ReportingDays(ReportingDays),
    Reported,
    MissedReport {
        valid_reason: bool,
    },
    RecordsCheck,
    HomeVisit,
    PreventiveTalk,
    WorkplaceCheck,
    GuardianshipCheck,
    Violation(ViolationKind),
    Summoned,
    Warning,
    Submission(Purpose),
    InitialSearchStarted,
    WantedDeclared,
    SearchEnded,
    TermExtended {
        months: u8,
        ground: ExtensionGround,
    },
    DisabilityRecognised {
        group: u8,
    },
    EmployerNotified,
    ResidenceChanged {
        notice: Form,
    },
    Application {
        form: Form,
    },
    PreventiveMeasure(PreventiveMeasure),
    /// `start` in minutes after midnight.
    Testing {
        start: u16,
        minutes: u16,
        tester: Tester,
    },
    ProgrammeStarted,
    Removed,
}

string_enum!(
    /// The `type` of an event on the wire.
    EventType {
        VerdictReceived = "verdict_received",
        OrderReceived = "order_received",
        EmployerReceivedVerdict = "employer_received_verdict",
        Released = "released",
        Arrived = "arrived",
        Registered = "registered",
        ReportingDays = "reporting_days",
        Reported = "reported",
        MissedReport = "missed_report",
        RecordsCheck = "records_check",
        HomeVisit = "home_visit",
        PreventiveTalk = "preventive_talk",
        WorkplaceCheck = "workplace_check",
        GuardianshipCheck = "guardianship_check",
        Violation = "violation",
        Summoned = "summoned",
        Warning = "warning",
        Submission = "submission",
        InitialSearchStarted = "initial_search_started",
        WantedDeclared = "wanted_declared",
        SearchEnded = "search_ended",
        TermExtended = "term_extended",
        DisabilityRecognised = "disability_recognised",
        EmployerNotified = "employer_notified",
        ResidenceChanged = "residence_changed",
        Application = "application",
        PreventiveMeasure = "preventive_measure",
        Testing = "testing",
        ProgrammeStarted = "programme_started",
        Removed = "removed",
    }
);

impl EventType {
    /// The payload fields an event of this type carries (all required but `valid_reason`).
    pub const fn fields(self) -> &'static [&'static str] {
        match self {
            EventType::ReportingDays => &["days"],
            EventType::MissedReport => &["valid_reason"],
            EventType::Violation => &["kind"],
            EventType::Submission => &["purpose"],
            EventType::TermExtended => &["months", "ground"],
            EventType::DisabilityRecognised => &["group"],
            EventType::ResidenceChanged => &["notice"],
            EventType::Application => &["form"],
            EventType::PreventiveMeasure => &["measure"],
            EventType::Testing => &["start", "minutes", "tester"],
            _ => &[],
        }
    }
}

impl EventKind {
    pub const fn event_type(&self) -> EventType {
        match self {
            EventKind::VerdictReceived => EventType::VerdictReceived,
            EventKind::OrderReceived => EventType::OrderReceived,
            EventKind::EmployerReceivedVerdict => EventType::EmployerReceivedVerdict,
            EventKind::Released => EventType::Released,
            EventKind::Arrived => EventType::Arrived,
            EventKind::Registered => EventType::Registered,
            EventKind::ReportingDays(_) => EventType::ReportingDays,
            EventKind::Reported => EventType::Reported,
            EventKind::MissedReport { .. } => EventType::MissedReport,
            EventKind::RecordsCheck => EventType::RecordsCheck,
            EventKind::HomeVisit => EventType::HomeVisit,
            EventKind::PreventiveTalk => EventType::PreventiveTalk,
            EventKind::WorkplaceCheck => EventType::WorkplaceCheck,
            EventKind::GuardianshipCheck => EventType::GuardianshipCheck,
            EventKind::Violation(_) => EventType::Violation,
            EventKind::Summoned => EventType::Summoned,
            EventKind::Warning => EventType::Warning,
            EventKind::Submission(_) => EventType::Submission,
            EventKind::InitialSearchStarted => EventType::InitialSearchStarted,
            EventKind::WantedDeclared => EventType::WantedDeclared,
            EventKind::SearchEnded => EventType::SearchEnded,
            EventKind::TermExtended { .. } => EventType::TermExtended,
            EventKind::DisabilityRecognised { .. } => EventType::DisabilityRecognised,
            EventKind::EmployerNotified => EventType::EmployerNotified,
            EventKind::ResidenceChanged { .. } => EventType::ResidenceChanged,
            EventKind::Application { .. } => EventType::Application,
            EventKind::PreventiveMeasure(_) => EventType::PreventiveMeasure,
            EventKind::Testing { .. } => EventType::Testing,
            EventKind::ProgrammeStarted => EventType::ProgrammeStarted,
            EventKind::Removed => EventType::Removed,
        }
    }
}

/// One dated fact.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Event {
    pub date: Date,
    pub kind: EventKind,
}

/// A validated case: events sorted by date, same-date events in input order, none after `as_of`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Case {
    pub(crate) as_of: Date,
    pub(crate) calendar: Decree,
    pub(crate) person: Person,
    pub(crate) measure: Measure,
    pub(crate) events: Vec<Event>,
}

impl Case {
    pub fn as_of(&self) -> Date {
        self.as_of
    }

    pub fn calendar(&self) -> &Decree {
        &self.calendar
    }

    pub fn person(&self) -> &Person {
        &self.person
    }

    pub fn measure(&self) -> &Measure {
        &self.measure
    }

    /// The events in processing order.
    pub fn events(&self) -> &[Event] {
        &self.events
    }

    /// The first event of `ty`, if any.
    pub fn first(&self, ty: EventType) -> Option<Date> {
        self.events
            .iter()
            .find(|e| e.kind.event_type() == ty)
            .map(|e| e.date)
    }
}
