//! Passwords (argon2), database-backed sessions and login rate limiting.

use super::entities::{app_user, user_session};
use super::error::ServiceResult;
use crate::domain::CurrentUser;
use crate::domain::{CountryCode, Password};
use argon2::password_hash::{PasswordHash, PasswordHasher, SaltString};
use argon2::Argon2;
use base64::Engine;
use chrono::{Duration, Utc};
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set};
use sha2::{Digest, Sha256};
use std::sync::LazyLock;

/// How long a session lasts after sign-in.
pub const SESSION_TTL: Duration = Duration::days(7);
/// Name of the session cookie.
pub const SESSION_COOKIE: &str = "midsa_session";
/// Failed sign-ins allowed per account from one client address in [`RATE_WINDOW`] (since that
/// address last signed in to it); more are refused from that address only, so an attacker
/// cannot lock the real owner out.
pub const MAX_FAILURES_PER_ACCOUNT_AND_ADDRESS: u64 = 5;
/// Failed sign-ins allowed from one client address (any account) in [`RATE_WINDOW`]: generous,
/// since a conference venue's delegates may share one address.
pub const MAX_FAILURES_PER_ADDRESS: u64 = 50;
pub const RATE_WINDOW: Duration = Duration::minutes(15);
/// Failures of one account (from all addresses, since it last signed in) after which each of
/// its sign-ins waits before the password is checked: the wait doubles with every further
/// failure, up to [`MAX_ACCOUNT_DELAY`].
pub const SLOW_AFTER_FAILURES: u64 = 5;
pub const MAX_ACCOUNT_DELAY: std::time::Duration = std::time::Duration::from_secs(8);

/// How long a sign-in to an account with `failures` recent failures waits.
pub fn account_delay(failures: u64) -> std::time::Duration {
    if failures < SLOW_AFTER_FAILURES {
        return std::time::Duration::ZERO;
    }
    let steps = (failures - SLOW_AFTER_FAILURES).min(10) as u32;
    (std::time::Duration::from_millis(250) * 2u32.pow(steps)).min(MAX_ACCOUNT_DELAY)
}

/// Argon2 is deliberately expensive (tens of milliseconds of one core). It runs on a thread of
/// its own at a low CPU priority ([`PASSWORD_NICE`]), at most this many at once, so a burst of
/// sign-ins takes only the CPU that everyone else's pages leave over and never more than half
/// the cores.
static PASSWORD_WORK: LazyLock<std::sync::Arc<tokio::sync::Semaphore>> =
    LazyLock::new(|| std::sync::Arc::new(tokio::sync::Semaphore::new(*PASSWORD_WORK_PERMITS)));

/// Half the cores, at least one.
static PASSWORD_WORK_PERMITS: LazyLock<usize> =
    LazyLock::new(|| (std::thread::available_parallelism().map(|n| n.get()).unwrap_or(2) / 2).max(1));

/// The nice value of the password threads (0 normal, 19 lowest): against one busy page thread,
/// Argon2 gets about a tenth of the core, so a sign-in still finishes in about half a second
/// while the pages stay fast.
pub const PASSWORD_NICE: i32 = 10;

async fn password_work<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> ServiceResult<T> {
    // The permit goes with the work: a request dropped while Argon2 runs does not free it early.
    let permit =
        PASSWORD_WORK.clone().acquire_owned().await.map_err(|e| super::ServiceError::Internal(format!("password semaphore: {e}")))?;
    let (done, result) = tokio::sync::oneshot::channel();
    // A thread per hash (creating one costs microseconds against Argon2's milliseconds): the
    // lowered priority stays with that thread and never reaches the shared blocking pool.
    std::thread::Builder::new()
        .name("password".into())
        .spawn(move || {
            lower_priority();
            let out = f();
            drop(permit);
            let _ = done.send(out);
        })
        .map_err(|e| super::ServiceError::Internal(format!("password thread: {e}")))?;
    result.await.map_err(|e| super::ServiceError::Internal(format!("password thread: {e}")))
}

/// Gives the calling thread the nice value [`PASSWORD_NICE`] (on Linux the nice value belongs to
/// the thread, and `who = 0` names the calling one). Elsewhere, or if refused, it runs at the
/// normal priority.
fn lower_priority() {
    #[cfg(target_os = "linux")]
    // SAFETY: setpriority takes plain integers and changes only the calling thread's nice value.
    unsafe {
        libc::setpriority(libc::PRIO_PROCESS, 0, PASSWORD_NICE);
    }
}

