//! Configuration from the environment, with defaults that run with nothing configured: an
//! SQLite file under ./data, mail written to files under ./data/mail.

use std::net::SocketAddr;
use std::path::PathBuf;

#[derive(Clone, Debug)]
pub struct Settings {
    pub database_url: String,
    pub data_dir: PathBuf,
    pub addr: SocketAddr,
    pub public_url: String,
    pub secure_cookies: bool,
    pub site_root: String,
    pub output_name: String,
    /// `smtp://user:pass@host:587?tls=required` or `smtps://...`; None writes mail to files.
    /// A `SecretString` (it holds the SMTP password): `Debug` prints `[REDACTED]`.
    pub smtp_url: Option<secrecy::SecretString>,
    pub mail_from: String,
    pub mail_dir: PathBuf,
    /// How often the outbox worker looks for mail, in milliseconds.
    pub outbox_poll_ms: u64,
    /// First retry delay after a failed send, in milliseconds (doubles each attempt, max 1 h).
    pub outbox_retry_base_ms: u64,
    /// A message claimed longer ago than this (milliseconds) without being marked sent or
    /// failed is taken to be abandoned by an instance that died, and is sent again.
    pub outbox_stale_claim_ms: u64,
    /// Largest file that may be attached to a paper, in bytes (`MAX_FILE_MB`, default 20).
    pub max_file_bytes: u64,
    /// `S3_ENDPOINT` and friends: attached files go to this bucket instead of `DATA_DIR/files`.
    pub s3: Option<app::ssr::s3::S3Config>,
    /// `TRUSTED_PROXIES`: addresses of reverse proxies whose `X-Forwarded-For` is believed.
    pub trusted_proxies: Vec<std::net::IpAddr>,
    /// `PAGE_CACHE=off` turns the cache of public pages off (`server::cache`; on by default).
    pub page_cache: bool,
}

fn env(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.trim().is_empty())
}

impl Settings {
    pub fn from_env() -> Result<Self, String> {
        let data_dir = PathBuf::from(env("DATA_DIR").unwrap_or_else(|| "data".into()));
        let database_url = env("DATABASE_URL").unwrap_or_else(|| format!("sqlite://{}/midsa.db?mode=rwc", data_dir.display()));
        let addr: SocketAddr = env("LEPTOS_SITE_ADDR")
            .or_else(|| env("BIND_ADDR"))
            .unwrap_or_else(|| "127.0.0.1:3000".into())
            .parse()
            .map_err(|e| format!("LEPTOS_SITE_ADDR/BIND_ADDR: {e}"))?;
        let public_url = env("PUBLIC_URL").unwrap_or_else(|| format!("http://{addr}")).trim_end_matches('/').to_string();
        let secure_cookies = match env("COOKIE_SECURE").as_deref() {
            Some("true" | "1") => true,
            Some("false" | "0") => false,
            Some(other) => return Err(format!("COOKIE_SECURE must be true or false, not {other}")),
            None => public_url.starts_with("https://"),
        };
        Ok(Settings {
            database_url,
            addr,
            public_url,
            secure_cookies,
            site_root: env("LEPTOS_SITE_ROOT").unwrap_or_else(|| "target/site".into()),
            output_name: env("LEPTOS_OUTPUT_NAME").unwrap_or_else(|| "midsa".into()),
            smtp_url: env("SMTP_URL").map(secrecy::SecretString::from),
            mail_from: env("MAIL_FROM").unwrap_or_else(|| "MIDSA Dialogue <no-reply@midsa.invalid>".into()),
            mail_dir: env("MAIL_DIR").map(PathBuf::from).unwrap_or_else(|| data_dir.join("mail")),
            outbox_poll_ms: env("OUTBOX_POLL_MS").and_then(|v| v.parse().ok()).unwrap_or(2000),
            outbox_retry_base_ms: env("OUTBOX_RETRY_BASE_MS").and_then(|v| v.parse().ok()).unwrap_or(30_000),
            outbox_stale_claim_ms: match env("OUTBOX_STALE_CLAIM_MS") {
                None => 300_000,
                Some(v) => match v.parse::<u64>() {
                    Ok(ms) if (1_000..=86_400_000).contains(&ms) => ms,
                    _ => return Err(format!("OUTBOX_STALE_CLAIM_MS must be a number of milliseconds from 1000 to 86400000, not {v}")),
                },
            },
            s3: match env("S3_ENDPOINT") {
                None => None,
                Some(endpoint) => {
                    let need = |name: &str| env(name).ok_or_else(|| format!("{name} is required when S3_ENDPOINT is set"));
                    Some(app::ssr::s3::S3Config {
                        endpoint: endpoint.trim_end_matches('/').to_string(),
                        bucket: need("S3_BUCKET")?,
                        region: env("S3_REGION").unwrap_or_else(|| "us-east-1".into()),
                        access_key: need("S3_ACCESS_KEY_ID")?,
                        secret_key: need("S3_SECRET_ACCESS_KEY")?.into(),
                    })
                }
            },
            page_cache: match env("PAGE_CACHE").map(|v| v.trim().to_ascii_lowercase()).as_deref() {
                None | Some("on" | "true" | "1") => true,
                Some("off" | "false" | "0") => false,
                Some(other) => return Err(format!("PAGE_CACHE must be on or off, not {other}")),
            },
            trusted_proxies: match env("TRUSTED_PROXIES") {
                None => Vec::new(),
                Some(list) => list
                    .split(',')
                    .map(str::trim)
                    .filter(|p| !p.is_empty())
                    .map(|p| p.parse().map_err(|_| format!("TRUSTED_PROXIES: {p} is not an IP address")))
                    .collect::<Result<_, _>>()?,
            },
            max_file_bytes: match env("MAX_FILE_MB") {
                Some(v) => v.parse::<u64>().map_err(|e| format!("MAX_FILE_MB: {e}"))?.saturating_mul(1024 * 1024),
                None => 20 * 1024 * 1024,
            },
            data_dir,
        })
    }

