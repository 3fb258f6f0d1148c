//! Differential check of a backend's kernels against the portable twin, on inputs
//! derived from arbitrary bytes and kept within each function's contract.
//!
//! The one differential harness of the crate: it serves the property tests
//! (`tests/kernels.rs`, every available backend), the fuzz target `kernels` and the
//! cross-architecture runs (NEON under qemu, AVX-512 under Bochs, SIMD128 in the
//! wasm suite, through [`check_backend`]). Every kernel of both schemes' contracts
//! is covered, the single-state, 4- and 8-way Keccak too. Each check builds the inputs a function's contract allows,
//! biased towards the edges (extreme coefficients, zero, the largest allowed value
//! and its neighbours), runs the backend under test and the portable backend, and compares:
//! exactly where the contract pins the output, else by congruence plus the contract's
//! output bound (which the backend must meet on its own).
//!
//! Not a stable API: `testing` feature only, hidden from the docs.

use crate::backend::Backend;
use crate::backend::cpu;
use crate::hash::Permute;
use crate::hash::keccak::keccak_f1600;
use crate::ml_dsa::backend::ball::BallStream;
use crate::ml_dsa::backend::{DsaBackend, Portable as DsaPortable};
use crate::ml_kem::backend::{KemBackend, Portable as KemPortable};

/// A contract violation or disagreement with the portable twin.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Mismatch {
    /// The backend function (e.g. `"ml_kem::ntt"`).
    pub op: &'static str,
    /// What differed.
    pub what: &'static str,
}

/// The functions [`ml_kem`] checks, selected by the first input byte modulo the
/// length of this list.
pub const ML_KEM_OPS: &[&str] = &[
    "ntt",
    "inv_ntt",
    "basemul_acc",
    "to_mont",
    "reduce",
    "add",
    "sub",
    "compress_encode",
    "decode_decompress",
    "encode12",
    "decode12",
    "cbd",
    "rej_uniform",
    "wipe_polys",
    "wipe_bytes",
    "keccak_x4",
    "keccak_x8",
    "keccak_x1",
];

/// The functions [`ml_dsa`] checks, selected by the first input byte.
pub const ML_DSA_OPS: &[&str] = &[
    "ntt",
    "inv_ntt",
    "pointwise_montgomery",
    "pointwise_acc_montgomery",
    "reduce",
    "mod_q",
    "add",
    "sub",
    "shift_left_d",
    "power2round",
    "decompose",
    "highbits",
    "lowbits",
    "make_hint",
    "use_hint",
    "norm_exceeds",
    "rej_ntt_fill",
    "rej_bounded_fill",
    "keccak_x4",
    "sample_in_ball",
    "unpack_gamma1",
    "keccak_x8",
    "keccak_x1",
    "bit_pack",
    "simple_bit_pack",
];

/// Checks one ML-KEM kernel of `backend` against the portable backend. `data[0]`
/// selects the function ([`ML_KEM_OPS`]); the rest seeds its inputs (any length:
/// bytes past the end come from a generator keyed by the input).
pub fn ml_kem(backend: Backend, data: &[u8]) -> Result<(), Mismatch> {
    crate::backend::with_backend!(backend, |K, _D| kem_diff::<K>(data))
}

/// Checks one ML-DSA kernel of `backend` against the portable backend. `data[0]`
/// selects the function ([`ML_DSA_OPS`]).
pub fn ml_dsa(backend: Backend, data: &[u8]) -> Result<(), Mismatch> {
    // The x86_64 NTT and pointwise-product kernels promise bit-identical outputs
    // (NTT-domain values are cached in expanded keys and interchangeable between
    // backends): checked exactly. The others by congruence and bound.
    let exact = !matches!(
        backend,
        Backend::Neon | Backend::NeonSha3 | Backend::WasmSimd128
    );
    crate::backend::with_backend!(backend, |_K, D| dsa_diff::<D>(data, exact))
}

/// Input bytes, then an xorshift stream keyed by them.
struct Source<'a> {
    data: &'a [u8],
    pos: usize,
    state: u64,
}

impl<'a> Source<'a> {
    fn new(data: &'a [u8]) -> Self {
        let mut state = 0x9E37_79B9_7F4A_7C15u64;
        for &b in data {
            state = (state ^ u64::from(b)).wrapping_mul(0x1000_0000_01B3);
        }
        Source {
            data,
            pos: 0,
            state: state | 1,
        }
    }

    fn byte(&mut self) -> u8 {
        if self.pos < self.data.len() {
            self.pos += 1;
            self.data[self.pos - 1]
        } else {
            self.state ^= self.state << 13;
            self.state ^= self.state >> 7;
            self.state ^= self.state << 17;
            (self.state >> 24) as u8
        }
    }

    fn u32(&mut self) -> u32 {
        u32::from_le_bytes([self.byte(), self.byte(), self.byte(), self.byte()])
    }

    /// A value in `lo..=hi`, often an edge: lo, hi, their neighbours, zero.
    fn int(&mut self, lo: i64, hi: i64) -> i64 {
        let pick = self.byte();
        let span = (hi - lo + 1) as u64;
        let uniform = lo + ((u64::from(self.u32()) * span) >> 32) as i64;
        let v = match pick & 15 {
            0 => lo,
            1 => hi,
            2 => lo + 1,
            3 => hi - 1,
            4 => 0,
            5 => -1,
            6 => 1,
            _ => uniform,
        };
        v.clamp(lo, hi)
    }

