//! Parts of pages compressed once.
//!
//! A page made for one request (signed in, or at an address the page cache does not keep) is
//! compressed for that request. Most of the 60-item agenda's 35 KB is the agenda itself, the
//! same for every reader of that revision in one language and time zone, and compressing it again
//! for every request was the largest single cost of making the page (docs/BENCHMARKS.md,
//! "Stop 38"). A page marks such a part (`app::components::kept_part`):
//! `<!--kept:KEY-->…<!--/kept-->`. The part is compressed on its own, once, as a brotli stream
//! made to be joined to others ("catable": it refers to nothing before it), and kept with its text.
//! A later page with the same text there gets those bytes: only what is around the part is
//! compressed for the request, and the streams are joined into one (brotli's `BroCatli`), which
//! decompresses to exactly the page.
//!
//! A kept part is used only when its text is byte for byte the text between the page's markers;
//! otherwise the part is compressed again and replaces the kept one. So the key only chooses the
//! slot (a translation changed, a revision published: the next page makes the part anew), and a
//! part is never used for a page it was not made from, whatever a marker says.

use crate::cache::{brotli_stream, lgwin, Stream};
use axum::body::Bytes;
use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

/// The most the store holds (texts and their compressed copies); beyond it the least recently
/// used half goes.
pub const MAX_BYTES: usize = 4 * 1024 * 1024;

/// Parts smaller than this are compressed with the page (joining streams costs a few bytes and
/// a second encoder).
const MIN_PART: usize = 4 * 1024;

/// Parts larger than this are compressed with the page and not kept. (Every stream of a page
/// is compressed with the window of its largest, and a window sized to a larger part would
/// cost each request's first piece a larger ring buffer.)
const MAX_PART: usize = 256 * 1024;

/// The longest key.
const MAX_KEY: usize = 200;

/// The brotli quality of a kept part: compressed once, sent many times.
const PART_QUALITY: u32 = 5;

/// What is around the parts is compressed at the page's quality, but at most 2 when a piece is
/// this small: a stream's fixed cost (its hash table) is most of a small piece's, and quality 4's
/// table is twice as large. The agenda's closing 0.6 KB: 12 µs instead of 24, 22 bytes more.
const SMALL_PIECE: usize = 2 * 1024;

const OPEN: &[u8] = b"<!--kept:";
const OPEN_END: &[u8] = b"-->";
const CLOSE: &[u8] = b"<!--/kept-->";

struct Part {
    text: Bytes,
    br: Bytes,
    /// The window the part was compressed with (the first stream of a page must have the
    /// largest).
    lgwin: i32,
    used: AtomicU64,
}

impl Part {
    fn size(&self, key: &str) -> usize {
        self.text.len() + self.br.len() + key.len()
    }
}

#[derive(Default)]
struct Inner {
    seq: u64,
    bytes: usize,
    parts: HashMap<String, Arc<Part>>,
}

/// The kept parts of one server (each test's server has its own).
#[derive(Default)]
pub struct Parts {
    inner: Mutex<Inner>,
    /// How many times a kept part was used (tests, benchmarks).
    reused: AtomicU64,
}

impl Parts {
    /// How many parts are kept.
    pub fn len(&self) -> usize {
        self.inner.lock().map(|i| i.parts.len()).unwrap_or(0)
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// How many times a kept part was used for a page.
    pub fn reused(&self) -> u64 {
        self.reused.load(Ordering::Relaxed)
    }

    /// The part kept under `key` for exactly `text`, or a new one made and kept.
    fn part(&self, key: &str, text: &[u8]) -> Option<Arc<Part>> {
        let kept = self.inner.lock().ok().and_then(|mut i| {
            i.seq += 1;
            let seq = i.seq;
            i.parts.get(key).filter(|p| p.text[..] == *text).inspect(|p| p.used.store(seq, Ordering::Relaxed)).cloned()
        });
        if let Some(p) = kept {
            self.reused.fetch_add(1, Ordering::Relaxed);
            return Some(p);
        }
        let lgwin = lgwin(text.len(), PART_QUALITY);
        let br = brotli_stream(text, PART_QUALITY, lgwin, Stream::Later)?;
        let part = Arc::new(Part { text: Bytes::copy_from_slice(text), br, lgwin, used: AtomicU64::new(0) });
        if let Ok(mut inner) = self.inner.lock() {
            let size = part.size(key);
            while inner.bytes + size > MAX_BYTES && !inner.parts.is_empty() {
                trim(&mut inner);
            }
            inner.seq += 1;
            part.used.store(inner.seq, Ordering::Relaxed);
            if let Some(old) = inner.parts.insert(key.to_string(), part.clone()) {
                inner.bytes = inner.bytes.saturating_sub(old.size(key));
            }
            inner.bytes += size;
        }
        Some(part)
    }
}

/// The least recently used half of the parts goes (the last one too, when one is left).
fn trim(inner: &mut Inner) {
    let mut used: Vec<u64> = inner.parts.values().map(|p| p.used.load(Ordering::Relaxed)).collect();
    used.sort_unstable();
    let cut = used.get(used.len() / 2).copied().unwrap_or(u64::MAX);
    if used.len() > 1 {
        inner.parts.retain(|_, p| p.used.load(Ordering::Relaxed) >= cut);
    } else {
        inner.parts.clear();
    }
    inner.bytes = inner.parts.iter().map(|(k, p)| p.size(k)).sum();
}

/// A piece of a page: compressed for this page, or a kept part.
enum Piece<'a> {
    Around(&'a [u8]),
    Kept(Arc<Part>),
}

/// Whether `key` is one `kept_part` writes: letters, digits and `.` `_` `/` `:` `+` `~`.
fn valid_key(key: &[u8]) -> bool {
    !key.is_empty()
        && key.len() <= MAX_KEY
        && key.iter().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'/' | b':' | b'+' | b'~'))
}

