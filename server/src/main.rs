//! `server` — run the MIDSA Dialogue web server, or an administrative command:
//!
//! ```text
//! server [serve]                      migrate, then serve (default)
//! server migrate                      apply database migrations and exit
//! server seed                         migrate and load the demo scenario into an empty database
//! server create-admin EMAIL NAME      create (or reset) a secretariat account; the password is
//!                                     read from MIDSA_ADMIN_PASSWORD or standard input
//! server backup FILE                  online backup (SQLite: VACUUM INTO; PostgreSQL: pg_dump)
//! server restore FILE                 restore a backup (server stopped)
//! server bench-data [--items=N] [--registrations=N] [--recommendations=N] [--cycles=N]
//!                                     benchmark data (a conference and a Plan of Action)
//! server create-token EMAIL NAME      an API token for a focal point or secretariat account,
//!                                     printed once (for a member state's system)
//! server ceiling                      a trivial axum handler on the site address (benchmarks'
//!                                     throughput ceiling)
//! ```

use server::config::Settings;
use server::{connect_and_migrate, seed, Application};
use std::io::BufRead;
use std::process::ExitCode;

const USAGE: &str = "usage: server [serve | migrate | seed | create-admin EMAIL NAME | create-token EMAIL NAME | backup FILE | \
restore FILE | bench-data [--items=N] [--registrations=N] [--recommendations=N] [--cycles=N] | ceiling]";

fn usage() -> ExitCode {
    eprintln!("{USAGE}");
    ExitCode::from(2)
}

fn main() -> ExitCode {
    let workers = match workers_from(std::env::var_os("TOKIO_WORKER_THREADS").as_deref(), || {
        std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get)
    }) {
        Ok(n) => n,
        Err(e) => {
            eprintln!("configuration error: {e}");
            return ExitCode::FAILURE;
        }
    };
    bound_malloc_arenas(workers);
    fix_malloc_thresholds();
    let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(workers).on_thread_start(count_started).enable_all().build();
    match runtime {
        Ok(rt) => {
            wait_for_workers(workers);
            rt.block_on(run())
        }
        Err(e) => {
            eprintln!("starting the async runtime: {e}");
            ExitCode::FAILURE
        }
    }
}

/// How many threads run the async tasks (every request): `TOKIO_WORKER_THREADS` (`setting`)
/// when set, which must then be a positive whole number (tokio itself would stop on anything
/// else; the server says so instead), else `cores()`, one per core the process may use, as
/// tokio chooses by default.
fn workers_from(setting: Option<&std::ffi::OsStr>, cores: impl FnOnce() -> usize) -> Result<usize, &'static str> {
    match setting {
        None => Ok(cores()),
        Some(v) => v
            .to_str()
            .and_then(|v| v.parse::<usize>().ok())
            .filter(|&n| n > 0)
            .ok_or("TOKIO_WORKER_THREADS must be a positive whole number"),
    }
}

/// glibc's allocator ties each thread to an arena at the thread's first allocation: a new arena
/// for each new thread until the bound (eight per core by default), then one of the existing
/// arenas, in turn, the next one not in use at that moment. Each arena keeps what was freed in it
/// for later use: with the async workers, the database driver's threads and the blocking pool all
/// building and compressing pages, the server's peak resident memory over the load benchmark was
/// 418 MiB with sixteen arenas and 274 MiB with two (SQLite, `scripts/bench-load.sh`,
/// docs/BENCHMARKS.md). So the arenas are bounded, to the main thread's, one for each async worker
/// and one more. The workers make every page; two of them on one arena wait on its lock for every
/// allocation their per-thread caches miss, and with two arenas that happened in some starts,
/// which then spent twice the CPU on each page (docs/BENCHMARKS.md "Stop 32"). The workers are
/// the first threads to allocate (`wait_for_workers`), so no two of them share an arena; the
/// threads started later (the database driver's, the blocking pool's, housekeeping) are spread
/// over all the arenas, the workers' included. Set before any thread starts; an operator's
/// `MALLOC_ARENA_MAX` (or `GLIBC_TUNABLES` arena setting) wins.
fn bound_malloc_arenas(workers: usize) {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    if !malloc_set_by_operator("MALLOC_ARENA_MAX", "malloc.arena_max") {
        let arenas = libc::c_int::try_from(workers.saturating_add(2)).unwrap_or(libc::c_int::MAX);
        // SAFETY: mallopt only sets an allocator parameter; no other thread runs yet.
        unsafe {
            libc::mallopt(libc::M_ARENA_MAX, arenas);
        }
    }
    #[cfg(not(all(target_os = "linux", target_env = "gnu")))]
    let _ = workers;
}

