//! SampleInBall's state machine (FIPS 204 Algorithm 29, lines 4-10), the kernel
//! boundary of [`super::DsaKernels::sample_in_ball`]: the stream it reads
//! ([`BallStream`]), the per-backend state representation ([`BallState`]), the
//! public loop shared by all backends ([`sample_in_ball_with`]) and the portable
//! representation ([`Bitmaps`]).

use super::Poly;
use crate::backend::cpu;
use crate::ctgrind::declassified;
use crate::hash::{SHAKE256_RATE, Shake256};

/// The SHAKE256 output stream SampleInBall consumes, one rate-sized block at a time
/// (a trait so that the differential harness can feed crafted streams).
pub(crate) trait BallStream {
    /// Writes the next `SHAKE256_RATE` bytes of the stream into `block`.
    fn next_block(&mut self, block: &mut [u8; SHAKE256_RATE]);
}

impl BallStream for Shake256 {
    fn next_block(&mut self, block: &mut [u8; SHAKE256_RATE]) {
        self.squeeze(block)
    }
}

/// The state of SampleInBall's byte loop (Algorithm 29, lines 4-10) between stream
/// blocks: one representation per backend, all computing the same challenge.
///
/// Every method is constant time in the stream bytes, the signs and the position `i`
/// (all secret while the signature is not released).
pub(crate) trait BallState {
    /// The CPU feature proof the representation needs (see [`crate::backend::cpu`]).
    type Token: cpu::Token;
    /// The state before line 4: c = 0, i = 256 - tau, with the sign bits `h`
    /// (the first 8 stream bytes, little-endian). Contract: `tau <= 64`.
    fn start(t: Self::Token, tau: u32, signs: u64) -> Self;
    /// Lines 5-9 for each byte of `bytes` in order: a byte j is accepted when
    /// `j <= i` and `i < 256`; then `c_i <- c_j`, `c_j <- (-1)^h[i + tau - 256]` and
    /// i advances. Bytes seen once `i == 256` change nothing.
    fn consume(&mut self, bytes: &[u8]);
    /// The current i (secret: the caller declassifies it only to decide whether
    /// another block is needed).
    fn position(&self) -> u32;
    /// Writes c (coefficients in {-1, 0, 1}) and wipes the state. Called once
    /// `position() == 256`.
    fn finish(&mut self, c: &mut Poly);
}

/// SampleInBall (Algorithm 29) on a given stream with the state representation `S`:
/// the public loop structure shared by all backends. Two SHAKE256 blocks (264
/// candidate bytes after the 8 sign bytes) are always consumed; further blocks are
/// squeezed only if tau positions are still missing, an event of negligible
/// probability for every parameter set (only that event is declassified).
///
/// Contract: `tau <= 64`, and the stream eventually accepts tau bytes.
#[inline]
pub(crate) fn sample_in_ball_with<S: BallState, X: BallStream>(
    t: S::Token,
    c: &mut Poly,
    tau: usize,
    stream: &mut X,
) {
    debug_assert!(tau <= 64);
    let mut block = [0u8; SHAKE256_RATE];
    stream.next_block(&mut block);
    let mut sign_bytes = [0u8; 8];
    sign_bytes.copy_from_slice(&block[..8]);
    let mut st = S::start(t, tau as u32, u64::from_le_bytes(sign_bytes));
    st.consume(&block[8..]);
    stream.next_block(&mut block);
    st.consume(&block);
    while declassified(st.position()) < 256 {
        stream.next_block(&mut block);
        st.consume(&block);
    }
    st.finish(c);
    zeroize::Zeroize::zeroize(&mut block);
    zeroize::Zeroize::zeroize(&mut sign_bytes);
}

/// The portable [`BallState`]: c kept as two 256-bit masks (non-zero, negative) in
/// 4 u64 words, each stream byte j processed with masked updates: when j <= i (the
/// accepting condition of line 6), c_i <- c_j and c_j <- (-1)^h[i + tau - 256] and i
/// advances.
pub(crate) struct Bitmaps {
    nz: [u64; 4],
    neg: [u64; 4],
    i: u32,
    /// The sign bits not yet used (the low bit is the next one).
    signs: u64,
}

impl BallState for Bitmaps {
    type Token = cpu::Portable;

    fn start(_: cpu::Portable, tau: u32, signs: u64) -> Self {
        Bitmaps {
            nz: [0; 4],
            neg: [0; 4],
            i: 256 - tau,
            signs,
        }
    }

    fn consume(&mut self, bytes: &[u8]) {
        let Bitmaps { nz, neg, i, signs } = self;
        for &b in bytes {
            let j = b as u32;
            // accept = (j <= i) && (i < 256), as an all-ones / zero mask.
            let le = !(((i.wrapping_sub(j)) as i32 >> 31) as u32);
            let lt = ((i.wrapping_sub(256)) as i32 >> 31) as u32;
            let accept = (le & lt) as i32 as i64 as u64;
            let (wj, bj) = (j >> 6, j & 63);
            let (wi, bi) = (*i >> 6, *i & 63);
            // Read c_j.
            let mut nz_j = 0u64;
            let mut neg_j = 0u64;
            for k in 0..4u32 {
                let sel = eq_mask(k, wj);
                nz_j |= (nz[k as usize] >> bj) & 1 & sel;
                neg_j |= (neg[k as usize] >> bj) & 1 & sel;
            }
            // h[i + tau - 256]: the low bit of the not yet consumed sign bits (a
            // masked constant shift: a shift by the secret count would compile to
            // `bt`, which valgrind treats as a secret-dependent address).
            let sign = *signs & 1;
            *signs = ((*signs >> 1) & accept) | (*signs & !accept);
            for k in 0..4u32 {
                let ku = k as usize;
                // c_i <- c_j
                let si = eq_mask(k, wi) & accept;
                let bit_i = 1u64 << bi;
                nz[ku] = (nz[ku] & !(si & bit_i)) | (si & (nz_j << bi));
                neg[ku] = (neg[ku] & !(si & bit_i)) | (si & (neg_j << bi));
                // c_j <- (-1)^sign
                let sj = eq_mask(k, wj) & accept;
                let bit_j = 1u64 << bj;
                nz[ku] |= sj & bit_j;
                neg[ku] = (neg[ku] & !(sj & bit_j)) | (sj & (sign << bj));
            }
            *i += (accept & 1) as u32;
        }
    }

    fn position(&self) -> u32 {
        self.i
    }

    fn finish(&mut self, c: &mut Poly) {
        let (nz, neg) = (&self.nz, &self.neg);
        for (n, x) in c.iter_mut().enumerate() {
            let nzb = ((nz[n >> 6] >> (n & 63)) & 1) as i32;
            let negb = ((neg[n >> 6] >> (n & 63)) & 1) as i32;
            *x = nzb - 2 * (nzb & negb);
        }
        zeroize::Zeroize::zeroize(&mut self.nz);
        zeroize::Zeroize::zeroize(&mut self.neg);
        zeroize::Zeroize::zeroize(&mut self.signs);
    }
}

/// All-ones (as u64) if a == b, else 0, for small a, b.
#[inline(always)]
fn eq_mask(a: u32, b: u32) -> u64 {
    let x = a ^ b;
    (((x | x.wrapping_neg()) as i32 >> 31) as i64 as u64) ^ u64::MAX
}
