//! Encodings of FIPS 204 section 7.1 and 7.2: Algorithms 16-28.
//!
//! Bit strings are little-endian throughout (Algorithms 9-13: bit j of coefficient i
//! is bit i*b + j of the string, and bit 8m + n is bit n of byte m), so the portable
//! packing and unpacking (`backend::portable::{pack_bits, unpack_bits}`) are loops
//! over coefficients that shift values into an accumulator; SimpleBitPack and BitPack
//! run the backend's kernels (`DsaKernels::{simple_bit_pack, bit_pack}`). The widths
//! are public; packing and unpacking are constant time in the values.

use super::backend::DsaBackend;
pub(crate) use super::backend::portable::bit_unpack;
use super::backend::portable::{pack_bits, unpack_bits};
#[cfg(test)]
use super::params::Q;
use super::params::{ParameterSet, Poly};

/// SimpleBitPack (Algorithm 16): `w_i` in `[0, 2^bits)` (i.e. `b = 2^bits - 1`),
/// into `32 * bits` bytes, with `B`'s kernel ([`DsaKernels::simple_bit_pack`]) for the
/// widths of FIPS 204 (`bits` is a constant at every call site, so the match folds).
///
/// [`DsaKernels::simple_bit_pack`]: super::backend::DsaKernels::simple_bit_pack
#[inline(always)]
pub(crate) fn simple_bit_pack<B: DsaBackend>(out: &mut [u8], w: &Poly, bits: usize) {
    match bits {
        3 => B::simple_bit_pack::<3>(out, w),
        4 => B::simple_bit_pack::<4>(out, w),
        6 => B::simple_bit_pack::<6>(out, w),
        10 => B::simple_bit_pack::<10>(out, w),
        13 => B::simple_bit_pack::<13>(out, w),
        18 => B::simple_bit_pack::<18>(out, w),
        20 => B::simple_bit_pack::<20>(out, w),
        _ => pack_bits(out, bits, |i| w[i] as u32),
    }
}

/// SimpleBitUnpack (Algorithm 18): the inverse of [`simple_bit_pack`].
#[inline(always)]
pub(crate) fn simple_bit_unpack(w: &mut Poly, bytes: &[u8], bits: usize) {
    unpack_bits(bytes, bits, |i, v| w[i] = v as i32);
}

/// BitPack (Algorithm 17): `w_i` in `[-a, b]`, stored as `b - w_i` in `bits` bits,
/// with `B`'s kernel ([`DsaKernels::bit_pack`]) for the widths of FIPS 204.
///
/// [`DsaKernels::bit_pack`]: super::backend::DsaKernels::bit_pack
#[inline(always)]
pub(crate) fn bit_pack<B: DsaBackend>(out: &mut [u8], w: &Poly, b: i32, bits: usize) {
    match bits {
        3 => B::bit_pack::<3>(out, w, b),
        4 => B::bit_pack::<4>(out, w, b),
        6 => B::bit_pack::<6>(out, w, b),
        10 => B::bit_pack::<10>(out, w, b),
        13 => B::bit_pack::<13>(out, w, b),
        18 => B::bit_pack::<18>(out, w, b),
        20 => B::bit_pack::<20>(out, w, b),
        _ => pack_bits(out, bits, |i| (b - w[i]) as u32),
    }
}

/// Bits per coefficient of t1: bitlen(q - 1) - d = 10.
pub(crate) const T1_BITS: usize = 10;
/// Bits per coefficient of t0: d = 13.
pub(crate) const T0_BITS: usize = 13;
/// 2^(d-1): the `b` of t0's BitPack.
pub(crate) const T0_B: i32 = 1 << 12;

