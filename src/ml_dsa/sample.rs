//! Pseudorandom sampling of FIPS 204 section 7.3: Algorithms 29-34 (with the
//! coefficient samplers 14 and 15).
//!
//! ExpandA, ExpandS and ExpandMask hash several independent seeds; they run four at a
//! time on [`Shake128x4`] / [`Shake256x4`] (the hook for a SIMD Keccak) and hash a
//! remainder of fewer than four seeds one at a time.

use super::backend::DsaBackend;
use super::params::{ParameterSet, Poly};
use crate::hash::{
    Permute, SHAKE128_RATE, SHAKE256_RATE, Shake128, Shake128x4, Shake256, Shake256x4,
};

/// N lock-step XOF instances over N seeds.
trait Lanes<const N: usize> {
    fn start(seeds: [&[u8]; N]) -> Self;
    fn squeeze(&mut self, outs: [&mut [u8]; N]);
}
impl<K: Permute<4>> Lanes<4> for Shake128x4<K> {
    fn start(seeds: [&[u8]; 4]) -> Self {
        let mut x = Shake128x4::<K>::new();
        x.absorb(seeds);
        x
    }
    fn squeeze(&mut self, outs: [&mut [u8]; 4]) {
        Shake128x4::squeeze(self, outs)
    }
}
impl Lanes<1> for Shake128 {
    fn start(seeds: [&[u8]; 1]) -> Self {
        let mut x = Shake128::new();
        x.absorb(seeds[0]);
        x
    }
    fn squeeze(&mut self, outs: [&mut [u8]; 1]) {
        let [o] = outs;
        Shake128::squeeze(self, o)
    }
}
impl<K: Permute<4>> Lanes<4> for Shake256x4<K> {
    fn start(seeds: [&[u8]; 4]) -> Self {
        let mut x = Shake256x4::<K>::new();
        x.absorb(seeds);
        x
    }
    fn squeeze(&mut self, outs: [&mut [u8]; 4]) {
        Shake256x4::squeeze(self, outs)
    }
}
impl Lanes<1> for Shake256 {
    fn start(seeds: [&[u8]; 1]) -> Self {
        let mut x = Shake256::new();
        x.absorb(seeds[0]);
        x
    }
    fn squeeze(&mut self, outs: [&mut [u8]; 1]) {
        let [o] = outs;
        Shake256::squeeze(self, o)
    }
}

/// RejNTTPoly (Algorithm 30) for N seeds at once: rejection sampling of uniform
/// coefficients in [0, q) from SHAKE128. Public data only (the seeds derive from rho).
fn rej_ntt_poly_lanes<B: DsaBackend, X: Lanes<N>, const N: usize>(
    seeds: [&[u8]; N],
    outs: [&mut Poly; N],
) {
    const FIRST: usize = 5 * SHAKE128_RATE; // 280 candidates; 256 needed
    let mut xof = X::start(seeds);
    let mut bufs = [[0u8; FIRST]; N];
    xof.squeeze(bufs.each_mut().map(|b| &mut b[..]));
    let mut ctrs = [0usize; N];
    let mut outs = outs;
    for ((buf, out), ctr) in bufs.iter().zip(outs.iter_mut()).zip(ctrs.iter_mut()) {
        B::rej_ntt_fill(out, ctr, buf);
    }
    while ctrs.iter().any(|&c| c < 256) {
        let mut more = [[0u8; SHAKE128_RATE]; N];
        xof.squeeze(more.each_mut().map(|b| &mut b[..]));
        for ((buf, out), ctr) in more.iter().zip(outs.iter_mut()).zip(ctrs.iter_mut()) {
            B::rej_ntt_fill(out, ctr, buf);
        }
    }
}

/// The 34-byte seed `rho || s || r` of entry (r, s) of A (Algorithm 32, lines 3-4).
fn a_seed(rho: &[u8; 32], r: usize, s: usize) -> [u8; 34] {
    let mut seed = [0u8; 34];
    seed[..32].copy_from_slice(rho);
    seed[32] = s as u8;
    seed[33] = r as u8;
    seed
}

