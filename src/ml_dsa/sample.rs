//! Pseudorandom sampling of FIPS 204 section 7.3: Algorithms 29-34 (with the
//! coefficient samplers 14 and 15).
//!
//! ExpandA, ExpandS and ExpandMask hash several independent seeds; they run `W` at a
//! time on [`Shake128xN`] / [`Shake256xN`] (the hook for a SIMD Keccak), where `W`
//! is the backend Keccak's [`MultiKeccak::WAYS`] (8 on AVX-512, else 4); a last
//! group of at most four runs on the 4-way permutation, padded.

use super::backend::DsaBackend;
use super::params::{ParameterSet, Poly};
use crate::hash::{
    MultiKeccak, Permute, SHAKE128_RATE, SHAKE256_RATE, Shake128, Shake128xN, Shake256, Shake256xN,
};

/// N lock-step XOF instances over N seeds.
trait Lanes<const N: usize> {
    fn start(seeds: [&[u8]; N]) -> Self;
    fn squeeze(&mut self, outs: [&mut [u8]; N]);
}
impl<const N: usize, K: Permute<N>> Lanes<N> for Shake128xN<N, K> {
    fn start(seeds: [&[u8]; N]) -> Self {
        let mut x = Shake128xN::<N, K>::new();
        x.absorb(seeds);
        x
    }
    fn squeeze(&mut self, outs: [&mut [u8]; N]) {
        Shake128xN::squeeze(self, outs)
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
impl<const N: usize, K: Permute<N>> Lanes<N> for Shake256xN<N, K> {
    fn start(seeds: [&[u8]; N]) -> Self {
        let mut x = Shake256xN::<N, K>::new();
        x.absorb(seeds);
        x
    }
    fn squeeze(&mut self, outs: [&mut [u8]; N]) {
        Shake256xN::squeeze(self, outs)
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

/// The first squeeze of [`rej_ntt_poly_lanes`]: 280 candidates (256 needed).
const FIRST: usize = 5 * SHAKE128_RATE;
/// The widest multi-way Keccak.
const MAX_WAYS: usize = 8;
/// Squeeze buffers of [`rej_ntt_poly_lanes`], one per lane, allocated once by the
/// caller for all its batches (public data: no wipe).
type RejNttBufs = [[u8; FIRST]; MAX_WAYS];

/// RejNTTPoly (Algorithm 30) for N seeds at once: rejection sampling of uniform
/// coefficients in [0, q) from SHAKE128. Public data only (the seeds derive from rho).
/// `outs` holds (at least) `N` destinations.
fn rej_ntt_poly_lanes<B: DsaBackend, X: Lanes<N>, const N: usize>(
    seeds: [&[u8]; N],
    outs: &mut [&mut Poly],
    bufs: &mut RejNttBufs,
) {
    let mut xof = X::start(seeds);
    // The first N buffers (N <= MAX_WAYS); the squeeze overwrites them whole.
    let mut lanes = bufs.iter_mut().map(|b| &mut b[..]);
    xof.squeeze(core::array::from_fn(|_| lanes.next().unwrap_or_default()));
    let mut ctrs = [0usize; N];
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
/// 4-way (or, where [`MultiKeccak::WAYS`] is 8, 8-way) permutations of the matrix
/// expansion ([`crate::hash::jobs`]) instead of on the single-state permutation
/// afterwards. Public inputs only.
pub(crate) fn expand_a_and_tr<P: ParameterSet, B: DsaBackend>(
    a: &mut [P::VecL],
    pk: &[u8],
    tr: &mut [u8; 64],
) {
    if <B::Keccak as MultiKeccak>::WAYS == 8 {
        expand_a_and_tr_n::<P, B, 8>(a, pk, tr)
    } else {
        expand_a_and_tr_n::<P, B, 4>(a, pk, tr)
    }
}

/// [`expand_a_and_tr`] on the `N`-way permutation.
fn expand_a_and_tr_n<P: ParameterSet, B: DsaBackend, const N: usize>(
    a: &mut [P::VecL],
    pk: &[u8],
    tr: &mut [u8; 64],
) where
    B::Keccak: Permute<N>,
{
    use super::params::PolyVec;
    let mut rho = [0u8; 32];
    rho.copy_from_slice(&pk[..32]);
    // Indices are split with `P::L` itself, a constant in every closure body (a
    // captured copy would be a run-time divisor: the division scan forbids `div`).
    let mut counts = [0usize; 8 * 7];
    crate::hash::jobs::shake128_streams_with_hash::<N, B::Keccak>(
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

/// One batch of ExpandA: RejNTTPoly for the `N` seeds into `outs`, of which the
/// first `n` are wanted (the others repeat the last seed). A batch of at most four
/// runs on the 4-way permutation.
fn rej_ntt_batch<B: DsaBackend, const N: usize>(
    seeds: &[[u8; 34]; N],
    outs: &mut [&mut Poly; N],
    n: usize,
    bufs: &mut RejNttBufs,
) where
    B::Keccak: Permute<N>,
{
    if N > 4 && n <= 4 {
        let seeds4: [&[u8]; 4] = core::array::from_fn(|j| &seeds[j][..]);
        rej_ntt_poly_lanes::<B, Shake128xN<4, B::Keccak>, 4>(seeds4, &mut outs[..4], bufs);
    } else {
        rej_ntt_poly_lanes::<B, Shake128xN<N, B::Keccak>, N>(
            seeds.each_ref().map(|s| &s[..]),
            outs,
            bufs,
        );
    }
}

/// ExpandA (Algorithm 32): the matrix A-hat (already in the NTT domain) from rho.
/// Coefficients in [0, q). Uses the backend's multi-way Keccak and rejection loop.
pub(crate) fn expand_a<P: ParameterSet, B: DsaBackend>(a: &mut [P::VecL], rho: &[u8; 32]) {
    if <B::Keccak as MultiKeccak>::WAYS == 8 {
        expand_a_n::<P, B, 8>(a, rho)
    } else {
        expand_a_n::<P, B, 4>(a, rho)
    }
}

/// [`expand_a`] `N` entries at a time on the `N`-way permutation.
fn expand_a_n<P: ParameterSet, B: DsaBackend, const N: usize>(a: &mut [P::VecL], rho: &[u8; 32])
where
    B::Keccak: Permute<N>,
{
    use super::params::PolyVec;
    // Entries in row-major order (row r, column s), sampled in place N at a time;
    // a remainder runs as a padded call whose extra lanes (copies of the last
    // seed) go to scratch polynomials: one N-way Keccak costs less than two 1-way
    // ones. A remainder of at most four runs on the 4-way permutation.
    let mut seeds = [[0u8; 34]; N];
    let mut scratch = [[0i32; 256]; N];
    let mut bufs: RejNttBufs = [[0; FIRST]; MAX_WAYS];
    let mut entries = a.iter_mut().enumerate().flat_map(|(r, row)| {
        row.polys_mut()
            .iter_mut()
            .enumerate()
            .map(move |(s, p)| (r, s, p))
    });
    loop {
        // Every slot starts on a scratch polynomial; entries replace them.
        let mut outs: [&mut Poly; N] = scratch.each_mut();
        let mut n = 0;
        for (slot, seed) in outs.iter_mut().zip(seeds.iter_mut()) {
            match entries.next() {
                Some((r, s, p)) => {
                    *seed = a_seed(rho, r, s);
                    *slot = p;
                    n += 1;
                }
                None => break,
            }
        }
        if n == 0 {
            break;
        }
        for j in n..N {
            seeds[j] = seeds[n - 1];
        }
        rej_ntt_batch::<B, N>(&seeds, &mut outs, n, &mut bufs);
        if n < N {
            break;
        }
    }
}

/// ExpandA (Algorithm 32) without holding the matrix: the entries are produced in
/// row-major order, `N` at a time (`N` = [`MultiKeccak::WAYS`]), and handed to
/// `run(r, s, entries)` as runs of consecutive entries of one row: `entries[j]` is
/// A-hat[r][s + j]. A row may come in several runs (when it spans two batches);
/// every entry comes exactly once. Public inputs only.
pub(crate) fn expand_a_runs<P: ParameterSet, B: DsaBackend>(
    rho: &[u8; 32],
    run: impl FnMut(usize, usize, &[Poly]),
) {
    if <B::Keccak as MultiKeccak>::WAYS == 8 {
        expand_a_runs_n::<P, B, 8>(rho, run)
    } else {
        expand_a_runs_n::<P, B, 4>(rho, run)
    }
}

/// [`expand_a_runs`] on the `N`-way permutation.
fn expand_a_runs_n<P: ParameterSet, B: DsaBackend, const N: usize>(
    rho: &[u8; 32],
    mut run: impl FnMut(usize, usize, &[Poly]),
) where
    B::Keccak: Permute<N>,
{
    let total = P::K * P::L;
    let mut seeds = [[0u8; 34]; N];
    let mut polys = [[0i32; 256]; N];
    let mut bufs: RejNttBufs = [[0; FIRST]; MAX_WAYS];
    let mut e = 0;
    while e < total {
        let n = (total - e).min(N);
        // A short last batch repeats its last seed in the spare lanes (one N-way
        // permutation costs less than two narrower ones); those outputs are unused.
        for (j, seed) in seeds.iter_mut().enumerate() {
            let x = e + j.min(n - 1);
            *seed = a_seed(rho, x / P::L, x % P::L);
        }
        let mut outs: [&mut Poly; N] = polys.each_mut();
        rej_ntt_batch::<B, N>(&seeds, &mut outs, n, &mut bufs);
        // Split the batch at row ends.
        let mut j = 0;
        while j < n {
            let (r, s) = ((e + j) / P::L, (e + j) % P::L);
            let len = (P::L - s).min(n - j);
            run(r, s, &polys[j..j + len]);
            j += len;
        }
        e += n;
    }
}

/// RejBoundedPoly (Algorithm 31) for N 66-byte seeds at once.
/// `outs` holds (at least) `N` destinations.
fn rej_bounded_poly_lanes<B: DsaBackend, X: Lanes<N>, const N: usize, const ETA: i32>(
    seeds: [&[u8]; N],
    outs: &mut [&mut Poly],
) {
    let mut xof = X::start(seeds);
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
        zeroize::Zeroize::zeroize(more.as_flattened_mut());
    }
    // Flat slices: one bulk wipe (an array of arrays is wiped byte by byte).
    zeroize::Zeroize::zeroize(bufs.as_flattened_mut());
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
    fn run<B: DsaBackend, const N: usize, const ETA: i32>(
        s1: &mut [Poly],
        s2: &mut [Poly],
        rho_prime: &[u8; 64],
    ) where
        B::Keccak: Permute<N>,
    {
        // s1 then s2 (counters 0..l+k), sampled in place N at a time; a remainder
        // runs as a padded call (extra lanes re-hash the last seed into scratch
        // polynomials, zeroized afterwards), cheaper than 1-way calls, on the 4-way
        // permutation when it has at most four polynomials.
        let mut seeds = [[0u8; 66]; N];
        let mut scratch = [[0i32; 256]; N];
        let mut polys = s1.iter_mut().chain(s2.iter_mut());
        let mut r = 0usize;
        loop {
            // Every slot starts on a scratch polynomial; the polynomials replace them.
            let mut outs: [&mut Poly; N] = scratch.each_mut();
            let mut n = 0;
            for (slot, seed) in outs.iter_mut().zip(seeds.iter_mut()) {
                match polys.next() {
                    Some(p) => {
                        *seed = s_seed(rho_prime, r);
                        *slot = p;
                        r += 1;
                        n += 1;
                    }
                    None => break,
                }
            }
            if n == 0 {
                break;
            }
            for j in n..N {
                seeds[j] = seeds[n - 1];
            }
            if N > 4 && n <= 4 {
                let seeds4: [&[u8]; 4] = core::array::from_fn(|j| &seeds[j][..]);
                rej_bounded_poly_lanes::<B, Shake256xN<4, B::Keccak>, 4, ETA>(
                    seeds4,
                    &mut outs[..4],
                );
            } else {
                rej_bounded_poly_lanes::<B, Shake256xN<N, B::Keccak>, N, ETA>(
                    seeds.each_ref().map(|s| &s[..]),
                    &mut outs,
                );
            }
            if n < N {
                break;
            }
        }
        // Flat slices: one bulk wipe (an array of arrays is wiped element by element).
        zeroize::Zeroize::zeroize(seeds.as_flattened_mut());
        zeroize::Zeroize::zeroize(scratch.as_flattened_mut());
    }
    match (<B::Keccak as MultiKeccak>::WAYS, P::ETA) {
        (8, 2) => run::<B, 8, 2>(s1, s2, rho_prime),
        (8, _) => run::<B, 8, 4>(s1, s2, rho_prime),
        (_, 2) => run::<B, 4, 2>(s1, s2, rho_prime),
        _ => run::<B, 4, 4>(s1, s2, rho_prime),
    }
}

/// ExpandMask (Algorithm 34): y with coefficients in (-gamma1, gamma1] from rho''
/// and the counter kappa: `y[r] = BitUnpack(H(rho'' || IntegerToBytes(kappa + r, 2)),
/// gamma1 - 1, gamma1)`.
///
/// The polynomials of successive signing iterations have consecutive indices
/// (kappa advances by l), so this produces them as one stream, `W` at a time on the
/// backend's `W`-way Keccak (`W` = [`MultiKeccak::WAYS`], 4 or 8), carrying the
/// polynomials not yet used into the next iteration instead of running the
/// remainder of each iteration (l = 4, 5 or 7) on the single-state permutation.
/// The carried polynomials are kept as their encodings (at most 640 bytes, not
/// 1 KiB) and unpacked when handed out, which also saves a separate squeeze
/// buffer: the signing stack stays below that of a 4-way sampler holding
/// polynomials. Holds secret values; wiped on drop.
pub(crate) struct MaskSampler<'a, P: ParameterSet, B: super::backend::DsaBackend> {
    rho_pp: &'a [u8; 64],
    /// Index of the next polynomial to squeeze.
    next: u16,
    /// Squeezed, not yet handed out: the encodings in rows `W - ready .. W` (the
    /// first `32 * Z_BITS` bytes of each).
    bytes: [[u8; MASK_BYTES]; MASK_BUF],
    ready: usize,
    _p: core::marker::PhantomData<(P, B)>,
}

/// The most polynomials one [`MaskSampler`] refill produces (the widest Keccak).
const MASK_BUF: usize = 8;
/// The longest polynomial encoding of ExpandMask (`32 * Z_BITS`, Z_BITS <= 20).
const MASK_BYTES: usize = 32 * 20;

impl<'a, P: ParameterSet, B: super::backend::DsaBackend> MaskSampler<'a, P, B> {
    /// Polynomials per refill: the backend Keccak's lane count.
    const W: usize = if <B::Keccak as MultiKeccak>::WAYS == 8 {
        8
    } else {
        4
    };

    /// The stream starting at index `kappa`.
    pub(crate) fn new(rho_pp: &'a [u8; 64], kappa: u16) -> Self {
        Self {
            rho_pp,
            next: kappa,
            bytes: [[0; MASK_BYTES]; MASK_BUF],
            ready: 0,
            _p: core::marker::PhantomData,
        }
    }

    /// Writes the next `y.len()` polynomials of the stream into `y`.
    pub(crate) fn next_y(&mut self, y: &mut [Poly]) {
        let len = 32 * P::Z_BITS;
        for out in y.iter_mut() {
            if self.ready == 0 {
                if Self::W == 8 {
                    self.refill::<8>();
                } else {
                    self.refill::<4>();
                }
            }
            super::params::unpack_gamma1::<P, B>(out, &self.bytes[Self::W - self.ready][..len]);
            self.ready -= 1;
        }
    }

    /// Squeezes the encodings of the next `N` polynomials (indices
    /// `next .. next + N`) into `bytes[..N]`.
    fn refill<const N: usize>(&mut self)
    where
        B::Keccak: Permute<N>,
    {
        const { assert!(N <= MASK_BUF) };
        let len = 32 * P::Z_BITS;
        let mut seeds = [[0u8; 66]; N];
        for (r, s) in seeds.iter_mut().enumerate() {
            s[..64].copy_from_slice(self.rho_pp);
            s[64..].copy_from_slice(&self.next.wrapping_add(r as u16).to_le_bytes());
        }
        let mut x = Shake256xN::<N, B::Keccak>::new();
        x.absorb(seeds.each_ref().map(|s| &s[..]));
        let mut rows = self.bytes.iter_mut();
        // `N <= MASK_BUF` (checked above): every lane gets a row.
        x.squeeze(core::array::from_fn(|_| match rows.next() {
            Some(r) => &mut r[..len],
            None => &mut [],
        }));
        zeroize::Zeroize::zeroize(seeds.as_flattened_mut());
        self.next = self.next.wrapping_add(N as u16);
        self.ready = N;
    }
}

impl<P: ParameterSet, B: super::backend::DsaBackend> Drop for MaskSampler<'_, P, B> {
    fn drop(&mut self) {
        // Only the first `W` rows are ever written.
        zeroize::Zeroize::zeroize(self.bytes[..Self::W].as_flattened_mut());
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

    /// The portable arithmetic on an 8-way Keccak (`WAYS = 8`, portable
    /// permutation): sends the samplers down their 8-way paths on any machine.
    struct Wide;

    impl crate::ml_dsa::backend::DsaKernels for Wide {
        type Token = crate::backend::cpu::Portable;
        type Fallback = crate::ml_dsa::backend::portable::Portable;
        type Keccak = crate::hash::keccak::PortableWide;
        const NATIVE: &'static [&'static str] = &[];
    }

    /// ExpandA (alone and with tr), ExpandS and the ExpandMask stream of backend
    /// `B` against the portable backend (4-way), for several seeds.
    fn same_samples<P: ParameterSet, B: DsaBackend>() {
        use crate::ml_dsa::backend::portable::Portable;
        use crate::ml_dsa::params::PolyVec;
        for t in 0..3u8 {
            let rho: [u8; 32] = core::array::from_fn(|i| (i as u8).wrapping_mul(29) ^ t);
            let (mut a_a, mut a_b) = (
                std::vec![<P::VecL as PolyVec>::zero(); P::K],
                std::vec![<P::VecL as PolyVec>::zero(); P::K],
            );
            expand_a::<P, Portable>(&mut a_a, &rho);
            expand_a::<P, B>(&mut a_b, &rho);
            for (x, y) in a_a.iter().zip(&a_b) {
                assert_eq!(x.polys(), y.polys(), "ExpandA");
            }
            // With tr: a made-up "public key" starting with rho.
            let mut pk = std::vec![0u8; 1312 + 640 * usize::from(t)];
            for (i, b) in pk.iter_mut().enumerate() {
                *b = (i * 7 + usize::from(t)) as u8;
            }
            pk[..32].copy_from_slice(&rho);
            let (mut tr_a, mut tr_b) = ([0u8; 64], [0u8; 64]);
            let mut a_c = std::vec![<P::VecL as PolyVec>::zero(); P::K];
            expand_a_and_tr::<P, Portable>(&mut a_a, &pk, &mut tr_a);
            expand_a_and_tr::<P, B>(&mut a_c, &pk, &mut tr_b);
            assert_eq!(tr_a, tr_b, "tr");
            let mut tr_want = [0u8; 64];
            Shake256::digest_into(&[&pk], &mut tr_want);
            assert_eq!(tr_b, tr_want, "tr = H(pk)");
            for (x, y) in a_b.iter().zip(&a_c) {
                assert_eq!(x.polys(), y.polys(), "ExpandA with tr");
            }
            let rho_prime: [u8; 64] = core::array::from_fn(|i| (i as u8).wrapping_mul(13) ^ t);
            let (mut s1_a, mut s2_a) = (std::vec![[0i32; 256]; P::L], std::vec![[0i32; 256]; P::K]);
            let (mut s1_b, mut s2_b) = (std::vec![[0i32; 256]; P::L], std::vec![[0i32; 256]; P::K]);
            expand_s::<P, Portable>(&mut s1_a, &mut s2_a, &rho_prime);
            expand_s::<P, B>(&mut s1_b, &mut s2_b, &rho_prime);
            assert_eq!(s1_a, s1_b, "ExpandS s1");
            assert_eq!(s2_a, s2_b, "ExpandS s2");
            let mut m_a = MaskSampler::<P, Portable>::new(&rho_prime, u16::from(t) * 3);
            let mut m_b = MaskSampler::<P, B>::new(&rho_prime, u16::from(t) * 3);
            for _ in 0..5 {
                let mut y_a = std::vec![[0i32; 256]; P::L];
                let mut y_b = std::vec![[0i32; 256]; P::L];
                m_a.next_y(&mut y_a);
                m_b.next_y(&mut y_b);
                assert_eq!(y_a, y_b, "ExpandMask");
            }
        }
    }

    #[test]
    fn eight_way_samplers_match_four_way() {
        same_samples::<MlDsa44, Wide>();
        same_samples::<MlDsa65, Wide>();
        same_samples::<MlDsa87, Wide>();
        #[cfg(target_arch = "x86_64")]
        if crate::backend::Backend::Avx512.is_available() {
            use crate::ml_dsa::backend::avx512::Avx512;
            same_samples::<MlDsa44, Avx512>();
            same_samples::<MlDsa65, Avx512>();
            same_samples::<MlDsa87, Avx512>();
        }
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
