//! Single kernels per backend: the ML-DSA NTT and inverse NTT, and the packing of
//! one polynomial at each width FIPS 204 packs (`ml_dsa/pack/<field>`), on every
//! backend available here (`pqlattice/<backend>` ids, as in the scheme benches).
//! `cargo bench --features testing --bench kernels` (`-- pack` for the packers).
//!
//! Each NTT iteration transforms a fresh copy of one fixed polynomial (the copy, 1 KiB,
//! is part of every figure alike); each packing iteration packs one fixed polynomial
//! with values spread over the field's range into the same buffer.

use criterion::{Criterion, criterion_group, criterion_main};
use pqlattice::backend::{self, Backend};
use pqlattice::testing::bench as k;
use std::hint::black_box;

/// A fixed polynomial with coefficients in `[lo, hi]`.
fn poly(lo: i64, hi: i64) -> [i32; 256] {
    let mut s = 0x9E37_79B9_7F4A_7C15u64;
    core::array::from_fn(|_| {
        s ^= s << 13;
        s ^= s >> 7;
        s ^= s << 17;
        ((s >> 8) as i64 % (hi - lo + 1) + lo) as i32
    })
}

/// A fixed polynomial with coefficients in (-q, q).
fn input() -> [i32; 256] {
    const Q: i64 = 8_380_417;
    poly(-(Q - 1), Q - 1)
}

/// The packed fields of FIPS 204: name, width, and `b` for BitPack (`None`:
/// SimpleBitPack).
const PACKS: [(&str, usize, Option<i32>); 8] = [
    ("eta2", 3, Some(2)),
    ("eta4", 4, Some(4)),
    ("w1_4", 4, None),
    ("w1_6", 6, None),
    ("t1", 10, None),
    ("t0", 13, Some(1 << 12)),
    ("z18", 18, Some(1 << 17)),
    ("z20", 20, Some(1 << 19)),
];

fn bench(c: &mut Criterion) {
    let a = input();
    let backends: Vec<Backend> = backend::available().collect();

    let mut g = c.benchmark_group("ml_dsa/ntt");
    for &be in &backends {
        g.bench_function(format!("pqlattice/{}", be.name()), |b| {
            b.iter(|| {
                let mut x = black_box(a);
                k::ml_dsa_ntt(be, &mut x);
                black_box(x)
            })
        });
    }
    g.finish();

    let mut g = c.benchmark_group("ml_dsa/inv_ntt");
    for &be in &backends {
        g.bench_function(format!("pqlattice/{}", be.name()), |b| {
            b.iter(|| {
                let mut x = black_box(a);
                k::ml_dsa_inv_ntt(be, &mut x);
                black_box(x)
            })
        });
    }
    g.finish();

    for (field, bits, b) in PACKS {
        // Values over the whole field: b - x or x for x in [0, 2^bits).
        let x = poly(0, (1 << bits) - 1);
        let w: [i32; 256] = match b {
            Some(b) => core::array::from_fn(|i| b - x[i]),
            None => x,
        };
        let mut out = vec![0u8; 32 * bits];
        let mut g = c.benchmark_group(format!("ml_dsa/pack/{field}"));
        for &be in &backends {
            g.bench_function(format!("pqlattice/{}", be.name()), |bch| {
                bch.iter(|| {
                    k::ml_dsa_pack(be, black_box(&mut out), black_box(&w), b, bits);
                })
            });
        }
        g.finish();
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