/// [`hash_password_now`] on a low-priority thread, behind the password semaphore.
pub async fn hash_password(password: &Password) -> ServiceResult<String> {
    let raw = password.expose().to_string();
    password_work(move || hash_secret(&raw)).await?
}

/// [`verify_password_now`] on a low-priority thread, behind the password semaphore.
pub async fn verify_password(hash: Option<String>, candidate: String) -> ServiceResult<bool> {
    password_work(move || verify_password_now(hash.as_deref(), &candidate)).await
}

pub fn hash_password_now(password: &Password) -> ServiceResult<String> {
    hash_secret(password.expose())
}

fn hash_secret(password: &str) -> ServiceResult<String> {
    let salt_bytes: [u8; 16] = rand::random();
    let salt = SaltString::encode_b64(&salt_bytes).map_err(|e| super::ServiceError::Internal(format!("salt: {e}")))?;
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| super::ServiceError::Internal(format!("argon2: {e}")))
}

/// Used when the email is unknown, so that the response takes as long as for a known one: the
/// hash of a password nobody has, with a fixed salt and this build's parameters (a test checks
/// they are the defaults every hash made here uses). A constant, not made on first use: made
/// lazily it cost the first sign-in a second Argon2 run and its 19 MiB, known email or not.
const DUMMY_HASH: &str = "$argon2id$v=19$m=19456,t=2,p=1$bWlkc2EtZHVtbXktc2FsdA$fK9vUrdXF9LZXnnk2eftOKT8n7FKkleEDQxialzJMuQ";

pub fn verify_password_now(hash: Option<&str>, candidate: &str) -> bool {
    let stored = hash.unwrap_or(DUMMY_HASH);
    let ok = PasswordHash::new(stored).ok().and_then(|parsed| verify_with_kept_memory(&parsed, candidate.as_bytes())).unwrap_or(false);
    ok && hash.is_some()
}

/// Argon2's working memory (19 MiB with the default parameters), kept between verifications:
/// at most one buffer per password permit, reused instead of being allocated, zeroed, faulted
/// in page by page and handed back to the system for every sign-in (which a burst of wrong
/// sign-ins would otherwise turn into a stream of page faults and TLB flushes that slow every
/// other thread down too). Handed back once no sign-in has used it for a while
/// ([`release_idle_password_memory`]): between bursts the server does not hold 19 MiB for it.
static ARGON2_MEMORY: std::sync::Mutex<KeptMemory> = std::sync::Mutex::new(KeptMemory::new());

struct KeptMemory {
    buffers: Vec<Vec<argon2::Block>>,
    /// When a buffer was last taken.
    used: Option<std::time::Instant>,
}

impl KeptMemory {
    const fn new() -> Self {
        Self { buffers: Vec::new(), used: None }
    }
}

/// The size of a kept buffer: the default parameters' (what every hash made here uses). A stored
/// hash with larger memory parameters gets a buffer for its verification only.
const KEPT_BLOCKS: usize = argon2::Params::DEFAULT.block_count();

/// Runs `f` on `blocks` blocks of memory from `pool` (or new memory), then clears them (they
/// hold state derived from the candidate password) and keeps the buffer for the next call if
/// the pool holds fewer than `keep` and the buffer is not larger than [`KEPT_BLOCKS`].
fn with_kept_memory<T>(pool: &std::sync::Mutex<KeptMemory>, keep: usize, blocks: usize, f: impl FnOnce(&mut [argon2::Block]) -> T) -> T {
    let lock = || pool.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
    let mut memory = {
        let mut kept = lock();
        kept.used = Some(std::time::Instant::now());
        kept.buffers.pop().unwrap_or_default()
    };
    if memory.len() < blocks {
        memory.resize(blocks, argon2::Block::default());
    }
    let out = f(&mut memory[..blocks]);
    memory[..blocks].fill(argon2::Block::default());
    if memory.len() <= KEPT_BLOCKS {
        let mut kept = lock();
        if kept.buffers.len() < keep {
            kept.buffers.push(memory);
        }
    }
    out
}

/// Drops the kept buffers of `pool` if none was taken for `idle`; whether it did.
fn release_idle(pool: &std::sync::Mutex<KeptMemory>, idle: std::time::Duration) -> bool {
    let mut kept = pool.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
    if kept.buffers.is_empty() || kept.used.is_some_and(|u| u.elapsed() < idle) {
        return false;
    }
    kept.buffers = Vec::new();
    true
}

/// Hands Argon2's kept working memory back to the allocator if no sign-in used it for `idle`
/// (the server's housekeeping calls it); whether there was any.
pub fn release_idle_password_memory(idle: std::time::Duration) -> bool {
    release_idle(&ARGON2_MEMORY, idle)
}

