//! The FIPS 203 algorithms (the internal ones, 13-18, and SampleNTT), one function
//! each, generic over the parameter set `P`
//! and the arithmetic backend `B`. Step numbers in comments refer to FIPS 203.

use super::backend::{KemBackend, Poly};
use super::params::{ByteArray, ParameterSet, PolyArray};
use super::{DecapsulationKey, EncapsulationKey, SharedSecret};
use crate::hash::{
    MultiKeccak, Permute, SHAKE128_RATE, Sha3_256, Sha3_512, Shake128, Shake128xN, Shake256,
    Shake256xN,
};
use subtle::{ConditionallySelectable, ConstantTimeEq};
use zeroize::{Zeroize, Zeroizing};

/// A secret temporary, wiped when dropped (also on unwinding) through the
/// backend's [`KemBackend::wipe_polys`] / [`KemBackend::wipe_bytes`]: the same
/// guarantee as `Zeroizing`, with wide stores where the backend has them.
struct Wiped<T> {
    v: T,
    wipe: fn(&mut T),
}

impl<T> Wiped<T> {
    /// A polynomial, or an array of polynomials.
    fn polys<B: KemBackend>(v: T) -> Self
    where
        T: AsMut<[Poly]>,
    {
        Self {
            v,
            wipe: |x| B::wipe_polys(x.as_mut()),
        }
    }
    /// A byte array.
    fn bytes<B: KemBackend>(v: T) -> Self
    where
        T: AsMut<[u8]>,
    {
        Self {
            v,
            wipe: |x| B::wipe_bytes(x.as_mut()),
        }
    }
}

impl Wiped<Poly> {
    /// One polynomial.
    fn poly<B: KemBackend>() -> Self {
        Self {
            v: [0; 256],
            wipe: |x| B::wipe_polys(core::slice::from_mut(x)),
        }
    }
}

impl<const N: usize, const M: usize> Wiped<[[u8; N]; M]> {
    /// `M` byte rows of `N` bytes.
    fn byte_rows<B: KemBackend>() -> Self {
        Self {
            v: [[0; N]; M],
            wipe: |x| B::wipe_bytes(x.as_flattened_mut()),
        }
    }
}

impl<T> core::ops::Deref for Wiped<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.v
    }
}

impl<T> core::ops::DerefMut for Wiped<T> {
    fn deref_mut(&mut self) -> &mut T {
        &mut self.v
    }
}

impl<T> Drop for Wiped<T> {
    fn drop(&mut self) {
        (self.wipe)(&mut self.v);
    }
}

/// H(s) = SHA3-256(s) (FIPS 203 (4.4)).
pub(crate) fn hash_h(s: &[u8]) -> [u8; 32] {
    Sha3_256::digest(&[s])
}

/// G(c) = SHA3-512(c), split into two 32-byte halves (FIPS 203 (4.5)).
fn hash_g(parts: &[&[u8]]) -> (Zeroizing<[u8; 32]>, Zeroizing<[u8; 32]>) {
    let mut out = Zeroizing::new(Sha3_512::digest(parts));
    let (mut a, mut b) = (Zeroizing::new([0u8; 32]), Zeroizing::new([0u8; 32]));
    a.copy_from_slice(&out[..32]);
    b.copy_from_slice(&out[32..]);
    out.zeroize();
    (a, b)
}

/// J(s) = SHAKE256(s, 8 * 32) (FIPS 203 (4.4)): the implicit-rejection key.
fn hash_j(z: &[u8; 32], c: &[u8]) -> [u8; 32] {
    let mut out = [0u8; 32];
    Shake256::digest_into(&[z, c], &mut out);
    out
}

/// SampleNTT (FIPS 203 Algorithm 7) for `N` seeds at once (B = rho || j || i each)
/// on the `N`-way permutation: rejection sampling of a uniform NTT-domain
/// polynomial from SHAKE128(B). Seeds and outputs are public.
fn sample_ntt_xn<B: KemBackend, const N: usize>(seeds: [&[u8; 34]; N], out: &mut [Poly; N])
where
    B::Keccak: Permute<N>,
{
    const BLOCKS: usize = 3; // 504 bytes: enough for 256 samples with high probability
    let mut xof = Shake128xN::<N, B::Keccak>::new();
    xof.absorb(seeds.map(|s| &s[..]));
    let mut buf = [[0u8; BLOCKS * SHAKE128_RATE]; N];
    xof.squeeze(buf.each_mut().map(|b| &mut b[..]));
    let mut n = [0usize; N];
    for l in 0..N {
        n[l] = B::rej_uniform(&mut out[l], &buf[l]);
    }
    while n.iter().any(|&c| c < 256) {
        let mut blk = [[0u8; SHAKE128_RATE]; N];
        xof.squeeze(blk.each_mut().map(|b| &mut b[..]));
        for l in 0..N {
            n[l] += B::rej_uniform(&mut out[l][n[l]..], &blk[l]);
        }
    }
}

