//! The commands that work on the register: serve, migrate, demo, export, import, audit verify.

use std::io::{BufRead, Write};
use std::path::Path;

use anyhow::Context;
use probatio_store::{CaseBundle, Store, StoreError};

use crate::Failure;

/// Where the register is.
#[derive(Debug, Clone, clap::Args)]
pub struct DbArgs {
    /// `sqlite://PATH` or `postgres://USER@HOST:PORT/DB`; also from PROBATIO_DATABASE_URL.
    #[arg(
        long,
        env = "PROBATIO_DATABASE_URL",
        default_value = "sqlite://data/probatio.db"
    )]
    pub database_url: String,
    /// Connections in the pool (default: four per core).
    #[arg(long, env = "PROBATIO_DB_CONNECTIONS", value_parser = clap::value_parser!(u32).range(1..=1000))]
    pub db_connections: Option<u32>,
}

impl DbArgs {
    async fn open(&self) -> Result<Store, Failure> {
        if let Some(path) = self.database_url.strip_prefix("sqlite://") {
            let path = path.split('?').next().unwrap_or(path);
            if let Some(dir) = Path::new(path)
                .parent()
                .filter(|d| !d.as_os_str().is_empty())
            {
                std::fs::create_dir_all(dir)
                    .with_context(|| format!("creating {}", dir.display()))?;
            }
        }
        let connections = self
            .db_connections
            .unwrap_or_else(probatio_store::default_connections);
        let store = Store::connect_sized(&self.database_url, connections)
            .await
            .map_err(store_failure)?;
        store.migrate().await.map_err(store_failure)?;
        Ok(store)
    }
}

fn store_failure(e: StoreError) -> Failure {
    match e {
        StoreError::Invalid { .. } => Failure::Input(e.to_string()),
        e => Failure::Other(e.into()),
    }
}

/// Runs an async command on a fresh runtime.
pub fn run(work: impl Future<Output = Result<(), Failure>>) -> Result<(), Failure> {
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("starting the runtime")?
        .block_on(work)
}

pub async fn migrate(db: DbArgs) -> Result<(), Failure> {
    db.open().await?;
    eprintln!("migrated");
    Ok(())
}

pub async fn serve(db: DbArgs, bind: String) -> Result<(), Failure> {
    let store = db.open().await?;
    // A cookie without `Secure` only on the loopback address (a developer's or a test's server).
    let secure =
        !(bind.starts_with("127.") || bind.starts_with("localhost") || bind.starts_with("[::1]"));
    let state = probatio_web::state_with(store.clone(), secure);
    // "Overdue" moves with the date: stored projections are refreshed in the background at
    // start and whenever the day changes. Until then today's agenda is computed afresh (the
    // stored one is used only if it was made today), so serving starts at once.
    let daily = store.clone();
    tokio::spawn(async move {
        let mut refreshed_for = None;
        loop {
            let today = daily.today();
            if refreshed_for != Some(today) {
                match daily.refresh_projections(today).await {
                    Ok(n) => eprintln!("projections refreshed for {today}: {n} cases"),
                    Err(e) => eprintln!("refreshing projections failed: {e}"),
                }
                refreshed_for = Some(today);
            }
            tokio::time::sleep(std::time::Duration::from_secs(60)).await;
        }
    });
    let listener = tokio::net::TcpListener::bind(&bind)
        .await
        .map_err(|e| Failure::Input(format!("bind: cannot listen on {bind}: {e}")))?;
    eprintln!("probatio serving on http://{bind} (API docs: http://{bind}/api/docs)");
    // No Nagle delay: an answer is written whole, and a client waits for every byte of it.
    let listener = axum::serve::ListenerExt::tap_io(listener, |tcp| {
        let _ = tcp.set_nodelay(true);
    });
    axum::serve(
        listener,
        probatio_web::app(state).into_make_service_with_connect_info::<std::net::SocketAddr>(),
    )
    .with_graceful_shutdown(async {
        let _ = tokio::signal::ctrl_c().await;
    })
    .await
    .context("serving")?;
    store.close().await;
    Ok(())
}

