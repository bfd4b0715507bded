//! `server backup FILE` and `server restore FILE`.
//!
//! - SQLite: the backup is taken online with `VACUUM INTO`, a consistent snapshot of one read
//!   transaction, while the server keeps serving (WAL mode: writers are not blocked). The copy
//!   is checked (`PRAGMA integrity_check`, migrations table) before the command succeeds.
//!   Restoring checks the backup the same way, then replaces the database file atomically
//!   (written beside it and renamed; the old file is kept as `<db>.before-restore-<time>`). The
//!   server must be stopped while restoring.
//! - PostgreSQL: `pg_dump --format=custom` (a consistent snapshot too, online) and
//!   `pg_restore --clean --if-exists --no-owner --single-transaction` into the database of
//!   `DATABASE_URL` (the server stopped, as for SQLite: it keeps figures computed from the
//!   database in memory). The password goes to them in `PGPASSWORD`, never on their command
//!   line. Both tools must be installed (Debian: `postgresql-client`) and of the
//!   server's major version or newer.
//!
//! Attached files are not in the database: back up `DATA_DIR/files` (content-addressed, so a
//! plain `rsync`/`cp -a` is enough) or the S3 bucket alongside.

use sea_orm::{ConnectionTrait, DatabaseBackend, Statement};
use std::path::{Path, PathBuf};

/// The file of an SQLite URL (`sqlite://data/midsa.db?mode=rwc` → `data/midsa.db`), read as
/// the database driver reads it: the path ends at the first `?`, and `%XX` escapes (which let
/// a file name hold `?`, `#` or `%`) are decoded.
pub fn sqlite_file(url: &str) -> Option<PathBuf> {
    let rest = url.strip_prefix("sqlite://").or_else(|| url.strip_prefix("sqlite:"))?;
    Some(PathBuf::from(percent_decoded(rest.split('?').next().unwrap_or(rest))?))
}

fn percent_decoded(s: &str) -> Option<String> {
    let (bytes, mut out, mut i) = (s.as_bytes(), Vec::with_capacity(s.len()), 0);
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        match (bytes[i], bytes.get(i + 1).copied().and_then(hex), bytes.get(i + 2).copied().and_then(hex)) {
            (b'%', Some(h), Some(l)) => {
                out.push((h * 16 + l) as u8);
                i += 3;
            }
            (b, ..) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8(out).ok()
}

/// An SQLite URL for `file`, whatever characters its name holds.
fn sqlite_url(file: &Path, params: &str) -> String {
    let mut url = String::from("sqlite://");
    for c in file.display().to_string().chars() {
        match c {
            '%' | '?' | '#' | ' ' | '"' | '<' | '>' | '`' | '{' | '}' => url.push_str(&format!("%{:02X}", c as u32)),
            c if c.is_control() => {
                let mut buf = [0u8; 4];
                for b in c.encode_utf8(&mut buf).bytes() {
                    url.push_str(&format!("%{b:02X}"));
                }
            }
            c => url.push(c),
        }
    }
    format!("{url}?{params}")
}

/// The SQLite file of `url`, or why there is none.
fn sqlite_target(url: &str) -> Result<PathBuf, String> {
    if !url.starts_with("sqlite:") {
        return Err("DATABASE_URL is neither sqlite: nor postgres:".into());
    }
    sqlite_file(url).ok_or_else(|| "the file name in DATABASE_URL is not valid UTF-8 once its %XX escapes are decoded".into())
}

fn is_postgres(url: &str) -> bool {
    url.starts_with("postgres://") || url.starts_with("postgresql://")
}

/// Writes a backup of the database at `url` to `target` (which must not exist yet).
pub async fn backup(url: &str, target: &Path) -> Result<(), String> {
    if target.exists() {
        return Err(format!("{} already exists; choose a new file name", target.display()));
    }
    if let Some(parent) = target.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent).map_err(|e| format!("creating {}: {e}", parent.display()))?;
    }
    let result = if is_postgres(url) {
        let (url, password) = without_password(url);
        let mut cmd = tokio::process::Command::new("pg_dump");
        cmd.args(["--format=custom", "--no-owner", "--file"]).arg(target).arg(&url);
        if let Some(p) = password {
            cmd.env("PGPASSWORD", p);
        }
        match cmd.status().await {
            Ok(status) if status.success() => Ok(()),
            Ok(status) => Err(format!("pg_dump failed ({status})")),
            Err(e) => Err(format!("running pg_dump (is postgresql-client installed?): {e}")),
        }
    } else {
        backup_sqlite(url, target).await
    };
    if result.is_err() {
        // Never leave a half-written or unchecked file that looks like a backup.
        let _ = std::fs::remove_file(target);
    }
    result
}