/// SampleNTT (FIPS 203 Algorithm 7) for one seed B = rho || j || i.
fn sample_ntt<B: KemBackend>(seed: &[u8; 34], out: &mut Poly) {
    let mut xof = Shake128::new();
    xof.absorb(seed);
    let mut buf = [0u8; 3 * SHAKE128_RATE];
    xof.squeeze(&mut buf);
    let mut n = B::rej_uniform(out, &buf);
    while n < 256 {
        let mut blk = [0u8; SHAKE128_RATE];
        xof.squeeze(&mut blk);
        n += B::rej_uniform(&mut out[n..], &blk);
    }
}

/// Algorithm 13 steps 3-7 (and Algorithm 14 steps 4-8): the matrix A-hat with
/// A-hat[i][j] = SampleNTT(rho || j || i). With `transpose`, returns A-hat^T
/// instead (entry [i][j] = SampleNTT(rho || i || j)), the form encryption uses.
/// Entries are sampled through the multi-way SHAKE128, eight at a time where the
/// backend's Keccak is 8-way ([`MultiKeccak::WAYS`]), then four at a time.
/// Writes into `a` in place (keys hold it; no matrix-sized temporary).
pub(crate) fn expand_a<P: ParameterSet, B: KemBackend>(
    rho: &[u8; 32],
    transpose: bool,
    a: &mut P::Matrix,
) {
    // Positions divide by the constant P::K (never by a captured variable: in a
    // closure the compiler may keep that as a run-time division, which the
    // division scan rejects on aarch64).
    let seed = |idx: usize| {
        let (i, j) = (idx / P::K, idx % P::K);
        let mut s = [0u8; 34];
        s[..32].copy_from_slice(rho);
        let (x, y) = if transpose { (i, j) } else { (j, i) };
        s[32] = x as u8;
        s[33] = y as u8;
        s
    };
    let total = P::K * P::K;
    let mut idx = 0;
    if <B::Keccak as MultiKeccak>::WAYS == 8 {
        while idx + 8 <= total {
            let seeds: [[u8; 34]; 8] = core::array::from_fn(|l| seed(idx + l));
            let mut polys = [[0i16; 256]; 8];
            sample_ntt_xn::<B, 8>(seeds.each_ref(), &mut polys);
            for (l, p) in polys.iter().enumerate() {
                let e = idx + l;
                a.as_mut()[e / P::K].as_mut()[e % P::K] = *p;
            }
            idx += 8;
        }
    }
    while idx + 4 <= total {
        let seeds: [[u8; 34]; 4] = core::array::from_fn(|l| seed(idx + l));
        let mut polys = [[0i16; 256]; 4];
        sample_ntt_xn::<B, 4>(seeds.each_ref(), &mut polys);
        for (l, p) in polys.iter().enumerate() {
            let e = idx + l;
            a.as_mut()[e / P::K].as_mut()[e % P::K] = *p;
        }
        idx += 4;
    }
    while idx < total {
        sample_ntt::<B>(&seed(idx), &mut a.as_mut()[idx / P::K].as_mut()[idx % P::K]);
        idx += 1;
    }
}

/// [`expand_a`] (A-hat^T when `transpose`) together with H(`ek`) = SHA3-256(ek),
/// returned: the two steps of parsing an encapsulation key. With a SIMD 4-way
/// Keccak the hash runs in one lane of the matrix expansion's permutations
/// ([`crate::hash::jobs`]) instead of on the single-state permutation afterwards;
/// otherwise the two run one after the other. Public inputs only.
pub(crate) fn expand_a_and_hash_ek<P: ParameterSet, B: KemBackend>(
    rho: &[u8; 32],
    transpose: bool,
    a: &mut P::Matrix,
    ek: &[u8],
) -> [u8; 32] {
    if B::KECCAK_X4_MIN_LANES >= 4 {
        expand_a::<P, B>(rho, transpose, a);
        return hash_h(ek);
    }
    // The hash takes about 3k blocks, the k^2 streams about 3 blocks each: with
    // four lanes (three for streams) the hash already sets the pace for k <= 3,
    // and eight lanes shorten only ML-KEM-1024's schedule (16 against 12 rounds).
    if <B::Keccak as MultiKeccak>::WAYS == 8 && P::K >= 4 {
        expand_a_and_hash_ek_n::<P, B, 8>(rho, transpose, a, ek)
    } else {
        expand_a_and_hash_ek_n::<P, B, 4>(rho, transpose, a, ek)
    }
}