    fn poly16(&mut self, lo: i16, hi: i16) -> [i16; 256] {
        // A whole-polynomial pattern now and then: constant, alternating signs.
        let lo = i64::from(lo);
        let hi = i64::from(hi);
        match self.byte() & 7 {
            0 => [self.int(lo, hi) as i16; 256],
            1 => core::array::from_fn(|i| if i % 2 == 0 { hi as i16 } else { lo as i16 }),
            _ => core::array::from_fn(|_| self.int(lo, hi) as i16),
        }
    }

    fn poly32(&mut self, lo: i32, hi: i32) -> [i32; 256] {
        let lo = i64::from(lo);
        let hi = i64::from(hi);
        match self.byte() & 7 {
            0 => [self.int(lo, hi) as i32; 256],
            1 => core::array::from_fn(|i| if i % 2 == 0 { hi as i32 } else { lo as i32 }),
            _ => core::array::from_fn(|_| self.int(lo, hi) as i32),
        }
    }

    fn bytes<const N: usize>(&mut self) -> [u8; N] {
        core::array::from_fn(|_| self.byte())
    }
}

fn check(ok: bool, op: &'static str, what: &'static str) -> Result<(), Mismatch> {
    if ok {
        Ok(())
    } else {
        Err(Mismatch { op, what })
    }
}

/// The `N`-way Keccak-f[1600] of a backend (`N` = 4, or 8: its native 8-way kernel
/// where [`crate::hash::MultiKeccak::WAYS`] is 8, else two 4-way calls; or 1: its
/// single-state permutation, the AVX-512 kernel for the AVX-512 backend) against the
/// portable single-state permutation.
fn keccak_diff<const N: usize, K: Permute<N>>(
    src: &mut Source<'_>,
    op: &'static str,
) -> Result<(), Mismatch> {
    let mut states: [[u64; 25]; N] = core::array::from_fn(|_| {
        core::array::from_fn(|_| u64::from(src.u32()) << 32 | u64::from(src.u32()))
    });
    if src.byte() & 3 == 0 {
        states[usize::from(src.byte()) % N] = [0; 25];
    }
    let mut want = states;
    for s in want.iter_mut() {
        keccak_f1600(s);
    }
    // The sponge's layout: lane-interleaved (`lanes[i][j]` = lane i of instance j).
    let mut lanes: crate::hash::keccak::Lanes<N> =
        core::array::from_fn(|i| core::array::from_fn(|j| states[j][i]));
    K::permute(&mut lanes);
    let got: [[u64; 25]; N] = core::array::from_fn(|j| core::array::from_fn(|i| lanes[i][j]));
    check(got == want, op, "permutation differs from keccak_f1600")
}

// ------------------------------------------------------------------ ML-KEM

const KQ: i64 = 3329;

fn kem_congruent(a: &[i16; 256], b: &[i16; 256]) -> bool {
    a.iter()
        .zip(b)
        .all(|(&x, &y)| (i64::from(x) - i64::from(y)).rem_euclid(KQ) == 0)
}

fn kem_below(a: &[i16; 256], bound: i16) -> bool {
    a.iter().all(|&x| x > -bound && x < bound)
}