async fn backup_sqlite(url: &str, target: &Path) -> Result<(), String> {
    let source = sqlite_target(url)?;
    if !source.is_file() {
        return Err(format!("there is no database at {} (check DATABASE_URL / DATA_DIR)", source.display()));
    }
    let db = app::ssr::connect(url).await.map_err(|e| format!("connecting: {e}"))?;
    let path = target.to_str().ok_or("the backup path must be valid UTF-8")?;
    db.execute_raw(Statement::from_sql_and_values(DatabaseBackend::Sqlite, "VACUUM INTO ?", [path.into()]))
        .await
        .map_err(|e| format!("VACUUM INTO: {e}"))?;
    let _ = db.close().await;
    check_sqlite(target).await
}

/// A PostgreSQL URL without its password, and the password: passed to pg_dump and pg_restore
/// in `PGPASSWORD`, never on their command line (which other local users can read).
fn without_password(url: &str) -> (String, Option<String>) {
    if let (Some(s), Some(at)) = (url.find("://"), url.rfind('@')) {
        if at > s + 3 {
            if let Some((user, pass)) = url[s + 3..at].split_once(':') {
                return (format!("{}{user}{}", &url[..s + 3], &url[at..]), Some(pass.to_string()));
            }
        }
    }
    (url.to_string(), None)
}

/// Checks an SQLite backup: it opens, `PRAGMA integrity_check` says ok, and it has been
/// migrated.
pub async fn check_sqlite(file: &Path) -> Result<(), String> {
    // Read-only and without the server's WAL setting, which would need to write.
    let mut opts = sea_orm::ConnectOptions::new(sqlite_url(file, "mode=ro"));
    opts.sqlx_logging(false).max_connections(1);
    let db = sea_orm::Database::connect(opts).await.map_err(|e| format!("opening {}: {e}", file.display()))?;
    let row = db
        .query_one_raw(Statement::from_string(DatabaseBackend::Sqlite, "PRAGMA integrity_check"))
        .await
        .map_err(|e| e.to_string())?
        .ok_or("no answer from integrity_check")?;
    let verdict: String = row.try_get_by_index(0).map_err(|e| e.to_string())?;
    if verdict != "ok" {
        return Err(format!("{} is damaged: {verdict}", file.display()));
    }
    let migrations = db
        .query_one_raw(Statement::from_string(DatabaseBackend::Sqlite, "SELECT COUNT(*) FROM seaql_migrations"))
        .await
        .map_err(|_| format!("{} is not a MIDSA Dialogue database (no migrations table)", file.display()))?
        .ok_or("no answer")?;
    let n: i64 = migrations.try_get_by_index(0).map_err(|e| e.to_string())?;
    let _ = db.close().await;
    if n == 0 {
        return Err(format!("{} has no migrations applied", file.display()));
    }
    Ok(())
}