/// [`expand_a_and_hash_ek`] on the `N`-way permutation (the hash in one lane).
fn expand_a_and_hash_ek_n<P: ParameterSet, B: KemBackend, const N: usize>(
    rho: &[u8; 32],
    transpose: bool,
    a: &mut P::Matrix,
    ek: &[u8],
) -> [u8; 32]
where
    B::Keccak: Permute<N>,
{
    // Indices are split with `P::K` itself, a constant in every closure body (a
    // captured copy would be a run-time divisor: the division scan forbids `div`).
    let mut counts = [0usize; 16];
    let mut h = [0u8; 32];
    crate::hash::jobs::shake128_streams_with_hash::<N, B::Keccak>(
        P::K * P::K,
        |idx| {
            let (i, j) = (idx / P::K, idx % P::K);
            let (x, y) = if transpose { (i, j) } else { (j, i) };
            let mut s = [0u8; 34];
            s[..32].copy_from_slice(rho);
            s[32] = x as u8;
            s[33] = y as u8;
            s
        },
        |idx, block| {
            let n = &mut counts[idx];
            let poly = &mut a.as_mut()[idx / P::K].as_mut()[idx % P::K];
            *n += B::rej_uniform(&mut poly[*n..], block);
            *n >= 256
        },
        ek,
        0x06,
        &mut h,
    );
    h
}

/// Samples `out.len()` noise polynomials with SamplePolyCBD_eta (FIPS 203 Algorithm 8) from
/// PRF_eta(sigma, N) = SHAKE256(sigma || N, 64 eta) (FIPS 203 (4.3)) for
/// N = nonce, nonce + 1, ...; four at a time, or up to eight at a time where the
/// backend's Keccak is 8-way ([`MultiKeccak::WAYS`]). Returns the next nonce.
fn sample_noise<'a, B: KemBackend>(
    sigma: &[u8; 32],
    eta: usize,
    nonce: u8,
    out: impl IntoIterator<Item = &'a mut Poly>,
) -> u8 {
    let out = out.into_iter();
    // Eight lanes only pay for more than four polynomials (the callers' iterators
    // are chained slices, whose size hint is exact; speed only, never results).
    if <B::Keccak as MultiKeccak>::WAYS == 8 && out.size_hint().0 > 4 {
        sample_noise_n::<B, 8>(sigma, eta, nonce, out)
    } else {
        sample_noise_n::<B, 4>(sigma, eta, nonce, out)
    }
}

