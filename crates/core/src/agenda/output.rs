//! The agenda's output types (agenda-contract.md, Output).

use std::cmp::Ordering;

use serde::Serialize;

use crate::case::{EventType, Purpose, string_enum};
use crate::date::Date;
use crate::rule::Rule;

string_enum!(
    /// A case's status on a day (agenda-contract.md, Semantics: Status).
    Status {
        AwaitingRegistration = "awaiting_registration",
        Active = "active",
        Wanted = "wanted",
        Ended = "ended",
    }
);

/// Something the service must do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TaskKind {
    InitialSearch,
    Registration,
    Report,
    Summon,
    Warning,
    Submission(Purpose),
    NotifyEmployer,
    ReleasePreparation,
    Remove,
    RecordsCheck,
    HomeVisit,
    PreventiveTalk,
    WorkplaceCheck,
    GuardianshipCheck,
}

impl TaskKind {
    /// The wire name (`"summon"`, `"submission:cancel_conditional"`).
    pub const fn as_str(self) -> &'static str {
        match self {
            TaskKind::InitialSearch => "initial_search",
            TaskKind::Registration => "registration",
            TaskKind::Report => "report",
            TaskKind::Summon => "summon",
            TaskKind::Warning => "warning",
            TaskKind::Submission(p) => match p {
                Purpose::ReplaceWithImprisonment => "submission:replace_with_imprisonment",
                Purpose::CancelConditional => "submission:cancel_conditional",
                Purpose::ExtendControl => "submission:extend_control",
                Purpose::EarlyCancellation => "submission:early_cancellation",
                Purpose::DeclareWanted => "submission:declare_wanted",
                Purpose::ReplaceCorrectionalWorks => "submission:replace_correctional_works",
                Purpose::ReleaseDisability => "submission:release_disability",
                Purpose::CancelDeferral => "submission:cancel_deferral",
                Purpose::DeferralEnd => "submission:deferral_end",
            },
            TaskKind::NotifyEmployer => "notify_employer",
            TaskKind::ReleasePreparation => "release_preparation",
            TaskKind::Remove => "remove",
            TaskKind::RecordsCheck => "records_check",
            TaskKind::HomeVisit => "home_visit",
            TaskKind::PreventiveTalk => "preventive_talk",
            TaskKind::WorkplaceCheck => "workplace_check",
            TaskKind::GuardianshipCheck => "guardianship_check",
        }
    }

    /// The task with this wire name.
    pub fn from_wire(s: &str) -> Option<TaskKind> {
        if let Some(purpose) = s.strip_prefix("submission:") {
            return Purpose::from_wire(purpose).map(TaskKind::Submission);
        }
        [
            TaskKind::InitialSearch,
            TaskKind::Registration,
            TaskKind::Report,
            TaskKind::Summon,
            TaskKind::Warning,
            TaskKind::NotifyEmployer,
            TaskKind::ReleasePreparation,
            TaskKind::Remove,
            TaskKind::RecordsCheck,
            TaskKind::HomeVisit,
            TaskKind::PreventiveTalk,
            TaskKind::WorkplaceCheck,
            TaskKind::GuardianshipCheck,
        ]
        .into_iter()
        .find(|k| k.as_str() == s)
    }

    /// The event an officer records to do this task (the first of the contract's "closed by"
    /// events; a submission with the task's purpose). The reporting day is kept by the person
    /// (`reported`); it is listed so the officer can record that, though no event closes it.
    pub const fn closing_event(self) -> (EventType, Option<Purpose>) {
        let event = match self {
            TaskKind::InitialSearch => EventType::InitialSearchStarted,
            TaskKind::Registration => EventType::Registered,
            TaskKind::Report => EventType::Reported,
            TaskKind::Summon => EventType::Summoned,
            TaskKind::Warning => EventType::Warning,
            TaskKind::Submission(p) => return (EventType::Submission, Some(p)),
            TaskKind::NotifyEmployer => EventType::EmployerNotified,
            TaskKind::ReleasePreparation => EventType::ProgrammeStarted,
            TaskKind::Remove => EventType::Removed,
            TaskKind::RecordsCheck => EventType::RecordsCheck,
            TaskKind::HomeVisit => EventType::HomeVisit,
            TaskKind::PreventiveTalk => EventType::PreventiveTalk,
            TaskKind::WorkplaceCheck => EventType::WorkplaceCheck,
            TaskKind::GuardianshipCheck => EventType::GuardianshipCheck,
        };
        (event, None)
    }

    /// Tasks that stay open after the measure ended, until done (agenda-contract.md, After the end).
    pub const fn survives_the_end(self) -> bool {
        matches!(
            self,
            TaskKind::Remove
                | TaskKind::NotifyEmployer
                | TaskKind::Submission(Purpose::DeferralEnd)
        )
    }
}

