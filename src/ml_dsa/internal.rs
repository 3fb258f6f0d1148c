//! The ML-DSA algorithms of FIPS 204, written once, generic over the parameter set
//! `P` and the arithmetic backend `B`: Algorithms 1-8 (key generation, signing and
//! verification, external and internal), on top of the encodings (`super::encode`,
//! Algorithms 16-28), the samplers (`super::sample`, Algorithms 29-34) and the
//! backend (`super::backend`, Algorithms 35-49).
//!
//! Data flow (all without heap allocation): a signing key is expanded once into
//! [`ExpandedSigningKey`] (A-hat, NTT(s1), NTT(s2), NTT(t0)); `sign_internal` then
//! only samples y, multiplies and checks. Intermediate polynomials are reused in
//! place so that ML-DSA-87 signing needs under 60 KiB of stack (see
//! `docs/ml-dsa-stack.md`).

use super::backend::DsaBackend;
use super::encode;
use super::params::{self, MAX_K, MAX_W1_BYTES, ParameterSet, Poly, PolyMatrix, PolyVec};
use super::sample;
use crate::ctgrind::{declassified, declassify};
use crate::hash::Shake256;
use subtle::ConstantTimeEq;
use zeroize::Zeroize;

/// A signing key expanded for signing: everything Algorithm 7 needs, with the NTT
/// forms of lines 5-7 and the matrix of line 5 computed once.
pub(crate) struct ExpandedSigningKey<P: ParameterSet> {
    /// rho (public seed of A).
    pub(crate) rho: [u8; 32],
    /// K (the private seed of rho'').
    pub(crate) key: [u8; 32],
    /// tr = H(pk, 64).
    pub(crate) tr: [u8; 64],
    /// A-hat = ExpandA(rho), coefficients in [0, q).
    pub(crate) a_hat: P::Matrix,
    /// NTT(s1), reduced (|x| <= 6283008).
    pub(crate) s1_hat: P::VecL,
    /// NTT(s2), reduced.
    pub(crate) s2_hat: P::VecK,
    /// NTT(t0), reduced.
    pub(crate) t0_hat: P::VecK,
}

impl<P: ParameterSet> Clone for ExpandedSigningKey<P> {
    fn clone(&self) -> Self {
        Self {
            rho: self.rho,
            key: self.key,
            tr: self.tr,
            a_hat: self.a_hat.clone(),
            s1_hat: self.s1_hat.clone(),
            s2_hat: self.s2_hat.clone(),
            t0_hat: self.t0_hat.clone(),
        }
    }
}

impl<P: ParameterSet> ExpandedSigningKey<P> {
    /// Wipes the secret parts (A-hat and rho are public).
    pub(crate) fn zeroize_secrets(&mut self) {
        self.key.zeroize();
        wipe_polys(self.s1_hat.polys_mut());
        wipe_polys(self.s2_hat.polys_mut());
        wipe_polys(self.t0_hat.polys_mut());
    }
}

/// Zeroizes polynomials through one flat slice. `zeroize` wipes a slice of integers
/// with a bulk fill followed by an optimization barrier, but an array (of arrays)
/// element by element, one volatile store and a fence each: several times slower
/// for a key's vectors, with the same guarantee.
pub(crate) fn wipe_polys(p: &mut [Poly]) {
    p.as_flattened_mut().zeroize();
}

/// A verifying key expanded for verification (Algorithm 8, lines 1-2, 5 and 9 done once).
pub(crate) struct ExpandedVerifyingKey<P: ParameterSet> {
    /// tr = H(pk, 64).
    pub(crate) tr: [u8; 64],
    /// A-hat = ExpandA(rho), coefficients in [0, q).
    pub(crate) a_hat: P::Matrix,
    /// NTT(t1 * 2^d), reduced.
    pub(crate) t1_hat: P::VecK,
}

impl<P: ParameterSet> Clone for ExpandedVerifyingKey<P> {
    fn clone(&self) -> Self {
        Self {
            tr: self.tr,
            a_hat: self.a_hat.clone(),
            t1_hat: self.t1_hat.clone(),
        }
    }
}