fn kem_diff<B: KemBackend>(data: &[u8]) -> Result<(), Mismatch> {
    type P = KemPortable;
    let q = KQ as i16;
    let Some((&sel, rest)) = data.split_first() else {
        return Ok(());
    };
    let mut src = Source::new(rest);
    let op = ML_KEM_OPS[usize::from(sel) % ML_KEM_OPS.len()];
    match op {
        "ntt" => {
            let a = src.poly16(-(q - 1), q - 1);
            let (mut x, mut y) = (a, a);
            B::ntt(&mut x);
            P::ntt(&mut y);
            // |out| <= (q-1)/2 pins the representative.
            check(x == y, "ml_kem::ntt", "output differs")
        }
        "inv_ntt" => {
            let a = src.poly16(-(q - 1), q - 1);
            let (mut x, mut y) = (a, a);
            B::inv_ntt(&mut x);
            P::inv_ntt(&mut y);
            check(kem_below(&x, q), "ml_kem::inv_ntt", "output bound |b| < q")?;
            check(kem_congruent(&x, &y), "ml_kem::inv_ntt", "not congruent")
        }
        "basemul_acc" => {
            let n = 1 + usize::from(src.byte() % 4);
            let mut a = [[0i16; 256]; 4];
            let mut b = [[0i16; 256]; 4];
            for i in 0..n {
                a[i] = src.poly16(-(q - 1), q - 1);
                b[i] = src.poly16(-(q - 1), q - 1);
            }
            let (mut x, mut y) = ([0i16; 256], [0i16; 256]);
            B::basemul_acc(&mut x, &a[..n], &b[..n]);
            P::basemul_acc(&mut y, &a[..n], &b[..n]);
            check(
                kem_below(&x, q),
                "ml_kem::basemul_acc",
                "output bound |c| < q",
            )?;
            check(
                kem_congruent(&x, &y),
                "ml_kem::basemul_acc",
                "not congruent",
            )
        }
        "to_mont" => {
            let a = src.poly16(i16::MIN, i16::MAX);
            let (mut x, mut y) = (a, a);
            B::to_mont(&mut x);
            P::to_mont(&mut y);
            check(kem_below(&x, q), "ml_kem::to_mont", "output bound |a| < q")?;
            check(kem_congruent(&x, &y), "ml_kem::to_mont", "not congruent")
        }
        "reduce" => {
            let a = src.poly16(i16::MIN, i16::MAX);
            let (mut x, mut y) = (a, a);
            B::reduce(&mut x);
            P::reduce(&mut y);
            check(x == y, "ml_kem::reduce", "output differs")
        }
        "add" | "sub" => {
            let a = src.poly16(-(1 << 14) + 1, (1 << 14) - 1);
            let b = src.poly16(-(1 << 14) + 1, (1 << 14) - 1);
            let (mut x, mut y) = (a, a);
            if op == "add" {
                B::add(&mut x, &b);
                P::add(&mut y, &b);
            } else {
                B::sub(&mut x, &b);
                P::sub(&mut y, &b);
            }
            check(x == y, "ml_kem::add/sub", "output differs")
        }
        "compress_encode" => {
            let d = [1usize, 4, 5, 10, 11][usize::from(src.byte()) % 5];
            let a = src.poly16(0, q - 1);
            let (mut x, mut y) = ([0u8; 352], [0u8; 352]);
            B::compress_encode(d, &a, &mut x[..32 * d]);
            P::compress_encode(d, &a, &mut y[..32 * d]);
            check(x == y, "ml_kem::compress_encode", "bytes differ")
        }
        "decode_decompress" => {
            let d = [1usize, 4, 5, 10, 11][usize::from(src.byte()) % 5];
            let bytes: [u8; 352] = src.bytes();
            let (mut x, mut y) = ([0i16; 256], [0i16; 256]);
            B::decode_decompress(d, &bytes[..32 * d], &mut x);
            P::decode_decompress(d, &bytes[..32 * d], &mut y);
            check(x == y, "ml_kem::decode_decompress", "output differs")
        }
        "encode12" => {
            let a = src.poly16(0, q - 1);
            let (mut x, mut y) = ([0u8; 384], [0u8; 384]);
            B::encode12(&a, &mut x);
            P::encode12(&a, &mut y);
            check(x == y, "ml_kem::encode12", "bytes differ")
        }
        "decode12" => {
            let mut bytes: [u8; 384] = src.bytes();
            if src.byte() & 1 == 0 {
                // Mostly valid (all values < q), sometimes with one value >= q.
                let a = src.poly16(0, q - 1);
                P::encode12(&a, &mut bytes);
                if src.byte() & 1 == 0 {
                    let i = 3 * usize::from(src.byte() % 128);
                    bytes[i] = 0xff;
                    bytes[i + 1] |= 0x0f;
                }
            }
            let (mut x, mut y) = ([0i16; 256], [0i16; 256]);
            let okx = B::decode12(&bytes, &mut x);
            let oky = P::decode12(&bytes, &mut y);
            check(okx == oky, "ml_kem::decode12", "modulus check differs")?;
            check(x == y, "ml_kem::decode12", "output differs")
        }
        "cbd" => {
            let eta = 2 + usize::from(src.byte() & 1);
            let bytes: [u8; 192] = src.bytes();
            let (mut x, mut y) = ([0i16; 256], [0i16; 256]);
            B::cbd(eta, &bytes[..64 * eta], &mut x);
            P::cbd(eta, &bytes[..64 * eta], &mut y);
            check(x == y, "ml_kem::cbd", "output differs")
        }
        "rej_uniform" => {
            let mut buf = [0u8; 3 * 256];
            let len = 3 * (usize::from(src.byte()) + usize::from(src.byte() & 1));
            for b in buf[..len].iter_mut() {
                *b = src.byte();
            }
            let want = usize::from(src.byte()) + 1; // 1..=256 outputs requested
            let (mut x, mut y) = ([0i16; 256], [0i16; 256]);
            let nx = B::rej_uniform(&mut x[..want], &buf[..len]);
            let ny = P::rej_uniform(&mut y[..want], &buf[..len]);
            check(nx == ny, "ml_kem::rej_uniform", "count differs")?;
            check(x[..nx] == y[..ny], "ml_kem::rej_uniform", "output differs")
        }
        "wipe_polys" => {
            let n = usize::from(src.byte() % 4);
            let mut a = [[0i16; 256]; 4];
            for p in a.iter_mut() {
                *p = src.poly16(i16::MIN, i16::MAX);
            }
            let untouched = a;
            B::wipe_polys(&mut a[..n]);
            check(
                a[..n].iter().all(|p| p.iter().all(|&x| x == 0)),
                "ml_kem::wipe_polys",
                "not zero",
            )?;
            check(
                a[n..] == untouched[n..],
                "ml_kem::wipe_polys",
                "wrote past the end",
            )
        }
        "wipe_bytes" => {
            let n = usize::from(src.byte()) + usize::from(src.byte() & 3) * 256;
            let mut a = [0u8; 1100];
            for b in a.iter_mut() {
                *b = src.byte() | 1;
            }
            B::wipe_bytes(&mut a[..n]);
            check(
                a[..n].iter().all(|&x| x == 0),
                "ml_kem::wipe_bytes",
                "not zero",
            )?;
            check(
                a[n..].iter().all(|&x| x & 1 == 1),
                "ml_kem::wipe_bytes",
                "wrote past the end",
            )
        }
        "keccak_x4" => keccak_diff::<4, B::Keccak>(&mut src, "ml_kem::Keccak x4"),
        "keccak_x8" => keccak_diff::<8, B::Keccak>(&mut src, "ml_kem::Keccak x8"),
        "keccak_x1" => keccak_diff::<1, B::Keccak>(&mut src, "ml_kem::Keccak x1"),
        // Not reached (`op` is an entry of ML_KEM_OPS and every entry has an arm
        // above); were an entry added without an arm, the harness reports it.
        _ => Err(Mismatch {
            op,
            what: "no check for this op",
        }),
    }
}

