//! Before/after timing of pqlattice: two versions of the crate linked into one
//! process, timed interleaved on the same keys and inputs.
//!
//! Columns: `before` (crate `pqlattice_before`, an older commit), `before'` (a second,
//! separately compiled copy of the same commit: the A/A control) and `after` (this
//! checkout). For each row the three take turns in batches; within a batch every
//! column gets a generator reseeded to the same state, so all three do identical work
//! (the same encapsulation messages, the same signing `rnd`, hence the same number of
//! rejection-loop iterations). The whole sweep is repeated `--reps` times; the table
//! gives, per row, the median over the repetitions of after/before and of
//! before'/before (each the ratio of the two columns' medians of `--runs` calls in
//! that repetition) and their range.
//!
//! `cargo run --release -- [--runs N] [--batch B] [--reps R] [--only SUBSTRING]`;
//! `--count LABEL COLUMN N` runs one operation N times untimed (for
//! `valgrind --tool=callgrind`); `--count-all N` runs every row and column N times
//! between callgrind dump points (instruction counts per call; `run.sh --callgrind`). See ../README.md ("Before and after") and run.sh.

use rand_chacha::ChaCha20Rng;
use rand_core::SeedableRng;
use std::hint::black_box;
use std::time::Instant;

/// One call of an operation; randomness, if it needs any, comes from the argument.
type Op = Box<dyn FnMut(&mut ChaCha20Rng)>;

/// Column names, in table order.
const COLS: [&str; 3] = ["before", "before'", "after"];

/// One row: the same operation in each of the three copies.
struct Row {
    label: String,
    ops: Vec<Op>,
}

fn leak<T>(x: T) -> &'static T {
    Box::leak(Box::new(x))
}

/// What one copy produced before timing, compared across copies.
#[derive(PartialEq, Debug)]
struct Outputs(Vec<Vec<u8>>);

const MESSAGE: &[u8] = b"ML-DSA comparison: the same 59-byte message for each signer";
const CTX: &[u8] = b"";

/// The five ML-KEM rows of one copy (`$k`) and parameter set (`$ps`).
macro_rules! kem_ops {
    ($k:ident, $ps:ident) => {{
        use $k::$ps as p;
        let seed = [0x42u8; 64];
        let (ek, dk) = p::generate_from_seed(&seed);
        let ek_bytes: &'static [u8] = leak(ek.as_bytes().to_vec());
        let dk_bytes: &'static [u8] = leak(dk.to_bytes().to_vec());
        let (ek, dk) = (leak(ek), leak(dk));
        let (ct, ss) = ek.encapsulate(&mut ChaCha20Rng::seed_from_u64(1));
        let ss2 = dk.decapsulate(&ct);
        let out = Outputs(vec![
            ek_bytes.to_vec(),
            dk_bytes.to_vec(),
            ct.as_bytes().to_vec(),
            ss.as_bytes().to_vec(),
            ss2.as_bytes().to_vec(),
        ]);
        let ct = leak(ct);
        let ops: Vec<(&str, Op)> = vec![
            (
                "keygen",
                Box::new(move |_| {
                    black_box(p::generate_from_seed(black_box(&seed)));
                }),
            ),
            (
                "encaps",
                Box::new(move |r| {
                    black_box(black_box(ek).encapsulate(r));
                }),
            ),
            (
                "encaps, ek from bytes",
                Box::new(move |r| {
                    let ek = p::EncapsulationKey::from_bytes(black_box(ek_bytes)).unwrap();
                    black_box(ek.encapsulate(r));
                }),
            ),
            (
                "decaps",
                Box::new(move |_| {
                    black_box(black_box(dk).decapsulate(black_box(ct)));
                }),
            ),
            (
                "decaps, dk from bytes",
                Box::new(move |_| {
                    let dk = p::DecapsulationKey::from_bytes(black_box(dk_bytes)).unwrap();
                    black_box(dk.decapsulate(black_box(ct)));
                }),
            ),
        ];
        (out, ops)
    }};
}

