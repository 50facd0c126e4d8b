//! `probatio`: the command line of Kazakhstan's probation service information system.

mod bench;
mod decree_file;
mod demo;
mod register;

use std::io::{Read, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use probatio_core::calendar::Calendar;
use probatio_core::lang::Lang;

/// probatio — the register, the officers' daily tool and the legal conscience of the
/// probation service of the Republic of Kazakhstan.
#[derive(Debug, Parser)]
#[command(name = "probatio", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Compute a case's legal agenda: what the service must do and by when, what it may do,
    /// and which recorded actions broke a rule.
    ///
    /// Input: one JSON object per shared/spec/agenda-contract.md — `as_of`, optional
    /// `calendar` (a transfer decree), `person`, `measure` and `events`. Output: the agenda
    /// as JSON on standard output, exit 0. Bad input exits 2 with one line on standard
    /// error naming the field and the problem (e.g. `events[3].date: 2025-02-30 is not a date`).
    Agenda {
        /// The case file, or `-` for standard input.
        file: String,
        /// A government transfer decree (JSON or TOML: `days_off`, `working_days`) applied
        /// under the case's own `calendar`.
        #[arg(long)]
        decree: Option<PathBuf>,
    },
    /// List a year's days off, one per line as `YYYY-MM-DD reason`: every public holiday
    /// (also one on a weekend), every day off moved from a weekend holiday, and every day off
    /// of a loaded decree; then each day a decree made working, marked as such.
    Calendar {
        /// The year, e.g. 2026.
        year: i32,
        /// A government transfer decree to load (JSON or TOML), e.g.
        /// `days_off = ["2026-01-02", { date = "2026-05-08", reason = "Decree No. 1" }]`,
        /// `working_days = ["2026-05-16"]`.
        #[arg(long)]
        decree: Option<PathBuf>,
        /// Language of the reasons: kk, ru or en.
        #[arg(long, default_value = "kk")]
        lang: Lang,
    },
    /// Serve the register's JSON API (and, later, the web application). Creates and migrates
    /// the database if needed.
    Serve {
        #[command(flatten)]
        db: register::DbArgs,
        /// Address to listen on.
        #[arg(long, default_value = "127.0.0.1:8080")]
        bind: String,
    },
    /// Create or update the database schema.
    Migrate {
        #[command(flatten)]
        db: register::DbArgs,
    },
    /// Fill the register with a synthetic demo population: the national mix of measures,
    /// Kazakh and Russian names, valid IINs, histories with violations, searches and moves.
    Demo {
        #[command(flatten)]
        db: register::DbArgs,
        /// How many persons (each with one case).
        #[arg(long, default_value_t = 2000)]
        persons: usize,
        #[arg(long, default_value_t = 2016)]
        seed: u64,
    },
    /// Write every case with its person and history as JSON lines (one case bundle a line).
    Export {
        #[command(flatten)]
        db: register::DbArgs,
        /// Output file, or `-` for standard output.
        #[arg(long, default_value = "-")]
        output: String,
    },
    /// Read case bundles from JSON lines (as `export` writes them). Every line is checked by the
    /// engine's rules; bad lines are reported by line and field and not imported; a case is
    /// imported whole or not at all; importing the same bundle key twice changes nothing.
    Import {
        #[command(flatten)]
        db: register::DbArgs,
        /// The JSON-lines file, or `-` for standard input.
        file: String,
    },
    /// Issue a document from a case, as a user of the register (recorded in the case's log
    /// under that user, with its number and the SHA-256 of the PDF), and write the PDF.
    /// A document that lacks required facts is not produced: the missing ones are listed
    /// (exit 2). Kinds: receipt, warning, removal_certificate, submission, inspection_act,
    /// referral, employer_notice, correctional_works_notice, pretrial_report, programme.
    Doc {
        #[command(flatten)]
        db: register::DbArgs,
        /// The document's kind.
        kind: String,
        /// The case's id.
        #[arg(long)]
        case: i64,
        /// The document's language: kk or ru.
        #[arg(long, default_value = "kk")]
        lang: String,
        /// The login of the user who issues it (the case's officer or the head of its service).
        #[arg(long = "as")]
        user: String,
        /// The officer's part of the document as JSON (e.g. `{"submission": {"purpose":
        /// "cancel_conditional", "attachments": ["Рапорт"]}}`), a file or `-` for standard input.
        #[arg(long)]
        facts: Option<String>,
        /// Where to write the PDF (default: KIND-NUMBER.pdf in the current folder).
        #[arg(long)]
        output: Option<std::path::PathBuf>,
    },
    /// Users and their roles (officer, head, regional_admin, analyst, prosecutor, sysadmin).
    User {
        #[command(subcommand)]
        command: UserCommand,
    },
    /// API tokens for integrations, bound to a role and a territory like a user.
    Token {
        #[command(subcommand)]
        command: TokenCommand,
    },
    /// The audit trail.
    Audit {
        #[command(subcommand)]
        command: AuditCommand,
    },
    /// Measure the agenda engine: generate synthetic cases with the register's mix of
    /// measures (domain.md §1) and 10–40 events each, parse them from JSON, compute every
    /// agenda, and report cases per second and the ratio of computing to parsing.
    Bench {
        /// How many cases.
        #[arg(long, default_value_t = 1_000_000)]
        cases: usize,
        /// Worker threads (default: the machine's cores).
        #[arg(long)]
        threads: Option<usize>,
        /// Seed of the generator, for repeatable runs.
        #[arg(long, default_value_t = 2016)]
        seed: u64,
        /// Compute the agendas this many times and keep the best time (for profiling).
        #[arg(long, default_value_t = 1)]
        repeat: usize,
    },
}