// ------------------------------------------------------------------ ML-DSA

const DQ: i64 = 8_380_417;

fn dsa_congruent(a: &[i32; 256], b: &[i32; 256]) -> bool {
    a.iter()
        .zip(b)
        .all(|(&x, &y)| (i64::from(x) - i64::from(y)).rem_euclid(DQ) == 0)
}

fn dsa_below(a: &[i32; 256], bound: i64) -> bool {
    a.iter().all(|&x| i64::from(x).abs() < bound)
}

/// `exact`: the backend's NTT, inverse NTT and pointwise Montgomery products must
/// equal the portable ones bit for bit (else congruence and the output bound).
fn dsa_diff<B: DsaBackend>(data: &[u8], exact: bool) -> Result<(), Mismatch> {
    type P = DsaPortable;
    const G88: i32 = (DQ as i32 - 1) / 88;
    const G32: i32 = (DQ as i32 - 1) / 32;
    let q = DQ as i32;
    let Some((&sel, rest)) = data.split_first() else {
        return Ok(());
    };
    let mut src = Source::new(rest);
    let op = ML_DSA_OPS[usize::from(sel) % ML_DSA_OPS.len()];
    let gamma88 = src.byte() & 1 == 0;
    match op {
        "ntt" => {
            let a = src.poly32(-(q - 1), q - 1);
            let (mut x, mut y) = (a, a);
            B::ntt(&mut x);
            P::ntt(&mut y);
            check(
                dsa_below(&x, 9 * DQ),
                "ml_dsa::ntt",
                "output bound |a| < 9q",
            )?;
            check(!exact || x == y, "ml_dsa::ntt", "output differs")?;
            check(dsa_congruent(&x, &y), "ml_dsa::ntt", "not congruent")
        }
        "inv_ntt" => {
            let a = src.poly32(-(q - 1), q - 1);
            let (mut x, mut y) = (a, a);
            B::inv_ntt(&mut x);
            P::inv_ntt(&mut y);
            check(dsa_below(&x, DQ), "ml_dsa::inv_ntt", "output bound |a| < q")?;
            check(!exact || x == y, "ml_dsa::inv_ntt", "output differs")?;
            check(dsa_congruent(&x, &y), "ml_dsa::inv_ntt", "not congruent")
        }
        "pointwise_montgomery" => {
            let a = src.poly32(-(q - 1), q - 1);
            let b = src.poly32(-(9 * q - 1), 9 * q - 1);
            let (mut x, mut y) = ([0; 256], [0; 256]);
            B::pointwise_montgomery(&mut x, &a, &b);
            P::pointwise_montgomery(&mut y, &a, &b);
            check(
                dsa_below(&x, DQ),
                "ml_dsa::pointwise_montgomery",
                "output bound",
            )?;
            check(
                !exact || x == y,
                "ml_dsa::pointwise_montgomery",
                "output differs",
            )?;
            check(
                dsa_congruent(&x, &y),
                "ml_dsa::pointwise_montgomery",
                "not congruent",
            )
        }
        "pointwise_acc_montgomery" => {
            let n = 1 + usize::from(src.byte() % 8);
            let mut a = [[0i32; 256]; 8];
            let mut b = [[0i32; 256]; 8];
            for i in 0..n {
                a[i] = src.poly32(-(q - 1), q - 1);
                b[i] = src.poly32(-(9 * q - 1), 9 * q - 1);
            }
            let (mut x, mut y) = ([0; 256], [0; 256]);
            B::pointwise_acc_montgomery(&mut x, &a[..n], &b[..n]);
            P::pointwise_acc_montgomery(&mut y, &a[..n], &b[..n]);
            let name = "ml_dsa::pointwise_acc_montgomery";
            check(dsa_below(&x, DQ), name, "output bound")?;
            check(!exact || x == y, name, "output differs")?;
            check(dsa_congruent(&x, &y), name, "not congruent")
        }
        "reduce" => {
            let a = src.poly32(i32::MIN, i32::MAX - (1 << 22));
            let (mut x, mut y) = (a, a);
            B::reduce(&mut x);
            P::reduce(&mut y);
            check(dsa_below(&x, 6_283_009), "ml_dsa::reduce", "output bound")?;
            check(dsa_congruent(&x, &y), "ml_dsa::reduce", "not congruent")
        }
        "mod_q" => {
            let a = src.poly32(-q, q - 1);
            let (mut x, mut y) = (a, a);
            B::mod_q(&mut x);
            P::mod_q(&mut y);
            check(x == y, "ml_dsa::mod_q", "output differs")
        }
        "add" | "sub" => {
            let a = src.poly32(-(1 << 30) + 1, (1 << 30) - 1);
            let b = src.poly32(-(1 << 30) + 1, (1 << 30) - 1);
            let (mut x, mut y) = (a, a);
            if op == "add" {
                B::add(&mut x, &b);
                P::add(&mut y, &b);
            } else {
                B::sub(&mut x, &b);
                P::sub(&mut y, &b);
            }
            check(x == y, "ml_dsa::add/sub", "output differs")
        }
        "shift_left_d" => {
            let a = src.poly32(0, (1 << 10) - 1);
            let (mut x, mut y) = (a, a);
            B::shift_left_d(&mut x);
            P::shift_left_d(&mut y);
            check(x == y, "ml_dsa::shift_left_d", "output differs")
        }
        "power2round" => {
            let a = src.poly32(0, q - 1);
            let (mut x1, mut x0, mut y1, mut y0) = ([0; 256], [0; 256], [0; 256], [0; 256]);
            B::power2round(&mut x1, &mut x0, &a);
            P::power2round(&mut y1, &mut y0, &a);
            check(
                x1 == y1 && x0 == y0,
                "ml_dsa::power2round",
                "output differs",
            )
        }
        "decompose" => {
            let a = src.poly32(0, q - 1);
            let (mut x1, mut x0, mut y1, mut y0) = ([0; 256], [0; 256], [0; 256], [0; 256]);
            if gamma88 {
                B::decompose::<G88>(&mut x1, &mut x0, &a);
                P::decompose::<G88>(&mut y1, &mut y0, &a);
            } else {
                B::decompose::<G32>(&mut x1, &mut x0, &a);
                P::decompose::<G32>(&mut y1, &mut y0, &a);
            }
            check(x1 == y1 && x0 == y0, "ml_dsa::decompose", "output differs")
        }
        "highbits" => {
            let a = src.poly32(0, q - 1);
            let (mut x, mut y) = (a, a);
            if gamma88 {
                B::highbits::<G88>(&mut x);
                P::highbits::<G88>(&mut y);
            } else {
                B::highbits::<G32>(&mut x);
                P::highbits::<G32>(&mut y);
            }
            check(x == y, "ml_dsa::highbits", "output differs")
        }
        "lowbits" => {
            let a = src.poly32(0, q - 1);
            let (mut x, mut y) = ([0; 256], [0; 256]);
            if gamma88 {
                B::lowbits::<G88>(&mut x, &a);
                P::lowbits::<G88>(&mut y, &a);
            } else {
                B::lowbits::<G32>(&mut x, &a);
                P::lowbits::<G32>(&mut y, &a);
            }
            check(x == y, "ml_dsa::lowbits", "output differs")
        }
        "make_hint" => {
            let r = src.poly32(0, q - 1);
            // r + z for a small z most of the time, so hints are sparse but present.
            let z = src.poly32(-(1 << 17), 1 << 17);
            let rz: [i32; 256] = core::array::from_fn(|i| {
                if src.byte() & 7 == 0 {
                    src.int(0, i64::from(q) - 1) as i32
                } else {
                    (i64::from(r[i]) + i64::from(z[i])).rem_euclid(DQ) as i32
                }
            });
            let (mut x, mut y) = ([0; 256], [0; 256]);
            let (nx, ny) = if gamma88 {
                (
                    B::make_hint::<G88>(&mut x, &r, &rz),
                    P::make_hint::<G88>(&mut y, &r, &rz),
                )
            } else {
                (
                    B::make_hint::<G32>(&mut x, &r, &rz),
                    P::make_hint::<G32>(&mut y, &r, &rz),
                )
            };
            check(nx == ny && x == y, "ml_dsa::make_hint", "output differs")
        }
        "use_hint" => {
            let a = src.poly32(0, q - 1);
            let h = src.poly32(0, 1);
            let (mut x, mut y) = (a, a);
            if gamma88 {
                B::use_hint::<G88>(&mut x, &h);
                P::use_hint::<G88>(&mut y, &h);
            } else {
                B::use_hint::<G32>(&mut x, &h);
                P::use_hint::<G32>(&mut y, &h);
            }
            check(x == y, "ml_dsa::use_hint", "output differs")
        }
        "norm_exceeds" => {
            let a = src.poly32(-6_283_008, 6_283_008);
            let bound = src.int(1, (DQ - 1) / 8) as i32;
            let x = B::norm_exceeds(&a, bound);
            let y = P::norm_exceeds(&a, bound);
            check(x == y, "ml_dsa::norm_exceeds", "output differs")
        }
        "rej_ntt_fill" => {
            let mut buf = [0u8; 3 * 280];
            let len = 3 * (usize::from(src.byte()) + usize::from(src.byte() & 15));
            let biased = src.byte() & 1 == 1;
            for (i, b) in buf[..len].iter_mut().enumerate() {
                // Often a top byte near q's, so that rejections are frequent.
                *b = src.byte() | if biased && i % 3 == 2 { 0x7f } else { 0 };
            }
            let start = usize::from(src.byte()) + usize::from(src.byte() & 1); // 0..=256
            let pre = src.poly32(0, q - 1);
            let (mut x, mut y) = (pre, pre);
            let (mut cx, mut cy) = (start, start);
            B::rej_ntt_fill(&mut x, &mut cx, &buf[..len]);
            P::rej_ntt_fill(&mut y, &mut cy, &buf[..len]);
            check(cx == cy, "ml_dsa::rej_ntt_fill", "count differs")?;
            check(x[..cx] == y[..cy], "ml_dsa::rej_ntt_fill", "output differs")
        }
        "rej_bounded_fill" => {
            let mut buf = [0u8; 2 * 136];
            let len = usize::from(src.byte()) + usize::from(src.byte() & 15);
            for b in buf[..len].iter_mut() {
                *b = src.byte();
            }
            let start = usize::from(src.byte()) + usize::from(src.byte() & 1); // 0..=256
            let pre = src.poly32(-4, 4);
            let (mut x, mut y) = (pre, pre);
            let (mut cx, mut cy) = (start, start);
            if src.byte() & 1 == 0 {
                B::rej_bounded_fill::<2>(&mut x, &mut cx, &buf[..len]);
                P::rej_bounded_fill::<2>(&mut y, &mut cy, &buf[..len]);
            } else {
                B::rej_bounded_fill::<4>(&mut x, &mut cx, &buf[..len]);
                P::rej_bounded_fill::<4>(&mut y, &mut cy, &buf[..len]);
            }
            check(cx == cy, "ml_dsa::rej_bounded_fill", "count differs")?;
            check(
                x[..cx] == y[..cy],
                "ml_dsa::rej_bounded_fill",
                "output differs",
            )
        }
        "keccak_x4" => keccak_diff::<4, B::Keccak>(&mut src, "ml_dsa::Keccak x4"),
        "keccak_x8" => keccak_diff::<8, B::Keccak>(&mut src, "ml_dsa::Keccak x8"),
        "keccak_x1" => keccak_diff::<1, B::Keccak>(&mut src, "ml_dsa::Keccak x1"),
        "unpack_gamma1" => {
            let bytes: [u8; 640] = src.bytes();
            let (mut x, mut y) = ([7i32; 256], [7i32; 256]);
            if src.byte() & 1 == 0 {
                B::unpack_gamma1::<{ 1 << 17 }, 18>(&mut x, &bytes[..576]);
                P::unpack_gamma1::<{ 1 << 17 }, 18>(&mut y, &bytes[..576]);
            } else {
                B::unpack_gamma1::<{ 1 << 19 }, 20>(&mut x, &bytes);
                P::unpack_gamma1::<{ 1 << 19 }, 20>(&mut y, &bytes);
            }
            check(x == y, "ml_dsa::unpack_gamma1", "output differs")
        }
        "sample_in_ball" => {
            let tau = match src.byte() % 8 {
                0 => 39,
                1 => 49,
                2 => 60,
                3 => 64,
                4 => 1 + usize::from(src.byte() % 64),
                _ => [39, 49, 60][usize::from(src.byte() % 3)],
            };
            let (mut x, mut y) = ([7i32; 256], [7i32; 256]);
            if src.byte() & 3 == 0 {
                // The real stream: SHAKE256 of a random c~ (lambda/4 bytes).
                let ct: [u8; 64] = src.bytes();
                let ct = &ct[..[32, 48, 64][usize::from(src.byte() % 3)]];
                let mut xof = crate::hash::Shake256::new();
                xof.absorb(ct);
                let mut xof2 = xof.clone();
                B::sample_in_ball(&mut x, tau, &mut xof);
                P::sample_in_ball(&mut y, tau, &mut xof2);
            } else {
                let stream = CraftedBall::new(&mut src, tau);
                B::sample_in_ball(&mut x, tau, &mut stream.clone());
                P::sample_in_ball(&mut y, tau, &mut stream.clone());
            }
            let name = "ml_dsa::sample_in_ball";
            check(x == y, name, "output differs")?;
            check(
                x.iter().filter(|&&v| v != 0).count() == tau
                    && x.iter().all(|&v| (-1..=1).contains(&v)),
                name,
                "not tau coefficients +-1",
            )
        }
        "bit_pack" | "simple_bit_pack" => {
            let simple = op == "simple_bit_pack";
            let name = if simple {
                "ml_dsa::simple_bit_pack"
            } else {
                "ml_dsa::bit_pack"
            };
            // Every width of FIPS 204; for BitPack mostly its b for that width (eta,
            // 2^12, gamma1; the widths it does not BitPack, 6 and 10, get 2^(bits-1)),
            // sometimes any b. The fields x_i cover [0, 2^bits) with its edges.
            let bits = [3usize, 4, 6, 10, 13, 18, 20][usize::from(src.byte()) % 7];
            let b = match (simple, bits, src.byte() & 3) {
                (true, ..) => 0,
                (false, _, 0) => src.int(-(1 << 22), 1 << 22) as i32,
                (false, 3, _) => 2,
                (false, 4, _) => 4,
                (false, 13, _) => 1 << 12,
                (false, 18, _) => 1 << 17,
                (false, 20, _) => 1 << 19,
                (false, _, _) => 1 << (bits - 1),
            };
            let x = src.poly32(0, (1 << bits) - 1);
            let w: [i32; 256] = if simple {
                x
            } else {
                core::array::from_fn(|i| b - x[i])
            };
            // The output somewhere inside a buffer of random bytes: the kernel must
            // write exactly its 32 * bits bytes.
            let fill: [u8; 32 * 20 + 32] = src.bytes();
            let at = usize::from(src.byte() % 17);
            let end = at + 32 * bits;
            let (mut ox, mut oy) = (fill, fill);
            pack_at_width::<B>(&mut ox[at..end], &w, b, simple, bits);
            pack_at_width::<P>(&mut oy[at..end], &w, b, simple, bits);
            check(ox[at..end] == oy[at..end], name, "bytes differ")?;
            check(ox == oy, name, "wrote outside the output")
        }
        // Not reached (`op` is an entry of ML_DSA_OPS and every entry has an arm
        // above); were an entry added without an arm, the harness reports it.
        _ => Err(Mismatch {
            op,
            what: "no check for this op",
        }),
    }
}

