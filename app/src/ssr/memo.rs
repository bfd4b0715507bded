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

    /// Keeps `value` under `key`, computed after reading `epoch`. Another epoch than the one
    /// kept drops everything kept before it (a lower one: the database was restored, or a
    /// request read the epoch before a commit; what it computed is still at least as new as
    /// what it read, and `get` serves it only to readers of the same epoch).
    pub fn put<T: Any + Send + Sync>(&self, key: String, epoch: i64, value: Arc<T>) {
        let Ok(mut inner) = self.inner.lock() else { return };
        if epoch != inner.epoch {
            inner.epoch = epoch;
            inner.entries.clear();
        }
        if inner.entries.len() >= MAX_ENTRIES && !inner.entries.contains_key(&key) {
            let mut seqs: Vec<u64> = inner.entries.values().map(|k| k.seq).collect();
            seqs.sort_unstable();
            let cut = seqs[seqs.len() / 2];
            inner.entries.retain(|_, k| k.seq > cut);
        }
        inner.seq += 1;
        let seq = inner.seq;
        inner.entries.insert(key, Kept { epoch, seq, made: Instant::now(), value });
    }

    /// How many results are kept (tests).
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
        // Another epoch drops the rest, a lower one too (a restored database).
        memo.put("b".into(), 2, Arc::new(1_i32));
        assert_eq!(memo.get::<i32>("b", 2).as_deref(), Some(&1));
        assert!(memo.get::<i32>("a", 3).is_none());
        memo.put("c".into(), 4, Arc::new(1_i32));
        assert_eq!(memo.len(), 1);
        // The bound: the oldest half goes.
        for i in 0..(MAX_ENTRIES + 1) {
            memo.put(format!("k{i}"), 4, Arc::new(i));
        }
        assert!(memo.len() <= MAX_ENTRIES);
        assert!(memo.get::<usize>(&format!("k{MAX_ENTRIES}"), 4).is_some());
        assert!(memo.get::<usize>("k0", 4).is_none());
    }
}