/// pkEncode (Algorithm 22): `rho || SimpleBitPack(t1[i], 2^10 - 1)` for each i.
///
/// Key generation fuses this row by row (`internal::keygen_internal`); this whole-key
/// form is the reference the unit tests compare against.
#[cfg_attr(not(test), allow(dead_code))]
pub(crate) fn pk_encode<B: DsaBackend>(out: &mut [u8], rho: &[u8; 32], t1: &[Poly]) {
    out[..32].copy_from_slice(rho);
    for (chunk, t) in out[32..].chunks_exact_mut(32 * T1_BITS).zip(t1) {
        simple_bit_pack::<B>(chunk, t, T1_BITS);
    }
}

/// pkDecode (Algorithm 23). Every 10-bit value is a valid t1 coefficient, so this
/// cannot fail for the right length (checked by the caller).
pub(crate) fn pk_decode(rho: &mut [u8; 32], t1: &mut [Poly], pk: &[u8]) {
    rho.copy_from_slice(&pk[..32]);
    for (chunk, t) in pk[32..].chunks_exact(32 * T1_BITS).zip(t1.iter_mut()) {
        simple_bit_unpack(t, chunk, T1_BITS);
    }
}

/// skEncode (Algorithm 24): `rho || K || tr || BitPack(s1[i], eta, eta) ||
/// BitPack(s2[i], eta, eta) || BitPack(t0[i], 2^12 - 1, 2^12)`.
///
/// Key generation fuses this row by row (`internal::keygen_internal`); this whole-key
/// form is the reference the unit tests compare against.
#[cfg_attr(not(test), allow(dead_code))]
pub(crate) fn sk_encode<P: ParameterSet, B: DsaBackend>(
    out: &mut [u8],
    rho: &[u8; 32],
    key: &[u8; 32],
    tr: &[u8; 64],
    s1: &[Poly],
    s2: &[Poly],
    t0: &[Poly],
) {
    out[..32].copy_from_slice(rho);
    out[32..64].copy_from_slice(key);
    out[64..128].copy_from_slice(tr);
    let eb = 32 * P::ETA_BITS;
    let (s_part, t_part) = out[128..].split_at_mut((P::K + P::L) * eb);
    for (chunk, s) in s_part.chunks_exact_mut(eb).zip(s1.iter().chain(s2.iter())) {
        bit_pack::<B>(chunk, s, P::ETA, P::ETA_BITS);
    }
    for (chunk, t) in t_part.chunks_exact_mut(32 * T0_BITS).zip(t0) {
        bit_pack::<B>(chunk, t, T0_B, T0_BITS);
    }
}

/// skDecode (Algorithm 25), with the range check FIPS 204 leaves to the caller: an
/// s1 or s2 coefficient outside `[-eta, eta]` makes the returned mask all-ones
/// (constant time; every 13-bit t0 value is in range `[-2^12 + 1, 2^12]`).
///
/// Key parsing fuses this with the consistency check row by row
/// (`internal::expand_signing_key`); this whole-key form is the reference the unit
/// tests compare against.
#[allow(clippy::too_many_arguments)]
#[cfg_attr(not(test), allow(dead_code))]
pub(crate) fn sk_decode<P: ParameterSet>(
    rho: &mut [u8; 32],
    key: &mut [u8; 32],
    tr: &mut [u8; 64],
    s1: &mut [Poly],
    s2: &mut [Poly],
    t0: &mut [Poly],
    sk: &[u8],
) -> u32 {
    rho.copy_from_slice(&sk[..32]);
    key.copy_from_slice(&sk[32..64]);
    tr.copy_from_slice(&sk[64..128]);
    let eb = 32 * P::ETA_BITS;
    let (s_part, t_part) = sk[128..].split_at((P::K + P::L) * eb);
    let mut bad = 0u32;
    for (chunk, s) in s_part
        .chunks_exact(eb)
        .zip(s1.iter_mut().chain(s2.iter_mut()))
    {
        bad |= bit_unpack(s, chunk, P::ETA, P::ETA_BITS, 2 * P::ETA as u32);
    }
    for (chunk, t) in t_part.chunks_exact(32 * T0_BITS).zip(t0.iter_mut()) {
        bad |= bit_unpack(t, chunk, T0_B, T0_BITS, (1 << T0_BITS) - 1);
    }
    bad
}