/// H = SHAKE256 (FIPS 204 section 3.7) over the concatenation of `parts`.
fn h(parts: &[&[u8]], out: &mut [u8]) {
    Shake256::digest_into(parts, out);
}

/// NTT of every polynomial, followed by reduce (so that |x| <= 6283008 < q).
fn ntt_reduced<B: DsaBackend>(v: &mut [Poly]) {
    for p in v {
        B::ntt(p);
        B::reduce(p);
    }
}

/// Row i of t = NTT^-1(A-hat o NTT(s1)) + s2, in [0, q) (Algorithm 6, line 5, with
/// the inner product of Algorithm 48).
fn compute_t_row<B: DsaBackend>(t: &mut Poly, a_row: &[Poly], s1_hat: &[Poly], s2_i: &Poly) {
    B::pointwise_acc_montgomery(t, a_row, s1_hat);
    finish_t_row::<B>(t, s2_i);
}

/// The end of [`compute_t_row`]: from the NTT-domain product of row i (|x| < q) to
/// t_i = NTT^-1(product) + s2_i, in [0, q).
fn finish_t_row<B: DsaBackend>(t: &mut Poly, s2_i: &Poly) {
    B::inv_ntt(t);
    B::add(t, s2_i);
    B::reduce(t);
    B::mod_q(t);
}

/// skEncode's s1 and s2 parts (Algorithm 24): BitPack(s1[i], eta, eta) and
/// BitPack(s2[i], eta, eta) into `sk_out` from byte 128 on.
fn pack_s<P: ParameterSet, B: DsaBackend>(sk_out: &mut [u8], s1: &[Poly], s2: &[Poly]) {
    for (chunk, s) in sk_out[128..sk_t0_offset::<P>()]
        .chunks_exact_mut(32 * P::ETA_BITS)
        .zip(s1.iter().chain(s2))
    {
        encode::bit_pack::<B>(chunk, s, P::ETA, P::ETA_BITS);
    }
}

/// pkEncode's row i (Algorithm 22): SimpleBitPack(t1_i, 2^10 - 1) into `pk_out`.
fn pack_t1_row<B: DsaBackend>(pk_out: &mut [u8], i: usize, t1: &Poly) {
    let row = 32 * encode::T1_BITS;
    encode::simple_bit_pack::<B>(
        &mut pk_out[32 + i * row..32 + (i + 1) * row],
        t1,
        encode::T1_BITS,
    );
}

/// skEncode's row i of t0 (Algorithm 24): BitPack(t0_i, 2^12 - 1, 2^12) into `sk_out`.
fn pack_t0_row<P: ParameterSet, B: DsaBackend>(sk_out: &mut [u8], i: usize, t0: &Poly) {
    let off = sk_t0_offset::<P>() + i * 32 * encode::T0_BITS;
    encode::bit_pack::<B>(
        &mut sk_out[off..off + 32 * encode::T0_BITS],
        t0,
        encode::T0_B,
        encode::T0_BITS,
    );
}

impl<P: ParameterSet> ExpandedSigningKey<P> {
    /// An all-zero key, to be filled in place by [`keygen_internal`] or
    /// [`expand_signing_key`] (keys are large: building them in place keeps the stack
    /// small).
    #[inline(always)]
    pub(crate) fn zeroed() -> Self {
        Self {
            rho: [0; 32],
            key: [0; 32],
            tr: [0; 64],
            a_hat: P::Matrix::zero(),
            s1_hat: P::VecL::zero(),
            s2_hat: P::VecK::zero(),
            t0_hat: P::VecK::zero(),
        }
    }
}

/// R^2 mod q (R = 2^32, the Montgomery factor) in every coefficient: the pointwise
/// Montgomery product with it multiplies by R.
const R2_POLY: Poly = [((1u128 << 64) % super::backend::Q as u128) as i32; 256];

/// Byte offsets in the signing key encoding (Algorithm 24): s1 || s2 starts at 128,
/// t0 after them.
fn sk_t0_offset<P: ParameterSet>() -> usize {
    128 + (P::K + P::L) * 32 * P::ETA_BITS
}