    /// The outbox worker's timing.
    pub fn outbox_timing(&self) -> Timing {
        Timing {
            poll_ms: self.outbox_poll_ms,
            retry_base_ms: self.outbox_retry_base_ms,
            stale_claim: chrono::Duration::milliseconds(self.outbox_stale_claim_ms.min(i64::MAX as u64) as i64),
        }
    }

    /// The database URL with any password replaced, for logs.
    pub fn database_url_redacted(&self) -> String {
        redact(&self.database_url)
    }
}

/// Replaces the password of a URL (`scheme://user:pass@host`) with `***`.
pub fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(s), Some(at)) if at > s + 3 => {
            let creds = &url[s + 3..at];
            match creds.split_once(':') {
                Some((user, _)) => format!("{}{user}:***{}", &url[..s + 3], &url[at..]),
                None => url.to_string(),
            }
        }
        _ => url.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::redact;

    #[test]
    fn passwords_are_redacted() {
        assert_eq!(redact("postgres://midsa:s3cret@db:5432/midsa"), "postgres://midsa:***@db:5432/midsa");
        assert_eq!(redact("smtp://user:pw@mail.example:587"), "smtp://user:***@mail.example:587");
        assert_eq!(redact("sqlite://data/midsa.db?mode=rwc"), "sqlite://data/midsa.db?mode=rwc");
        assert_eq!(redact("postgres://postgres@127.0.0.1/test"), "postgres://postgres@127.0.0.1/test");
    }
}

/// How often the worker looks, how it backs off, and when it takes a claim for abandoned.
#[derive(Clone, Copy, Debug)]
pub struct Timing {
    pub poll_ms: u64,
    /// First retry delay after a failed send (doubles each attempt, max 1 h).
    pub retry_base_ms: u64,
    /// A claim older than this is considered abandoned (its instance died, say killed between
    /// claiming and marking sent) and the message is sent again (`OUTBOX_STALE_CLAIM_MS`,
    /// 5 minutes by default: longer than any send takes).
    pub stale_claim: chrono::Duration,
}
