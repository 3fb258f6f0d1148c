//! Property tests of the WebAssembly SIMD128 kernels against their portable twins,
//! as plain functions that panic on the first mismatch.
//!
//! pqlattice's own `#[test]`s do not run on wasm32 (no test harness there), so the
//! `wasm/` crate's wasm-bindgen-test suites call these, in Node and in Chromium.
//! Inputs sit at the edges of each kernel's contract (all `q - 1`, all `-(q - 1)`,
//! alternating signs, the extreme `i16`/`i32` values a contract allows) plus
//! deterministic pseudo-random ones; outputs must be equal bit for bit. Not a public
//! API (hidden, `hazmat` only).
#![allow(clippy::needless_range_loop)]

use crate::ml_dsa::backend::{DsaBackend, portable::Portable as DsaP, simd128::Simd128 as DsaS};
use crate::ml_kem::backend::{KemBackend, Portable as KemP, Simd128 as KemS};

/// xorshift64: deterministic test inputs.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    /// Uniform in `[-(bound - 1), bound - 1]`.
    fn below(&mut self, bound: i64) -> i64 {
        (self.next() % (2 * bound as u64 - 1)) as i64 - (bound - 1)
    }
}

/// Edge-case and random polynomials with |coefficient| <= `max` (`max` itself,
/// `-max`, alternating, a ramp, zero, and `random` random ones).
fn edge_polys(rng: &mut Rng, max: i64, random: usize) -> impl Iterator<Item = [i64; 256]> + '_ {
    let fixed: [[i64; 256]; 6] = [
        [max; 256],
        [-max; 256],
        core::array::from_fn(|i| if i % 2 == 0 { max } else { -max }),
        core::array::from_fn(|i| if (i / 3) % 2 == 0 { -max } else { max }),
        core::array::from_fn(|i| (i as i64 * 2 * max / 255) - max),
        [0; 256],
    ];
    fixed
        .into_iter()
        .chain((0..random).map(move |_| core::array::from_fn(|_| rng.below(max + 1))))
}

fn kem_poly(p: [i64; 256]) -> [i16; 256] {
    p.map(|c| c as i16)
}

fn dsa_poly(p: [i64; 256]) -> [i32; 256] {
    p.map(|c| c as i32)
}

/// ML-KEM: every SIMD128 kernel against `Portable`. Returns the number of cases.
pub fn kem() -> usize {
    const Q: i64 = 3329;
    let mut rng = Rng(0x5eed_0001);
    let mut cases = 0;
    let inputs: [[i16; 256]; 26] = {
        let mut it = edge_polys(&mut rng, Q - 1, 20).map(kem_poly);
        // Cannot fail: the iterator yields exactly as many items as the array holds.
        core::array::from_fn(|_| it.next().unwrap()) // cannot fail: the iterator has exactly the array's length
    };
    for a in &inputs {
        let (mut p, mut s) = (*a, *a);
        KemP::ntt(&mut p);
        KemS::ntt(&mut s);
        assert_eq!(p, s, "ntt");
        let (mut p, mut s) = (*a, *a);
        KemP::inv_ntt(&mut p);
        KemS::inv_ntt(&mut s);
        assert_eq!(p, s, "inv_ntt");
        cases += 2;
    }
    for n in 1..=4 {
        for i in 0..inputs.len() {
            let a: [[i16; 256]; 4] = core::array::from_fn(|j| inputs[(i + j) % inputs.len()]);
            let b: [[i16; 256]; 4] =
                core::array::from_fn(|j| inputs[(i + 3 * j + 1) % inputs.len()]);
            let (mut p, mut s) = ([0i16; 256], [0i16; 256]);
            KemP::basemul_acc(&mut p, &a[..n], &b[..n]);
            KemS::basemul_acc(&mut s, &a[..n], &b[..n]);
            assert_eq!(p, s, "basemul_acc n={n}");
            cases += 1;
        }
    }
    // to_mont and reduce take any i16: every value, 256 at a time.
    for chunk in 0..256 {
        let a: [i16; 256] = core::array::from_fn(|i| (chunk * 256 + i) as u16 as i16);
        for f in [KemP::to_mont, KemP::reduce]
            .into_iter()
            .zip([KemS::to_mont, KemS::reduce])
        {
            let (mut p, mut s) = (a, a);
            f.0(&mut p);
            f.1(&mut s);
            assert_eq!(p, s, "to_mont/reduce");
            cases += 1;
        }
    }
    for a in &inputs {
        let b = kem_poly(core::array::from_fn(|_| rng.below(16384 - 3329)));
        let (mut p, mut s) = (*a, *a);
        KemP::add(&mut p, &b);
        KemS::add(&mut s, &b);
        assert_eq!(p, s, "add");
        KemP::sub(&mut p, &b);
        KemS::sub(&mut s, &b);
        assert_eq!(p, s, "sub");
        cases += 2;
    }
    cases
}

