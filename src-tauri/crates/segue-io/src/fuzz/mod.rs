//! Fuzzing on stable Rust: every reader of this crate over arbitrary and mutated bytes.
//!
//! Each target in [`targets`] is a proptest whose inputs are either arbitrary bytes or a seed
//! (a small slice of the repository's real files, or what Segue's own writers produce, see
//! [`seeds`]) put through a few random edits: bytes flipped, inserted, removed or repeated,
//! tokens that readers treat specially spliced in (quotes, line breaks, `1e308`, a NUL, an
//! escape sequence, zip and Parquet magic), the input cut short, and the result gzipped half
//! the time it comes out of the edits for the readers that inflate. The property is the
//! promise every reader makes: it returns, with rows or with an error, and never panics; every
//! error it returns displays on one line with no control character; and no input keeps it
//! busy for more than [`HANG_SECONDS`], which a watchdog turns into a failure naming the input.
//!
//! `cargo test` runs [`DEFAULT_CASES`] inputs per target. `SEGUE_FUZZ_CASES=1000000` (see
//! `scripts/fuzz-soak.sh`) is the soak; RELIABILITY.md records its figures.

mod seeds;
mod targets;

use std::collections::HashMap;
use std::sync::{Mutex, OnceLock};
use std::thread::ThreadId;
use std::time::{Duration, Instant};

use proptest::prelude::*;
use proptest::test_runner::Config;

/// Inputs per target in an ordinary test run: a few seconds for all targets together.
const DEFAULT_CASES: u32 = 256;

/// The longest one input may take before the run is stopped as hung. Readers take
/// milliseconds on these inputs, even unoptimized on a busy machine.
const HANG_SECONDS: u64 = 20;

/// The proptest configuration of every target: `SEGUE_FUZZ_CASES` inputs (else
/// [`DEFAULT_CASES`]), no regression files written into the source tree.
fn config() -> Config {
    let cases = std::env::var("SEGUE_FUZZ_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(DEFAULT_CASES);
    Config { cases, failure_persistence: None, ..Config::default() }
}

/// Strings that readers give meaning to, spliced into seeds.
const TOKENS: [&[u8]; 24] = [
    b",", b"\t", b"\"", b"\n", b"\r\n", b"\r", b"{", b"}", b"[", b"]", b":", b"<", b">", b"&#13;", b"\0", b"\x1b[2J",
    b"1e308", b"NaN", b"-1", b"'=", b"\xff\xfe", b"PK\x03\x04", b"PAR1", b"\x1f\x8b",
];

/// One random change to a seed; positions are taken modulo the length at the time.
#[derive(Debug, Clone)]
enum Edit {
    Flip(usize, u8),
    Insert(usize, Vec<u8>),
    Remove(usize, usize),
    Repeat(usize, usize, u8),
    Token(usize, usize),
    Cut(usize),
}

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        3 => (any::<usize>(), any::<u8>()).prop_map(|(at, b)| Edit::Flip(at, b)),
        2 => (any::<usize>(), proptest::collection::vec(any::<u8>(), 1..16)).prop_map(|(at, b)| Edit::Insert(at, b)),
        2 => (any::<usize>(), 1..64usize).prop_map(|(at, n)| Edit::Remove(at, n)),
        1 => (any::<usize>(), 1..64usize, 2..20u8).prop_map(|(at, n, times)| Edit::Repeat(at, n, times)),
        3 => (any::<usize>(), 0..TOKENS.len()).prop_map(|(at, t)| Edit::Token(at, t)),
        1 => any::<usize>().prop_map(Edit::Cut),
    ]
}

fn apply(mut bytes: Vec<u8>, edits: &[Edit]) -> Vec<u8> {
    for edit in edits {
        let at = |i: usize, len: usize| if len == 0 { 0 } else { i % (len + 1) };
        let len = bytes.len();
        match edit {
            Edit::Flip(i, b) if len > 0 => bytes[i % len] ^= b | 1,
            Edit::Flip(..) => {}
            Edit::Insert(i, b) => drop(bytes.splice(at(*i, len)..at(*i, len), b.iter().copied())),
            Edit::Remove(i, n) => {
                let start = at(*i, len);
                bytes.drain(start..(start + n).min(len));
            }
            Edit::Repeat(i, n, times) => {
                let start = at(*i, len);
                let piece = bytes[start..(start + n).min(len)].to_vec();
                let copies: Vec<u8> = piece.iter().copied().cycle().take(piece.len() * usize::from(*times)).collect();
                bytes.splice(start..start, copies);
            }
            Edit::Token(i, t) => drop(bytes.splice(at(*i, len)..at(*i, len), TOKENS[*t].iter().copied())),
            Edit::Cut(i) => bytes.truncate(at(*i, len)),
        }
    }
    bytes
}

/// Arbitrary bytes, or one of `seeds` with up to eight edits; gzipped on request (for the
/// readers that inflate), so that fuzzing reaches through the decoder too.
fn input(seeds: Vec<Vec<u8>>, gzip: bool) -> impl Strategy<Value = Vec<u8>> {
    let mutated = (proptest::sample::select(seeds), proptest::collection::vec(edit(), 0..8))
        .prop_map(|(seed, edits)| apply(seed, &edits));
    let any_bytes = proptest::collection::vec(any::<u8>(), 0..512);
    let raw = prop_oneof![1 => any_bytes, 4 => mutated];
    (raw, proptest::bool::weighted(if gzip { 0.25 } else { 0.0 }))
        .prop_map(|(bytes, packed)| if packed { crate::testutil::gzip(&bytes) } else { bytes })
}

/// What each test thread is reading now and since when, for the watchdog.
type Running = HashMap<ThreadId, (&'static str, Instant, Vec<u8>)>;

fn running() -> &'static Mutex<Running> {
    static RUNNING: OnceLock<Mutex<Running>> = OnceLock::new();
    RUNNING.get_or_init(|| {
        std::thread::spawn(|| loop {
            std::thread::sleep(Duration::from_millis(250));
            let guard = running().lock().unwrap_or_else(|e| e.into_inner());
            if let Some((target, _, bytes)) = guard.values().find(|(_, since, _)| since.elapsed().as_secs() >= HANG_SECONDS) {
                // Straight to the process's stderr: `eprintln!` in a thread spawned by a test
                // goes to that test's captured output, which an abort loses.
                let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
                let report = format!("fuzz target {target} hung for {HANG_SECONDS} s on this input ({} bytes, hex): {hex}\n", bytes.len());
                let _ = std::io::Write::write_all(&mut std::io::stderr(), report.as_bytes());
                std::process::abort();
            }
        });
        Mutex::new(HashMap::new())
    })
}

/// Runs one reader on one input under the watchdog, and checks what it returned: every error
/// displays on one line, with no control character. A panic fails the test by itself.
fn check<E: std::fmt::Display>(target: &'static str, bytes: &[u8], read: impl FnOnce() -> Vec<E>) {
    let me = std::thread::current().id();
    running().lock().unwrap_or_else(|e| e.into_inner()).insert(me, (target, Instant::now(), bytes.to_vec()));
    let errors = read();
    running().lock().unwrap_or_else(|e| e.into_inner()).remove(&me);
    for e in errors {
        let shown = e.to_string();
        assert!(!shown.chars().any(char::is_control), "{target}: an error holds a control character: {shown:?}");
    }
}