/// The five ML-DSA rows of one copy (`$k`) and parameter set (`$ps`).
macro_rules! dsa_ops {
    ($k:ident, $ps:ident) => {{
        use $k::$ps as p;
        let seed = [0x42u8; 32];
        let (vk, sk) = p::generate_from_seed(&seed);
        let vk_bytes: &'static [u8] = leak(vk.as_bytes().to_vec());
        let sk_bytes: &'static [u8] = leak(sk.to_bytes().to_vec());
        let (vk, sk) = (leak(vk), leak(sk));
        let sig = sk
            .sign(MESSAGE, CTX, &mut ChaCha20Rng::seed_from_u64(1))
            .unwrap();
        assert!(vk.verify(MESSAGE, CTX, &sig).is_ok());
        let out = Outputs(vec![
            vk_bytes.to_vec(),
            sk_bytes.to_vec(),
            sig.as_bytes().to_vec(),
        ]);
        let sig = leak(sig);
        let ops: Vec<(&str, Op)> = vec![
            (
                "keygen",
                Box::new(move |_| {
                    black_box(p::generate_from_seed(black_box(&seed)));
                }),
            ),
            (
                "sign",
                Box::new(move |r| {
                    black_box(black_box(sk).sign(black_box(MESSAGE), CTX, r).unwrap());
                }),
            ),
            (
                "sign, sk from bytes",
                Box::new(move |r| {
                    let sk = p::SigningKey::from_bytes(black_box(sk_bytes)).unwrap();
                    black_box(sk.sign(black_box(MESSAGE), CTX, r).unwrap());
                }),
            ),
            (
                "verify",
                Box::new(move |_| {
                    black_box(black_box(vk).verify(black_box(MESSAGE), CTX, black_box(sig)))
                        .unwrap();
                }),
            ),
            (
                "verify, vk from bytes",
                Box::new(move |_| {
                    let vk = p::VerifyingKey::from_bytes(black_box(vk_bytes)).unwrap();
                    black_box(vk.verify(black_box(MESSAGE), CTX, black_box(sig))).unwrap();
                }),
            ),
        ];
        (out, ops)
    }};
}

/// Rows of one parameter set: checks that the three copies produce identical keys,
/// ciphertexts, secrets and signatures, then zips their operations into rows.
macro_rules! rows {
    ($mac:ident, $name:literal, $ps:ident) => {{
        let (o0, a) = $mac!(pqlattice_before, $ps);
        let (o1, b) = $mac!(pqlattice_before2, $ps);
        let (o2, c) = $mac!(pqlattice, $ps);
        assert_eq!(o0, o1, "{}: before and before' differ", $name);
        assert_eq!(o0, o2, "{}: before and after differ", $name);
        a.into_iter()
            .zip(b)
            .zip(c)
            .map(|(((l, a), (_, b)), (_, c))| Row {
                label: format!("{} {}", $name, l),
                ops: vec![a, b, c],
            })
            .collect::<Vec<Row>>()
    }};
}

fn all_rows() -> Vec<Row> {
    let mut v = rows!(kem_ops, "ML-KEM-512", ml_kem_512);
    v.extend(rows!(kem_ops, "ML-KEM-768", ml_kem_768));
    v.extend(rows!(kem_ops, "ML-KEM-1024", ml_kem_1024));
    v.extend(rows!(dsa_ops, "ML-DSA-44", ml_dsa_44));
    v.extend(rows!(dsa_ops, "ML-DSA-65", ml_dsa_65));
    v.extend(rows!(dsa_ops, "ML-DSA-87", ml_dsa_87));
    v
}

struct Args {
    runs: usize,
    batch: usize,
    reps: usize,
    only: Option<String>,
    count: Option<(String, usize, usize)>,
    count_all: Option<usize>,
}

