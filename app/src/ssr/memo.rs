//! Results kept for as long as the database's cache epoch does not move.
//!
//! The cache epoch (`super::cache_epoch`) moves on with every committed write transaction, so a
//! result computed after reading epoch `n` may be reused for as long as the epoch still reads
//! `n`, as the page cache does with whole pages. This keeps what the pages of signed-in people
//! (never in the page cache) and the JSON API read most and is the costliest to compute: the
//! dashboard's matrix, which reads every cell of a cycle. Each application state (each server
//! instance, each test's server) has its own, so two databases never share results; a write
//! through another instance on the same database moves the epoch the next read sees.
//!
//! Only a caller outside any transaction may use it (a transaction could read its own
//! uncommitted writes under the epoch before them): the services take it with a pool
//! connection (`&DatabaseConnection`), never a transaction.
//!
//! [`Frozen`] is the other store here: values made from rows that never change once committed
//! (a published agenda revision), kept whatever the epoch.

use std::any::Any;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// How many results are kept at most (the oldest half goes past it).
const MAX_ENTRIES: usize = 64;

/// How long a result is reused at most while nothing is written: results may depend on the
/// clock, and a database restored under a running server could repeat an epoch.
pub const TTL: Duration = Duration::from_secs(60);

struct Kept {
    epoch: i64,
    seq: u64,
    made: Instant,
    value: Arc<dyn Any + Send + Sync>,
}

#[derive(Default)]
struct Inner {
    epoch: i64,
    seq: u64,
    entries: HashMap<String, Kept>,
    /// One lock per key being computed: the readers that miss at once wait for the first one's
    /// result instead of all computing it (a burst of dashboard views right after a write). It
    /// holds whether the last computation under it failed.
    flights: HashMap<String, Arc<tokio::sync::Mutex<bool>>>,
}

/// A reader's hold on a key's flight lock; the lock leaves the map with its last holder (also
/// when that reader was cancelled).
struct Flight<'a> {
    memo: &'a Memo,
    key: String,
    lock: Option<Arc<tokio::sync::Mutex<bool>>>,
}

impl Drop for Flight<'_> {
    fn drop(&mut self) {
        let Ok(mut inner) = self.memo.inner.lock() else { return };
        // Let go of this one under the map's lock, so that of two readers finishing at once
        // the second sees only the map's.
        drop(self.lock.take());
        if inner.flights.get(&self.key).is_some_and(|l| Arc::strong_count(l) == 1) {
            inner.flights.remove(&self.key);
        }
    }
}

#[derive(Default)]
pub struct Memo {
    inner: Mutex<Inner>,
}

impl std::fmt::Debug for Memo {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Memo")
    }
}

impl Memo {
    /// What was kept under `key` at `epoch`, if it is of type `T`.
    pub fn get<T: Any + Send + Sync>(&self, key: &str, epoch: i64) -> Option<Arc<T>> {
        let inner = self.inner.lock().ok()?;
        let kept = inner.entries.get(key).filter(|k| k.epoch == epoch && k.made.elapsed() < TTL)?;
        kept.value.clone().downcast::<T>().ok()
    }

    /// Keeps `value` under `key`, computed after reading `epoch`. A newer epoch than the one
    /// kept drops everything kept before it; a result of an older one (a computation that began
    /// before the last write and ended after a newer one) is not kept, so it cannot push out
    /// newer results. (A database is restored with the server stopped: epochs only grow while it
    /// runs.)
    pub fn put<T: Any + Send + Sync>(&self, key: String, epoch: i64, value: Arc<T>) {
        let Ok(mut inner) = self.inner.lock() else { return };
        if epoch < inner.epoch {
            return;
        }
        if epoch > inner.epoch {
            inner.epoch = epoch;
            inner.entries.clear();
        }
        if inner.entries.len() >= MAX_ENTRIES && !inner.entries.contains_key(&key) {
            keep_newer_half(&mut inner.entries, |k| k.seq);
        }
        inner.seq += 1;
        let seq = inner.seq;
        inner.entries.insert(key, Kept { epoch, seq, made: Instant::now(), value });
    }