#[derive(Debug, Subcommand)]
enum TokenCommand {
    /// Issue a token; its secret is printed once (only a hash is kept).
    Add {
        #[command(flatten)]
        db: register::DbArgs,
        /// What the integration is.
        #[arg(long)]
        name: String,
        #[arg(long)]
        role: String,
        /// KATO code of the district service.
        #[arg(long)]
        service: Option<String>,
        /// KATO code of the region.
        #[arg(long)]
        region: Option<String>,
    },
    /// Revoke a token: refused from its next request on.
    Revoke {
        #[command(flatten)]
        db: register::DbArgs,
        id: i64,
    },
    /// Every token issued (without secrets), revoked ones included.
    List {
        #[command(flatten)]
        db: register::DbArgs,
    },
}

#[derive(Debug, Subcommand)]
enum UserCommand {
    /// Create a user. An officer or head belongs to a district service (`--service KATO`); a
    /// regional administrator or prosecutor to a region (`--region KATO`); an analyst or system
    /// administrator is national. The password is read from standard input with
    /// `--password-stdin` (at least 12 characters), otherwise generated and printed once.
    Add {
        #[command(flatten)]
        db: register::DbArgs,
        #[arg(long)]
        login: String,
        /// The user's full name.
        #[arg(long)]
        name: String,
        #[arg(long)]
        role: String,
        /// KATO code of the district service.
        #[arg(long)]
        service: Option<String>,
        /// KATO code of the region.
        #[arg(long)]
        region: Option<String>,
        /// For an officer: the id of their officer record (the cases assigned to it are the
        /// ones the account may change).
        #[arg(long)]
        officer: Option<i64>,
        #[arg(long)]
        password_stdin: bool,
    },
}

#[derive(Debug, Subcommand)]
enum AuditCommand {
    /// Walk the hash chains of the event log and report the first broken link (exit 1 if any).
    Verify {
        #[command(flatten)]
        db: register::DbArgs,
    },
}

/// An error of the command line: bad input (exit 2) or a failure to do the work (exit 1).
#[derive(Debug)]
pub(crate) enum Failure {
    Input(String),
    Other(anyhow::Error),
}

impl From<anyhow::Error> for Failure {
    fn from(e: anyhow::Error) -> Failure {
        Failure::Other(e)
    }
}