/// SimpleBitPack (`simple`) or BitPack of `w` at width `bits` with `K`'s kernels,
/// the width passed on as a constant as at the library's call sites (a run-time
/// width compiles the portable packer with a division, which the division scan
/// rejects). `bits` is one of FIPS 204's widths (the harness draws it from that
/// list; another leaves `out` unchanged).
fn pack_at_width<K: DsaBackend>(out: &mut [u8], w: &[i32; 256], b: i32, simple: bool, bits: usize) {
    use crate::ml_dsa::encode::{bit_pack, simple_bit_pack};
    macro_rules! widths {
        ($($n:literal),*) => {
            match bits {
                $($n => if simple {
                    simple_bit_pack::<K>(out, w, $n)
                } else {
                    bit_pack::<K>(out, w, b, $n)
                },)*
                _ => {}
            }
        };
    }
    widths!(3, 4, 6, 10, 13, 18, 20)
}

/// A crafted SampleInBall stream: it tracks the sampler's i (Algorithm 29's
/// acceptance rule) and draws each candidate byte from a per-case mix of edge kinds:
/// rejected (j > i), j == i, j == 0, a repeat of an accepted position (moves an
/// existing entry), or uniform. From the fourth block on every byte is accepted, so
/// the sampler always terminates; long runs of rejections push it past the two
/// fixed blocks.
#[derive(Clone)]
struct CraftedBall {
    state: u64,
    /// Cumulative weights (out of 256) of: reject, j == i, zero, repeat; the rest
    /// is uniform.
    mix: [u16; 4],
    i: u32,
    last: u8,
    blocks: usize,
}

