//! One-off tasks: opening, absorbing and closing (agenda-contract.md, Opening and closing).

use crate::date::Date;
use crate::rule::Rule;

use super::output::{Flag, FlagKind, Task, TaskKind};

/// The open one-off tasks of a case, oldest first, and the flags their closing raised.
#[derive(Debug, Default)]
pub struct Ledger {
    open: Vec<Task>,
    pub flags: Vec<Flag>,
}

impl Ledger {
    /// Opens a task on `opened`.
    ///
    /// A task with no due date is never open twice: a second opening is absorbed. When a
    /// task with a due date opens while one of the same kind with no due date is open, that
    /// task takes the due date and rule instead (one submission answers both).
    pub fn open(&mut self, kind: TaskKind, due: Option<Date>, rule: Rule, opened: Option<Date>) {
        if let Some(undated) = self
            .open
            .iter_mut()
            .find(|t| t.kind == kind && t.due.is_none())
        {
            if due.is_some() {
                undated.due = due;
                undated.rule = rule;
            }
            return;
        }
        self.open.push(Task {
            kind,
            due,
            rule,
            opened,
        });
    }

    /// Closes the oldest open task of `kind` that `accepts`, on `date`; a close after the
    /// due date raises a `late` flag on `date` with the task's rule. Returns whether one closed.
    pub fn close(&mut self, kind: TaskKind, date: Date, accepts: impl Fn(&Task) -> bool) -> bool {
        let Some(i) = self.open.iter().position(|t| t.kind == kind && accepts(t)) else {
            return false;
        };
        let task = self.open.remove(i);
        if task.due.is_some_and(|due| date > due) {
            self.flags.push(Flag {
                kind: FlagKind::Late,
                task: Some(kind),
                date,
                rule: task.rule,
            });
        }
        true
    }

    /// Closes the oldest open task of `kind`.
    pub fn close_any(&mut self, kind: TaskKind, date: Date) -> bool {
        self.close(kind, date, |_| true)
    }

    #[cfg(test)]
    pub fn is_open(&self, kind: TaskKind) -> bool {
        self.open.iter().any(|t| t.kind == kind)
    }

    /// The tasks still open, and the flags raised.
    pub fn finish(self) -> (Vec<Task>, Vec<Flag>) {
        (self.open, self.flags)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::case::Purpose;

    const EXTEND: TaskKind = TaskKind::Submission(Purpose::ExtendControl);

    #[test]
    fn undated_task_is_never_open_twice() {
        let mut l = Ledger::default();
        let d = Date::ymd(2025, 10, 9);
        l.open(TaskKind::Warning, None, Rule::P80, Some(d));
        l.open(TaskKind::Warning, None, Rule::P80, Some(d.add_days(3)));
        assert!(l.close_any(TaskKind::Warning, d.add_days(5)));
        assert!(!l.is_open(TaskKind::Warning));
    }

    #[test]
    fn dated_opening_gives_its_due_date_to_an_open_undated_task() {
        let mut l = Ledger::default();
        let d = Date::ymd(2026, 2, 18);
        l.open(EXTEND, None, Rule::P80, Some(d));
        l.open(EXTEND, Some(Date::ymd(2026, 2, 25)), Rule::P81, Some(d));
        let (open, _) = l.finish();
        assert_eq!(open.len(), 1);
        assert_eq!(
            (open[0].due, open[0].rule),
            (Some(Date::ymd(2026, 2, 25)), Rule::P81)
        );
    }

    #[test]
    fn closing_after_the_due_date_is_late_with_the_tasks_rule() {
        let mut l = Ledger::default();
        let due = Date::ymd(2026, 3, 27);
        l.open(
            TaskKind::Summon,
            Some(due),
            Rule::P71,
            Some(Date::ymd(2026, 3, 19)),
        );
        l.open(
            TaskKind::Summon,
            Some(due.add_days(10)),
            Rule::P71,
            Some(Date::ymd(2026, 3, 25)),
        );
        assert!(l.close_any(TaskKind::Summon, Date::ymd(2026, 3, 30)));
        let (open, flags) = l.finish();
        assert_eq!(open.len(), 1, "one event closes one task: the oldest");
        assert_eq!(open[0].due, Some(due.add_days(10)));
        assert_eq!(flags.len(), 1);
        assert_eq!(
            (flags[0].kind, flags[0].date, flags[0].rule),
            (FlagKind::Late, Date::ymd(2026, 3, 30), Rule::P71)
        );
    }
}