pub async fn demo(db: DbArgs, persons: usize, seed: u64) -> Result<(), Failure> {
    let store = db.open().await?;
    crate::demo::fill(&store, persons, seed).await?;
    store.close().await;
    Ok(())
}

pub async fn export(db: DbArgs, output: String) -> Result<(), Failure> {
    let store = db.open().await?;
    let mut out: Box<dyn Write> = if output == "-" {
        Box::new(std::io::BufWriter::new(std::io::stdout().lock()))
    } else {
        Box::new(std::io::BufWriter::new(
            std::fs::File::create(&output)
                .map_err(|e| Failure::Input(format!("output: cannot create {output}: {e}")))?,
        ))
    };
    let mut offset = 0;
    loop {
        let page = store
            .export_bundles(offset, 500)
            .await
            .map_err(store_failure)?;
        if page.is_empty() {
            break;
        }
        for bundle in &page {
            let line = serde_json::to_string(bundle).context("serialising a bundle")?;
            writeln!(out, "{line}").context("writing")?;
        }
        offset += page.len() as i64;
    }
    out.flush().context("writing")?;
    eprintln!("exported {offset} cases");
    Ok(())
}

pub async fn import(db: DbArgs, file: String) -> Result<(), Failure> {
    let store = db.open().await?;
    let reader: Box<dyn BufRead> = if file == "-" {
        Box::new(std::io::BufReader::new(std::io::stdin().lock()))
    } else {
        Box::new(std::io::BufReader::new(
            std::fs::File::open(&file)
                .map_err(|e| Failure::Input(format!("input: cannot read {file}: {e}")))?,
        ))
    };
    let mut good: Vec<CaseBundle> = Vec::new();
    let mut bad = 0u64;
    let (mut imported, mut present) = (0u64, 0u64);
    let flush = |good: &mut Vec<CaseBundle>| {
        let batch = std::mem::take(good);
        let store = store.clone();
        async move { store.import_bundles(&batch, "import").await }
    };
    for (n, line) in reader.lines().enumerate() {
        let line_no = n + 1;
        let line = line.map_err(|e| Failure::Input(format!("line {line_no}: cannot read: {e}")))?;
        if line.trim().is_empty() {
            continue;
        }
        let bundle: CaseBundle = match serde_json::from_str::<serde_json::Value>(&line)
            .map_err(|e| format!("not JSON: {e}"))
            .and_then(|v| {
                serde_path_to_error_lite(v).map_err(|(path, msg)| {
                    if path.is_empty() {
                        msg
                    } else {
                        format!("{path}: {msg}")
                    }
                })
            }) {
            Ok(b) => b,
            Err(problem) => {
                eprintln!("line {line_no}: {problem}");
                bad += 1;
                continue;
            }
        };
        if let Err(e) = store.check_bundle(&bundle) {
            eprintln!("line {line_no}: {e}");
            bad += 1;
            continue;
        }
        good.push(bundle);
        if good.len() == 500 {
            let r = flush(&mut good).await.map_err(store_failure)?;
            imported += r.imported;
            present += r.already_present;
            eprintln!("import: {} cases so far", imported + present);
        }
    }
    if !good.is_empty() {
        let r = flush(&mut good).await.map_err(store_failure)?;
        imported += r.imported;
        present += r.already_present;
    }
    eprintln!("imported {imported} cases, {present} already present, {bad} bad lines");
    if bad > 0 {
        return Err(Failure::Input(format!(
            "input: {bad} bad lines were not imported (listed above)"
        )));
    }
    Ok(())
}

/// Reads a bundle from a JSON value, naming the path of a field at fault.
fn serde_path_to_error_lite(v: serde_json::Value) -> Result<CaseBundle, (String, String)> {
    serde_path_to_error::deserialize(v).map_err(|e| {
        (
            e.path().to_string().trim_start_matches('.').to_owned(),
            e.into_inner().to_string(),
        )
    })
}