/// mimalloc instead of the system allocator: the server's threads hand strings to each other
/// (a request's rows are made on a database thread and freed on a runtime thread), which the
/// system allocator served with contention and consolidation (BENCHMARKS.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Agenda { file, decree } => agenda(&file, decree.as_deref()),
        Command::Calendar { year, decree, lang } => calendar(year, decree.as_deref(), lang),
        Command::Bench {
            cases,
            threads,
            seed,
            repeat,
        } => bench::run(cases, threads, seed, repeat).map_err(Failure::Other),
        Command::Serve { db, bind } => register::run(register::serve(db, bind)),
        Command::Migrate { db } => register::run(register::migrate(db)),
        Command::Demo { db, persons, seed } => register::run(register::demo(db, persons, seed)),
        Command::Export { db, output } => register::run(register::export(db, output)),
        Command::Import { db, file } => register::run(register::import(db, file)),
        Command::Doc {
            db,
            kind,
            case,
            lang,
            user,
            facts,
            output,
        } => register::run(register::doc(register::DocArgs {
            db,
            kind,
            case,
            lang,
            user,
            facts,
            output,
        })),
        Command::Audit {
            command: AuditCommand::Verify { db },
        } => register::run(register::verify(db)),
        Command::Token { command } => register::run(register::token(match command {
            TokenCommand::Add {
                db,
                name,
                role,
                service,
                region,
            } => register::TokenAction::Add {
                db,
                token: probatio_store::tokens::NewToken {
                    name,
                    role,
                    service_kato: service,
                    region_kato: region,
                },
            },
            TokenCommand::Revoke { db, id } => register::TokenAction::Revoke { db, id },
            TokenCommand::List { db } => register::TokenAction::List { db },
        })),
        Command::User {
            command:
                UserCommand::Add {
                    db,
                    login,
                    name,
                    role,
                    service,
                    region,
                    officer,
                    password_stdin,
                },
        } => register::run(register::user_add(
            db,
            login,
            name,
            role,
            service,
            region,
            officer,
            password_stdin,
        )),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(Failure::Input(line)) => {
            eprintln!("{line}");
            ExitCode::from(2)
        }
        Err(Failure::Other(e)) => {
            eprintln!("error: {e:#}");
            ExitCode::from(1)
        }
    }
}

fn load_calendar(decree: Option<&std::path::Path>) -> Result<Calendar, Failure> {
    let calendar = Calendar::builtin();
    match decree {
        None => Ok(calendar),
        Some(path) => {
            let decree = decree_file::load(path).map_err(Failure::Input)?;
            Ok(calendar.with_decree(&decree))
        }
    }
}

fn agenda(file: &str, decree: Option<&std::path::Path>) -> Result<(), Failure> {
    let calendar = load_calendar(decree)?;
    let mut bytes = Vec::new();
    if file == "-" {
        std::io::stdin()
            .read_to_end(&mut bytes)
            .map_err(|e| Failure::Input(format!("input: cannot read standard input: {e}")))?;
    } else {
        bytes = std::fs::read(file)
            .map_err(|e| Failure::Input(format!("input: cannot read {file}: {e}")))?;
    }
    let case =
        probatio_core::input::parse_case(&bytes).map_err(|e| Failure::Input(e.to_string()))?;
    let agenda = probatio_core::agenda::compute_with(&case, &calendar);
    let mut out = std::io::stdout().lock();
    writeln!(out, "{}", agenda.to_json()).map_err(|e| Failure::Other(e.into()))?;
    Ok(())
}

fn calendar(year: i32, decree: Option<&std::path::Path>, lang: Lang) -> Result<(), Failure> {
    if !(1900..=2199).contains(&year) {
        return Err(Failure::Input(format!(
            "year: {year} is outside the supported years 1900–2199"
        )));
    }
    let calendar = load_calendar(decree)?;
    let mut out = std::io::stdout().lock();
    let write = |out: &mut std::io::StdoutLock<'_>, line: String| {
        writeln!(out, "{line}").map_err(|e| Failure::Other(e.into()))
    };
    for (date, reason) in calendar.days_off(year) {
        write(&mut out, format!("{date} {}", reason.describe(lang)))?;
    }
    let working = match lang {
        Lang::Kk => "жұмыс күні (Үкімет қаулысы)",
        Lang::Ru => "рабочий день (постановление Правительства)",
        Lang::En => "working day (government decree)",
    };
    for date in calendar.decree_working_days(year) {
        write(&mut out, format!("# {date} {working}"))?;
    }
    Ok(())
}