/// [`sample_noise`] in groups of up to `N` (4 or 8): a group of more than four on
/// the `N`-way permutation, a smaller one on the 4-way one (or one at a time, below
/// [`KemBackend::KECCAK_X4_MIN_LANES`]).
fn sample_noise_n<'a, B: KemBackend, const N: usize>(
    sigma: &[u8; 32],
    eta: usize,
    nonce: u8,
    out: impl IntoIterator<Item = &'a mut Poly>,
) -> u8
where
    B::Keccak: Permute<N>,
{
    const { assert!(N == 4 || N == 8) };
    let len = 64 * eta;
    let mut buf = Wiped::<[[u8; 64 * 3]; N]>::byte_rows::<B>();
    let mut n = nonce;
    let mut out = out.into_iter().peekable();
    while out.peek().is_some() {
        // The next group of up to N destinations.
        let mut group: [Option<&mut Poly>; N] = core::array::from_fn(|_| None);
        let mut count = 0;
        for slot in group.iter_mut() {
            *slot = out.next();
            count += usize::from(slot.is_some());
        }
        let mut inputs = Wiped::<[[u8; 33]; N]>::byte_rows::<B>();
        for (l, inp) in inputs.iter_mut().enumerate() {
            inp[..32].copy_from_slice(sigma);
            inp[32] = n.wrapping_add(l as u8);
        }
        if count > 4 {
            // Only with N = 8: unused lanes squeeze into scratch rows.
            let mut xof = Shake256xN::<N, B::Keccak>::new();
            xof.absorb(inputs.each_ref().map(|i| &i[..]));
            xof.squeeze(buf.each_mut().map(|b| &mut b[..len]));
        } else if count >= B::KECCAK_X4_MIN_LANES.min(4) {
            // A partial group still goes through the 4-way Keccak when the
            // backend's is cheap enough (unused lanes squeeze into scratch rows).
            let mut xof = Shake256xN::<4, B::Keccak>::new();
            xof.absorb(core::array::from_fn(|l| &inputs[l][..]));
            let [b0, b1, b2, b3, ..] = &mut buf[..] else {
                // Unreachable: `N` is 4 or 8 (checked at compile time above).
                return n;
            };
            xof.squeeze([
                &mut b0[..len],
                &mut b1[..len],
                &mut b2[..len],
                &mut b3[..len],
            ]);
        } else {
            for (l, b) in buf.iter_mut().take(count).enumerate() {
                Shake256::digest_into(&[sigma, &[n.wrapping_add(l as u8)]], &mut b[..len]);
            }
        }
        for (l, p) in group.into_iter().flatten().enumerate() {
            B::cbd(eta, &buf[l][..len], p);
        }
        n = n.wrapping_add(count as u8);
    }
    n
}

/// K-PKE.KeyGen(d) (FIPS 203 Algorithm 13), writing the encryption key (and its decoded and
/// expanded forms, so that nothing is parsed or sampled twice) into `ek` and the
/// canonical NTT-domain secret s-hat into `s_hat`. `ek.h` is left for the caller.
pub(crate) fn kpke_keygen<P: ParameterSet, B: KemBackend>(
    d: &[u8; 32],
    ek: &mut EncapsulationKey<P>,
    s_hat: &mut P::PolyVec,
) {
    // 1: (rho, sigma) = G(d || k)
    let (mut rho, sigma) = hash_g(&[d, &[P::K as u8]]);
    crate::ctgrind::declassify(&mut rho[..]); // rho is public: it is part of ek
    // 3-7: A-hat, generated directly in the transposed layout that encryption uses
    // (ek.a_t[j][i] = A-hat[i][j]); row i of A-hat is gathered below when needed.
    expand_a::<P, B>(&rho, true, &mut ek.a_t);
    // 8-15: s, e from CBD_eta1 with N = 0 .. 2k-1, sampled together (full groups
    // for the 4-way Keccak)
    let mut e = Wiped::polys::<B>(P::PolyVec::zeroed());
    let e = e.as_mut();
    sample_noise::<B>(
        &sigma,
        P::ETA1,
        0,
        s_hat.as_mut().iter_mut().chain(e.iter_mut()),
    );
    // 16-17: s-hat = NTT(s), e-hat = NTT(e)
    for p in s_hat.as_mut() {
        B::ntt(p);
    }
    for p in e.iter_mut() {
        B::ntt(p);
    }
    // 18: t-hat = A-hat o s-hat + e-hat
    let mut row = P::PolyVec::zeroed();
    for (i, t) in ek.t_hat.as_mut().iter_mut().enumerate() {
        for (j, r) in row.as_mut().iter_mut().enumerate() {
            *r = ek.a_t.as_ref()[j].as_ref()[i];
        }
        B::basemul_acc(t, row.as_ref(), s_hat.as_ref());
        B::to_mont(t);
        B::add(t, &e[i]);
        B::reduce(t);
    }
    for p in s_hat.as_mut() {
        B::reduce(p);
    }
    // 19: ek = ByteEncode12(t-hat) || rho
    let bytes = ek.bytes.as_mut();
    for (i, t) in ek.t_hat.as_ref().iter().enumerate() {
        B::encode12(t, &mut bytes[384 * i..384 * (i + 1)]);
    }
    bytes[384 * P::K..].copy_from_slice(&rho[..]);
}