/// ExpandA (Algorithm 32) from the rho at the start of `pk`, together with
/// tr = H(pk, 64) (Algorithm 7 line 6 / Algorithm 8 line 6), written to `tr`: the two
/// hashing steps of parsing a verifying key. The hash runs in one lane of the
/// 4-way permutations of the matrix expansion ([`crate::hash::jobs`]) instead of
/// on the single-state permutation afterwards. Public inputs only.
pub(crate) fn expand_a_and_tr<P: ParameterSet, B: DsaBackend>(
    a: &mut [P::VecL],
    pk: &[u8],
    tr: &mut [u8; 64],
) {
    use super::params::PolyVec;
    let mut rho = [0u8; 32];
    rho.copy_from_slice(&pk[..32]);
    // Indices are split with `P::L` itself, a constant in every closure body (a
    // captured copy would be a run-time divisor: the division scan forbids `div`).
    let mut counts = [0usize; 8 * 7];
    crate::hash::jobs::shake128_streams_with_hash::<B::Keccak>(
        P::K * P::L,
        |e| a_seed(&rho, e / P::L, e % P::L),
        |e, block| {
            let ctr = &mut counts[e];
            B::rej_ntt_fill(&mut a[e / P::L].polys_mut()[e % P::L], ctr, block);
            *ctr >= 256
        },
        pk,
        0x1F,
        tr,
    );
}

/// ExpandA (Algorithm 32): the matrix A-hat (already in the NTT domain) from rho.
/// Coefficients in [0, q). Uses the backend's 4-way Keccak and rejection loop.
pub(crate) fn expand_a<P: ParameterSet, B: DsaBackend>(a: &mut [P::VecL], rho: &[u8; 32]) {
    use super::params::PolyVec;
    // Entries in row-major order (row r, column s), sampled in place four at a time;
    // a remainder of fewer than four runs as a padded 4-way call whose extra lanes
    // (copies of the last seed) go to a scratch polynomial: one 4-way Keccak costs
    // less than two 1-way ones.
    let mut seeds = [[0u8; 34]; 4];
    let mut scratch = [[0i32; 256]; 3];
    let mut entries = a.iter_mut().enumerate().flat_map(|(r, row)| {
        row.polys_mut()
            .iter_mut()
            .enumerate()
            .map(move |(s, p)| (r, s, p))
    });
    loop {
        let mut outs: [Option<&mut Poly>; 4] = [None, None, None, None];
        let mut n = 0;
        for (slot, seed) in outs.iter_mut().zip(seeds.iter_mut()) {
            match entries.next() {
                Some((r, s, p)) => {
                    *seed = a_seed(rho, r, s);
                    *slot = Some(p);
                    n += 1;
                }
                None => break,
            }
        }
        if n == 0 {
            break;
        }
        for j in n..4 {
            seeds[j] = seeds[n - 1];
        }
        let mut spare = scratch.iter_mut();
        let outs = outs.map(|o| match o {
            Some(p) => p,
            // Cannot fail: a group of four has at most three padding lanes, and `spare` holds three.
            None => spare.next().expect("at most three padding lanes"), // cannot fail: a group has at most three padding lanes
        });
        rej_ntt_poly_lanes::<B, Shake128x4<B::Keccak>, 4>(seeds.each_ref().map(|s| &s[..]), outs);
    }
}