/// glibc hands memory back to the system on its own: a freed block above its mmap threshold
/// (128 KiB at start) is unmapped, and free memory at the top of an arena beyond its trim
/// threshold (128 KiB at start) is returned at once. Both thresholds move up when the first
/// large mapped block is freed, so how the server behaved depended on what it happened to do
/// first. When nothing large had been freed yet, every signed-in dashboard's brotli buffers and
/// page text were returned after each response and faulted in and zeroed again for the next:
/// `strace -c` counted about 1,500 `brk` and `madvise` calls in 4 s (about 900 responses), and
/// page faults and TLB flushes took a fifth of its CPU (docs/BENCHMARKS.md "Stop 34"). The
/// thresholds are set at start instead (which also stops glibc from moving them): blocks below
/// 8 MiB (brotli windows up to 21 bits, at most 4 MiB and 64 KiB) come from the arenas and are
/// reused; larger ones (the 22-bit window's 8 MiB and 64 KiB, Argon2's 19 MiB) are mapped and
/// handed back when freed; up to 16 MiB may stay free at the top of each arena, and the
/// housekeeping thread's `malloc_trim` hands back what the arenas hold free once the server has
/// grown by 8 MiB. An operator's `MALLOC_MMAP_THRESHOLD_`, `MALLOC_TRIM_THRESHOLD_` or
/// `GLIBC_TUNABLES` malloc thresholds win.
fn fix_malloc_thresholds() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    {
        const MMAP: libc::c_int = 8 * 1024 * 1024;
        // SAFETY: mallopt only sets an allocator parameter; no other thread runs yet.
        unsafe {
            if !malloc_set_by_operator("MALLOC_MMAP_THRESHOLD_", "malloc.mmap_threshold") {
                libc::mallopt(libc::M_MMAP_THRESHOLD, MMAP);
            }
            if !malloc_set_by_operator("MALLOC_TRIM_THRESHOLD_", "malloc.trim_threshold") {
                libc::mallopt(libc::M_TRIM_THRESHOLD, 2 * MMAP);
            }
        }
    }
}

/// Whether the operator set a glibc malloc parameter, by its environment variable (`env`) or in
/// `GLIBC_TUNABLES` (`tunable`, as `glibc.<tunable>=…`): the server then leaves it alone.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
fn malloc_set_by_operator(env: &str, tunable: &str) -> bool {
    std::env::var_os(env).is_some() || std::env::var("GLIBC_TUNABLES").is_ok_and(|t| t.contains(tunable))
}

/// The runtime's threads that have started and allocated (tokio's `on_thread_start`).
static STARTED: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

fn count_started() {
    // The thread's tie to an arena is made by its first allocation: tokio's own set-up of the
    // thread allocates before this runs, and this makes sure of it whatever tokio does first.
    drop(std::hint::black_box(Box::new(0u64)));
    STARTED.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
}

/// Waits (a few milliseconds at most; a second at the very most) until the runtime's `workers`
/// threads, started by `build`, are running and so hold their arenas, before the server starts
/// any other thread (see `bound_malloc_arenas`). The only runtime threads by then are the workers.
/// Past the second (a worker whose thread could not be started at once), the server goes on and
/// says so.
fn wait_for_workers(workers: usize) {
    let until = std::time::Instant::now() + std::time::Duration::from_secs(1);
    while STARTED.load(std::sync::atomic::Ordering::SeqCst) < workers {
        if std::time::Instant::now() >= until {
            eprintln!("warning: the async workers were not all running after 1 s; starting anyway");
            return;
        }
        std::thread::sleep(std::time::Duration::from_millis(1));
    }
}