/// ML-DSA.KeyGen_internal (Algorithm 6): the key pair determined by the seed xi,
/// written in place into `sk` (expanded), `sk_bytes` (skEncode) and `pk_bytes`
/// (pkEncode).
///
/// Lines 5-6 and the t1 / t0 parts of lines 8 and 10 run one row at a time, so that
/// t, t1 and t0 are never held whole: row i of t is computed, split by Power2Round,
/// packed into pk and sk, and NTT(t0_i) stored for signing.
///
/// With `vk_t1_hat`, also the verifying key's cache NTT(t1 * 2^d), without an NTT of
/// its own: since t = t1 * 2^d + t0 and t = A * s1 + s2, NTT(t1 * 2^d) equals
/// NTT(A * s1) plus NTT(s2) minus NTT(t0). NTT(A * s1) is R times the NTT-domain
/// product already computed for t (R = 2^32 mod q: the Montgomery factor the product
/// carries, removed), NTT(s2) and NTT(t0) are the signing key's caches. The result
/// is congruent mod q to what [`expand_verifying_key_t1`] computes from the
/// encoding, with the same bound (reduced), which is all that verification relies on.
pub(crate) fn keygen_internal<P: ParameterSet, B: DsaBackend>(
    xi: &[u8; 32],
    sk: &mut ExpandedSigningKey<P>,
    sk_bytes: &mut P::SigningKeyBytes,
    pk_bytes: &mut P::VerifyingKeyBytes,
    mut vk_t1_hat: Option<&mut P::VecK>,
) {
    // Line 1: (rho, rho', K) = H(xi || IntegerToBytes(k, 1) || IntegerToBytes(l, 1), 128).
    let mut expanded = [0u8; 128];
    h(&[xi, &[P::K as u8, P::L as u8]], &mut expanded);
    let mut rho_prime = [0u8; 64];
    sk.rho.copy_from_slice(&expanded[..32]);
    rho_prime.copy_from_slice(&expanded[32..96]);
    sk.key.copy_from_slice(&expanded[96..]);
    expanded.zeroize();
    // rho is public by design (it is the first part of pk), and ExpandA's rejection
    // sampling branches on the stream it seeds.
    declassify(&mut sk.rho);
    // Line 3: A-hat = ExpandA(rho).
    sample::expand_a::<P, B>(sk.a_hat.rows_mut(), &sk.rho);
    // Line 4: (s1, s2) = ExpandS(rho'), held in the NTT slots until transformed.
    sample::expand_s::<P, B>(sk.s1_hat.polys_mut(), sk.s2_hat.polys_mut(), &rho_prime);
    rho_prime.zeroize();
    // Line 10, s1 and s2 parts: BitPack(s1[i], eta, eta), BitPack(s2[i], eta, eta).
    let sk_out = sk_bytes.as_mut();
    pack_s::<P, B>(sk_out, sk.s1_hat.polys(), sk.s2_hat.polys());
    // Line 5: NTT(s1).
    ntt_reduced::<B>(sk.s1_hat.polys_mut());
    // Lines 5, 6, 8 (t1) and 10 (t0), row by row.
    let mut t: Poly = [0; 256];
    let mut t1: Poly = [0; 256];
    let pk_out = pk_bytes.as_mut();
    pk_out[..32].copy_from_slice(&sk.rho);
    for (i, ((row, s2_i), t0_hat_i)) in sk
        .a_hat
        .rows()
        .iter()
        .zip(sk.s2_hat.polys_mut())
        .zip(sk.t0_hat.polys_mut())
        .enumerate()
    {
        // t <- NTT-domain product A-hat[i] o NTT(s1) (times R^-1); with a verifying
        // key to fill, keep R times it, NTT(A * s1)[i], in that key's t1 slot.
        B::pointwise_acc_montgomery(&mut t, row.polys(), sk.s1_hat.polys());
        if let Some(vt) = vk_t1_hat.as_deref_mut() {
            B::pointwise_montgomery(&mut vt.polys_mut()[i], &t, &R2_POLY);
        }
        finish_t_row::<B>(&mut t, s2_i);
        B::power2round(&mut t1, t0_hat_i, &t);
        pack_t1_row::<B>(pk_out, i, &t1);
        pack_t0_row::<P, B>(sk_out, i, t0_hat_i);
        // NTT forms used by every signature (Algorithm 7, lines 5-7).
        B::ntt(t0_hat_i);
        B::reduce(t0_hat_i);
        B::ntt(s2_i);
        B::reduce(s2_i);
        // NTT(t1 * 2^d)[i] = NTT(A * s1)[i] + NTT(s2)[i] - NTT(t0)[i] (|x| < q + 2 *
        // 6283008 before the reduction).
        if let Some(vt) = vk_t1_hat.as_deref_mut() {
            let x = &mut vt.polys_mut()[i];
            B::add(x, s2_i);
            B::sub(x, t0_hat_i);
            B::reduce(x);
        }
    }
    wipe_polys(core::slice::from_mut(&mut t));
    // Line 9: tr = H(pk, 64); line 10: rho || K || tr.
    h(&[pk_out], &mut sk.tr);
    sk_out[..32].copy_from_slice(&sk.rho);
    sk_out[32..64].copy_from_slice(&sk.key);
    sk_out[64..128].copy_from_slice(&sk.tr);
}

