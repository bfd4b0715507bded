//! Helpers for tests that need a real, empty database (not used by the running server).

use sea_orm::ConnectionTrait;

/// A URL for a brand-new empty database: a fresh PostgreSQL database on the server named by
/// `TEST_DATABASE_URL` when that is a `postgres://` URL, otherwise a new SQLite file in the
/// temporary directory. Callers run the migrations.
pub async fn fresh_database_url() -> String {
    let suffix = format!("{:016x}", rand::random::<u64>());
    match std::env::var("TEST_DATABASE_URL") {
        Ok(base) if base.starts_with("postgres") => {
            let name = format!("midsa_t_{suffix}");
            let admin = super::connect(&base).await.expect("TEST_DATABASE_URL must be reachable");
            admin.execute_unprepared(&format!("CREATE DATABASE {name}")).await.expect("creating a test database");
            let _ = admin.close().await;
            with_database_name(&base, &name)
        }
        _ => {
            let path = std::env::temp_dir().join(format!("midsa-test-{suffix}.db"));
            format!("sqlite://{}?mode=rwc", path.display())
        }
    }
}

/// A URL for a fresh database that already has the current schema: a copy of a template
/// migrated once (per test process and schema) instead of running every migration for every
/// test. On PostgreSQL the copy is `CREATE DATABASE … TEMPLATE` (a file copy on the server); on
/// SQLite a copy of the template file. `schema` names the migration set (the migrations' names):
/// a template made for another set is never used. `migrate` brings the empty database at the
/// URL it is given to that schema and closes its connections.
pub async fn fresh_migrated_database_url<F, Fut>(schema: &str, migrate: F) -> String
where
    F: FnOnce(String) -> Fut,
    Fut: std::future::Future<Output = ()>,
{
    use sha2::{Digest, Sha256};
    static TEMPLATE: tokio::sync::OnceCell<String> = tokio::sync::OnceCell::const_new();
    let key: String = Sha256::digest(schema.as_bytes()).iter().take(6).map(|b| format!("{b:02x}")).collect();
    let suffix = format!("{:016x}", rand::random::<u64>());
    match std::env::var("TEST_DATABASE_URL") {
        Ok(base) if base.starts_with("postgres") => {
            let template = TEMPLATE
                .get_or_init(|| async {
                    let name = format!("midsa_tpl_{key}");
                    // One connection, so that the advisory lock and what it guards share a session.
                    let mut opts = sea_orm::ConnectOptions::new(base.clone());
                    opts.max_connections(1).sqlx_logging(false);
                    let admin = sea_orm::Database::connect(opts).await.expect("TEST_DATABASE_URL must be reachable");
                    admin.execute_unprepared("SELECT pg_advisory_lock(72120017)").await.expect("template lock");
                    let exists = admin
                        .query_one_raw(sea_orm::Statement::from_string(
                            admin.get_database_backend(),
                            format!("SELECT 1 FROM pg_database WHERE datname = '{name}'"),
                        ))
                        .await
                        .expect("looking for the template")
                        .is_some();
                    if !exists {
                        // Migrated under another name and renamed: a run that dies half-way never
                        // leaves a half-migrated template behind.
                        let building = format!("midsa_t_building_{suffix}");
                        admin.execute_unprepared(&format!("CREATE DATABASE {building}")).await.expect("creating the template");
                        migrate(with_database_name(&base, &building)).await;
                        admin
                            .execute_unprepared(&format!("ALTER DATABASE {building} RENAME TO {name}"))
                            .await
                            .expect("naming the template");
                    }
                    admin.execute_unprepared("SELECT pg_advisory_unlock(72120017)").await.expect("template unlock");
                    let _ = admin.close().await;
                    name
                })
                .await;
            let name = format!("midsa_t_{suffix}");
            let admin = super::connect(&base).await.expect("TEST_DATABASE_URL must be reachable");
            // Two copies of one template at the same moment can find it "being accessed": retried.
            let mut tries = 0;
            while let Err(e) = admin.execute_unprepared(&format!("CREATE DATABASE {name} TEMPLATE {template}")).await {
                tries += 1;
                assert!(tries < 50 && e.to_string().contains("being accessed"), "copying the template database: {e}");
                tokio::time::sleep(std::time::Duration::from_millis(50)).await;
            }
            let _ = admin.close().await;
            with_database_name(&base, &name)
        }
        _ => {
            let template = TEMPLATE
                .get_or_init(|| async {
                    let path = std::env::temp_dir().join(format!("midsa-tpl-{key}-{}.db", std::process::id()));
                    let building = std::env::temp_dir().join(format!("midsa-tpl-{suffix}.db"));
                    migrate(format!("sqlite://{}?mode=rwc", building.display())).await;
                    std::fs::rename(&building, &path).expect("naming the template");
                    path.display().to_string()
                })
                .await;
            let path = std::env::temp_dir().join(format!("midsa-test-{suffix}.db"));
            std::fs::copy(template, &path).expect("copying the template database");
            format!("sqlite://{}?mode=rwc", path.display())
        }
    }
}

/// Replaces the database name in a PostgreSQL URL.
pub fn with_database_name(url: &str, name: &str) -> String {
    let (base, query) = match url.split_once('?') {
        Some((b, q)) => (b, Some(q)),
        None => (url, None),
    };
    let scheme_end = base.find("://").map(|i| i + 3).unwrap_or(0);
    let prefix = match base[scheme_end..].find('/') {
        Some(i) => &base[..scheme_end + i],
        None => base,
    };
    match query {
        Some(q) => format!("{prefix}/{name}?{q}"),
        None => format!("{prefix}/{name}"),
    }
}

#[cfg(test)]
mod tests {
    use super::with_database_name;

    #[test]
    fn database_name_is_replaced() {
        assert_eq!(with_database_name("postgres://postgres@127.0.0.1:5432/test", "x"), "postgres://postgres@127.0.0.1:5432/x");
        assert_eq!(with_database_name("postgres://u:p@h/test?sslmode=disable", "x"), "postgres://u:p@h/x?sslmode=disable");
        assert_eq!(with_database_name("postgres://h:5432", "x"), "postgres://h:5432/x");
    }
}
