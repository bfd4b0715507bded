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