/// The marked parts of `page`: (key, start, end) of each part's text, in order.
fn marked(page: &[u8]) -> Vec<(&str, usize, usize)> {
    use memchr::memmem;
    let mut out = Vec::new();
    let mut at = 0;
    while let Some(i) = memmem::find(&page[at..], OPEN) {
        let key_start = at + i + OPEN.len();
        let Some(k) = memmem::find(&page[key_start..(key_start + MAX_KEY + OPEN_END.len()).min(page.len())], OPEN_END) else {
            at = key_start;
            continue;
        };
        let key = &page[key_start..key_start + k];
        let start = key_start + k + OPEN_END.len();
        let Some(len) = memmem::find(&page[start..], CLOSE) else { break };
        let end = start + len;
        if let (true, Ok(key)) = (valid_key(key), std::str::from_utf8(key)) {
            if (MIN_PART..=MAX_PART).contains(&len) {
                out.push((key, start, end));
            }
        }
        at = end + CLOSE.len();
    }
    out
}

/// `page` compressed with brotli at `quality`, each marked part of it taken from `parts` (or
/// compressed and kept there).
/// `None` if a part could not be compressed or the streams not joined: the caller then
/// compresses the page whole. A page without marked parts is `None` at once.
pub fn brotli_page(page: &[u8], quality: u32, parts: &Parts) -> Option<Bytes> {
    let marks = marked(page);
    if marks.is_empty() {
        return None;
    }
    let mut pieces = Vec::with_capacity(marks.len() * 2 + 1);
    let mut at = 0;
    for (key, start, end) in marks {
        // (The opening marker goes with what is before the part, the closing one with what is
        // after: the first piece and every piece after a part are never empty.)
        pieces.push(Piece::Around(&page[at..start]));
        pieces.push(Piece::Kept(parts.part(key, &page[start..end])?));
        at = end;
    }
    pieces.push(Piece::Around(&page[at..]));
    // The first stream's window must be at least every other's.
    let window = pieces
        .iter()
        .map(|p| match p {
            Piece::Around(b) => lgwin(b.len(), quality),
            Piece::Kept(p) => p.lgwin,
        })
        .max()
        .unwrap_or(16);
    let mut cat = brotli::concat::BroCatli::new();
    let mut out = vec![0u8; page.len() / 4 + 1024];
    let mut written = 0;
    for (i, piece) in pieces.iter().enumerate() {
        let made;
        let stream: &[u8] = match piece {
            Piece::Around(b) => {
                let quality = if b.len() <= SMALL_PIECE { quality.min(2) } else { quality };
                made = brotli_stream(b, quality, window, if i == 0 { Stream::First } else { Stream::Later })?;
                &made
            }
            Piece::Kept(p) => &p.br,
        };
        cat.new_brotli_file();
        let mut read = 0;
        loop {
            match cat.stream(stream, &mut read, &mut out, &mut written) {
                brotli::concat::BroCatliResult::NeedsMoreOutput => out.resize(out.len() * 2, 0),
                brotli::concat::BroCatliResult::NeedsMoreInput if read == stream.len() => break,
                _ => return None,
            }
        }
    }
    loop {
        match cat.finish(&mut out, &mut written) {
            brotli::concat::BroCatliResult::Success => break,
            brotli::concat::BroCatliResult::NeedsMoreOutput => out.resize(out.len() + 64, 0),
            _ => return None,
        }
    }
    out.truncate(written);
    Some(Bytes::from(out))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unbrotli(b: &[u8]) -> Vec<u8> {
        let mut out = Vec::new();
        brotli::BrotliDecompress(&mut &b[..], &mut out).expect("a valid brotli stream");
        out
    }

    fn agenda(n: usize, word: &str) -> String {
        (0..n)
            .map(|i| format!("<li class=\"agenda-item\" id=\"item-{i}\"><h4>Item {i}: {word} of state {}</h4></li>", i * 7 % 16))
            .collect()
    }

    fn page(key: &str, part: &str, tail: &str) -> String {
        format!(
            "<!DOCTYPE html><html><head><title>Agenda</title></head><body><header>MIDSA</header><main><div class=\"agenda\"><!--kept:{key}-->{part}<!--/kept--></div>{tail}</main></body></html>"
        )
    }

    #[test]
    fn a_page_with_a_kept_part_decompresses_to_itself_and_the_part_is_reused() {
        let parts = Parts::default();
        let body = agenda(120, "national experience");
        let a = page("agenda:1:1:en:", &body, "<footer>one</footer>");
        let b = page("agenda:1:1:en:", &body, "<footer>two, another reader</footer>");
        let ca = brotli_page(a.as_bytes(), 4, &parts).expect("compressed");
        assert_eq!(unbrotli(&ca), a.as_bytes());
        assert_eq!((parts.len(), parts.reused()), (1, 0));
        let cb = brotli_page(b.as_bytes(), 4, &parts).expect("compressed");
        assert_eq!(unbrotli(&cb), b.as_bytes());
        assert_eq!((parts.len(), parts.reused()), (1, 1));
        // Not larger than the page compressed whole at the same quality, by more than a little.
        let whole = brotli_stream(b.as_bytes(), 4, lgwin(b.len(), 4), Stream::Whole).unwrap();
        assert!(cb.len() <= whole.len() + whole.len() / 10, "{} against {}", cb.len(), whole.len());
    }

    #[test]
    fn other_text_under_the_same_key_is_never_served_from_the_kept_part() {
        let parts = Parts::default();
        let a = page("agenda:1:1:fr:", &agenda(100, "expérience nationale"), "");
        let b = page("agenda:1:1:fr:", &agenda(100, "expérience nationale (corrigée)"), "");
        for p in [&a, &b, &a] {
            let c = brotli_page(p.as_bytes(), 4, &parts).unwrap();
            assert_eq!(unbrotli(&c), p.as_bytes());
        }
        assert_eq!((parts.len(), parts.reused()), (1, 0));
    }

    #[test]
    fn several_parts_odd_markers_and_large_windows() {
        let parts = Parts::default();
        let big = agenda(3000, "a long one");
        assert!(big.len() > 128 * 1024);
        let p = format!(
            "<p><!--kept:bad key-->{x}<!--/kept--></p><!--kept:small-->tiny<!--/kept-->\
             <!--kept:one-->{x}<!--/kept--><hr><!--kept:two-->{big}<!--/kept--><!--kept:open-->{x}",
            x = agenda(80, "x")
        );
        let c = brotli_page(p.as_bytes(), 4, &parts).unwrap();
        assert_eq!(unbrotli(&c), p.as_bytes());
        // "bad key" is not a key, "small" too small, "open" never closed.
        assert_eq!(parts.len(), 2);
        // Back to back, at the very start, and a page with no marker at all.
        let q = format!("<!--kept:one-->{x}<!--/kept--><!--kept:two-->{big}<!--/kept-->", x = agenda(80, "x"));
        assert_eq!(unbrotli(&brotli_page(q.as_bytes(), 4, &parts).unwrap()), q.as_bytes());
        assert_eq!(parts.reused(), 2);
        assert!(brotli_page(b"<p>plain</p>", 4, &parts).is_none());
        // A key that runs on without an end, and a marker cut short at the end of the page.
        for odd in [format!("<!--kept:{}", "k".repeat(500)), "<!--kept:".to_string(), format!("<!--kept:k-->{}", agenda(80, "y"))] {
            assert!(brotli_page(odd.as_bytes(), 4, &parts).is_none());
        }
    }

    #[test]
    fn the_store_keeps_to_its_size() {
        let parts = Parts::default();
        for i in 0..400 {
            let p = page(&format!("agenda:{i}:1:en:"), &agenda(200, &format!("meeting {i}")), "");
            let c = brotli_page(p.as_bytes(), 4, &parts).unwrap();
            assert_eq!(unbrotli(&c), p.as_bytes());
        }
        let bytes = parts.inner.lock().unwrap().bytes;
        assert!(bytes <= MAX_BYTES, "{bytes}");
        assert!(parts.len() < 400 && parts.len() >= 100, "{}", parts.len());
        // Parts near the largest kept, among many small ones: still within the bound.
        for i in 0..40 {
            let p = page(&format!("big:{i}"), &agenda(2500, &format!("large meeting {i}")), "");
            assert_eq!(unbrotli(&brotli_page(p.as_bytes(), 4, &parts).unwrap()), p.as_bytes());
            let bytes = parts.inner.lock().unwrap().bytes;
            assert!(bytes <= MAX_BYTES, "{bytes}");
        }
        assert!(parts.len() >= 2);
    }
}