/// RejBoundedPoly (Algorithm 31) for N 66-byte seeds at once.
fn rej_bounded_poly_lanes<B: DsaBackend, X: Lanes<N>, const N: usize, const ETA: i32>(
    seeds: [&[u8]; N],
    outs: [&mut Poly; N],
) {
    let mut xof = X::start(seeds);
    let mut outs = outs;
    let mut ctrs = [0usize; N];
    // Two blocks (544 nibbles) almost always suffice for both eta.
    let mut bufs = [[0u8; 2 * SHAKE256_RATE]; N];
    xof.squeeze(bufs.each_mut().map(|b| &mut b[..]));
    for ((buf, out), ctr) in bufs.iter().zip(outs.iter_mut()).zip(ctrs.iter_mut()) {
        B::rej_bounded_fill::<ETA>(out, ctr, buf);
    }
    while ctrs.iter().any(|&c| c < 256) {
        let mut more = [[0u8; SHAKE256_RATE]; N];
        xof.squeeze(more.each_mut().map(|b| &mut b[..]));
        for ((buf, out), ctr) in more.iter().zip(outs.iter_mut()).zip(ctrs.iter_mut()) {
            B::rej_bounded_fill::<ETA>(out, ctr, buf);
        }
    }
    zeroize::Zeroize::zeroize(&mut bufs);
}

fn s_seed(rho_prime: &[u8; 64], r: usize) -> [u8; 66] {
    let mut seed = [0u8; 66];
    seed[..64].copy_from_slice(rho_prime);
    seed[64..].copy_from_slice(&(r as u16).to_le_bytes());
    seed
}

/// ExpandS (Algorithm 33): s1 (l polynomials, counters 0..l) and s2 (k polynomials,
/// counters l..l+k) with coefficients in [-eta, eta], from rho'.
pub(crate) fn expand_s<P: ParameterSet, B: DsaBackend>(
    s1: &mut [Poly],
    s2: &mut [Poly],
    rho_prime: &[u8; 64],
) {
    fn run<B: DsaBackend, const ETA: i32>(s1: &mut [Poly], s2: &mut [Poly], rho_prime: &[u8; 64]) {
        // s1 then s2 (counters 0..l+k), sampled in place four at a time; a remainder
        // runs as a padded 4-way call (extra lanes re-hash the last seed into scratch
        // polynomials, zeroized afterwards), cheaper than 1-way calls.
        let mut seeds = [[0u8; 66]; 4];
        let mut scratch = [[0i32; 256]; 3];
        let mut polys = s1.iter_mut().chain(s2.iter_mut());
        let mut r = 0usize;
        loop {
            let mut outs: [Option<&mut Poly>; 4] = [None, None, None, None];
            let mut n = 0;
            for (slot, seed) in outs.iter_mut().zip(seeds.iter_mut()) {
                match polys.next() {
                    Some(p) => {
                        *seed = s_seed(rho_prime, r);
                        *slot = Some(p);
                        r += 1;
                        n += 1;
                    }
                    None => break,
                }
            }
            if n == 0 {
                break;
            }
            for j in n..4 {
                seeds[j] = seeds[n - 1];
            }
            let mut spare = scratch.iter_mut();
            let outs = outs.map(|o| match o {
                Some(p) => p,
                // Cannot fail: a group of four has at most three padding lanes, and `spare` holds three.
                None => spare.next().expect("at most three padding lanes"), // cannot fail: a group has at most three padding lanes
            });
            rej_bounded_poly_lanes::<B, Shake256x4<B::Keccak>, 4, ETA>(
                seeds.each_ref().map(|s| &s[..]),
                outs,
            );
        }
        zeroize::Zeroize::zeroize(&mut seeds);
        zeroize::Zeroize::zeroize(&mut scratch);
    }
    if P::ETA == 2 {
        run::<B, 2>(s1, s2, rho_prime)
    } else {
        run::<B, 4>(s1, s2, rho_prime)
    }
}

/// ExpandMask (Algorithm 34): y with coefficients in (-gamma1, gamma1] from rho''
/// and the counter kappa: `y[r] = BitUnpack(H(rho'' || IntegerToBytes(kappa + r, 2)),
/// gamma1 - 1, gamma1)`.
///
/// The polynomials of successive signing iterations have consecutive indices
/// (kappa advances by l), so this produces them as one stream, four at a time on the
/// 4-way Keccak, carrying up to three polynomials into the next iteration instead of
/// running the remainder of each iteration (l = 5 or 7) on the single-state
/// permutation. Holds secret polynomials; wiped on drop.
pub(crate) struct MaskSampler<'a, P: ParameterSet, B: super::backend::DsaBackend> {
    rho_pp: &'a [u8; 64],
    /// Index of the next polynomial to generate.
    next: u16,
    /// Generated, not yet handed out: `buf[4 - ready..]`.
    buf: [Poly; 4],
    ready: usize,
    _p: core::marker::PhantomData<(P, B)>,
}