/// ML-DSA.KeyGen_internal (Algorithm 6) to the two encodings only: `sk_out`
/// (skEncode, `P::SIGNING_KEY_SIZE` bytes) and `pk_out` (pkEncode,
/// `P::VERIFYING_KEY_SIZE` bytes), the same bytes [`keygen_internal`] writes,
/// without the expanded key. The caller checks the lengths.
///
/// The matrix is never held: ExpandA's entries arrive a batch at a time
/// ([`sample::expand_a_runs`]) and are multiplied into the NTT-domain accumulator of
/// their row at once; a row complete, t's row i is finished (lines 5-6), split by
/// Power2Round and packed (lines 7, 8 and 10), as in [`keygen_internal`]. No NTT of
/// s2 or t0 (those are only for signing), no copy of A.
pub(crate) fn keygen_encoded<P: ParameterSet, B: DsaBackend>(
    xi: &[u8; 32],
    sk_out: &mut [u8],
    pk_out: &mut [u8],
) {
    // Line 1: (rho, rho', K) = H(xi || IntegerToBytes(k, 1) || IntegerToBytes(l, 1), 128).
    let mut expanded = [0u8; 128];
    h(&[xi, &[P::K as u8, P::L as u8]], &mut expanded);
    let mut rho = [0u8; 32];
    let mut rho_prime = [0u8; 64];
    rho.copy_from_slice(&expanded[..32]);
    rho_prime.copy_from_slice(&expanded[32..96]);
    // Line 10, first parts: rho || K (tr follows once pk is complete).
    sk_out[..32].copy_from_slice(&rho);
    sk_out[32..64].copy_from_slice(&expanded[96..]);
    expanded.zeroize();
    // rho is public by design (see `keygen_internal`).
    declassify(&mut rho);
    // Line 4: (s1, s2) = ExpandS(rho').
    let mut s1 = P::VecL::zero();
    let mut s2 = P::VecK::zero();
    sample::expand_s::<P, B>(s1.polys_mut(), s2.polys_mut(), &rho_prime);
    rho_prime.zeroize();
    // Line 10, s1 and s2 parts.
    pack_s::<P, B>(sk_out, s1.polys(), s2.polys());
    // Line 5: NTT(s1) (|x| < 9q, what the products below accept: no reduction).
    for p in s1.polys_mut() {
        B::ntt(p);
    }
    // Lines 3, 5, 6, 8 (t1) and 10 (t0): A-hat row by row as it is sampled. The
    // runs come in row-major order, so one accumulator serves: row i's runs all
    // arrive before row i + 1's.
    pk_out[..32].copy_from_slice(&rho);
    let mut acc: Poly = [0; 256];
    let mut part: Poly = [0; 256];
    let mut t1: Poly = [0; 256];
    sample::expand_a_runs::<P, B>(&rho, |i, s, entries| {
        let t = &mut acc;
        let s1_hat = &s1.polys()[s..s + entries.len()];
        if s == 0 {
            B::pointwise_acc_montgomery(t, entries, s1_hat);
        } else {
            B::pointwise_acc_montgomery(&mut part, entries, s1_hat);
            B::add(t, &part);
            B::reduce(t);
        }
        if s + entries.len() < P::L {
            return;
        }
        // Row i of A-hat o NTT(s1) is complete: t_i = NTT^-1(.) + s2_i, in [0, q).
        finish_t_row::<B>(t, &s2.polys()[i]);
        // t0 into `part` (free once the row is complete).
        B::power2round(&mut t1, &mut part, t);
        pack_t1_row::<B>(pk_out, i, &t1);
        pack_t0_row::<P, B>(sk_out, i, &part);
    });
    wipe_polys(core::slice::from_mut(&mut acc));
    wipe_polys(core::slice::from_mut(&mut part));
    wipe_polys(s1.polys_mut());
    wipe_polys(s2.polys_mut());
    // Line 9: tr = H(pk, 64), the last part of line 10.
    h(&[pk_out], &mut sk_out[64..128]);
}