    /// What was kept under `key` at `epoch`, or what `make` computes, kept for the next reader.
    /// Readers that miss at the same time compute it once: the others wait for the first and
    /// take its result. If that computation fails (or is cancelled), the error goes to its reader
    /// only; after a failure the waiting readers compute side by side rather than one after
    /// another (a database that is down must not turn a burst into a queue).
    pub async fn get_or_make<T, E, F, Fut>(&self, key: &str, epoch: i64, make: F) -> Result<Arc<T>, E>
    where
        T: Any + Send + Sync,
        F: FnOnce() -> Fut,
        Fut: std::future::Future<Output = Result<T, E>>,
    {
        if let Some(v) = self.get::<T>(key, epoch) {
            return Ok(v);
        }
        // A flight per key and epoch: readers of a newer epoch do not wait for an older one.
        let flight_key = format!("{key}\u{0}{epoch}");
        let lock = match self.inner.lock() {
            Ok(mut inner) => inner.flights.entry(flight_key.clone()).or_default().clone(),
            Err(_) => Arc::default(),
        };
        // (The turn holds its own reference and is dropped before the flight.)
        let flight = Flight { memo: self, key: flight_key, lock: Some(lock.clone()) };
        let mut turn = Some(lock.lock_owned().await);
        if let Some(v) = self.get::<T>(key, epoch) {
            return Ok(v);
        }
        // The last computation failed: compute without holding the turn, beside the others.
        if turn.as_deref() == Some(&true) {
            turn = None;
        }
        match make().await {
            Ok(v) => {
                let v = Arc::new(v);
                self.put(key.to_string(), epoch, v.clone());
                // It worked again: the next readers wait for one computation again.
                if turn.is_none() {
                    if let Some(mut failed) = flight.lock.as_ref().and_then(|l| l.try_lock().ok()) {
                        *failed = false;
                    }
                }
                Ok(v)
            }
            Err(e) => {
                if let Some(failed) = turn.as_deref_mut() {
                    *failed = true;
                }
                Err(e)
            }
        }
    }

    /// How many results are kept (tests).
    pub fn len(&self) -> usize {
        self.inner.lock().map(|i| i.entries.len()).unwrap_or(0)
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// Drops the entries whose sequence number (`seq`: when each was kept, or last read) is at or
/// below the median: what a full store does before it keeps one more.
fn keep_newer_half<V>(entries: &mut HashMap<String, V>, seq: impl Fn(&V) -> u64) {
    let mut seqs: Vec<u64> = entries.values().map(&seq).collect();
    seqs.sort_unstable();
    if let Some(&cut) = seqs.get(seqs.len() / 2) {
        entries.retain(|_, v| seq(v) > cut);
    }
}

/// How many values [`Frozen`] keeps at most (the least recently read half goes past it).
const FROZEN_ENTRIES: usize = 32;

/// Values made from rows that never change once committed (a published agenda revision: only
/// ever inserted, and its id never used again), kept by key whatever the epoch, so that readers
/// share one copy instead of each parsing the row again (two readers who miss at once may each
/// make it; the last one's is kept). The key must name the row (its id) and what tells it from a
/// row that could take its place (a database restored with the server stopped starts with an
/// empty store anyway). Only rows read with a pool connection may go in, never in a transaction:
/// on SQLite a rolled-back row's id is handed out again. Each application state has its own; at
/// most [`FROZEN_ENTRIES`] values (past that, the more recently read half stays).
#[derive(Default)]
pub struct Frozen {
    inner: Mutex<FrozenInner>,
}

#[derive(Default)]
struct FrozenInner {
    seq: u64,
    entries: HashMap<String, (u64, Arc<dyn Any + Send + Sync>)>,
}

impl std::fmt::Debug for Frozen {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Frozen")
    }
}

impl Frozen {
    /// What was kept under `key`, if it is of type `T`.
    pub fn get<T: Any + Send + Sync>(&self, key: &str) -> Option<Arc<T>> {
        let mut inner = self.inner.lock().ok()?;
        inner.seq += 1;
        let seq = inner.seq;
        let (read, value) = inner.entries.get_mut(key)?;
        *read = seq;
        value.clone().downcast::<T>().ok()
    }

    /// Keeps `value` under `key`.
    pub fn put<T: Any + Send + Sync>(&self, key: String, value: Arc<T>) {
        let Ok(mut inner) = self.inner.lock() else { return };
        if inner.entries.len() >= FROZEN_ENTRIES && !inner.entries.contains_key(&key) {
            keep_newer_half(&mut inner.entries, |(read, _)| *read);
        }
        inner.seq += 1;
        let seq = inner.seq;
        inner.entries.insert(key, (seq, value));
    }