/// What `Argon2::verify_password` does (the parameters, salt and version from the stored hash,
/// a constant-time comparison), with memory from [`ARGON2_MEMORY`]. `None` when the stored
/// hash is not a usable Argon2 hash.
fn verify_with_kept_memory(parsed: &PasswordHash<'_>, candidate: &[u8]) -> Option<bool> {
    let params = argon2::Params::try_from(parsed).ok()?;
    let algorithm = argon2::Algorithm::try_from(parsed.algorithm).ok()?;
    let version = match parsed.version {
        Some(v) => argon2::Version::try_from(v).ok()?,
        None => argon2::Version::default(),
    };
    let expected = parsed.hash?;
    let mut salt = [0u8; argon2::password_hash::Salt::MAX_LENGTH];
    let salt = parsed.salt?.decode_b64(&mut salt).ok()?;
    let blocks = params.block_count();
    let argon2 = Argon2::new(algorithm, version, params);
    let mut out = vec![0u8; expected.len()];
    with_kept_memory(&ARGON2_MEMORY, *PASSWORD_WORK_PERMITS, blocks, |memory| {
        argon2.hash_password_into_with_memory(candidate, salt, &mut out, memory)
    })
    .ok()?;
    // `Output` compares in constant time.
    Some(argon2::password_hash::Output::new(&out).ok()? == expected)
}

