//! The C API's key handles against the Rust API with parsed keys, in one process.
//!
//! The bar (issue 14): a C call on a handle within 5 % of the same operation on a
//! parsed Rust key. Every C entry point that handles secrets also wipes the stack it
//! used (`ffi/src/boundary.rs`), so the Rust API is measured twice: plain, and
//! wrapped in `pqlattice::stack::with_stack_wipe` with the C layer's depth (10-14
//! KiB for ML-KEM-768, 60 KiB for signing), which is the cost of the wipe itself. Verify and
//! encapsulate handle no secret key and are not wiped. The byte-based C calls
//! (which parse the key on every call) are measured for comparison.
//!
//! ```sh
//! cargo build -p pqlattice-ffi --release      # from the repository root
//! cd ffi/bench && cargo bench
//! ```
use criterion::{Criterion, criterion_group, criterion_main};
use pqlattice::stack::with_stack_wipe;
use pqlattice::{ml_dsa_65, ml_kem_768};
use std::hint::black_box;

mod common;
use common::*;

fn kem(c: &mut Criterion) {
    let seed = [7u8; 64];
    let m = [9u8; 32];
    let dk = ml_kem_768::DecapsulationKey::from_seed(&seed);
    let ek = dk.encapsulation_key().clone();
    let (ct, ss) = ek.encapsulate_deterministic(&m);
    let dk_bytes = dk.to_bytes();
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
    // The C results agree with Rust's, so both sides do the same work.
    let mut out = [0u8; 32];
    // SAFETY: live handle, buffers valid for their lengths.
    ok(
        unsafe {
            pql_ml_kem_768_dk_decapsulate(hdk, out.as_mut_ptr(), 32, ctb.as_ptr(), ctb.len())
        },
        "decapsulate",
    );
    assert_eq!(&out, ss.as_bytes());

    let mut g = c.benchmark_group("ML-KEM-768 decapsulate");
    g.bench_function("rust", |b| {
        b.iter(|| black_box(&dk).decapsulate(black_box(&ct)))
    });
    g.bench_function("rust + wipe", |b| {
        b.iter(|| {
            with_stack_wipe(KEM_DECAPS_WIPE, || {
                black_box(&dk).decapsulate(black_box(&ct))
            })
        })
    });
    g.bench_function("c handle", |b| {
        b.iter(|| {
            // SAFETY: live handle, buffers valid for their lengths.
            unsafe {
                pql_ml_kem_768_dk_decapsulate(hdk, out.as_mut_ptr(), 32, ctb.as_ptr(), ctb.len())
            }
        })
    });
    g.bench_function("c bytes", |b| {
        b.iter(|| {
            // SAFETY: buffers valid for their lengths.
            unsafe {
                pql_ml_kem_768_decapsulate(
                    out.as_mut_ptr(),
                    32,
                    ctb.as_ptr(),
                    ctb.len(),
                    dk_bytes.as_ptr(),
                    dk_bytes.len(),
                )
            }
        })
    });
    g.finish();

    let mut g = c.benchmark_group("ML-KEM-768 encapsulate (derand)");
    let mut ct_out = [0u8; 1088];
    g.bench_function("rust", |b| {
        b.iter(|| black_box(&ek).encapsulate_deterministic(black_box(&m)))
    });
    g.bench_function("rust + wipe", |b| {
        b.iter(|| {
            with_stack_wipe(KEM_ENCAPS_WIPE, || {
                black_box(&ek).encapsulate_deterministic(black_box(&m))
            })
        })
    });
    g.bench_function("c handle", |b| {
        b.iter(|| {
            // SAFETY: live handle, buffers valid for their lengths.
            unsafe {
                pql_ml_kem_768_ek_encapsulate_derand(
                    hek,
                    ct_out.as_mut_ptr(),
                    1088,
                    out.as_mut_ptr(),
                    32,
                    m.as_ptr(),
                    32,
                )
            }
        })
    });
    g.finish();
    // SAFETY: live handles, not used again.
    unsafe {
        pql_ml_kem_768_dk_free(hdk);
        pql_ml_kem_768_ek_free(hek);
    }
}

fn dsa(c: &mut Criterion) {
    let xi = [5u8; 32];
    let (msg, ctx) = (b"a message of moderate length for the benchmark", b"ctx");
    let sk = ml_dsa_65::SigningKey::from_seed(&xi);
    let vk = sk.verifying_key();
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

    let mut g = c.benchmark_group("ML-DSA-65 sign (deterministic)");
    g.bench_function("rust", |b| {
        b.iter(|| black_box(&sk).sign_deterministic(black_box(msg), ctx))
    });
    g.bench_function("rust + wipe", |b| {
        b.iter(|| {
            with_stack_wipe(SIGN_WIPE, || {
                black_box(&sk).sign_deterministic(black_box(msg), ctx)
            })
        })
    });
    g.bench_function("c handle", |b| {
        b.iter(|| {
            // SAFETY: live handle, buffers valid for their lengths.
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
            }
        })
    });
    g.finish();

    let mut g = c.benchmark_group("ML-DSA-65 verify");
    g.bench_function("rust", |b| {
        b.iter(|| black_box(&vk).verify(black_box(msg), ctx, &sig))
    });
    g.bench_function("c handle", |b| {
        b.iter(|| {
            // SAFETY: live handle, buffers valid for their lengths.
            unsafe {
                pql_ml_dsa_65_vk_verify(
                    hvk,
                    sigb.as_ptr(),
                    sigb.len(),
                    msg.as_ptr(),
                    msg.len(),
                    ctx.as_ptr(),
                    ctx.len(),
                )
            }
        })
    });
    g.finish();
    // SAFETY: live handles, not used again.
    unsafe {
        pql_ml_dsa_65_sk_free(hsk);
        pql_ml_dsa_65_vk_free(hvk);
    }
}

criterion_group!(benches, kem, dsa);
criterion_main!(benches);
