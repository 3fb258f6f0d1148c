//! Same-process speed comparison of pqlattice against libcrux, pqcrypto (PQClean),
//! aws-lc-rs and RustCrypto for ML-KEM and ML-DSA. Prints Markdown tables.
//!
//! `cargo run --release -- [--quick] [--only SUBSTRING]`; see README.md and run.sh.

mod dsa;
mod harness;
mod kem;

use harness::{
    Case, Config, NCOLS, PQL_BACKENDS, column_enabled, column_name, leak, measure, print_table,
    timer_overhead,
};
use pqlattice::backend::{self, Backend};
use rand_chacha::ChaCha20Rng;
use rand_core::{Rng, SeedableRng};
use std::cell::RefCell;
use std::time::{Instant, SystemTime, UNIX_EPOCH};

/// 32 bytes from the shared generator (randomness for the libraries that take it as
/// an argument rather than through a generator).
pub fn random32(rng: &mut ChaCha20Rng) -> [u8; 32] {
    let mut b = [0u8; 32];
    rng.fill_bytes(&mut b);
    b
}

/// The pqlattice backends this machine can run, among those with a column.
pub fn pql_backends() -> Vec<Backend> {
    PQL_BACKENDS
        .into_iter()
        .filter(|b| b.is_available())
        .collect()
}

/// Runs `f` with pqlattice's backend forced to `b`, then restores the previous one.
pub fn with_backend<T>(b: Backend, f: impl FnOnce() -> T) -> T {
    let before = backend::active();
    backend::force(b).expect("an available backend");
    let out = f();
    backend::force(before).expect("the previous backend is available");
    out
}

struct Args {
    quick: bool,
    only: Option<String>,
    columns: Option<Vec<String>>,
}

fn parse_args() -> Args {
    let mut args = Args {
        quick: false,
        only: None,
        columns: None,
    };
    let mut it = std::env::args().skip(1);
    while let Some(a) = it.next() {
        match a.as_str() {
            "--quick" => args.quick = true,
            "--only" => args.only = Some(it.next().expect("--only needs an argument")),
            "--columns" => {
                let list = it.next().expect("--columns needs an argument");
                let names: Vec<String> = list.split(',').map(|n| n.trim().to_string()).collect();
                for n in &names {
                    if !(0..NCOLS).any(|c| column_name(c) == *n) {
                        let all: Vec<String> = (0..NCOLS).map(column_name).collect();
                        panic!(
                            "--columns: unknown column {n:?} (columns: {})",
                            all.join(", ")
                        );
                    }
                }
                args.columns = Some(names);
            }
            "-h" | "--help" => {
                println!(
                    "usage: pqlattice-compare [--quick] [--only SUBSTRING] [--columns NAME,NAME,...]"
                );
                println!("  --quick          100 runs per cell instead of 2000 (smoke test)");
                println!(
                    "  --only SUBSTR    only the rows whose label contains SUBSTR, e.g. ML-KEM-768"
                );
                let all: Vec<String> = (0..NCOLS).map(column_name).collect();
                println!(
                    "  --columns LIST   only these columns (comma-separated), of: {}",
                    all.join(", ")
                );
                std::process::exit(0);
            }
            other => panic!("unknown argument {other:?} (try --help)"),
        }
    }
    args
}

fn cpu_model() -> String {
    std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("model name"))
                .and_then(|l| l.split_once(':'))
                .map(|(_, v)| v.trim().to_string())
        })
        .unwrap_or_else(|| "unknown".into())
}

/// Today's UTC date as YYYY-MM-DD (days-to-civil conversion, proleptic Gregorian).
fn utc_date() -> String {
    let secs = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    let z = (secs / 86_400) as i64 + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02}")
}

/// Median cost of reading 32 bytes of OS randomness (pqcrypto draws its randomness
/// this way inside every keygen, encaps and sign it is timed on).
fn getrandom_cost() -> f64 {
    let mut s: Vec<u64> = (0..2001)
        .map(|_| {
            let mut b = [0u8; 32];
            let t = Instant::now();
            getrandom::fill(&mut b).unwrap();
            std::hint::black_box(b);
            t.elapsed().as_nanos() as u64
        })
        .collect();
    s.sort_unstable();
    s[s.len() / 2] as f64
}

fn run(
    title: &str,
    cases: Vec<Case>,
    cfg: &Config,
    only: Option<&str>,
    columns: Option<&[String]>,
) {
    let cases: Vec<Case> = cases
        .into_iter()
        .filter(|c| only.is_none_or(|o| c.label.contains(o)))
        .collect();
    if cases.is_empty() {
        return;
    }
    let mut rows = Vec::new();
    for case in cases {
        eprintln!("measuring {} ...", case.label);
        rows.push(measure(case, cfg, columns));
    }
    println!();
    println!("### {title}");
    println!();
    print_table(&rows);
}

fn main() {
    let args = parse_args();
    let cfg = if args.quick {
        Config::quick()
    } else {
        Config::full()
    };

    println!("## pqlattice comparison ({})", utc_date());
    println!();
    println!("- CPU: {}", cpu_model());
    #[cfg(target_arch = "x86_64")]
    println!(
        "- CPU features seen at run time: avx2={} bmi2={} avx512f={}",
        std::arch::is_x86_feature_detected!("avx2"),
        std::arch::is_x86_feature_detected!("bmi2"),
        std::arch::is_x86_feature_detected!("avx512f"),
    );
    println!(
        "- build: {}",
        option_env!("PQL_COMPARE_BUILD").unwrap_or(
            "plain `cargo run --release` (no per-crate flags: libcrux uses its run-time AVX2 dispatch only)"
        )
    );
    let timed: Vec<String> = (0..NCOLS)
        .filter(|&c| column_enabled(c, args.columns.as_deref()))
        .map(column_name)
        .collect();
    println!(
        "- pqlattice: default (detected) backend `{}`; columns timed: {}",
        backend::active().name(),
        timed.join(", ")
    );
    println!(
        "- {} timed calls per cell ({}), batches of {} interleaved across columns, {} warm-up calls",
        cfg.runs,
        if args.quick { "--quick" } else { "full" },
        cfg.batch,
        cfg.warmup
    );
    println!(
        "- timer overhead in every sample: {:.0} ns; 32 bytes of OS randomness (getrandom): {:.0} ns",
        timer_overhead(),
        getrandom_cost()
    );

    let rng: &'static RefCell<ChaCha20Rng> = leak(RefCell::new(ChaCha20Rng::from_seed([7; 32])));
    let only = args.only.as_deref();

    let mut kem_cases = kem::ml_kem_512(rng);
    kem_cases.extend(kem::ml_kem_768(rng));
    kem_cases.extend(kem::ml_kem_1024(rng));
    eprintln!("ML-KEM: all implementations agree (keys from the same seed, cross-decapsulation)");
    let columns = args.columns.as_deref();
    run("ML-KEM (FIPS 203)", kem_cases, &cfg, only, columns);

    let mut dsa_cases = dsa::ml_dsa_44(rng);
    dsa_cases.extend(dsa::ml_dsa_65(rng));
    dsa_cases.extend(dsa::ml_dsa_87(rng));
    eprintln!("ML-DSA: all implementations agree (keys from the same seed, cross-verification)");
    run(
        "ML-DSA (FIPS 204), hedged signing, 59-byte message, empty context",
        dsa_cases,
        &cfg,
        only,
        columns,
    );
}