impl CraftedBall {
    fn new(src: &mut Source<'_>, tau: usize) -> Self {
        let mut w = [0u16; 4];
        let mut acc = 0u16;
        for x in w.iter_mut() {
            acc += u16::from(src.byte() % 4) * u16::from(src.byte() % 32);
            *x = acc.min(256);
        }
        if src.byte() & 7 == 0 {
            // Mostly rejections: the two fixed blocks are not enough.
            w = [250, 252, 254, 255];
        }
        CraftedBall {
            state: (u64::from(src.u32()) << 32 | u64::from(src.u32())) | 1,
            mix: w,
            i: 256 - tau as u32,
            last: 0,
            blocks: 0,
        }
    }

    fn rand(&mut self) -> u8 {
        self.state ^= self.state << 13;
        self.state ^= self.state >> 7;
        self.state ^= self.state << 17;
        (self.state >> 24) as u8
    }

    fn candidate(&mut self) -> u8 {
        let r = u16::from(self.rand());
        let u = self.rand();
        let i = self.i;
        let j = if self.blocks >= 3 {
            u & 0x7f // accepted: i >= 256 - 64
        } else if r < self.mix[0] && i < 255 {
            (i + 1 + ((u32::from(u) * (255 - i)) >> 8)) as u8 // no `div`: the aarch64 scan covers this crate
        } else if r < self.mix[1] && i < 256 {
            i as u8
        } else if r < self.mix[2] {
            0
        } else if r < self.mix[3] {
            self.last
        } else {
            u
        };
        if u32::from(j) <= i && i < 256 {
            self.i += 1;
            self.last = j;
        }
        j
    }
}