/// HintBitPack (Algorithm 20) of a hint with at most omega ones (only called on an
/// accepted signature's hint, which is public).
///
/// Written without branches on the hint: every coefficient position j is stored at
/// the current index and the index advances by the hint bit, so the running time does
/// not depend on the number or the positions of the ones. The hint is public, but it
/// depends on the key; a data-dependent encoding would make signing time differ
/// between keys on equal inputs, which confounds statistical timing tests.
pub(crate) fn hint_bit_pack<P: ParameterSet>(out: &mut [u8], h: &[Poly]) {
    debug_assert_eq!(out.len(), P::OMEGA + P::K);
    // Index bytes, with one spare slot for the store made when the index is already
    // at omega (the caller guarantees at most omega ones, so it is never kept).
    let mut y = [0u8; 256];
    let mut index = 0usize;
    for (i, hi) in h.iter().enumerate() {
        for (j, &bit) in hi.iter().enumerate() {
            y[index.min(P::OMEGA)] = j as u8;
            index += (bit & 1) as usize;
        }
        out[P::OMEGA + i] = index.min(P::OMEGA) as u8;
    }
    // Positions at or past the final index hold stale stores: zero them (masked, so
    // the loop does not depend on the index either).
    let end = index.min(P::OMEGA);
    for (p, (o, &v)) in out[..P::OMEGA].iter_mut().zip(&y[..P::OMEGA]).enumerate() {
        let keep = 0u8.wrapping_sub((p < end) as u8);
        *o = v & keep;
    }
}

/// HintBitUnpack (Algorithm 21), strict: `None` (FIPS 204's bottom) when the
/// cumulative counts decrease or exceed omega, when the indices of one polynomial are
/// not strictly increasing (which also rejects repeats), or when the unused index
/// bytes are not zero. Operates on public data.
pub(crate) fn hint_bit_unpack<P: ParameterSet>(h: &mut [Poly], y: &[u8]) -> Option<()> {
    let mut index = 0usize;
    for (i, hi) in h.iter_mut().enumerate() {
        *hi = [0; 256];
        let end = y[P::OMEGA + i] as usize;
        if end < index || end > P::OMEGA {
            return None;
        }
        let first = index;
        while index < end {
            if index > first && y[index - 1] >= y[index] {
                return None;
            }
            hi[y[index] as usize] = 1;
            index += 1;
        }
    }
    if y[index..P::OMEGA].iter().any(|&b| b != 0) {
        return None;
    }
    Some(())
}

/// sigEncode (Algorithm 26): `c~ || BitPack(z[i], gamma1 - 1, gamma1) || HintBitPack(h)`.
/// `z` holds centered representatives in `(-gamma1, gamma1]`.
pub(crate) fn sig_encode<P: ParameterSet, B: DsaBackend>(
    out: &mut [u8],
    c_tilde: &[u8],
    z: &[Poly],
    h: &[Poly],
) {
    let (c_part, rest) = out.split_at_mut(P::CTILDE_BYTES);
    c_part.copy_from_slice(c_tilde);
    let (z_part, h_part) = rest.split_at_mut(P::L * 32 * P::Z_BITS);
    for (chunk, zi) in z_part.chunks_exact_mut(32 * P::Z_BITS).zip(z) {
        bit_pack::<B>(chunk, zi, P::GAMMA1, P::Z_BITS);
    }
    hint_bit_pack::<P>(h_part, h);
}