    pub fn len(&self) -> usize {
        self.inner.lock().map(|i| i.entries.len()).unwrap_or(0)
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_live_for_their_epoch_and_their_type() {
        let memo = Memo::default();
        memo.put("a".into(), 3, Arc::new(7_i32));
        assert_eq!(memo.get::<i32>("a", 3).as_deref(), Some(&7));
        assert!(memo.get::<i32>("a", 4).is_none(), "a write moved the epoch on");
        assert!(memo.get::<String>("a", 3).is_none(), "another type under the same key");
        assert!(memo.get::<i32>("b", 3).is_none());
        // An older epoch's result is not kept and drops nothing; a newer epoch drops the rest.
        memo.put("b".into(), 2, Arc::new(1_i32));
        assert!(memo.get::<i32>("b", 2).is_none());
        assert_eq!(memo.get::<i32>("a", 3).as_deref(), Some(&7));
        memo.put("c".into(), 4, Arc::new(1_i32));
        assert_eq!(memo.len(), 1);
        assert!(memo.get::<i32>("a", 3).is_none());
        // The bound: the oldest half goes.
        for i in 0..(MAX_ENTRIES + 1) {
            memo.put(format!("k{i}"), 4, Arc::new(i));
        }
        assert!(memo.len() <= MAX_ENTRIES);
        assert!(memo.get::<usize>(&format!("k{MAX_ENTRIES}"), 4).is_some());
        assert!(memo.get::<usize>("k0", 4).is_none());
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
    async fn readers_that_miss_together_compute_once() {
        let memo = Arc::new(Memo::default());
        let made = Arc::new(std::sync::atomic::AtomicUsize::new(0));
        let mut tasks = Vec::new();
        for _ in 0..8 {
            let (memo, made) = (memo.clone(), made.clone());
            tasks.push(tokio::spawn(async move {
                memo.get_or_make("m", 1, || async {
                    made.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    Ok::<_, ()>(42_u32)
                })
                .await
            }));
        }
        for t in tasks {
            assert_eq!(t.await.unwrap().as_deref(), Ok(&42));
        }
        assert_eq!(made.load(std::sync::atomic::Ordering::SeqCst), 1, "one computed, seven waited");
        assert!(memo.inner.lock().unwrap().flights.is_empty(), "no flight lock is left behind");
        // After a failure the waiting readers do not queue: they compute side by side.
        let attempts = Arc::new(std::sync::atomic::AtomicUsize::new(0));
        let mut tasks = Vec::new();
        for _ in 0..4 {
            let (memo, attempts) = (memo.clone(), attempts.clone());
            tasks.push(tokio::spawn(async move {
                let started = std::time::Instant::now();
                let r = memo
                    .get_or_make("down", 1, || async {
                        attempts.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                        tokio::time::sleep(Duration::from_millis(200)).await;
                        Err::<u32, _>("down")
                    })
                    .await;
                (r, started.elapsed())
            }));
        }
        for t in tasks {
            let (r, took) = t.await.unwrap();
            assert_eq!(r, Err("down"));
            assert!(took < Duration::from_millis(700), "waited for each failure in turn: {took:?}");
        }
        assert_eq!(attempts.load(std::sync::atomic::Ordering::SeqCst), 4);
        assert!(memo.inner.lock().unwrap().flights.is_empty());
        // A failure is not kept: the next reader computes again.
        let failed = memo.get_or_make("f", 1, || async { Err::<u32, _>("down") }).await;
        assert_eq!(failed, Err("down"));
        let again = memo.get_or_make("f", 1, || async { Ok::<_, &str>(7_u32) }).await;
        assert_eq!(again.as_deref(), Ok(&7));
        // Another epoch is computed anew.
        let next = memo.get_or_make("m", 2, || async { Ok::<_, ()>(43_u32) }).await;
        assert_eq!(next.as_deref(), Ok(&43));
    }

    #[test]
    fn frozen_values_are_kept_by_key_and_the_least_recently_read_half_goes() {
        let f = Frozen::default();
        assert!(f.get::<String>("a").is_none());
        f.put("a".into(), Arc::new("A".to_string()));
        assert_eq!(f.get::<String>("a").as_deref().map(String::as_str), Some("A"));
        assert!(f.get::<i32>("a").is_none(), "another type under the same key is not taken");
        for n in 1..FROZEN_ENTRIES {
            f.put(format!("k{n}"), Arc::new(n));
        }
        assert_eq!(f.len(), FROZEN_ENTRIES);
        // "a" is read again, so it is among the most recently read when the store is full.
        assert!(f.get::<String>("a").is_some());
        f.put("new".into(), Arc::new(0usize));
        assert!(f.len() <= FROZEN_ENTRIES / 2 + 1, "{}", f.len());
        assert!(f.get::<String>("a").is_some(), "the value read last stays");
        assert!(f.get::<usize>("new").is_some());
        assert!(f.get::<usize>("k1").is_none(), "the value read least recently went");
        assert!(f.get::<usize>(&format!("k{}", FROZEN_ENTRIES - 1)).is_some(), "a value put lately stays");
        assert!(f.len() >= FROZEN_ENTRIES / 2, "{}", f.len());
    }
}