/// K-PKE.Encrypt(ek, m, r) (FIPS 203 Algorithm 14), with ek already decoded (t-hat and
/// A-hat^T precomputed once per key).
pub(crate) fn kpke_encrypt<P: ParameterSet, B: KemBackend>(
    ek: &EncapsulationKey<P>,
    m: &[u8; 32],
    r: &[u8; 32],
    ct: &mut [u8],
) {
    debug_assert_eq!(ct.len(), P::CT_SIZE);
    // 9-16: y, e1 from CBD_eta1 / CBD_eta2; 17-18: e2. With N = 0 .. 2k, in one
    // call when eta1 = eta2 (full groups for the 4-way Keccak).
    let mut y = Wiped::polys::<B>(P::PolyVec::zeroed());
    let mut e1 = Wiped::polys::<B>(P::PolyVec::zeroed());
    let mut e2 = Wiped::poly::<B>();
    let (y, e1, e2) = (y.as_mut(), e1.as_mut(), &mut *e2);
    if P::ETA1 == P::ETA2 {
        let all = y
            .iter_mut()
            .chain(e1.iter_mut())
            .chain(core::iter::once(&mut *e2));
        sample_noise::<B>(r, P::ETA1, 0, all);
    } else {
        let n = sample_noise::<B>(r, P::ETA1, 0, y.iter_mut());
        let rest = e1.iter_mut().chain(core::iter::once(&mut *e2));
        sample_noise::<B>(r, P::ETA2, n, rest);
    }
    let (e1, e2): (&[Poly], &Poly) = (e1, e2);
    // 19: y-hat = NTT(y)
    for p in y.iter_mut() {
        B::ntt(p);
    }
    let (c1, c2) = ct.split_at_mut(32 * P::DU * P::K);
    // 20: u = NTT^-1(A-hat^T o y-hat) + e1; 22: c1 = ByteEncode_du(Compress_du(u))
    let mut u = Wiped::poly::<B>();
    for i in 0..P::K {
        B::basemul_acc(&mut u, ek.a_t.as_ref()[i].as_ref(), y);
        B::inv_ntt(&mut u);
        B::add(&mut u, &e1[i]);
        B::reduce(&mut u);
        B::compress_encode(P::DU, &u, &mut c1[32 * P::DU * i..32 * P::DU * (i + 1)]);
    }
    // 21: mu = Decompress_1(ByteDecode_1(m)), in u's place (u is done)
    let mu = &mut *u;
    B::decode_decompress(1, m, mu);
    // 21: v = NTT^-1(t-hat^T o y-hat) + e2 + mu; 23: c2 = ByteEncode_dv(Compress_dv(v))
    let mut v = Wiped::poly::<B>();
    B::basemul_acc(&mut v, ek.t_hat.as_ref(), y);
    B::inv_ntt(&mut v);
    B::add(&mut v, e2);
    B::add(&mut v, mu);
    B::reduce(&mut v);
    B::compress_encode(P::DV, &v, c2);
}

/// K-PKE.Decrypt(dk, c) (FIPS 203 Algorithm 15), with dk already decoded to s-hat.
pub(crate) fn kpke_decrypt<P: ParameterSet, B: KemBackend>(
    s_hat: &P::PolyVec,
    ct: &P::CtBytes,
) -> Zeroizing<[u8; 32]> {
    let (c1, c2) = ct.as_ref().split_at(32 * P::DU * P::K);
    // 3: u' = Decompress_du(ByteDecode_du(c1)), then NTT(u')
    let mut u = Wiped::polys::<B>(P::PolyVec::zeroed());
    for (i, p) in u.as_mut().iter_mut().enumerate() {
        B::decode_decompress(P::DU, &c1[32 * P::DU * i..32 * P::DU * (i + 1)], p);
        B::ntt(p);
    }
    // 4: v' = Decompress_dv(ByteDecode_dv(c2))
    let mut w = Wiped::poly::<B>();
    B::decode_decompress(P::DV, c2, &mut w);
    // 6: w = v' - NTT^-1(s-hat^T o NTT(u'))
    let mut t = Wiped::poly::<B>();
    B::basemul_acc(&mut t, s_hat.as_ref(), u.as_ref());
    B::inv_ntt(&mut t);
    B::sub(&mut w, &t);
    B::reduce(&mut w);
    // 7: m = ByteEncode_1(Compress_1(w))
    let mut m = Zeroizing::new([0u8; 32]);
    B::compress_encode(1, &w, &mut m[..]);
    m
}