/// sigDecode (Algorithm 27): splits off c~ (returned as the first `lambda/4` bytes of
/// `sig`), unpacks z (every value is in `(-gamma1, gamma1]`) and the hint. `None` if
/// the hint encoding is malformed. The caller checks the length.
pub(crate) fn sig_decode<'a, P: ParameterSet, B: DsaBackend>(
    z: &mut [Poly],
    h: &mut [Poly],
    sig: &'a [u8],
) -> Option<&'a [u8]> {
    let (c_tilde, rest) = sig.split_at(P::CTILDE_BYTES);
    let (z_part, h_part) = rest.split_at(P::L * 32 * P::Z_BITS);
    for (chunk, zi) in z_part.chunks_exact(32 * P::Z_BITS).zip(z.iter_mut()) {
        // Every Z_BITS-bit value decodes into (-gamma1, gamma1]: no range failure.
        super::params::unpack_gamma1::<P, B>(zi, chunk);
    }
    hint_bit_unpack::<P>(h, h_part)?;
    Some(c_tilde)
}

/// w1Encode (Algorithm 28), one polynomial at a time: writes
/// `SimpleBitPack(w1[i], (q-1)/(2 gamma2) - 1)` into `chunk`, the i-th
/// `32 * W1_BITS`-byte slice of the encoding (so that signing and verification never
/// hold all of w1).
pub(crate) fn w1_encode_poly<P: ParameterSet, B: DsaBackend>(chunk: &mut [u8], w1_i: &Poly) {
    simple_bit_pack::<B>(chunk, w1_i, P::W1_BITS);
}