fn parse_args() -> Args {
    let mut a = Args {
        runs: 1200,
        batch: 20,
        reps: 5,
        only: None,
        count: None,
        count_all: None,
    };
    let mut it = std::env::args().skip(1);
    let num = |s: Option<String>, what: &str| -> usize {
        s.and_then(|s| s.parse().ok())
            .unwrap_or_else(|| usage_error(&format!("{what} needs a number")))
    };
    let arg = |s: Option<String>, what: &str| s.unwrap_or_else(|| usage_error(what));
    while let Some(x) = it.next() {
        match x.as_str() {
            "--runs" => a.runs = num(it.next(), "--runs"),
            "--batch" => a.batch = num(it.next(), "--batch"),
            "--reps" => a.reps = num(it.next(), "--reps"),
            "--only" => a.only = Some(arg(it.next(), "--only needs an argument")),
            "--count" => {
                let label = arg(it.next(), "--count LABEL COLUMN N");
                let col = arg(it.next(), "--count LABEL COLUMN N");
                let col = COLS
                    .iter()
                    .position(|c| *c == col)
                    .unwrap_or_else(|| usage_error(&format!("COLUMN is one of {COLS:?}")));
                a.count = Some((label, col, num(it.next(), "--count N")));
            }
            "--count-all" => a.count_all = Some(num(it.next(), "--count-all")),
            "-h" | "--help" => {
                println!(
                    "usage: pqlattice-beforeafter [--runs N] [--batch B] [--reps R] [--only SUBSTRING]\n       pqlattice-beforeafter --count LABEL before|before'|after N\n       pqlattice-beforeafter --count-all N   (under callgrind, see run.sh --callgrind)"
                );
                std::process::exit(0);
            }
            other => usage_error(&format!("unknown argument {other:?} (see --help)")),
        }
    }
    if a.runs == 0 || a.batch == 0 || a.reps == 0 {
        usage_error("counts must be positive");
    }
    a
}

/// A bad command line: the message on stderr, exit status 2.
fn usage_error(msg: &str) -> ! {
    eprintln!("pqlattice-beforeafter: {msg}");
    std::process::exit(2)
}

fn median(v: &mut [f64]) -> f64 {
    // Timings are finite (never NaN), so every pair compares.
    v.sort_by(|a, b| a.total_cmp(b));
    let n = v.len();
    if n % 2 == 1 {
        v[n / 2]
    } else {
        (v[n / 2 - 1] + v[n / 2]) / 2.0
    }
}

/// The orders of the three columns within a batch, one per batch in turn.
const ORDERS: [[usize; 3]; 6] = [
    [0, 1, 2],
    [1, 2, 0],
    [2, 0, 1],
    [0, 2, 1],
    [2, 1, 0],
    [1, 0, 2],
];

/// Medians (ns) of `runs` calls per column, interleaved in batches of `batch` (the
/// order of the columns changing from batch to batch, [`ORDERS`]); every column of a
/// batch starts from the same generator state.
fn measure(row: &mut Row, runs: usize, batch: usize, seed: u64) -> [f64; 3] {
    let mut samples: [Vec<f64>; 3] = Default::default();
    for op in row.ops.iter_mut() {
        let mut r = ChaCha20Rng::seed_from_u64(seed ^ 0xdead_beef);
        for _ in 0..batch.min(50) {
            op(&mut r);
        }
    }
    let batches = runs.div_ceil(batch);
    for j in 0..batches {
        let n = batch.min(runs - j * batch);
        // All six orders in turn: each column is first, middle and last equally often
        // and follows each other column equally often (a plain rotation would always put
        // the same column before a given one, and the state it leaves behind, caches and
        // branch predictors, would favour or handicap that one for the whole row).
        for &c in &ORDERS[j % 6] {
            let op = &mut row.ops[c];
            let mut r = ChaCha20Rng::seed_from_u64(seed.wrapping_mul(1_000_003) + j as u64);
            for _ in 0..n {
                let t = Instant::now();
                op(&mut r);
                samples[c].push(t.elapsed().as_nanos() as f64);
            }
        }
    }
    samples.map(|mut s| median(&mut s))
}

/// Segment boundary for callgrind's `--dump-before` (an unmangled name, never inlined).
#[unsafe(no_mangle)]
#[inline(never)]
pub extern "C" fn pqlba_segment_marker() {
    black_box(());
}

/// `PQLBA_PAD` at build time: bytes of padding in this crate's code, which the linker
/// places ahead of the libraries' code, so that a rebuild with another value moves every
/// function of all three copies to another address (alignment, cache sets). The
/// after/before ratio of a row can depend on such placement by a few per cent (see
/// README, "Before and after"); `run.sh --pads "0 16 32 48"` measures with several.
const PAD: usize = {
    let b = match option_env!("PQLBA_PAD") {
        Some(s) => s.as_bytes(),
        None => b"0",
    };
    let mut n = 0;
    let mut i = 0;
    while i < b.len() {
        assert!(b[i].is_ascii_digit(), "PQLBA_PAD must be a number");
        n = n * 10 + (b[i] - b'0') as usize;
        i += 1;
    }
    n
};