impl<'a, P: ParameterSet, B: super::backend::DsaBackend> MaskSampler<'a, P, B> {
    /// The stream starting at index `kappa`.
    pub(crate) fn new(rho_pp: &'a [u8; 64], kappa: u16) -> Self {
        Self {
            rho_pp,
            next: kappa,
            buf: [[0; 256]; 4],
            ready: 0,
            _p: core::marker::PhantomData,
        }
    }

    /// Writes the next `y.len()` polynomials of the stream into `y`.
    pub(crate) fn next_y(&mut self, y: &mut [Poly]) {
        for out in y.iter_mut() {
            if self.ready == 0 {
                self.refill();
            }
            *out = self.buf[4 - self.ready];
            self.ready -= 1;
        }
    }

    /// Generates the next four polynomials (indices `next .. next + 4`).
    fn refill(&mut self) {
        const MAX: usize = 32 * 20;
        let len = 32 * P::Z_BITS;
        let mut seeds = [[0u8; 66]; 4];
        for (r, s) in seeds.iter_mut().enumerate() {
            s[..64].copy_from_slice(self.rho_pp);
            s[64..].copy_from_slice(&self.next.wrapping_add(r as u16).to_le_bytes());
        }
        let mut bufs = [[0u8; MAX]; 4];
        let mut x = Shake256x4::<B::Keccak>::new();
        x.absorb(seeds.each_ref().map(|s| &s[..]));
        x.squeeze(bufs.each_mut().map(|b| &mut b[..len]));
        for (p, b) in self.buf.iter_mut().zip(&bufs) {
            super::params::unpack_gamma1::<P, B>(p, &b[..len]);
        }
        zeroize::Zeroize::zeroize(&mut bufs);
        zeroize::Zeroize::zeroize(&mut seeds);
        self.next = self.next.wrapping_add(4);
        self.ready = 4;
    }
}

impl<P: ParameterSet, B: super::backend::DsaBackend> Drop for MaskSampler<'_, P, B> {
    fn drop(&mut self) {
        zeroize::Zeroize::zeroize(&mut self.buf);
    }
}

