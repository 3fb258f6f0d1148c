//! The C API's key handles against the Rust API, measured as paired ratios: the
//! variants of one operation take turns in short batches (the first variant
//! rotating from round to round), and each round gives one ratio per variant
//! against the Rust API on the same round. Changes of machine load between
//! rounds then move numerator and denominator alike, which criterion's
//! one-benchmark-after-the-other runs (`handles.rs`) cannot guarantee on a busy
//! machine. Reports the median time per call of each variant and the median of
//! the per-round ratios with its interquartile range.
//!
//! ```sh
//! cargo build -p pqlattice-ffi --release      # from the repository root
//! cd ffi/bench && cargo bench --bench paired   # PAIRED_ROUNDS=N (default 400)
//! ```
mod common;
use common::*;

use pqlattice::stack::with_stack_wipe;
use pqlattice::{ml_dsa_65, ml_kem_768};
use std::hint::black_box;
use std::time::Instant;

/// One variant of an operation: a name and a closure running one call.
type Variant<'a> = (&'static str, Box<dyn FnMut() + 'a>);

/// Times `rounds` rounds of `batch` calls of every variant, in rotating order,
/// and prints the table rows for `op`.
fn measure(op: &str, batch: usize, rounds: usize, variants: &mut [Variant<'_>]) {
    let n = variants.len();
    // Warm-up: caches, branch predictors, CPU frequency.
    for (_, f) in variants.iter_mut() {
        for _ in 0..batch * 20 {
            f();
        }
    }
    let mut times = vec![Vec::with_capacity(rounds); n];
    for r in 0..rounds {
        for k in 0..n {
            let v = (r + k) % n;
            let f = &mut variants[v].1;
            let t = Instant::now();
            for _ in 0..batch {
                f();
            }
            times[v].push(t.elapsed().as_secs_f64() * 1e9 / batch as f64);
        }
    }
    let median = |mut x: Vec<f64>| {
        x.sort_by(f64::total_cmp);
        (x[x.len() / 4], x[x.len() / 2], x[3 * x.len() / 4])
    };
    for v in 0..n {
        let (_, t, _) = median(times[v].clone());
        let ratios: Vec<f64> = (0..rounds).map(|r| times[v][r] / times[0][r]).collect();
        let (q1, m, q3) = median(ratios);
        println!(
            "| {op} | {} | {:.3} us | {m:.3} | {q1:.3}-{q3:.3} |",
            variants[v].0,
            t / 1000.0
        );
    }
}

fn main() {
    // `cargo bench` passes `--bench`; `cargo test --benches` passes nothing: run
    // one round per variant then, as a smoke test.
    let bench = std::env::args().any(|a| a == "--bench");
    let rounds = if bench {
        std::env::var("PAIRED_ROUNDS")
            .ok()
            .and_then(|s| s.parse().ok())
            .unwrap_or(400)
    } else {
        1
    };
    println!("| op | variant | median per call | ratio to rust (median of rounds) | IQR |");
    println!("|---|---|---:|---:|---|");

    let seed = [7u8; 64];
    let m = [9u8; 32];
    let dk = ml_kem_768::DecapsulationKey::from_seed(&seed);
    let ek = dk.encapsulation_key().clone();
    let (ct, ss) = ek.encapsulate_deterministic(&m);
    let (mut hdk, mut hek) = (core::ptr::null_mut(), core::ptr::null_mut());
    // SAFETY: out-pointers to locals; input pointers valid for their lengths.
    unsafe {
        ok(
            pql_ml_kem_768_dk_from_seed(&mut hdk, seed.as_ptr(), 64),
            "dk_from_seed",
        );
        let ekb = ek.as_bytes().as_ref();
        ok(
            pql_ml_kem_768_ek_from_bytes(&mut hek, ekb.as_ptr(), ekb.len()),
            "ek_from_bytes",
        );
    }
    let ctb = ct.as_bytes().as_ref();
    let mut ss_c = [0u8; 32];
    let mut ct_c = [0u8; 1088];
    // The C results agree with Rust's, so both sides do the same work.
    // SAFETY: live handles, buffers valid for their lengths.
    unsafe {
        ok(
            pql_ml_kem_768_dk_decapsulate(hdk, ss_c.as_mut_ptr(), 32, ctb.as_ptr(), ctb.len()),
            "decapsulate",
        );
        assert_eq!(&ss_c, ss.as_bytes());
        ok(
            pql_ml_kem_768_ek_encapsulate_derand(
                hek,
                ct_c.as_mut_ptr(),
                1088,
                ss_c.as_mut_ptr(),
                32,
                m.as_ptr(),
                32,
            ),
            "encapsulate",
        );
        assert_eq!(&ct_c[..], ctb);
    }
    {
        let (ek, dk, ct) = (&ek, &dk, &ct);
        let mut v: Vec<Variant<'_>> = vec![
            (
                "rust",
                Box::new(move || {
                    black_box(black_box(ek).encapsulate_deterministic(black_box(&m)));
                }),
            ),
            (
                "rust + wipe",
                Box::new(move || {
                    black_box(with_stack_wipe(KEM_ENCAPS_WIPE, || {
                        black_box(ek).encapsulate_deterministic(black_box(&m))
                    }));
                }),
            ),
            (
                "c handle",
                Box::new(|| {
                    // SAFETY: live handle, buffers valid for their lengths.
                    black_box(unsafe {
                        pql_ml_kem_768_ek_encapsulate_derand(
                            hek,
                            ct_c.as_mut_ptr(),
                            1088,
                            ss_c.as_mut_ptr(),
                            32,
                            m.as_ptr(),
                            32,
                        )
                    });
                }),
            ),
        ];
        measure("ML-KEM-768 encapsulate (derand)", 40, rounds, &mut v);
        let mut ss_d = [0u8; 32];
        let mut v: Vec<Variant<'_>> = vec![
            (
                "rust",
                Box::new(move || {
                    black_box(black_box(dk).decapsulate(black_box(ct)));
                }),
            ),
            (
                "rust + wipe",
                Box::new(move || {
                    black_box(with_stack_wipe(KEM_DECAPS_WIPE, || {
                        black_box(dk).decapsulate(black_box(ct))
                    }));
                }),
            ),
            (
                "c handle",
                Box::new(|| {
                    // SAFETY: live handle, buffers valid for their lengths.
                    black_box(unsafe {
                        pql_ml_kem_768_dk_decapsulate(
                            hdk,
                            ss_d.as_mut_ptr(),
                            32,
                            ctb.as_ptr(),
                            ctb.len(),
                        )
                    });
                }),
            ),
        ];
        measure("ML-KEM-768 decapsulate", 20, rounds, &mut v);
    }
    // SAFETY: live handles, not used again.
    unsafe {
        pql_ml_kem_768_dk_free(hdk);
        pql_ml_kem_768_ek_free(hek);
    }

    let xi = [5u8; 32];
    let (msg, ctx) = (b"a message of moderate length for the benchmark", b"ctx");
    let sk = ml_dsa_65::SigningKey::from_seed(&xi);
    let vk = sk.verifying_key();
    // cannot fail: the context is 3 bytes, within the 255-byte limit
    let sig = sk.sign_deterministic(msg, ctx).unwrap();
    let (mut hsk, mut hvk) = (core::ptr::null_mut(), core::ptr::null_mut());
    // SAFETY: out-pointers to locals; input pointers valid for their lengths.
    unsafe {
        ok(
            pql_ml_dsa_65_sk_from_seed(&mut hsk, xi.as_ptr(), 32),
            "sk_from_seed",
        );
        let vkb = vk.as_bytes().as_ref();
        ok(
            pql_ml_dsa_65_vk_from_bytes(&mut hvk, vkb.as_ptr(), vkb.len()),
            "vk_from_bytes",
        );
    }
    let sigb = sig.as_bytes().as_ref();
    let mut out = vec![0u8; sigb.len()];
    // SAFETY: live handle, buffers valid for their lengths.
    ok(
        unsafe {
            pql_ml_dsa_65_sk_sign_deterministic(
                hsk,
                out.as_mut_ptr(),
                out.len(),
                msg.as_ptr(),
                msg.len(),
                ctx.as_ptr(),
                ctx.len(),
            )
        },
        "sign",
    );
    assert_eq!(out, sigb);
    {
        let (sk, vk, sig) = (&sk, &vk, &sig);
        let mut v: Vec<Variant<'_>> = vec![
            (
                "rust",
                Box::new(move || {
                    let _ = black_box(black_box(sk).sign_deterministic(black_box(msg), ctx));
                }),
            ),
            (
                "rust + wipe",
                Box::new(move || {
                    let _ = black_box(with_stack_wipe(SIGN_WIPE, || {
                        black_box(sk).sign_deterministic(black_box(msg), ctx)
                    }));
                }),
            ),
            (
                "c handle",
                Box::new(|| {
                    // SAFETY: live handle, buffers valid for their lengths.
                    black_box(unsafe {
                        pql_ml_dsa_65_sk_sign_deterministic(
                            hsk,
                            out.as_mut_ptr(),
                            out.len(),
                            msg.as_ptr(),
                            msg.len(),
                            ctx.as_ptr(),
                            ctx.len(),
                        )
                    });
                }),
            ),
        ];
        measure("ML-DSA-65 sign (deterministic)", 2, rounds, &mut v);
        let mut v: Vec<Variant<'_>> = vec![
            (
                "rust",
                Box::new(move || {
                    let _ = black_box(black_box(vk).verify(black_box(msg), ctx, sig));
                }),
            ),
            (
                "c handle",
                Box::new(|| {
                    // SAFETY: live handle, buffers valid for their lengths.
                    black_box(unsafe {
                        pql_ml_dsa_65_vk_verify(
                            hvk,
                            sigb.as_ptr(),
                            sigb.len(),
                            msg.as_ptr(),
                            msg.len(),
                            ctx.as_ptr(),
                            ctx.len(),
                        )
                    });
                }),
            ),
        ];
        measure("ML-DSA-65 verify", 10, rounds, &mut v);
    }
    // SAFETY: live handles, not used again.
    unsafe {
        pql_ml_dsa_65_sk_free(hsk);
        pql_ml_dsa_65_vk_free(hvk);
    }
}