/// ML-KEM.KeyGen_internal(d, z) (FIPS 203 Algorithm 16), written into `dk` in place (a key
/// is several KiB: building it where it will live avoids copying it around).
pub(crate) fn keygen_internal<P: ParameterSet, B: KemBackend>(
    d: &[u8; 32],
    z: &[u8; 32],
    dk: &mut DecapsulationKey<P>,
) {
    // 1: (ek_PKE, dk_PKE) = K-PKE.KeyGen(d)
    kpke_keygen::<P, B>(d, &mut dk.ek, &mut dk.s_hat);
    dk.ek.h = hash_h(dk.ek.bytes.as_ref());
    // 2-3: ek = ek_PKE; dk = dk_PKE || ek || H(ek) || z
    dk.z.copy_from_slice(z);
    dk.encode::<B>();
}

/// Wipes the secret parts of a decapsulation key (s-hat, z, the encoding and the
/// seed) through the backend ([`KemBackend::wipe_polys`], [`KemBackend::wipe_bytes`]).
pub(crate) fn wipe_secrets<P: ParameterSet, B: KemBackend>(dk: &mut DecapsulationKey<P>) {
    B::wipe_polys(dk.s_hat.as_mut());
    B::wipe_bytes(&mut dk.z);
    B::wipe_bytes(dk.dk_bytes.as_mut());
    if let Some(s) = dk.seed.as_mut() {
        B::wipe_bytes(s);
    }
}

/// ByteDecode_12 (FIPS 203 Algorithm 6) of the first k 384-byte chunks of `bytes` into
/// `out`; returns true iff every 12-bit value was below q (the section 7.2
/// modulus check, computed without branching on the data).
pub(crate) fn decode12_vec<P: ParameterSet, B: KemBackend>(
    bytes: &[u8],
    out: &mut P::PolyVec,
) -> bool {
    let mut ok = true;
    for (chunk, p) in bytes[..384 * P::K].chunks_exact(384).zip(out.as_mut()) {
        ok &= B::decode12(chunk, p);
    }
    ok
}

/// Constant-time equality of two equal-length byte strings: one OR-accumulated
/// XOR over 64-bit words, then a single [`ConstantTimeEq`] (the slice `ct_eq` of
/// `subtle` pays an optimization barrier per byte).
fn ct_eq_bytes(a: &[u8], b: &[u8]) -> subtle::Choice {
    debug_assert_eq!(a.len(), b.len());
    let (aw, ar) = a.as_chunks::<8>();
    let (bw, br) = b.as_chunks::<8>();
    let mut acc = 0u64;
    for (x, y) in aw.iter().zip(bw) {
        acc |= u64::from_ne_bytes(*x) ^ u64::from_ne_bytes(*y);
    }
    for (x, y) in ar.iter().zip(br) {
        acc |= u64::from(x ^ y);
    }
    acc.ct_eq(&0)
}

/// ML-KEM.Encaps_internal(ek, m) (FIPS 203 Algorithm 17).
pub(crate) fn encaps_internal<P: ParameterSet, B: KemBackend>(
    ek: &EncapsulationKey<P>,
    m: &[u8; 32],
    ct: &mut [u8],
) -> SharedSecret {
    // 1: (K, r) = G(m || H(ek))
    let (k, r) = hash_g(&[m, &ek.h]);
    // 2: c = K-PKE.Encrypt(ek, m, r)
    kpke_encrypt::<P, B>(ek, m, &r, ct);
    SharedSecret::from_array(&k)
}