/// skDecode (Algorithm 25) plus the expansion of Algorithm 7 lines 1-5, in place, with
/// the full consistency check of the encoding: s1 and s2 in [-eta, eta], and the t0
/// and tr embedded in the key equal to those recomputed from (rho, s1, s2). Also
/// writes the verifying key encoding. Returns whether the key is valid.
///
/// Only the single valid/invalid bit is declassified (whether a key parses is
/// public); the checks themselves are constant time.
pub(crate) fn expand_signing_key<P: ParameterSet, B: DsaBackend>(
    sk_in: &[u8],
    sk: &mut ExpandedSigningKey<P>,
    pk_bytes: &mut P::VerifyingKeyBytes,
) -> bool {
    sk.rho.copy_from_slice(&sk_in[..32]);
    sk.key.copy_from_slice(&sk_in[32..64]);
    sk.tr.copy_from_slice(&sk_in[64..128]);
    // rho is public (it is also part of pk).
    declassify(&mut sk.rho);
    let mut bad = 0u32;
    let eb = 32 * P::ETA_BITS;
    let t0_start = sk_t0_offset::<P>();
    for (chunk, s) in sk_in[128..t0_start].chunks_exact(eb).zip(
        sk.s1_hat
            .polys_mut()
            .iter_mut()
            .chain(sk.s2_hat.polys_mut()),
    ) {
        bad |= encode::bit_unpack(s, chunk, P::ETA, P::ETA_BITS, 2 * P::ETA as u32);
    }
    sample::expand_a::<P, B>(sk.a_hat.rows_mut(), &sk.rho);
    ntt_reduced::<B>(sk.s1_hat.polys_mut());
    let mut t: Poly = [0; 256];
    let mut t1: Poly = [0; 256];
    let mut t0: Poly = [0; 256];
    let mut t0_ok = subtle::Choice::from(1u8);
    let pk_out = pk_bytes.as_mut();
    pk_out[..32].copy_from_slice(&sk.rho);
    for (i, ((row, s2_i), t0_hat_i)) in sk
        .a_hat
        .rows()
        .iter()
        .zip(sk.s2_hat.polys_mut())
        .zip(sk.t0_hat.polys_mut())
        .enumerate()
    {
        compute_t_row::<B>(&mut t, row.polys(), sk.s1_hat.polys(), s2_i);
        B::power2round(&mut t1, t0_hat_i, &t);
        pack_t1_row::<B>(pk_out, i, &t1);
        // Every 13-bit value is a t0 coefficient in range; compare with the recomputed one.
        let off = t0_start + i * 32 * encode::T0_BITS;
        let _ = encode::bit_unpack(
            &mut t0,
            &sk_in[off..off + 32 * encode::T0_BITS],
            encode::T0_B,
            encode::T0_BITS,
            (1 << encode::T0_BITS) - 1,
        );
        for (x, y) in t0.iter().zip(t0_hat_i.iter()) {
            t0_ok &= x.ct_eq(y);
        }
        B::ntt(t0_hat_i);
        B::reduce(t0_hat_i);
        B::ntt(s2_i);
        B::reduce(s2_i);
    }
    t.as_mut_slice().zeroize();
    t0.as_mut_slice().zeroize();
    let mut tr_check = [0u8; 64];
    h(&[pk_out], &mut tr_check);
    let ok = t0_ok & tr_check.ct_eq(&sk.tr) & subtle::Choice::from((bad == 0) as u8);
    declassified(ok.unwrap_u8()) == 1
}