/// SampleInBall (Algorithm 29): the challenge c with exactly tau coefficients +-1,
/// from c~, with the backend's byte loop ([`DsaBackend::sample_in_ball`]).
///
/// c~ is secret until the signature is accepted (the challenge of a rejected
/// signing iteration must not leak), so every implementation is written without
/// secret-dependent branches or indexes. Kept out of line (one call per signing
/// attempt) so that profilers see it as a frame of its own.
#[inline(never)]
pub(crate) fn sample_in_ball<P: ParameterSet, B: DsaBackend>(c: &mut Poly, c_tilde: &[u8]) {
    let mut xof = Shake256::new();
    xof.absorb(c_tilde);
    B::sample_in_ball(c, P::TAU, &mut xof);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ml_dsa::backend::portable::coeff_from_half_byte;
    use crate::ml_dsa::params::{MlDsa44, MlDsa65, MlDsa87};

    /// SampleInBall written literally after Algorithm 29 (tests only).
    fn naive_sample_in_ball(tau: usize, c_tilde: &[u8]) -> Poly {
        let mut c = [0i32; 256];
        let mut xof = Shake256::new();
        xof.absorb(c_tilde);
        let mut s = [0u8; 8];
        xof.squeeze(&mut s);
        let h = u64::from_le_bytes(s);
        for i in 256 - tau..256 {
            let mut j = [0u8; 1];
            xof.squeeze(&mut j);
            while j[0] as usize > i {
                xof.squeeze(&mut j);
            }
            let j = j[0] as usize;
            c[i] = c[j];
            c[j] = if (h >> (i + tau - 256)) & 1 == 1 {
                -1
            } else {
                1
            };
        }
        c
    }

    fn check<P: ParameterSet, B: DsaBackend>() {
        for t in 0..300u32 {
            let mut ct = [0u8; 64];
            for (n, b) in ct.iter_mut().enumerate() {
                *b = (t.wrapping_mul(2654435761).rotate_left(n as u32) >> 3) as u8 ^ n as u8;
            }
            let ct = &ct[..P::CTILDE_BYTES];
            let mut c = [0i32; 256];
            sample_in_ball::<P, B>(&mut c, ct);
            assert_eq!(c, naive_sample_in_ball(P::TAU, ct));
            assert_eq!(c.iter().filter(|&&x| x != 0).count(), P::TAU);
            assert!(c.iter().all(|&x| (-1..=1).contains(&x)));
        }
    }

    /// The mask stream against Algorithm 34 run per iteration (single-state SHAKE256
    /// and the portable BitUnpack), over several iterations of each parameter set.
    fn mask_stream<P: ParameterSet>() {
        use crate::ml_dsa::backend::{DsaBackend, portable::Portable};
        let rho_pp: [u8; 64] = core::array::from_fn(|i| (i * 13 + 1) as u8);
        let mut m = MaskSampler::<P, Portable>::new(&rho_pp, 0);
        let len = 32 * P::Z_BITS;
        for it in 0..6u16 {
            let mut got = std::vec![[0i32; 256]; P::L];
            m.next_y(&mut got);
            for (r, g) in got.iter().enumerate() {
                let kappa = it * P::L as u16 + r as u16;
                let mut seed = [0u8; 66];
                seed[..64].copy_from_slice(&rho_pp);
                seed[64..].copy_from_slice(&kappa.to_le_bytes());
                let mut bytes = [0u8; 640];
                Shake256::digest_into(&[&seed], &mut bytes[..len]);
                let mut want = [0i32; 256];
                if P::Z_BITS == 18 {
                    Portable::unpack_gamma1::<{ 1 << 17 }, 18>(&mut want, &bytes[..len]);
                } else {
                    Portable::unpack_gamma1::<{ 1 << 19 }, 20>(&mut want, &bytes[..len]);
                }
                assert_eq!(g, &want, "iteration {it}, r {r}");
            }
        }
    }

    #[test]
    fn mask_stream_matches_algorithm_34() {
        mask_stream::<MlDsa44>();
        mask_stream::<MlDsa65>();
        mask_stream::<MlDsa87>();
    }

    #[test]
    fn sample_in_ball_matches_algorithm_29() {
        use crate::ml_dsa::backend::portable::Portable;
        check::<MlDsa44, Portable>();
        check::<MlDsa65, Portable>();
        check::<MlDsa87, Portable>();
        #[cfg(target_arch = "x86_64")]
        if crate::backend::Backend::Avx2.is_available() {
            use crate::ml_dsa::backend::avx2::Avx2;
            check::<MlDsa44, Avx2<crate::hash::Avx2x4>>();
            check::<MlDsa65, Avx2<crate::hash::Avx2x4>>();
            check::<MlDsa87, Avx2<crate::hash::Avx2x4>>();
        } else {
            std::eprintln!("AVX2 not available: AVX2 SampleInBall not tested");
        }
    }

    #[test]
    fn half_byte() {
        for b in 0u8..16 {
            let (a2, v2) = coeff_from_half_byte::<2>(b);
            assert_eq!(a2 == 1, b < 15);
            if b < 15 {
                assert_eq!(v2, 2 - (b as i32 % 5));
            }
            let (a4, v4) = coeff_from_half_byte::<4>(b);
            assert_eq!(a4 == 1, b < 9);
            if b < 9 {
                assert_eq!(v4, 4 - b as i32);
            }
        }
    }
}
