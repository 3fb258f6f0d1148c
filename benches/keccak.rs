//! Keccak-f[1600]: portable, the scalar (BMI) and AVX-512 single-state
//! permutations, the 4- and 8-way kernels, and SHAKE128x4 squeezing three blocks
//! (ML-KEM SampleNTT's hashing). `cargo bench --features testing --bench keccak`.

use criterion::{Criterion, criterion_group, criterion_main};
use pqlattice::testing::bench as k;
use std::hint::black_box;

fn states() -> k::Lanes4 {
    core::array::from_fn(|i| core::array::from_fn(|j| (i * 4 + j) as u64 * 0x9E37_79B9_7F4A_7C15))
}

fn bench(c: &mut Criterion) {
    let mut g = c.benchmark_group("keccak");

    let mut one = [0x0123_4567_89AB_CDEFu64; 25];
    g.bench_function("f1600/portable x1", |b| {
        b.iter(|| k::keccak_portable(black_box(&mut one)))
    });

    let mut single = [[0x0123_4567_89AB_CDEFu64; 1]; 25];
    g.bench_function("f1600/single (bmi if available) x1", |b| {
        b.iter(|| k::keccak_single(black_box(&mut single)))
    });

    let mut lanes = states();
    g.bench_function("f1600/portable x4", |b| {
        b.iter(|| k::keccak_x4_portable(black_box(&mut lanes)))
    });

    let seeds: [[u8; 34]; 4] = core::array::from_fn(|j| [j as u8 + 1; 34]);
    let mut out = [[0u8; 504]; 4];
    g.bench_function("shake128x4 3 blocks/portable", |b| {
        b.iter(|| k::shake128x4_squeeze3_portable(black_box(seeds.each_ref()), &mut out))
    });

    if k::avx2_available() {
        let mut lanes = states();
        g.bench_function("f1600/avx2 x4", |b| {
            b.iter(|| k::keccak_x4_avx2(black_box(&mut lanes)))
        });
        // The same with an instance-major layout: transpose in and out per call
        // (what keeping `[State; 4]` in the sponge would cost).
        let mut inst: [[u64; 25]; 4] =
            core::array::from_fn(|j| core::array::from_fn(|i| (i + j) as u64));
        g.bench_function("f1600/avx2 x4 + transposes", |b| {
            b.iter(|| {
                let s = black_box(&mut inst);
                let mut l: k::Lanes4 = core::array::from_fn(|i| core::array::from_fn(|j| s[j][i]));
                k::keccak_x4_avx2(&mut l);
                for (i, lane) in l.iter().enumerate() {
                    for (j, v) in lane.iter().enumerate() {
                        s[j][i] = *v;
                    }
                }
            })
        });
        g.bench_function("shake128x4 3 blocks/avx2", |b| {
            b.iter(|| k::shake128x4_squeeze3_avx2(black_box(seeds.each_ref()), &mut out))
        });
    } else {
        eprintln!("AVX2 not available: skipping the AVX2 benchmarks");
    }
    if k::avx512_available() {
        let mut single = [[0x0123_4567_89AB_CDEFu64; 1]; 25];
        g.bench_function("f1600/avx512 x1", |b| {
            b.iter(|| k::keccak_x1_avx512(black_box(&mut single)))
        });
        let mut lanes = states();
        g.bench_function("f1600/avx512 x4", |b| {
            b.iter(|| k::keccak_x4_avx512(black_box(&mut lanes)))
        });
        let mut lanes8: k::Lanes8 = std::array::from_fn(|i| {
            std::array::from_fn(|j| (i as u64 * 8 + j as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15))
        });
        g.bench_function("f1600/avx512 x8", |b| {
            b.iter(|| k::keccak_x8_avx512(black_box(&mut lanes8)))
        });
        g.bench_function("shake128x4 3 blocks/avx512", |b| {
            b.iter(|| k::shake128x4_squeeze3_avx512(black_box(seeds.each_ref()), &mut out))
        });
    } else {
        eprintln!("AVX-512 not available: skipping the AVX-512 benchmarks");
    }
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