pub async fn verify(db: DbArgs) -> Result<(), Failure> {
    let store = db.open().await?;
    let report = store.verify_chains().await.map_err(store_failure)?;
    let (accesses, access_broken) = store.verify_access().await.map_err(store_failure)?;
    if let Some(b) = access_broken {
        println!("BROKEN access log at record {}: {}", b.seq, b.problem);
        return Err(Failure::Other(anyhow::anyhow!("the access log is broken")));
    }
    match report.broken {
        None => {
            println!(
                "ok: {} events in {} cases, both chains hold; {accesses} access records hold",
                report.events_checked, report.cases_checked
            );
            Ok(())
        }
        Some(b) => {
            println!(
                "BROKEN at register position {} (event {}, case {}): {}",
                b.global_seq,
                b.event_id.map_or("-".into(), |i| i.to_string()),
                b.case_id.map_or("-".into(), |i| i.to_string()),
                b.problem
            );
            Err(Failure::Other(anyhow::anyhow!("the audit chain is broken")))
        }
    }
}

/// A random password of 20 letters and digits from the kernel's generator.
fn generated_password() -> Result<String, Failure> {
    const ALPHABET: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
    let mut bytes = [0u8; 20];
    std::fs::File::open("/dev/urandom")
        .and_then(|mut f| std::io::Read::read_exact(&mut f, &mut bytes))
        .context("reading /dev/urandom")?;
    Ok(bytes
        .iter()
        .map(|b| ALPHABET[*b as usize % ALPHABET.len()] as char)
        .collect())
}

#[allow(clippy::too_many_arguments)]
pub async fn user_add(
    db: DbArgs,
    login: String,
    name: String,
    role: String,
    service: Option<String>,
    region: Option<String>,
    officer: Option<i64>,
    password_stdin: bool,
) -> Result<(), Failure> {
    let store = db.open().await?;
    let (password, generated) = if password_stdin {
        let mut line = String::new();
        std::io::stdin()
            .read_line(&mut line)
            .context("reading the password")?;
        (line.trim_end_matches(['\r', '\n']).to_owned(), false)
    } else {
        (generated_password()?, true)
    };
    let user = store
        .create_user(&probatio_store::users::NewUser {
            login,
            full_name: name,
            role,
            service_kato: service,
            region_kato: region,
            officer_id: officer,
            password: password.clone(),
        })
        .await
        .map_err(|e| match e {
            StoreError::Duplicate(d) => Failure::Input(format!("login: {d}")),
            e => store_failure(e),
        })?;
    println!(
        "user {} created: id {}, role {}",
        user.login, user.id, user.role
    );
    if generated {
        println!("password (shown once): {password}");
    }
    Ok(())
}

/// What `probatio token` does.
pub enum TokenAction {
    Add {
        db: DbArgs,
        token: probatio_store::tokens::NewToken,
    },
    Revoke {
        db: DbArgs,
        id: i64,
    },
    List {
        db: DbArgs,
    },
}

pub async fn token(action: TokenAction) -> Result<(), Failure> {
    match action {
        TokenAction::Add { db, token } => {
            let store = db.open().await?;
            let (t, secret) = store.create_token(&token).await.map_err(store_failure)?;
            println!("token {} created: id {}, role {}", t.name, t.id, t.role);
            println!("secret (shown once; send as `Authorization: Bearer …`): {secret}");
        }
        TokenAction::Revoke { db, id } => {
            let store = db.open().await?;
            store.revoke_token(id).await.map_err(|e| match e {
                StoreError::NotFound(what) => Failure::Input(format!("id: no {what}")),
                e => store_failure(e),
            })?;
            println!("token {id} revoked");
        }
        TokenAction::List { db } => {
            let store = db.open().await?;
            for t in store.tokens().await.map_err(store_failure)? {
                let territory = t
                    .service_id
                    .map(|s| format!("service {s}"))
                    .or(t.region_kato.map(|r| format!("region {r}")))
                    .unwrap_or_else(|| "national".to_owned());
                let state = t
                    .revoked_at
                    .map_or_else(|| "live".to_owned(), |at| format!("revoked {at}"));
                println!("{}\t{}\t{}\t{territory}\t{state}", t.id, t.name, t.role);
            }
        }
    }
    Ok(())
}

