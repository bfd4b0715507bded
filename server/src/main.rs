//! `server` — run the MIDSA Dialogue web server, or an administrative command:
//!
//! ```text
//! server [serve]                      migrate, then serve (default)
//! server migrate                      apply database migrations and exit
//! server seed                         migrate and load the demo scenario into an empty database
//! server create-admin EMAIL NAME      create (or reset) a secretariat account; the password is
//!                                     read from MIDSA_ADMIN_PASSWORD or standard input
//! ```

use server::config::Settings;
use server::{connect_and_migrate, seed, Application};
use std::io::BufRead;
use std::process::ExitCode;

fn usage() -> ExitCode {
    eprintln!("usage: server [serve | migrate | seed | create-admin EMAIL NAME]");
    ExitCode::from(2)
}

#[tokio::main]
async fn main() -> ExitCode {
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
        Some("-h" | "--help") => {
            println!("usage: server [serve | migrate | seed | create-admin EMAIL NAME]");
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

async fn serve(settings: Settings) -> Result<(), String> {
    tracing::info!(database = %settings.database_url_redacted(), "starting");
    let app = Application::start(settings).await?;
    tracing::info!("MIDSA Dialogue is listening on {}", app.public_url);
    println!("MIDSA Dialogue is running at {}", app.public_url);
    app.run_until_stopped().await
}

async fn seed_demo(settings: &Settings) -> Result<(), String> {
    let db = connect_and_migrate(&settings.database_url).await?;
    if seed::run(&db, &settings.public_url).await? {
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
