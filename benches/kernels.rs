//! Single kernels per backend: the ML-DSA NTT and inverse NTT on every backend
//! available here (`pqlattice/<backend>` ids, as in the scheme benches).
//! `cargo bench --features testing --bench kernels`.
//!
//! Each iteration transforms a fresh copy of one fixed polynomial (the copy, 1 KiB,
//! is part of every figure alike).

use criterion::{Criterion, criterion_group, criterion_main};
use pqlattice::backend::{self, Backend};
use pqlattice::testing::bench as k;
use std::hint::black_box;

/// A fixed polynomial with coefficients in (-q, q).
fn input() -> [i32; 256] {
    const Q: i64 = 8_380_417;
    let mut s = 0x9E37_79B9_7F4A_7C15u64;
    core::array::from_fn(|_| {
        s ^= s << 13;
        s ^= s >> 7;
        s ^= s << 17;
        ((s >> 8) as i64 % (2 * Q - 1) - (Q - 1)) as i32
    })
}

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
}

criterion_group!(benches, bench);
criterion_main!(benches);