/// Restores `source` (a file made by [`backup`]) into the database at `url`. The server must be
/// stopped.
pub async fn restore(url: &str, source: &Path) -> Result<(), String> {
    if !source.is_file() {
        return Err(format!("{} is not a file", source.display()));
    }
    if is_postgres(url) {
        let (url, password) = without_password(url);
        let mut cmd = tokio::process::Command::new("pg_restore");
        cmd.args(["--clean", "--if-exists", "--no-owner", "--single-transaction", "--exit-on-error", "--dbname"]).arg(&url).arg(source);
        if let Some(p) = password {
            cmd.env("PGPASSWORD", p);
        }
        let status = cmd.status().await.map_err(|e| format!("running pg_restore (is postgresql-client installed?): {e}"))?;
        return if status.success() { Ok(()) } else { Err(format!("pg_restore failed ({status})")) };
    }
    let target = sqlite_target(url)?;
    check_sqlite(source).await?;
    if let Some(parent) = target.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent).map_err(|e| format!("creating {}: {e}", parent.display()))?;
    }
    // Copy beside the target, flush, then rename over it: the database file is either the old
    // one or the whole backup, never half of it.
    let tmp = target.with_extension("restoring");
    std::fs::copy(source, &tmp).map_err(|e| format!("copying to {}: {e}", tmp.display()))?;
    std::fs::File::open(&tmp).and_then(|f| f.sync_all()).map_err(|e| format!("flushing {}: {e}", tmp.display()))?;
    if target.exists() {
        // The old database stays whole under a new name (a second link to the same file, so
        // the database name never points at nothing), with its write-ahead log, which may hold
        // committed transactions after an unclean stop; that log must not be replayed onto the
        // restored file either.
        let kept = target.with_extension(format!("before-restore-{}", chrono::Utc::now().format("%Y%m%dT%H%M%S")));
        std::fs::hard_link(&target, &kept)
            .or_else(|_| std::fs::copy(&target, &kept).map(|_| ()))
            .map_err(|e| format!("keeping the old database as {}: {e}", kept.display()))?;
        for suffix in ["-wal", "-shm"] {
            let old = format!("{}{suffix}", target.display());
            if std::path::Path::new(&old).exists() {
                std::fs::rename(&old, format!("{}{suffix}", kept.display())).map_err(|e| format!("keeping {old}: {e}"))?;
            }
        }
        println!("The previous database is kept as {}.", kept.display());
    }
    std::fs::rename(&tmp, &target).map_err(|e| format!("moving the restored database into place: {e}"))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::{sqlite_file, sqlite_url};
    use std::path::{Path, PathBuf};

    #[test]
    fn passwords_are_taken_out_of_postgres_urls() {
        assert_eq!(
            super::without_password("postgres://midsa:s3cret@db:5432/midsa"),
            ("postgres://midsa@db:5432/midsa".to_string(), Some("s3cret".to_string()))
        );
        assert_eq!(super::without_password("postgres://postgres@127.0.0.1/test"), ("postgres://postgres@127.0.0.1/test".to_string(), None));
    }

    #[test]
    fn sqlite_files_are_found_in_urls() {
        assert_eq!(sqlite_file("sqlite://data/midsa.db?mode=rwc"), Some(PathBuf::from("data/midsa.db")));
        assert_eq!(sqlite_file("sqlite:/tmp/x.db"), Some(PathBuf::from("/tmp/x.db")));
        assert_eq!(sqlite_file("postgres://h/db"), None);
        // Escapes are decoded as the database driver decodes them.
        assert_eq!(sqlite_file("sqlite:///srv/a%20b%3F%23%25.db?mode=rwc"), Some(PathBuf::from("/srv/a b?#%.db")));
        assert!(super::sqlite_target("sqlite:///srv/%FF.db").unwrap_err().contains("not valid UTF-8"));
        assert!(super::sqlite_target("mysql://h/db").unwrap_err().contains("neither"));
    }

    #[test]
    fn odd_file_names_survive_the_round_trip_through_a_url() {
        for name in ["/tmp/plain.db", "/tmp/with space/x.db", "/tmp/q?h#p%.db", "/tmp/é{}`<>\".db"] {
            let url = sqlite_url(Path::new(name), "mode=ro");
            assert!(url.ends_with("?mode=ro") && url.matches('?').count() == 1, "{url}");
            assert_eq!(sqlite_file(&url), Some(PathBuf::from(name)), "{url}");
        }
    }
}