impl BallStream for CraftedBall {
    fn next_block(&mut self, block: &mut [u8; crate::hash::SHAKE256_RATE]) {
        // The first 8 bytes of the stream are the sign bits.
        let skip = if self.blocks == 0 { 8 } else { 0 };
        for b in block[..skip].iter_mut() {
            *b = self.rand();
        }
        for b in block[skip..].iter_mut() {
            *b = self.candidate();
        }
        self.blocks += 1;
    }
}

// ------------------------------------------------------- negative control

/// The portable ML-KEM backend with one wrong lane in `inv_ntt` (coefficient 37
/// off by one) and one in `cbd` (coefficient 200 replaced by 1 if zero, else by 0): [`negative_control`]
/// must catch both, showing that a kernel with a lane or reduction slip fails.
struct Broken;

impl crate::ml_kem::backend::KemKernels for Broken {
    type Token = cpu::Portable;
    type Fallback = KemPortable;
    type Keccak = crate::hash::Portable;
    const NATIVE: &'static [&'static str] = &["inv_ntt", "cbd"];
    fn inv_ntt(t: cpu::Portable, a: &mut [i16; 256]) {
        <KemPortable as crate::ml_kem::backend::KemKernels>::inv_ntt(t, a);
        a[37] = if a[37] > 0 { a[37] - 1 } else { a[37] + 1 };
    }
    fn cbd(t: cpu::Portable, eta: usize, bytes: &[u8], a: &mut [i16; 256]) {
        <KemPortable as crate::ml_kem::backend::KemKernels>::cbd(t, eta, bytes, a);
        a[200] = if a[200] == 0 { 1 } else { 0 };
    }
}

/// Runs the ML-KEM check on a deliberately broken backend (see `Broken`): the
/// caller asserts that it reports mismatches for `inv_ntt` and `cbd`.
pub fn negative_control(data: &[u8]) -> Result<(), Mismatch> {
    kem_diff::<Broken>(data)
}