/// A fresh random token (for sessions, invitations, calendar feeds): 256 bits, URL-safe.
pub fn new_token() -> String {
    let bytes: [u8; 32] = rand::random();
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

/// Tokens are stored only as their SHA-256, so a leaked database does not leak sessions.
pub fn hash_token(token: &str) -> String {
    let digest = Sha256::digest(token.as_bytes());
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// Creates a session and returns the token for the cookie.
pub async fn create_session(db: &impl ConnectionTrait, user_id: i32) -> ServiceResult<String> {
    let token = new_token();
    let now = Utc::now();
    user_session::ActiveModel {
        token_hash: Set(hash_token(&token)),
        user_id: Set(user_id),
        created_at: Set(now),
        expires_at: Set(now + SESSION_TTL),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(token)
}

/// The active user behind a session token, if the session exists and has not expired.
pub async fn resolve_session(db: &impl ConnectionTrait, token: &str) -> ServiceResult<Option<CurrentUser>> {
    let Some(session) = user_session::Entity::find().filter(user_session::Column::TokenHash.eq(hash_token(token))).one(db).await? else {
        return Ok(None);
    };
    if session.expires_at <= Utc::now() {
        user_session::Entity::delete_by_id(session.id).exec(db).await?;
        return Ok(None);
    }
    let Some(user) = app_user::Entity::find_by_id(session.user_id).one(db).await? else {
        return Ok(None);
    };
    Ok(to_current_user(&user))
}

pub async fn delete_session(db: &impl ConnectionTrait, token: &str) -> ServiceResult<()> {
    user_session::Entity::delete_many().filter(user_session::Column::TokenHash.eq(hash_token(token))).exec(db).await?;
    Ok(())
}

/// Maps an active user row to the request's user; inactive users (pending invitations) get none.
pub fn to_current_user(user: &app_user::Model) -> Option<CurrentUser> {
    if !user.active || user.password_hash.is_none() {
        return None;
    }
    let role = user.role;
    Some(CurrentUser {
        id: user.id,
        email: user.email.clone(),
        display_name: user.display_name.clone(),
        role,
        country: user.country_code.as_deref().and_then(|c| CountryCode::parse("country", c).ok()),
        locale: user.locale,
        body: user.body_code.clone(),
    })
}

/// The `Set-Cookie` value for a new session.
pub fn session_cookie(token: &str, secure: bool) -> String {
    format!(
        "{SESSION_COOKIE}={token}; Path=/; HttpOnly; SameSite=Lax; Max-Age={}{}",
        SESSION_TTL.num_seconds(),
        if secure { "; Secure" } else { "" }
    )
}

/// The `Set-Cookie` value that removes the session cookie.
pub fn clear_session_cookie(secure: bool) -> String {
    format!("{SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0{}", if secure { "; Secure" } else { "" })
}

/// Reads one cookie from a `Cookie` header value.
pub fn cookie_value<'a>(header: &'a str, name: &str) -> Option<&'a str> {
    header.split(';').find_map(|c| {
        let (k, v) = c.trim().split_once('=')?;
        (k == name).then_some(v)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(target_os = "linux")]
    #[tokio::test]
    async fn argon2_runs_at_a_low_priority() {
        // SAFETY: getpriority reads the calling thread's nice value.
        let own = || unsafe { libc::getpriority(libc::PRIO_PROCESS, 0) };
        let before = own();
        let nice = password_work(own).await.unwrap();
        // Lowered to PASSWORD_NICE (or left alone if the tests already run at a lower priority).
        assert_eq!(nice, PASSWORD_NICE.max(before));
        assert_eq!(own(), before, "the caller keeps its priority");
        let hash = hash_password(&Password::parse("password", "a long enough password").unwrap()).await.unwrap();
        assert!(verify_password(Some(hash), "a long enough password".into()).await.unwrap());
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
    async fn at_most_half_the_cores_hash_passwords_at_once() {
        use std::sync::atomic::{AtomicUsize, Ordering};
        use std::sync::Arc;
        let limit = *PASSWORD_WORK_PERMITS;
        let (running, peak) = (Arc::new(AtomicUsize::new(0)), Arc::new(AtomicUsize::new(0)));
        let tasks: Vec<_> = (0..4 * limit + 2)
            .map(|_| {
                let (running, peak) = (running.clone(), peak.clone());
                tokio::spawn(password_work(move || {
                    let now = running.fetch_add(1, Ordering::SeqCst) + 1;
                    peak.fetch_max(now, Ordering::SeqCst);
                    std::thread::sleep(std::time::Duration::from_millis(30));
                    running.fetch_sub(1, Ordering::SeqCst);
                }))
            })
            .collect();
        for t in tasks {
            t.await.unwrap().unwrap();
        }
        // Other tests may hold permits at the same time, which only lowers the peak.
        let peak = peak.load(Ordering::SeqCst);
        assert!((1..=limit).contains(&peak), "{peak} hashes at once, the limit is {limit}");
    }

    #[test]
    fn verification_matches_argon2_for_every_kind_of_stored_hash() {
        let p = Password::parse("p", "correct horse battery staple").unwrap();
        let stored = hash_password_now(&p).unwrap();
        for _ in 0..3 {
            assert!(verify_password_now(Some(&stored), "correct horse battery staple"));
            assert!(!verify_password_now(Some(&stored), "correct horse battery stapler"));
        }
        // Hashes made with other settings (older or stronger parameters, other variants and
        // versions, several lanes, a longer output) verify exactly as argon2's own verifier does.
        use argon2::password_hash::PasswordVerifier;
        let salt = SaltString::encode_b64(b"another-salt-16b").unwrap();
        let cases = [
            (argon2::Algorithm::Argon2id, argon2::Version::V0x13, 8192, 1, 1, None),
            (argon2::Algorithm::Argon2id, argon2::Version::V0x13, 32768, 3, 1, None),
            (argon2::Algorithm::Argon2i, argon2::Version::V0x13, 8192, 2, 1, None),
            (argon2::Algorithm::Argon2d, argon2::Version::V0x10, 8192, 2, 1, None),
            (argon2::Algorithm::Argon2id, argon2::Version::V0x13, 16384, 2, 4, Some(64)),
        ];
        for (algorithm, version, m, t, p, len) in cases {
            let params = argon2::Params::new(m, t, p, len).unwrap();
            let argon2 = Argon2::new(algorithm, version, params);
            let other = argon2.hash_password(b"correct horse battery staple", &salt).unwrap().to_string();
            let parsed = PasswordHash::new(&other).unwrap();
            for candidate in ["correct horse battery staple", "wrong"] {
                let theirs = Argon2::default().verify_password(candidate.as_bytes(), &parsed).is_ok();
                assert_eq!(verify_password_now(Some(&other), candidate), theirs, "{other} / {candidate}");
            }
            assert!(verify_password_now(Some(&other), "correct horse battery staple"), "{other}");
        }
        // Unknown accounts and broken hashes never verify.
        assert!(!verify_password_now(None, "not a real password at all"));
        assert!(!verify_password_now(Some("$argon2id$v=19$broken"), "x"));
        assert!(!verify_password_now(Some("plain text"), "plain text"));
    }

    #[test]
    fn the_dummy_hash_costs_what_a_real_one_does() {
        use argon2::password_hash::PasswordVerifier;
        let parsed = PasswordHash::new(DUMMY_HASH).unwrap();
        let (params, default) = (argon2::Params::try_from(&parsed).unwrap(), argon2::Params::DEFAULT);
        assert_eq!((params.m_cost(), params.t_cost(), params.p_cost()), (default.m_cost(), default.t_cost(), default.p_cost()));
        assert_eq!(parsed.hash.map(|h| h.len()), Some(argon2::Params::DEFAULT_OUTPUT_LEN));
        assert_eq!(argon2::Algorithm::try_from(parsed.algorithm).unwrap(), argon2::Algorithm::default());
        assert_eq!(parsed.version, Some(argon2::Version::default().into()));
        let made = hash_password_now(&Password::parse("p", "not a real password at all").unwrap()).unwrap();
        assert_eq!(PasswordHash::new(&made).unwrap().params, parsed.params, "made with the same parameters");
        assert!(Argon2::default().verify_password(b"not a real password at all", &parsed).is_ok());
        assert!(verify_with_kept_memory(&parsed, b"not a real password at all").unwrap(), "a full verification, not an early refusal");
    }

    #[test]
    fn kept_memory_is_reused_cleared_and_bounded() {
        let pool = std::sync::Mutex::new(KeptMemory::new());
        let used = |m: &mut [argon2::Block]| {
            m[0].as_mut()[0] = 42;
            m.as_ptr() as usize
        };
        let first = with_kept_memory(&pool, 1, 16, used);
        let second = with_kept_memory(&pool, 1, 16, used);
        assert_eq!(first, second, "the same buffer, not a new allocation");
        assert!(pool.lock().unwrap().buffers[0].iter().all(|b| b.as_ref().iter().all(|w| *w == 0)), "cleared after use");
        // At most `keep` buffers are kept, and never one larger than the default parameters need.
        let (a, b) = (with_kept_memory(&pool, 1, 8, |m| m.len()), with_kept_memory(&pool, 1, 8, |m| m.len()));
        assert_eq!((a, b, pool.lock().unwrap().buffers.len()), (8, 8, 1));
        let big = std::sync::Mutex::new(KeptMemory::new());
        with_kept_memory(&big, 2, KEPT_BLOCKS + 1, |m| m.len());
        assert!(big.lock().unwrap().buffers.is_empty(), "an oversized buffer is not kept");
        with_kept_memory(&big, 2, KEPT_BLOCKS, |m| m.len());
        assert_eq!(big.lock().unwrap().buffers.len(), 1);
        // Handed back only once unused for the idle time.
        assert!(!release_idle(&big, std::time::Duration::from_secs(60)), "used just now");
        assert_eq!(big.lock().unwrap().buffers.len(), 1);
        std::thread::sleep(std::time::Duration::from_millis(20));
        assert!(release_idle(&big, std::time::Duration::from_millis(10)));
        assert!(big.lock().unwrap().buffers.is_empty());
        assert!(!release_idle(&big, std::time::Duration::from_millis(10)), "nothing left to hand back");
    }

    #[test]
    fn password_hash_round_trip() {
        let p = Password::parse("p", "correct horse battery staple").unwrap();
        let h = hash_password_now(&p).unwrap();
        assert!(h.starts_with("$argon2id$"));
        assert!(verify_password_now(Some(&h), "correct horse battery staple"));
        assert!(!verify_password_now(Some(&h), "wrong horse battery staple"));
        assert!(!verify_password_now(None, "not a real password at all"));
        assert!(!verify_password_now(Some("garbage"), "x"));
    }

    #[test]
    fn sign_ins_to_an_attacked_account_slow_down_but_never_stop() {
        assert_eq!(account_delay(0), std::time::Duration::ZERO);
        assert_eq!(account_delay(SLOW_AFTER_FAILURES - 1), std::time::Duration::ZERO);
        assert_eq!(account_delay(SLOW_AFTER_FAILURES), std::time::Duration::from_millis(250));
        assert_eq!(account_delay(SLOW_AFTER_FAILURES + 2), std::time::Duration::from_secs(1));
        assert_eq!(account_delay(1_000), MAX_ACCOUNT_DELAY);
    }

    #[test]
    fn tokens_are_random_and_hashed() {
        let a = new_token();
        assert_ne!(a, new_token());
        assert_eq!(a.len(), 43);
        assert_eq!(hash_token(&a).len(), 64);
        assert_eq!(hash_token(&a), hash_token(&a));
    }

    #[test]
    fn cookies() {
        assert_eq!(cookie_value("a=1; midsa_session=xyz; b=2", SESSION_COOKIE), Some("xyz"));
        assert_eq!(cookie_value("a=1", SESSION_COOKIE), None);
        let c = session_cookie("tok", true);
        assert!(c.contains("HttpOnly") && c.contains("SameSite=Lax") && c.ends_with("; Secure"));
        assert!(!session_cookie("tok", false).contains("Secure"));
        assert!(clear_session_cookie(false).contains("Max-Age=0"));
    }
}