/// The padding (never called; referenced from `main` so that the linker keeps it).
#[unsafe(naked)]
#[unsafe(no_mangle)]
pub extern "C" fn pqlba_pad() {
    core::arch::naked_asm!("ud2", ".skip {}, 0xcc", const PAD)
}

fn segment_marker() {
    pqlba_segment_marker();
}

fn fmt_us(ns: f64) -> String {
    let us = ns / 1000.0;
    if us >= 100.0 {
        format!("{us:.0}")
    } else if us >= 10.0 {
        format!("{us:.1}")
    } else {
        format!("{us:.2}")
    }
}

fn main() {
    let args = parse_args();
    black_box(pqlba_pad as *const ());
    let b0 = pqlattice_before::backend::active().name();
    let b1 = pqlattice_before2::backend::active().name();
    let b2 = pqlattice::backend::active().name();
    assert!(
        b0 == b2 && b1 == b2,
        "the copies run different backends: before {b0}, before' {b1}, after {b2}"
    );
    let mut rows = all_rows();
    eprintln!("before, before' and after agree (keys, ciphertexts, secrets, signatures)");
    if let Some(o) = &args.only {
        rows.retain(|r| r.label.contains(o.as_str()));
        assert!(!rows.is_empty(), "--only {o:?} matches no row");
    }

    if let Some((label, col, n)) = &args.count {
        let row = rows
            .iter_mut()
            .find(|r| r.label == *label)
            .unwrap_or_else(|| usage_error(&format!("no row labelled {label:?}")));
        let mut r = ChaCha20Rng::seed_from_u64(3);
        for _ in 0..*n {
            (row.ops[*col])(&mut r);
        }
        return;
    }

    if let Some(n) = args.count_all {
        // Under `valgrind --tool=callgrind --dump-before=pqlba_segment_marker`, each call
        // of the marker closes one segment: segment 1 is the set-up, then one segment
        // per row and column, in the order printed here (first, so that printing is
        // not counted).
        for row in &rows {
            for col in COLS {
                println!("{}\t{col}", row.label);
            }
        }
        segment_marker();
        for row in rows.iter_mut() {
            for op in row.ops.iter_mut() {
                let mut r = ChaCha20Rng::seed_from_u64(3);
                for _ in 0..n {
                    op(&mut r);
                }
                segment_marker();
            }
        }
        return;
    }

    println!(
        "### backend `{b2}` ({}), {} reps x {} calls per cell, batches of {}",
        std::env::var("PQL_BEFOREAFTER_DESC").unwrap_or_default(),
        args.reps,
        args.runs,
        args.batch
    );
    println!();
    // times[row][rep][col]
    let mut times = vec![Vec::new(); rows.len()];
    for rep in 0..args.reps {
        eprintln!("rep {}/{}", rep + 1, args.reps);
        for (i, row) in rows.iter_mut().enumerate() {
            let seed = (rep * 1000 + i) as u64;
            times[i].push(measure(row, args.runs, args.batch, seed));
        }
    }
    println!(
        "| op | before µs | after µs | after/before median | min..max | A/A before'/before median | min..max |"
    );
    println!("|---|---:|---:|---:|---|---:|---|");
    for (row, t) in rows.iter().zip(&times) {
        let col = |c: usize| median(&mut t.iter().map(|x| x[c]).collect::<Vec<_>>());
        let mut ab: Vec<f64> = t.iter().map(|x| x[2] / x[0]).collect();
        let mut aa: Vec<f64> = t.iter().map(|x| x[1] / x[0]).collect();
        let (ab_med, aa_med) = (median(&mut ab), median(&mut aa));
        println!(
            "| {} | {} | {} | {:.3} | {:.3}..{:.3} | {:.3} | {:.3}..{:.3} |",
            row.label,
            fmt_us(col(0)),
            fmt_us(col(2)),
            ab_med,
            ab[0],
            ab[ab.len() - 1],
            aa_med,
            aa[0],
            aa[aa.len() - 1],
        );
    }
    println!();
}