/// ML-KEM.Decaps_internal(dk, c) (FIPS 203 Algorithm 18): implicit rejection in constant time.
pub(crate) fn decaps_internal<P: ParameterSet, B: KemBackend>(
    dk: &DecapsulationKey<P>,
    c: &P::CtBytes,
) -> SharedSecret {
    // 5: m' = K-PKE.Decrypt(dk_PKE, c)
    let m = kpke_decrypt::<P, B>(&dk.s_hat, c);
    // 6: (K', r') = G(m' || h)
    let (mut k, r) = hash_g(&[&m[..], &dk.ek.h]);
    // 7: K-bar = J(z || c)
    let k_bar = Zeroizing::new(hash_j(&dk.z, c.as_ref()));
    // 8: c' = K-PKE.Encrypt(ek_PKE, m', r')
    let mut c2 = Wiped::bytes::<B>(P::CtBytes::zeroed());
    kpke_encrypt::<P, B>(&dk.ek, &m, &r, c2.as_mut());
    // 9-11: if c != c' then K' = K-bar (constant-time compare and select)
    let equal = ct_eq_bytes(c.as_ref(), c2.as_ref());
    for (kb, rb) in k.iter_mut().zip(k_bar.iter()) {
        *kb = u8::conditional_select(rb, kb, equal);
    }
    SharedSecret::from_array(&k)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ml_kem::backend::Portable;
    use crate::ml_kem::{MlKem512, MlKem768, MlKem1024};

    /// The portable arithmetic with partial 4-way Keccak groups allowed down to one
    /// lane: exercises the scratch-lane path of `sample_noise`.
    struct PartialX4;

    impl crate::ml_kem::backend::KemKernels for PartialX4 {
        type Token = crate::backend::cpu::Portable;
        type Fallback = Portable;
        type Keccak = crate::hash::Portable;
        const KECCAK_X4_MIN_LANES: usize = 1;
        const NATIVE: &'static [&'static str] = &[];
    }

    /// The portable arithmetic on an 8-way Keccak (`WAYS = 8`, portable
    /// permutation), with partial 4-way groups down to `MIN` lanes: exercises the
    /// 8-way paths of `expand_a`, `sample_noise` and `expand_a_and_hash_ek`.
    struct Wide<const MIN: usize>;

    impl<const MIN: usize> crate::ml_kem::backend::KemKernels for Wide<MIN> {
        type Token = crate::backend::cpu::Portable;
        type Fallback = Portable;
        type Keccak = crate::hash::keccak::PortableWide;
        const KECCAK_X4_MIN_LANES: usize = MIN;
        const NATIVE: &'static [&'static str] = &[];
    }

    fn same_results<P: ParameterSet, B: KemBackend>() {
        for seed in 0..4u8 {
            let (d, z, m) = ([seed; 32], [seed ^ 0x55; 32], [seed ^ 0xAA; 32]);
            let mut dk_a = DecapsulationKey::<P>::empty();
            let mut dk_b = DecapsulationKey::<P>::empty();
            keygen_internal::<P, Portable>(&d, &z, &mut dk_a);
            keygen_internal::<P, B>(&d, &z, &mut dk_b);
            assert_eq!(dk_a.dk_bytes.as_ref(), dk_b.dk_bytes.as_ref());
            let (mut ct_a, mut ct_b) = (P::CtBytes::zeroed(), P::CtBytes::zeroed());
            let k_a = encaps_internal::<P, Portable>(&dk_a.ek, &m, ct_a.as_mut());
            let k_b = encaps_internal::<P, B>(&dk_b.ek, &m, ct_b.as_mut());
            assert_eq!(ct_a.as_ref(), ct_b.as_ref());
            assert_eq!(k_a.as_bytes(), k_b.as_bytes());
            // Parsing the key: A-hat (both layouts) and H(ek) together.
            let ek = dk_a.ek.bytes.as_ref();
            let mut rho = [0u8; 32];
            rho.copy_from_slice(&ek[384 * P::K..]);
            for transpose in [false, true] {
                let (mut a_a, mut a_b) = (P::Matrix::zeroed(), P::Matrix::zeroed());
                let h_a = expand_a_and_hash_ek::<P, Portable>(&rho, transpose, &mut a_a, ek);
                let h_b = expand_a_and_hash_ek::<P, B>(&rho, transpose, &mut a_b, ek);
                assert_eq!(h_a, h_b);
                assert_eq!(h_a, hash_h(ek));
                for (ra, rb) in a_a.as_ref().iter().zip(a_b.as_ref()) {
                    assert_eq!(ra.as_ref(), rb.as_ref());
                }
            }
        }
    }

    #[test]
    fn partial_keccak_groups_give_identical_results() {
        same_results::<MlKem512, PartialX4>();
        same_results::<MlKem768, PartialX4>();
        same_results::<MlKem1024, PartialX4>();
    }

    #[test]
    fn eight_way_keccak_gives_identical_results() {
        same_results::<MlKem512, Wide<1>>();
        same_results::<MlKem768, Wide<1>>();
        same_results::<MlKem1024, Wide<1>>();
        same_results::<MlKem512, Wide<4>>();
        same_results::<MlKem768, Wide<4>>();
        same_results::<MlKem1024, Wide<4>>();
        #[cfg(target_arch = "x86_64")]
        if crate::backend::Backend::Avx512.is_available() {
            type Avx512 = crate::ml_kem::backend::Avx2<crate::hash::Avx512x8>;
            same_results::<MlKem512, Avx512>();
            same_results::<MlKem768, Avx512>();
            same_results::<MlKem1024, Avx512>();
        }
    }
}