async fn run() -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "info,sqlx=warn,sea_orm=warn".into()))
        .init();
    let settings = match Settings::from_env() {
        Ok(s) => s,
        Err(e) => {
            eprintln!("configuration error: {e}");
            return ExitCode::FAILURE;
        }
    };
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        None | Some("serve") => serve(settings).await,
        Some("migrate") => connect_and_migrate(&settings.database_url).await.map(|_| println!("Migrations applied.")),
        Some("seed") => seed_demo(&settings).await,
        Some("create-admin") if args.len() == 3 => create_admin(&settings, &args[1], &args[2]).await,
        Some("backup") if args.len() == 2 => server::backup::backup(&settings.database_url, std::path::Path::new(&args[1]))
            .await
            .map(|()| println!("Backup written to {}.", args[1])),
        Some("restore") if args.len() == 2 => server::backup::restore(&settings.database_url, std::path::Path::new(&args[1]))
            .await
            .map(|()| println!("Restored {} into {}.", args[1], settings.database_url_redacted())),
        Some("bench-data") => match bench_sizes(&args[1..]) {
            Some(sizes) => bench_data(&settings, sizes).await,
            None => return usage(),
        },
        Some("ceiling") if args.len() == 1 => ceiling(&settings).await,
        Some("create-token") if args.len() == 3 => create_token(&settings, &args[1], &args[2]).await,
        Some("-h" | "--help") => {
            println!("{USAGE}");
            Ok(())
        }
        _ => return usage(),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

/// Every few seconds, while the server runs: Argon2's kept working memory goes back to the
/// allocator once no sign-in used it for half a minute, and, when the server's resident memory
/// has grown by 8 MiB since the last time, glibc hands the memory its arenas hold free back to
/// the system (`malloc_trim`; glibc returns on its own only what is free at the top of an arena,
/// so a burst of large pages left the server that much larger for good). Under a steady load the
/// resident memory stays put and nothing is trimmed (trimming walks the arenas under their locks,
/// and memory handed back is faulted in again when it is next used).
fn start_housekeeping() {
    const GROWTH: u64 = 8 * 1024 * 1024;
    let spawned = std::thread::Builder::new().name("housekeeping".into()).spawn(|| {
        let mut after_trim = 0;
        loop {
            std::thread::sleep(std::time::Duration::from_secs(5));
            app::ssr::auth::release_idle_password_memory(std::time::Duration::from_secs(30));
            #[cfg(all(target_os = "linux", target_env = "gnu"))]
            if resident_bytes().is_some_and(|now| now > after_trim + GROWTH) {
                // SAFETY: malloc_trim only returns free memory of the allocator's arenas to the system.
                unsafe {
                    libc::malloc_trim(0);
                }
                after_trim = resident_bytes().unwrap_or(0);
            }
        }
    });
    if let Err(e) = spawned {
        tracing::warn!(error = %e, "no housekeeping thread: memory freed after a burst stays with the server");
    }
}

/// The process's resident memory (`/proc/self/statm`, in bytes of 4 KiB pages).
#[cfg(all(target_os = "linux", target_env = "gnu"))]
fn resident_bytes() -> Option<u64> {
    let statm = std::fs::read_to_string("/proc/self/statm").ok()?;
    let pages: u64 = statm.split_whitespace().nth(1)?.parse().ok()?;
    Some(pages * 4096)
}

async fn serve(settings: Settings) -> Result<(), String> {
    tracing::info!(database = %settings.database_url_redacted(), "starting");
    start_housekeeping();
    let app = Application::start(settings).await?;
    tracing::info!("MIDSA Dialogue is listening on {}", app.public_url);
    println!("MIDSA Dialogue is running at {}", app.public_url);
    app.run_until_stopped().await
}

async fn seed_demo(settings: &Settings) -> Result<(), String> {
    let db = connect_and_migrate(&settings.database_url).await?;
    let store = match &settings.s3 {
        Some(s3) => app::ssr::blob::FileStore::S3(app::ssr::s3::S3Store::new(s3.clone())),
        None => app::ssr::blob::FileStore::new(settings.data_dir.join("files")),
    };
    if seed::run(&db, &store, &settings.public_url).await? {
        println!("Demo data loaded. Demo accounts (password \"{}\", for demonstrations only):", seed::DEMO_PASSWORD);
        for a in seed::DEMO_ACCOUNTS {
            println!("  {:<28} {:?}{}", a.email, a.role, a.country.map(|c| format!(" ({c})")).unwrap_or_default());
        }
    } else {
        println!("The database already has meetings; demo data not loaded.");
    }
    Ok(())
}

async fn create_admin(settings: &Settings, email: &str, name: &str) -> Result<(), String> {
    let password = match std::env::var("MIDSA_ADMIN_PASSWORD") {
        Ok(p) if !p.is_empty() => p,
        _ => {
            eprintln!("Password for {email} (at least 12 characters), then Enter:");
            let mut line = String::new();
            std::io::stdin().lock().read_line(&mut line).map_err(|e| e.to_string())?;
            line.trim_end_matches(['\r', '\n']).to_string()
        }
    };
    let db = connect_and_migrate(&settings.database_url).await?;
    let id = app::features::auth::service::create_secretariat(&db, email, name, &password).await.map_err(|e| match e {
        app::ssr::ServiceError::Validation(f) => f.0.iter().map(|e| format!("{}: {}", e.field, e.message)).collect::<Vec<_>>().join("; "),
        other => other.to_string(),
    })?;
    println!("Secretariat account {email} is ready (user id {id}).");
    Ok(())
}