impl std::fmt::Display for TaskKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for TaskKind {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

string_enum!(
    /// A recorded action that broke a rule, or a period whose duty was not done.
    FlagKind {
        Late = "late",
        Unfulfilled = "unfulfilled",
        MissedPeriod = "missed_period",
        LateAppearance = "late_appearance",
        LateArrival = "late_arrival",
        EnhancedReporting = "enhanced_reporting",
        PrematureSubmission = "premature_submission",
        OralNotice = "oral_notice",
        ExtensionOverLimit = "extension_over_limit",
        NotEligible = "not_eligible",
        OralApplication = "oral_application",
        TestingOverTime = "testing_over_time",
        TestingAfternoon = "testing_afternoon",
        TestingUnqualified = "testing_unqualified",
    }
);

impl FlagKind {
    /// Whether the recorded action itself is one the law does not allow the service to take
    /// (a deadline missed, a submission before its time, a duty the law removed, a form or a
    /// test the law forbids) — product rule for issue 5's "confirm with a reason": such an
    /// action is saved only with a stated reason. The person's own lateness (`late_appearance`,
    /// `late_arrival`), a lapsed period and an end with a duty undone are facts the record
    /// shows, not actions to confirm.
    pub const fn is_forbidden_action(self) -> bool {
        !matches!(
            self,
            FlagKind::Unfulfilled
                | FlagKind::MissedPeriod
                | FlagKind::LateAppearance
                | FlagKind::LateArrival
        )
    }
}

/// The term of the measure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Term {
    pub start: Date,
    /// The first day no longer under the measure.
    pub end: Date,
    /// The first day on which half the term has been served.
    pub half: Date,
    pub suspended_days: i32,
}

/// An open obligation of the service.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Task {
    pub kind: TaskKind,
    /// `None` where the law sets no deadline.
    pub due: Option<Date>,
    pub rule: Rule,
    /// The day the task opened (`None` for a standing duty with no opening day, such as
    /// release preparation); not part of the contract's JSON.
    #[serde(skip)]
    pub opened: Option<Date>,
}

/// What the service may now do but need not.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Opportunity {
    pub kind: TaskKind,
    pub from: Date,
    pub rule: Rule,
}

/// A broken rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Flag {
    pub kind: FlagKind,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub task: Option<TaskKind>,
    pub date: Date,
    pub rule: Rule,
}

/// A case's legal agenda on `as_of`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Agenda {
    pub status: Status,
    pub term: Option<Term>,
    pub tasks: Vec<Task>,
    pub opportunities: Vec<Opportunity>,
    pub flags: Vec<Flag>,
}

impl Agenda {
    /// Puts tasks, opportunities and flags in the contract's order.
    pub(crate) fn sort(&mut self) {
        self.tasks.sort_by(|a, b| {
            let due = match (a.due, b.due) {
                (Some(x), Some(y)) => x.cmp(&y),
                (Some(_), None) => Ordering::Less,
                (None, Some(_)) => Ordering::Greater,
                (None, None) => Ordering::Equal,
            };
            due.then_with(|| a.kind.as_str().cmp(b.kind.as_str()))
        });
        self.opportunities.sort_by(|a, b| {
            a.from
                .cmp(&b.from)
                .then_with(|| a.kind.as_str().cmp(b.kind.as_str()))
        });
        self.flags.sort_by(|a, b| {
            a.date
                .cmp(&b.date)
                .then_with(|| a.kind.as_str().cmp(b.kind.as_str()))
                .then_with(|| {
                    a.task
                        .map(TaskKind::as_str)
                        .cmp(&b.task.map(TaskKind::as_str))
                })
        });
    }

    /// The agenda as the contract's JSON text.
    pub fn to_json(&self) -> String {
        // Serialising these plain types cannot fail.
        serde_json::to_string_pretty(self).unwrap_or_default()
    }
}

/// Whether a task due on `due` is overdue on `as_of`: its deadline has passed (the contract's
/// tasks "overdue ones included, `due` < `as_of`"); a task without a deadline never is.
pub fn is_overdue(due: Option<Date>, as_of: Date) -> bool {
    due.is_some_and(|d| d < as_of)
}
