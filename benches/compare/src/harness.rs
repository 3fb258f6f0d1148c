//! Timing harness: interleaved batches, per-call timing, median of N calls (or, for
//! operations with a random running time such as signing, their mean).

use pqlattice::backend::{self, Backend};
use std::time::Instant;

/// The pqlattice backends timed as columns of their own, fastest first. A backend
/// this machine cannot run gets no column.
#[cfg(target_arch = "x86_64")]
pub const PQL_BACKENDS: [Backend; 3] = [Backend::Avx512, Backend::Avx2, Backend::Portable];
#[cfg(target_arch = "aarch64")]
pub const PQL_BACKENDS: [Backend; 3] = [Backend::NeonSha3, Backend::Neon, Backend::Portable];
#[cfg(not(any(target_arch = "x86_64", target_arch = "aarch64")))]
pub const PQL_BACKENDS: [Backend; 1] = [Backend::Portable];

/// The other implementations, in table-column order after the pqlattice columns.
/// "libcrux" is its run-time dispatched API (AVX2 / NEON code where the CPU has it),
/// "libcrux portable" its per-platform `portable` module: the reference for
/// pqlattice's portable backend.
const OTHERS: [&str; 5] = [
    "libcrux",
    "libcrux portable",
    "pqcrypto",
    "aws-lc-rs",
    "rustcrypto",
];

/// Number of columns: one per pqlattice backend, then the other implementations.
pub const NCOLS: usize = PQL_BACKENDS.len() + OTHERS.len();

/// Column index of each other implementation.
pub const LIBCRUX: usize = PQL_BACKENDS.len();
pub const LIBCRUX_PORTABLE: usize = LIBCRUX + 1;
pub const PQCRYPTO: usize = LIBCRUX + 2;
pub const AWSLC: usize = LIBCRUX + 3;
pub const RUSTCRYPTO: usize = LIBCRUX + 4;

/// The pqlattice backend a column runs, if it is a pqlattice column.
fn column_backend(col: usize) -> Option<Backend> {
    PQL_BACKENDS.get(col).copied()
}

/// A column's name.
pub fn column_name(col: usize) -> String {
    match column_backend(col) {
        Some(b) => format!("pqlattice {}", b.name()),
        None => OTHERS[col - PQL_BACKENDS.len()].to_string(),
    }
}

/// Whether a column is timed in this run: its pqlattice backend is available, and
/// `--columns` (if given) names it.
pub fn column_enabled(col: usize, only: Option<&[String]>) -> bool {
    column_backend(col).is_none_or(|b| b.is_available())
        && only.is_none_or(|names| names.iter().any(|n| *n == column_name(col)))
}

/// One timed operation: a closure doing exactly one call of the operation (results go
/// through `black_box` inside the closure).
pub type Op = Box<dyn FnMut()>;

/// One table row to measure: the same operation for every implementation that has it.
pub struct Case {
    pub label: String,
    pub ops: [Option<Op>; NCOLS],
    /// A note printed under the table; the row label gets its number, `[n]`.
    pub note: Option<&'static str>,
    /// Report the mean instead of the median (see [`Case::mean`]).
    pub mean: bool,
}

impl Case {
    pub fn new(label: impl Into<String>) -> Self {
        Case {
            label: label.into(),
            ops: std::array::from_fn(|_| None),
            note: None,
            mean: false,
        }
    }

    /// Sets the operation of column `col` (one of the column constants).
    pub fn op(mut self, col: usize, f: impl FnMut() + 'static) -> Self {
        self.ops[col] = Some(Box::new(f));
        self
    }

    /// Sets pqlattice's operation: the same closure in every pqlattice column; the
    /// harness selects the column's backend (`backend::force`, outside the timed
    /// calls) before each batch.
    pub fn pql(mut self, f: impl FnMut() + Clone + 'static) -> Self {
        for col in 0..PQL_BACKENDS.len() {
            self.ops[col] = Some(Box::new(f.clone()));
        }
        self
    }