/// Runs every check of both schemes on `backend`, `cases` inputs per kernel (the
/// same inputs `tests/kernels.rs` uses), then the negative control; panics with the
/// kernel and the input on the first mismatch. For the suites that cannot use
/// `tests/kernels.rs` (the wasm tests). Returns the number of checks run.
pub fn check_backend(backend: Backend, cases: u32) -> usize {
    let mut n = 0;
    for (i, name) in ML_KEM_OPS.iter().enumerate() {
        for case in 0..cases {
            let data = case_input(i, case);
            if let Err(m) = ml_kem(backend, &data) {
                // Test harness (the `testing` feature): a mismatch fails the test.
                panic!("{backend:?} ml_kem::{name}: {m:?} on case {case}");
            }
            n += 1;
        }
    }
    for (i, name) in ML_DSA_OPS.iter().enumerate() {
        for case in 0..cases {
            let data = case_input(i, case);
            if let Err(m) = ml_dsa(backend, &data) {
                // Test harness (the `testing` feature): a mismatch fails the test.
                panic!("{backend:?} ml_dsa::{name}: {m:?} on case {case}");
            }
            n += 1;
        }
    }
    if let Err(m) = sweeps(backend) {
        // Test harness (the `testing` feature): a mismatch fails the test.
        panic!("{backend:?}: {m:?}");
    }
    negative_control_is_caught();
    n
}

/// The input of case `case` for the kernel at index `op` of an ops list: the op
/// byte, then a few short inputs (the harness extends them), mostly longer ones.
pub fn case_input(op: usize, case: u32) -> alloc_free::Input {
    let len = [0usize, 3, 64, 700][(case % 4) as usize];
    let mut s = (u64::from(case) + 1).wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ (op as u64 + 1);
    let mut v = alloc_free::Input {
        bytes: [0; 701],
        len: len + 1,
    };
    v.bytes[0] = op as u8;
    for b in v.bytes[1..=len].iter_mut() {
        s ^= s << 13;
        s ^= s >> 7;
        s ^= s << 17;
        *b = (s >> 32) as u8;
    }
    v
}

/// Fixed-size inputs (the crate may be built without `alloc`).
pub mod alloc_free {
    /// One harness input: `bytes[..len]`.
    #[derive(Clone, Copy)]
    pub struct Input {
        /// The storage.
        pub bytes: [u8; 701],
        /// The used length.
        pub len: usize,
    }

    impl core::ops::Deref for Input {
        type Target = [u8];
        fn deref(&self) -> &[u8] {
            &self.bytes[..self.len]
        }
    }
}

/// Panics unless the harness catches the deliberately broken backend (see
/// `Broken`): its `inv_ntt` and `cbd` must each be reported on most cases, and its
/// healthy `ntt` on none.
pub fn negative_control_is_caught() {
    for name in ["inv_ntt", "cbd"] {
        let op = ML_KEM_OPS
            .iter()
            .position(|o| *o == name)
            .unwrap_or(usize::MAX);
        let caught = (0..20)
            .filter(|&c| negative_control(&case_input(op, c)).is_err())
            .count();
        assert!(caught >= 10, "broken {name} caught on {caught} of 20 cases");
    }
    let op = ML_KEM_OPS
        .iter()
        .position(|o| *o == "ntt")
        .unwrap_or(usize::MAX);
    for c in 0..20 {
        assert_eq!(
            negative_control(&case_input(op, c)),
            Ok(()),
            "healthy ntt flagged"
        );
    }
}

/// Deterministic sweeps that random cases cannot promise: the ML-KEM kernels that
/// accept any i16 (`to_mont`, `reduce`) on all 65536 values, and the ML-DSA
/// `mod_q` on both ends of its range. Run by [`check_backend`] and `tests/kernels.rs`.
pub fn sweeps(backend: Backend) -> Result<(), Mismatch> {
    crate::backend::with_backend!(backend, |K, D| {
        kem_sweeps::<K>()?;
        dsa_sweeps::<D>()
    })
}

fn kem_sweeps<B: KemBackend>() -> Result<(), Mismatch> {
    type P = KemPortable;
    for chunk in 0..256 {
        let a: [i16; 256] = core::array::from_fn(|i| (chunk * 256 + i) as u16 as i16);
        let (mut x, mut y) = (a, a);
        B::to_mont(&mut x);
        P::to_mont(&mut y);
        check(
            kem_below(&x, KQ as i16),
            "ml_kem::to_mont",
            "output bound (sweep)",
        )?;
        check(
            kem_congruent(&x, &y),
            "ml_kem::to_mont",
            "not congruent (sweep)",
        )?;
        let (mut x, mut y) = (a, a);
        B::reduce(&mut x);
        P::reduce(&mut y);
        check(x == y, "ml_kem::reduce", "output differs (sweep)")?;
    }
    Ok(())
}

fn dsa_sweeps<B: DsaBackend>() -> Result<(), Mismatch> {
    type P = DsaPortable;
    let q = DQ as i32;
    for base in [-q, -q / 2, -128, q - 256] {
        let a: [i32; 256] = core::array::from_fn(|i| base + i as i32);
        let (mut x, mut y) = (a, a);
        B::mod_q(&mut x);
        P::mod_q(&mut y);
        check(x == y, "ml_dsa::mod_q", "output differs (sweep)")?;
    }
    Ok(())
}