/// pkDecode (Algorithm 23) plus the expansion of Algorithm 8 lines 5-9 that does not
/// depend on the signature: A-hat, NTT(t1 * 2^d) and tr, written into `vk`. The
/// caller checks the length.
pub(crate) fn expand_verifying_key<P: ParameterSet, B: DsaBackend>(
    pk: &[u8],
    vk: &mut ExpandedVerifyingKey<P>,
) {
    sample::expand_a_and_tr::<P, B>(vk.a_hat.rows_mut(), pk, &mut vk.tr);
    expand_verifying_key_t1::<P, B>(pk, vk);
}

/// The part of [`expand_verifying_key`] after ExpandA: NTT(t1 * 2^d) (tr is left to
/// the caller: a signing key already holds it).
pub(crate) fn expand_verifying_key_t1<P: ParameterSet, B: DsaBackend>(
    pk: &[u8],
    vk: &mut ExpandedVerifyingKey<P>,
) {
    let mut rho = [0u8; 32];
    encode::pk_decode(&mut rho, vk.t1_hat.polys_mut(), pk);
    for t in vk.t1_hat.polys_mut() {
        B::shift_left_d(t);
        B::ntt(t);
        B::reduce(t);
    }
}

/// mu = H(tr || M', 64) (Algorithm 7 line 6, Algorithm 8 line 7), with M' given as
/// the concatenation of `m_prime_parts` (so that Algorithms 2 and 4 never copy the
/// message).
pub(crate) fn compute_mu(tr: &[u8; 64], m_prime_parts: &[&[u8]]) -> [u8; 64] {
    let mut x = Shake256::new();
    x.absorb(tr);
    for p in m_prime_parts {
        x.absorb(p);
    }
    let mut mu = [0u8; 64];
    x.squeeze(&mut mu);
    mu
}

