//! Timing harness: interleaved batches, per-call timing, median of N calls (or, for
//! operations with a random running time such as signing, their mean).

use std::time::Instant;

/// The implementations compared, in table-column order.
pub const LIBS: [&str; 5] = [
    "pqlattice",
    "libcrux",
    "pqcrypto",
    "aws-lc-rs",
    "rustcrypto",
];

/// Index of each implementation in [`LIBS`].
pub const PQL: usize = 0;
pub const LIBCRUX: usize = 1;
pub const PQCRYPTO: usize = 2;
pub const AWSLC: usize = 3;
pub const RUSTCRYPTO: usize = 4;

/// One timed operation: a closure doing exactly one call of the operation (results go
/// through `black_box` inside the closure).
pub type Op = Box<dyn FnMut()>;

/// One table row to measure: the same operation for every implementation that has it.
pub struct Case {
    pub label: String,
    pub ops: [Option<Op>; 5],
    /// A note printed under the table; the row label gets its number, `[n]`.
    pub note: Option<&'static str>,
    /// Report the mean instead of the median (see [`Case::mean`]).
    pub mean: bool,
}

impl Case {
    pub fn new(label: impl Into<String>) -> Self {
        Case {
            label: label.into(),
            ops: [None, None, None, None, None],
            note: None,
            mean: false,
        }
    }

    /// Sets the operation of implementation `lib` (an index into [`LIBS`]).
    pub fn op(mut self, lib: usize, f: impl FnMut() + 'static) -> Self {
        self.ops[lib] = Some(Box::new(f));
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
    /// Median (or, for [`Case::mean`] rows, mean) time per call of each
    /// implementation, in nanoseconds.
    pub medians: [Option<f64>; 5],
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

/// Times every implementation's operation `cfg.runs` times, one call per sample, the
/// implementations taking turns in batches of `cfg.batch` calls (the starting
/// implementation rotates from batch to batch).
pub fn measure(mut case: Case, cfg: &Config) -> Row {
    let mut samples: [Vec<u64>; 5] = Default::default();
    for op in case.ops.iter_mut().flatten() {
        for _ in 0..cfg.warmup {
            op();
        }
    }
    let rounds = cfg.runs.div_ceil(cfg.batch);
    for round in 0..rounds {
        let this_batch = cfg.batch.min(cfg.runs - round * cfg.batch);
        for k in 0..LIBS.len() {
            let lib = (round + k) % LIBS.len();
            if let Some(op) = case.ops[lib].as_mut() {
                let s = &mut samples[lib];
                for _ in 0..this_batch {
                    let t = Instant::now();
                    op();
                    s.push(t.elapsed().as_nanos() as u64);
                }
            }
        }
    }
    let mut medians = [None; 5];
    for (lib, s) in samples.into_iter().enumerate() {
        if !s.is_empty() {
            medians[lib] = Some(if case.mean {
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

/// pqlattice's time over the fastest other implementation's, with that one's name.
fn ratio(values: &[Option<f64>; 5]) -> String {
    let Some(ours) = values[PQL] else {
        return "-".into();
    };
    let best = values
        .iter()
        .enumerate()
        .skip(1)
        .filter_map(|(i, v)| v.map(|v| (i, v)))
        .min_by(|a, b| a.1.total_cmp(&b.1));
    match best {
        Some((i, v)) => format!("{:.2}x ({})", ours / v, LIBS[i]),
        None => "-".into(),
    }
}

/// Prints the rows as a Markdown table (times in microseconds).
pub fn print_table(rows: &[Row]) {
    print!("| op (µs, median) |");
    for lib in LIBS {
        print!(" {lib} |");
    }
    println!(" pqlattice / fastest other |");
    print!("|---|");
    for _ in LIBS {
        print!("---:|");
    }
    println!("---|");
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
        print_line(&label, &row.medians);
    }
    for (n, note) in notes.iter().enumerate() {
        println!();
        println!("[{}] {note}", n + 1);
    }
}

fn print_line(label: &str, values: &[Option<f64>; 5]) {
    print!("| {label} |");
    for v in values {
        match v {
            Some(v) => print!(" {} |", fmt_us(*v)),
            None => print!(" - |"),
        }
    }
    println!(" {} |", ratio(values));
}

/// Moves `value` to the heap for the rest of the run, so that the timed closures can
/// share it through plain references.
pub fn leak<T>(value: T) -> &'static T {
    Box::leak(Box::new(value))
}