/// ML-DSA: every SIMD128 kernel against `Portable`. Returns the number of cases.
pub fn dsa() -> usize {
    const Q: i64 = 8_380_417;
    let mut rng = Rng(0x5eed_0002);
    let mut cases = 0;
    let small: [[i32; 256]; 26] = {
        let mut it = edge_polys(&mut rng, Q - 1, 20).map(dsa_poly);
        // Cannot fail: the iterator yields exactly as many items as the array holds.
        core::array::from_fn(|_| it.next().unwrap()) // cannot fail: the iterator has exactly the array's length
    };
    // Outputs of the forward NTT (|b| < 9q), the right operand of the inner product.
    let big: [[i32; 256]; 26] = {
        let mut it = edge_polys(&mut rng, 9 * Q - 1, 20).map(dsa_poly);
        // Cannot fail: the iterator yields exactly as many items as the array holds.
        core::array::from_fn(|_| it.next().unwrap()) // cannot fail: the iterator has exactly the array's length
    };
    for a in &small {
        let (mut p, mut s) = (*a, *a);
        DsaP::ntt(&mut p);
        DsaS::ntt(&mut s);
        assert_eq!(p, s, "ntt");
        let (mut p, mut s) = (*a, *a);
        DsaP::invntt_tomont(&mut p);
        DsaS::invntt_tomont(&mut s);
        assert_eq!(p, s, "invntt_tomont");
        cases += 2;
    }
    for (a, b) in small.iter().zip(big.iter()) {
        let (mut p, mut s) = ([0i32; 256], [0i32; 256]);
        DsaP::pointwise_montgomery(&mut p, a, b);
        DsaS::pointwise_montgomery(&mut s, a, b);
        assert_eq!(p, s, "pointwise_montgomery");
        cases += 1;
    }
    // |a b| < 2^31 q at its edge: a near +-2^31, b near +-(q - 1).
    let wide: [i32; 256] = core::array::from_fn(|i| match i % 4 {
        0 => i32::MAX,
        1 => i32::MIN + 1,
        _ => rng.next() as i32,
    });
    let edge: [i32; 256] = core::array::from_fn(|i| {
        if i % 3 == 0 {
            -(Q as i32 - 1)
        } else {
            Q as i32 - 1
        }
    });
    let (mut p, mut s) = ([0i32; 256], [0i32; 256]);
    DsaP::pointwise_montgomery(&mut p, &wide, &edge);
    DsaS::pointwise_montgomery(&mut s, &wide, &edge);
    assert_eq!(p, s, "pointwise_montgomery (wide)");
    for n in 1..=8 {
        for i in 0..small.len() {
            let a: [[i32; 256]; 8] = core::array::from_fn(|j| small[(i + j) % small.len()]);
            let b: [[i32; 256]; 8] = core::array::from_fn(|j| big[(i + 5 * j + 1) % big.len()]);
            let (mut p, mut s) = ([0i32; 256], [0i32; 256]);
            DsaP::pointwise_acc_montgomery(&mut p, &a[..n], &b[..n]);
            DsaS::pointwise_acc_montgomery(&mut s, &a[..n], &b[..n]);
            assert_eq!(p, s, "pointwise_acc_montgomery n={n}");
            cases += 1;
        }
    }
    cases + 1
}

/// The 2-way SIMD128 Keccak-f[1600] against the portable permutation, chained over
/// pseudo-random, all-zero and all-ones states. Returns the number of permutations.
pub fn keccak() -> usize {
    use crate::hash::{Permute, Portable, Simd128x2};
    let mut rng = Rng(0x5eed_0003);
    // Lane-interleaved states: instance 0 all-zero, 1 all-ones, 2 and 3 random.
    let mut p = [[0u64; 4]; 25];
    for lane in p.iter_mut() {
        *lane = [0, u64::MAX, rng.next(), rng.next()];
    }
    let mut s = p;
    for _ in 0..50 {
        <Portable as Permute<4>>::permute(&mut p);
        <Simd128x2 as Permute<4>>::permute(&mut s);
        assert_eq!(p, s, "keccak");
    }
    200
}