/// Sizes of `bench-data`: agenda items, registrations, recommendations, cycles.
fn bench_sizes(args: &[String]) -> Option<[usize; 4]> {
    let mut sizes = [60, 300, 200, 10];
    for a in args {
        let (key, value) = a.strip_prefix("--")?.split_once('=')?;
        let slot = ["items", "registrations", "recommendations", "cycles"].iter().position(|k| *k == key)?;
        sizes[slot] = value.parse().ok()?;
    }
    Some(sizes)
}

async fn bench_data(settings: &Settings, [items, registrations, recommendations, cycles]: [usize; 4]) -> Result<(), String> {
    use sea_orm::{EntityTrait, PaginatorTrait};
    use server::benchdata;
    let db = connect_and_migrate(&settings.database_url).await?;
    // It makes a secretariat account with a published password: never in a database in use.
    if app::ssr::entities::meeting::Entity::find().count(&db).await.map_err(|e| e.to_string())? > 0 {
        return Err("bench-data fills only an empty database (this one has meetings); point DATABASE_URL at a new one".into());
    }
    let sec = benchdata::account(&db).await?;
    let start = chrono::Utc::now().date_naive() + chrono::Duration::days(60);
    let t = std::time::Instant::now();
    let conference = benchdata::conference(&db, &sec, start, items, registrations, &settings.public_url).await?;
    let plan = benchdata::plan_of_action(&db, &sec, recommendations, cycles).await?;
    eprintln!("Benchmark data made in {:.1} s.", t.elapsed().as_secs_f64());
    println!("conference={conference} plan={plan} account={} password={:?}", benchdata::BENCH_EMAIL, benchdata::BENCH_PASSWORD);
    Ok(())
}

/// The ceiling the benchmarks compare against: axum answering "ok" on the same runtime,
/// machine and loopback, with no database, rendering or middleware.
async fn ceiling(settings: &Settings) -> Result<(), String> {
    let router = axum::Router::new().route("/", axum::routing::get(|| async { "ok" }));
    let listener = tokio::net::TcpListener::bind(settings.addr).await.map_err(|e| format!("binding {}: {e}", settings.addr))?;
    println!("Trivial handler listening on http://{}", settings.addr);
    axum::serve(server::startup::no_delay(listener), router).await.map_err(|e| e.to_string())
}

/// Creates an API token for an existing focal point or secretariat account and prints it (the
/// only time it is shown; the tokens page will not show it again).
async fn create_token(settings: &Settings, email: &str, name: &str) -> Result<(), String> {
    use app::ssr::entities::app_user;
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
    let db = connect_and_migrate(&settings.database_url).await?;
    let email = app::domain::Email::parse("email", email).map_err(|e| format!("email: {}", e.message))?;
    let user = app_user::Entity::find()
        .filter(app_user::Column::Email.eq(email.to_string()))
        .one(&db)
        .await
        .map_err(|e| e.to_string())?
        .and_then(|u| app::ssr::auth::to_current_user(&u))
        .ok_or_else(|| format!("no active account {email}"))?;
    let form = app::features::tokens::types::TokenForm { name: name.to_string() };
    let t = app::features::tokens::service::create(&db, &user, &form, chrono::Utc::now()).await.map_err(|e| match e {
        app::ssr::ServiceError::Forbidden => format!("{email} may not hold API tokens (focal points and the secretariat may)"),
        other => format!("{other:?}"),
    })?;
    println!("{}", t.token);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::workers_from;
    use std::ffi::OsStr;

    #[test]
    fn the_worker_count_follows_tokio_worker_threads_else_the_cores() {
        assert_eq!(workers_from(None, || 2), Ok(2));
        assert_eq!(workers_from(Some(OsStr::new("6")), || 2), Ok(6));
        assert_eq!(workers_from(Some(OsStr::new("1")), || 8), Ok(1));
        for bad in ["0", "many", "", " 3", "-1", "2.5"] {
            assert!(workers_from(Some(OsStr::new(bad)), || 2).is_err(), "{bad:?} accepted");
        }
    }
}