/// ML-DSA.Sign_internal (Algorithm 7), from line 7 on: the signature of mu (line 6 is
/// [`compute_mu`]) with the per-signature randomness rnd (32 zero bytes for the
/// deterministic variant), written into `out`.
///
/// Constant time: the loop's accept/reject decision (lines 23-28, combined into one
/// bit) is declassified each iteration; z, h and c~ are declassified only once
/// accepted. Nothing else about the secret key, y or the rejected candidates leaves
/// this function. No heap allocation.
///
/// Returns the number of loop iterations (public: it is the count of declassified
/// reject decisions plus one), for the statistical timing test.
pub(crate) fn sign_internal<P: ParameterSet, B: DsaBackend>(
    sk: &ExpandedSigningKey<P>,
    mu: &[u8; 64],
    rnd: &[u8; 32],
    out: &mut P::SignatureBytes,
) -> u32 {
    let g2 = P::GAMMA2;
    // Line 7: rho'' = H(K || rnd || mu, 64).
    let mut rho_pp = [0u8; 64];
    h(&[&sk.key, rnd, mu], &mut rho_pp);
    // Lines 8-9: kappa = 0 (the mask stream below starts there), and the loop.
    let mut attempts: u32 = 0;
    let mut y = P::VecL::zero(); // y, then z = y + c s1 in place
    let mut y_hat = P::VecL::zero(); // NTT(y)
    let mut w = P::VecK::zero(); // w, then w - c s2, then h in place
    let mut c_hat: Poly = [0; 256];
    let mut t1: Poly = [0; 256];
    let mut t2: Poly = [0; 256];
    let mut w1_bytes = [0u8; MAX_W1_BYTES];
    let mut c_tilde = [0u8; 64];
    let w1_bytes_p = &mut w1_bytes[..P::W1_BYTES];
    let c_tilde_p = &mut c_tilde[..P::CTILDE_BYTES];
    let mut mask = sample::MaskSampler::<P, B>::new(&rho_pp, 0);
    loop {
        attempts += 1;
        // Line 11: y = ExpandMask(rho'', kappa).
        // (kappa advances by l per iteration: the stream's next l polynomials.)
        mask.next_y(y.polys_mut());
        // Line 12: w = NTT^-1(A-hat o NTT(y)) (Algorithm 48), row by row with the
        // backend's multiply-accumulate (|A_ij| < q, |NTT(y_j)| < 9q; its output and
        // the inverse NTT's are below q in absolute value, so mod_q lands in [0, q)).
        for (yh, yj) in y_hat.polys_mut().iter_mut().zip(y.polys()) {
            *yh = *yj;
            B::ntt(yh);
        }
        for (wi, row) in w.polys_mut().iter_mut().zip(sk.a_hat.rows()) {
            B::pointwise_acc_montgomery(wi, row.polys(), y_hat.polys());
            B::inv_ntt(wi);
            B::mod_q(wi);
        }
        // Lines 13-15: w1 = HighBits(w), c~ = H(mu || w1Encode(w1), lambda/4).
        for (wi, chunk) in w
            .polys()
            .iter()
            .zip(w1_bytes_p.chunks_exact_mut(32 * P::W1_BITS))
        {
            t1 = *wi;
            params::highbits::<P, B>(&mut t1);
            encode::w1_encode_poly::<P, B>(chunk, &t1);
        }
        h(&[mu, w1_bytes_p], c_tilde_p);
        // Lines 16-17: c = SampleInBall(c~), c-hat = NTT(c).
        sample::sample_in_ball::<P, B>(&mut c_hat, c_tilde_p);
        B::ntt(&mut c_hat);
        B::reduce(&mut c_hat);
        // Lines 18 and 20: z = y + <<c s1>>, <<c s1>> = NTT^-1(c-hat o s1-hat).
        let mut reject = 0u32;
        for (zi, s1i) in y.polys_mut().iter_mut().zip(sk.s1_hat.polys()) {
            B::pointwise_montgomery(&mut t1, &c_hat, s1i);
            B::inv_ntt(&mut t1);
            B::add(zi, &t1);
            B::reduce(zi);
            // Line 23: ||z|| >= gamma1 - beta.
            reject |= B::norm_exceeds(zi, P::GAMMA1 - P::BETA);
        }
        // Lines 19, 21 and 25-26: <<c s2>>, r0 = LowBits(w - <<c s2>>), <<c t0>>, the hint.
        // All checks run on every iteration (no early exit on secret data).
        let mut ones = 0u32;
        for ((wi, s2i), t0i) in w
            .polys_mut()
            .iter_mut()
            .zip(sk.s2_hat.polys())
            .zip(sk.t0_hat.polys())
        {
            // wi <- w - c s2, in [0, q).
            B::pointwise_montgomery(&mut t1, &c_hat, s2i);
            B::inv_ntt(&mut t1);
            B::sub(wi, &t1);
            B::reduce(wi);
            B::mod_q(wi);
            // Line 23: ||LowBits(w - c s2)|| >= gamma2 - beta.
            params::lowbits::<P, B>(&mut t2, wi);
            reject |= B::norm_exceeds(&t2, g2 - P::BETA);
            // Line 25: <<c t0>>; line 27: ||<<c t0>>|| >= gamma2.
            B::pointwise_montgomery(&mut t1, &c_hat, t0i);
            B::inv_ntt(&mut t1);
            B::reduce(&mut t1);
            reject |= B::norm_exceeds(&t1, g2);
            // Line 26: h = MakeHint(-ct0, w - cs2 + ct0), i.e.
            // [HighBits(w - cs2 + ct0) != HighBits(w - cs2)].
            t2 = *wi;
            B::add(&mut t2, &t1);
            B::reduce(&mut t2);
            B::mod_q(&mut t2);
            ones += params::make_hint::<P, B>(&mut t1, &t2, wi);
            *wi = t1;
        }
        // Line 27: the number of ones in h exceeds omega.
        reject |= ((P::OMEGA as u32).wrapping_sub(ones) as i32 >> 31) as u32;
        // The accept/reject decision is public by design.
        if declassified(reject) == 0 {
            // Line 32: sigma = sigEncode(c~, z mod+- q, h), from the accepted, public values.
            declassify(&mut y);
            declassify(&mut w);
            declassify(&mut c_tilde);
            encode::sig_encode::<P, B>(
                out.as_mut(),
                &c_tilde[..P::CTILDE_BYTES],
                y.polys(),
                w.polys(),
            );
            break;
        }
        // Line 30: kappa <- kappa + l (the mask stream continues where it stopped).
    }
    drop(mask);
    rho_pp.zeroize();
    // As flat slices (see `wipe_polys`).
    wipe_polys(y.polys_mut());
    wipe_polys(y_hat.polys_mut());
    wipe_polys(w.polys_mut());
    for p in [&mut t1, &mut t2, &mut c_hat] {
        p.as_mut_slice().zeroize();
    }
    attempts
}