/// The largest w1 coefficient plus one, (q-1)/(2 gamma2), for tests.
#[cfg(test)]
pub(crate) const fn w1_modulus(gamma2: i32) -> i32 {
    (Q - 1) / (2 * gamma2)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ml_dsa::backend::Portable;
    use crate::ml_dsa::params::{MlDsa44, MlDsa65, MlDsa87};
    use std::vec;

    fn rng(seed: &mut u64) -> u32 {
        *seed ^= *seed << 13;
        *seed ^= *seed >> 7;
        *seed ^= *seed << 17;
        (*seed >> 16) as u32
    }

    /// Runs `f` instantiated with every backend available here: the packing kernels
    /// of each must round-trip through the portable unpacking.
    macro_rules! on_every_backend {
        ($f:ident) => {
            for be in crate::backend::available() {
                crate::backend::with_backend!(be, |_K, D| $f::<D>())
            }
        };
    }

    #[test]
    fn simple_pack_round_trip_all_widths() {
        on_every_backend!(simple_pack_round_trip);
    }

    fn simple_pack_round_trip<B: DsaBackend>() {
        let mut s = 7u64;
        for bits in [4usize, 6, 10, 13, 18, 20] {
            for _ in 0..50 {
                let mut w = [0i32; 256];
                for x in w.iter_mut() {
                    *x = (rng(&mut s) & ((1 << bits) - 1)) as i32;
                }
                let mut buf = vec![0u8; 32 * bits];
                simple_bit_pack::<B>(&mut buf, &w, bits);
                let mut back = [0i32; 256];
                simple_bit_unpack(&mut back, &buf, bits);
                assert_eq!(back, w);
                // Re-packing unpacked random bytes reproduces them.
                for b in buf.iter_mut() {
                    *b = rng(&mut s) as u8;
                }
                simple_bit_unpack(&mut back, &buf, bits);
                let mut again = vec![0u8; 32 * bits];
                simple_bit_pack::<B>(&mut again, &back, bits);
                assert_eq!(again, buf);
            }
        }
        // Bit order: coefficient 0 in the low bits of byte 0.
        let mut w = [0i32; 256];
        w[0] = 1;
        w[1] = 0x3ff;
        let mut buf = [0u8; 320];
        simple_bit_pack::<B>(&mut buf, &w, 10);
        assert_eq!(&buf[..3], &[0x01, 0xfc, 0x0f]);
    }

    #[test]
    fn bit_pack_round_trip_and_range() {
        on_every_backend!(bit_pack_round_trip);
    }

    fn bit_pack_round_trip<B: DsaBackend>() {
        let mut s = 99u64;
        // (b, bits, max_x) for s1/s2 with eta 2 and 4, t0, z with both gamma1.
        for (b, bits, max_x) in [
            (2i32, 3usize, 4u32),
            (4, 4, 8),
            (1 << 12, 13, 8191),
            (1 << 17, 18, (1 << 18) - 1),
            (1 << 19, 20, (1 << 20) - 1),
        ] {
            for _ in 0..50 {
                let mut w = [0i32; 256];
                for x in w.iter_mut() {
                    *x = b - (rng(&mut s) % (max_x + 1)) as i32;
                }
                let mut buf = vec![0u8; 32 * bits];
                bit_pack::<B>(&mut buf, &w, b, bits);
                let mut back = [0i32; 256];
                assert_eq!(bit_unpack(&mut back, &buf, b, bits, max_x), 0);
                assert_eq!(back, w);
            }
        }
        // Out of range s1/s2 encodings: x = 5..7 for eta = 2, x = 9..15 for eta = 4.
        for (b, bits, max_x, bad_x) in [(2i32, 3usize, 4u32, 5u32..8), (4, 4, 8, 9..16)] {
            for x in bad_x {
                let mut w = [b; 256]; // all x = 0
                w[100] = b - x as i32;
                let mut buf = vec![0u8; 32 * bits];
                bit_pack::<B>(&mut buf, &w, b, bits);
                let mut back = [0i32; 256];
                assert_eq!(bit_unpack(&mut back, &buf, b, bits, max_x), u32::MAX);
            }
            // The boundary value is accepted.
            let mut w = [b; 256];
            w[3] = b - max_x as i32;
            let mut buf = vec![0u8; 32 * bits];
            bit_pack::<B>(&mut buf, &w, b, bits);
            let mut back = [0i32; 256];
            assert_eq!(bit_unpack(&mut back, &buf, b, bits, max_x), 0);
        }
    }

    fn hint_round_trip<P: ParameterSet>() {
        let mut s = 5u64;
        for _ in 0..200 {
            let mut h = vec![[0i32; 256]; P::K];
            let n = rng(&mut s) as usize % (P::OMEGA + 1);
            let mut placed = 0;
            while placed < n {
                let i = rng(&mut s) as usize % P::K;
                let j = rng(&mut s) as usize % 256;
                if h[i][j] == 0 {
                    h[i][j] = 1;
                    placed += 1;
                }
            }
            let mut buf = vec![0u8; P::OMEGA + P::K];
            hint_bit_pack::<P>(&mut buf, &h);
            let mut back = vec![[7i32; 256]; P::K];
            assert!(hint_bit_unpack::<P>(&mut back, &buf).is_some());
            assert_eq!(back, h);
        }
        // Malformed encodings.
        let mut h = vec![[0i32; 256]; P::K];
        h[0][3] = 1;
        h[0][9] = 1;
        h[1][4] = 1;
        let mut good = vec![0u8; P::OMEGA + P::K];
        hint_bit_pack::<P>(&mut good, &h);
        let mut back = vec![[0i32; 256]; P::K];
        // out of order
        let mut y = good.clone();
        y.swap(0, 1);
        assert!(hint_bit_unpack::<P>(&mut back, &y).is_none());
        // repeated
        let mut y = good.clone();
        y[1] = y[0];
        assert!(hint_bit_unpack::<P>(&mut back, &y).is_none());
        // non-zero padding
        let mut y = good.clone();
        y[P::OMEGA - 1] = 1;
        assert!(hint_bit_unpack::<P>(&mut back, &y).is_none());
        // decreasing count
        let mut y = good.clone();
        y[P::OMEGA + 1] = 1;
        assert!(hint_bit_unpack::<P>(&mut back, &y).is_none());
        // count above omega
        let mut y = good.clone();
        y[P::OMEGA + P::K - 1] = P::OMEGA as u8 + 1;
        assert!(hint_bit_unpack::<P>(&mut back, &y).is_none());
        // sanity: the unmodified encoding parses
        assert!(hint_bit_unpack::<P>(&mut back, &good).is_some());
        assert_eq!(back, h);
    }

    #[test]
    fn hints_round_trip_and_reject() {
        hint_round_trip::<MlDsa44>();
        hint_round_trip::<MlDsa65>();
        hint_round_trip::<MlDsa87>();
    }

    fn key_encodings<P: ParameterSet>() {
        use crate::ml_dsa::params::PolyVec;
        let sk = crate::ml_dsa::SigningKey::<P>::from_seed(&[P::K as u8; 32]);
        let sk_bytes = sk.to_bytes();
        let pk_bytes = *sk.verifying_key().as_bytes();
        // pkDecode / pkEncode round trip on a generated key.
        let mut rho = [0u8; 32];
        let mut t1 = P::VecK::zero();
        pk_decode(&mut rho, t1.polys_mut(), pk_bytes.as_ref());
        assert!(t1.polys().iter().flatten().all(|&x| (0..1024).contains(&x)));
        let mut pk2 = vec![0u8; P::VERIFYING_KEY_SIZE];
        pk_encode::<Portable>(&mut pk2, &rho, t1.polys());
        assert_eq!(pk2, pk_bytes.as_ref());
        // skDecode / skEncode round trip, and the ranges of s1, s2, t0.
        let (mut key, mut tr) = ([0u8; 32], [0u8; 64]);
        let (mut s1, mut s2, mut t0) = (P::VecL::zero(), P::VecK::zero(), P::VecK::zero());
        let bad = sk_decode::<P>(
            &mut rho,
            &mut key,
            &mut tr,
            s1.polys_mut(),
            s2.polys_mut(),
            t0.polys_mut(),
            sk_bytes.as_ref(),
        );
        assert_eq!(bad, 0);
        assert_eq!(&rho[..], &pk_bytes.as_ref()[..32]);
        let eta = P::ETA;
        assert!(
            s1.polys()
                .iter()
                .chain(s2.polys())
                .flatten()
                .all(|&x| (-eta..=eta).contains(&x))
        );
        assert!(
            t0.polys()
                .iter()
                .flatten()
                .all(|&x| (-4095..=4096).contains(&x))
        );
        let mut sk2 = vec![0u8; P::SIGNING_KEY_SIZE];
        sk_encode::<P, Portable>(
            &mut sk2,
            &rho,
            &key,
            &tr,
            s1.polys(),
            s2.polys(),
            t0.polys(),
        );
        assert_eq!(sk2, sk_bytes.as_ref());
        // An out-of-range s2 coefficient is flagged.
        let mut bad_sk = sk2.clone();
        let s2_start = 128 + P::L * 32 * P::ETA_BITS;
        bad_sk[s2_start] |= (1 << P::ETA_BITS) - 1; // first coefficient x = 2^bits - 1 > 2 eta
        let bad = sk_decode::<P>(
            &mut rho,
            &mut key,
            &mut tr,
            s1.polys_mut(),
            s2.polys_mut(),
            t0.polys_mut(),
            &bad_sk,
        );
        assert_eq!(bad, u32::MAX);
    }

    #[test]
    fn pk_sk_encodings_round_trip() {
        key_encodings::<MlDsa44>();
        key_encodings::<MlDsa65>();
        key_encodings::<MlDsa87>();
    }

    #[test]
    fn w1_widths() {
        assert_eq!(w1_modulus(MlDsa44::GAMMA2), 44);
        assert_eq!(w1_modulus(MlDsa65::GAMMA2), 16);
        const { assert!(44 <= 1 << MlDsa44::W1_BITS && 16 <= 1 << MlDsa87::W1_BITS) };
    }
}