    /// Reports the mean of the samples instead of their median: for operations whose
    /// running time is random by design (ML-DSA signing's rejection loop), the median
    /// falls between modes (k or k+1 iterations) and jumps by a whole iteration from
    /// one run to the next, while the mean converges. Samples above 20 times the median
    /// (the process was descheduled) are left out: 20 medians are 60-70 signing
    /// iterations, probability about 1e-7.
    pub fn mean(mut self) -> Self {
        self.mean = true;
        self
    }

    /// Attaches a note, printed under the table.
    pub fn note(mut self, note: &'static str) -> Self {
        self.note = Some(note);
        self
    }
}

/// Makes pqlattice run `col`'s backend (nothing for the other columns).
fn enter(col: usize) {
    if let Some(b) = column_backend(col) {
        backend::force(b).expect("only available backends have a column");
    }
}

/// How many calls to time.
#[derive(Clone, Copy, Debug)]
pub struct Config {
    /// Timed calls per implementation and row.
    pub runs: usize,
    /// Calls per batch: implementations take turns batch by batch, so that a change of
    /// machine load (other jobs on a shared machine) is spread over all of them.
    pub batch: usize,
    /// Untimed calls per implementation before the first timed one.
    pub warmup: usize,
}

impl Config {
    pub fn full() -> Self {
        Config {
            runs: 2000,
            batch: 25,
            warmup: 100,
        }
    }

    pub fn quick() -> Self {
        Config {
            runs: 100,
            batch: 10,
            warmup: 10,
        }
    }
}

/// A measured row.
pub struct Row {
    pub label: String,
    /// Median (or, for [`Case::mean`] rows, mean) time per call of each column, in
    /// nanoseconds (`None`: not timed).
    pub medians: [Option<f64>; NCOLS],
    pub note: Option<&'static str>,
}

/// Mean of the samples at most 20 times the median.
fn trimmed_mean(samples: &[u64]) -> f64 {
    let cap = 20.0 * median(samples.to_vec());
    let kept: Vec<f64> = samples
        .iter()
        .map(|&x| x as f64)
        .filter(|&x| x <= cap)
        .collect();
    kept.iter().sum::<f64>() / kept.len() as f64
}

fn median(mut samples: Vec<u64>) -> f64 {
    samples.sort_unstable();
    let n = samples.len();
    if n % 2 == 1 {
        samples[n / 2] as f64
    } else {
        (samples[n / 2 - 1] + samples[n / 2]) as f64 / 2.0
    }
}

/// Times every enabled column's operation `cfg.runs` times, one call per sample, the
/// columns taking turns in batches of `cfg.batch` calls (the starting column rotates
/// from batch to batch). Before each batch of a pqlattice column, its backend is
/// selected (outside the timed calls); the backend active before is restored at the
/// end.
pub fn measure(mut case: Case, cfg: &Config, columns: Option<&[String]>) -> Row {
    let initial = backend::active();
    for (col, op) in case.ops.iter_mut().enumerate() {
        if !column_enabled(col, columns) {
            *op = None;
        }
    }
    let mut samples: [Vec<u64>; NCOLS] = std::array::from_fn(|_| Vec::new());
    for (col, op) in case.ops.iter_mut().enumerate() {
        if let Some(op) = op {
            enter(col);
            for _ in 0..cfg.warmup {
                op();
            }
        }
    }
    let rounds = cfg.runs.div_ceil(cfg.batch);
    for round in 0..rounds {
        let this_batch = cfg.batch.min(cfg.runs - round * cfg.batch);
        for k in 0..NCOLS {
            let col = (round + k) % NCOLS;
            if let Some(op) = case.ops[col].as_mut() {
                enter(col);
                let s = &mut samples[col];
                for _ in 0..this_batch {
                    let t = Instant::now();
                    op();
                    s.push(t.elapsed().as_nanos() as u64);
                }
            }
        }
    }
    backend::force(initial).expect("the initial backend is available");
    let mut medians = [None; NCOLS];
    for (col, s) in samples.into_iter().enumerate() {
        if !s.is_empty() {
            medians[col] = Some(if case.mean {
                trimmed_mean(&s)
            } else {
                median(s)
            });
        }
    }
    Row {
        label: case.label,
        medians,
        note: case.note,
    }
}