/// ML-DSA.Verify_internal (Algorithm 8) from line 6 on, given mu (line 7 is
/// [`compute_mu`]) and an expanded verifying key. Public data only. The caller checks
/// the signature length.
pub(crate) fn verify_internal<P: ParameterSet, B: DsaBackend>(
    vk: &ExpandedVerifyingKey<P>,
    mu: &[u8; 64],
    sig: &[u8],
) -> bool {
    // Line 2: (c~, z, h) = sigDecode(sigma); line 3-4: h = bottom -> false.
    let mut z = P::VecL::zero();
    let mut hint = [[0i32; 256]; MAX_K];
    let hint = &mut hint[..P::K];
    let Some(c_tilde) = encode::sig_decode::<P, B>(z.polys_mut(), hint, sig) else {
        return false;
    };
    // Line 13 (checked first: it needs nothing else): ||z|| < gamma1 - beta.
    if z.polys()
        .iter()
        .any(|zi| B::norm_exceeds(zi, P::GAMMA1 - P::BETA) != 0)
    {
        return false;
    }
    // Line 8: c = SampleInBall(c~).
    let mut c_hat: Poly = [0; 256];
    sample::sample_in_ball::<P, B>(&mut c_hat, c_tilde);
    B::ntt(&mut c_hat);
    B::reduce(&mut c_hat);
    // Line 9: w'_approx = NTT^-1(A-hat o NTT(z) - NTT(c) o NTT(t1 * 2^d)).
    ntt_reduced::<B>(z.polys_mut());
    let mut w1_bytes = [0u8; MAX_W1_BYTES];
    let w1_bytes = &mut w1_bytes[..P::W1_BYTES];
    let mut w: Poly = [0; 256];
    let mut t: Poly = [0; 256];
    for (((row, t1i), hi), chunk) in vk
        .a_hat
        .rows()
        .iter()
        .zip(vk.t1_hat.polys())
        .zip(hint.iter())
        .zip(w1_bytes.chunks_exact_mut(32 * P::W1_BITS))
    {
        B::pointwise_acc_montgomery(&mut w, row.polys(), z.polys());
        B::pointwise_montgomery(&mut t, &c_hat, t1i);
        B::sub(&mut w, &t);
        B::reduce(&mut w);
        B::inv_ntt(&mut w);
        B::mod_q(&mut w);
        // Line 10: w1' = UseHint(h, w'_approx).
        params::use_hint::<P, B>(&mut w, hi);
        encode::w1_encode_poly::<P, B>(chunk, &w);
    }
    // Line 12: c~' = H(mu || w1Encode(w1'), lambda/4); line 13: compare.
    let mut c_check = [0u8; 64];
    h(&[mu, w1_bytes], &mut c_check[..P::CTILDE_BYTES]);
    c_check[..P::CTILDE_BYTES] == *c_tilde
}