/// What `probatio doc` was asked.
#[derive(Debug)]
pub struct DocArgs {
    pub db: DbArgs,
    pub kind: String,
    pub case: i64,
    pub lang: String,
    pub user: String,
    pub facts: Option<String>,
    pub output: Option<std::path::PathBuf>,
}

/// `probatio doc`: issues a document through the same path as the case card and the API, and
/// records the read in the access log like a request.
pub async fn doc(args: DocArgs) -> Result<(), Failure> {
    use probatio_web::documents::{self, DocKind, DocLang, IssueError};
    let kind = DocKind::from_wire(&args.kind).ok_or_else(|| {
        Failure::Input(format!(
            "kind: {:?} is not a document kind; one of: {}",
            args.kind,
            DocKind::ALL.map(DocKind::as_str).join(", ")
        ))
    })?;
    let lang = DocLang::from_code(&args.lang)
        .ok_or_else(|| Failure::Input(format!("lang: {:?} is not kk or ru", args.lang)))?;
    let supplied: serde_json::Value = match &args.facts {
        None => serde_json::Value::Null,
        Some(source) => {
            let text = if source == "-" {
                let mut t = String::new();
                std::io::Read::read_to_string(&mut std::io::stdin(), &mut t).map_err(|e| {
                    Failure::Input(format!("facts: cannot read standard input: {e}"))
                })?;
                t
            } else {
                std::fs::read_to_string(source)
                    .map_err(|e| Failure::Input(format!("facts: cannot read {source}: {e}")))?
            };
            serde_json::from_str(&text)
                .map_err(|e| Failure::Input(format!("facts: not valid JSON: {e}")))?
        }
    };
    let store = args.db.open().await?;
    let user = store
        .active_user(&args.user)
        .await
        .map_err(store_failure)?
        .ok_or_else(|| Failure::Input(format!("as: no active user {:?}", args.user)))?;
    let who = probatio_store::tokens::Principal::from(&user);
    let caller = probatio_web::caller::Caller {
        scope: who.scope(),
        who,
    };
    let result = documents::issue(&store, &caller, args.case, kind, lang, &supplied).await;
    // The access log records the read (and its outcome) as for any request.
    let status = match &result {
        Ok(_) => 201,
        Err(IssueError::Store(StoreError::NotFound(_))) => 404,
        Err(IssueError::Store(StoreError::Forbidden(_))) => 403,
        Err(IssueError::Store(StoreError::Conflict { .. })) => 409,
        Err(_) => 422,
    };
    store
        .record_access(&[probatio_store::access::AccessRecord {
            at: probatio_store::now_utc(),
            actor: caller.who.actor.clone(),
            role: caller.who.role.as_str().to_owned(),
            address: "command line".to_owned(),
            method: "CLI".to_owned(),
            route: "probatio doc".to_owned(),
            query: Some(format!("kind={}&lang={}", kind.as_str(), lang.code())),
            case_id: Some(args.case),
            person_id: None,
            status,
        }])
        .await
        .map_err(store_failure)?;
    let (issued, pdf) = result.map_err(|e| match e {
        // Not found, not allowed, a stale version: the caller's to mend (exit 2).
        IssueError::Store(
            e @ (StoreError::NotFound(_) | StoreError::Forbidden(_) | StoreError::Conflict { .. }),
        ) => Failure::Input(format!("case: {e}")),
        IssueError::Store(e) => store_failure(e),
        IssueError::Doc(probatio_docs_error) => {
            Failure::Other(anyhow::anyhow!("{probatio_docs_error}"))
        }
        e => Failure::Input(e.to_string()),
    })?;
    let path = args
        .output
        .unwrap_or_else(|| std::path::PathBuf::from(documents::file_name(&issued)));
    std::fs::write(&path, &pdf).with_context(|| format!("writing {}", path.display()))?;
    println!(
        "{} {} issued: {} (log entry {}, sha256 {})",
        issued.kind,
        issued.number,
        path.display(),
        issued.event_id,
        issued.sha256
    );
    Ok(())
}