/// Median cost of one `Instant::now()` + `elapsed()` pair, in nanoseconds (included
/// in every sample; a few tens of ns with a TSC clock source).
pub fn timer_overhead() -> f64 {
    let mut s: Vec<u64> = (0..10_001)
        .map(|_| {
            let t = Instant::now();
            t.elapsed().as_nanos() as u64
        })
        .collect();
    s.sort_unstable();
    s[s.len() / 2] as f64
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

/// The ratio columns: one per pqlattice backend. A SIMD backend is divided by the
/// fastest other implementation (every non-pqlattice column), the portable backend by
/// libcrux's portable build.
fn ratio_header(col: usize) -> String {
    let b = column_backend(col).expect("a pqlattice column");
    if b == Backend::Portable {
        "portable / libcrux portable".into()
    } else {
        format!("{} / fastest other", b.name())
    }
}

fn ratio(col: usize, values: &[Option<f64>; NCOLS]) -> String {
    let Some(ours) = values[col] else {
        return "-".into();
    };
    if column_backend(col) == Some(Backend::Portable) {
        return match values[LIBCRUX_PORTABLE] {
            Some(v) => format!("{:.2}x", ours / v),
            None => "-".into(),
        };
    }
    let fastest = values
        .iter()
        .enumerate()
        .skip(PQL_BACKENDS.len())
        .filter_map(|(i, v)| v.map(|v| (i, v)))
        .min_by(|a, b| a.1.total_cmp(&b.1));
    match fastest {
        Some((i, v)) => format!("{:.2}x ({})", ours / v, column_name(i)),
        None => "-".into(),
    }
}

/// Prints the rows as a Markdown table (times in microseconds): the columns that
/// have a value in some row, then one ratio column per pqlattice column shown.
pub fn print_table(rows: &[Row]) {
    let shown: Vec<usize> = (0..NCOLS)
        .filter(|&c| rows.iter().any(|r| r.medians[c].is_some()))
        .collect();
    let ratios: Vec<usize> = shown
        .iter()
        .copied()
        .filter(|&c| column_backend(c).is_some())
        .collect();
    print!("| op (µs, median) |");
    for &c in &shown {
        print!(" {} |", column_name(c));
    }
    for &c in &ratios {
        print!(" {} |", ratio_header(c));
    }
    println!();
    print!("|---|");
    for _ in &shown {
        print!("---:|");
    }
    for _ in &ratios {
        print!("---|");
    }
    println!();
    let mut notes: Vec<&str> = Vec::new();
    for row in rows {
        let label = match row.note {
            Some(note) => {
                let n = match notes.iter().position(|&x| x == note) {
                    Some(n) => n,
                    None => {
                        notes.push(note);
                        notes.len() - 1
                    }
                };
                format!("{} [{}]", row.label, n + 1)
            }
            None => row.label.clone(),
        };
        print!("| {label} |");
        for &c in &shown {
            match row.medians[c] {
                Some(v) => print!(" {} |", fmt_us(v)),
                None => print!(" - |"),
            }
        }
        for &c in &ratios {
            print!(" {} |", ratio(c, &row.medians));
        }
        println!();
    }
    for (n, note) in notes.iter().enumerate() {
        println!();
        println!("[{}] {note}", n + 1);
    }
}

/// Moves `value` to the heap for the rest of the run, so that the timed closures can
/// share it through plain references.
pub fn leak<T>(value: T) -> &'static T {
    Box::leak(Box::new(value))
}
