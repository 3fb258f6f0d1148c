//! KMAC256 (NIST SP 800-185 section 4) and the channel's KDF on top of it
//! (NIST SP 800-108r1 section 4.4: `K_OUT = KMAC256(K_IN, Context, L, Label)`).
//!
//! Written on this crate's Keccak sponge; tested against the NIST KMAC and cSHAKE
//! samples below.

use crate::hash::CShakeSponge;

/// cSHAKE256 / KMAC256 rate in bytes.
const RATE_256: usize = 136;

/// The prefix of every label of the channel's key schedule (docs/channel.md section 2).
pub(crate) const LABEL_PREFIX: &[u8] = b"pqlattice channel v1 ";

/// `left_encode(x)` (SP 800-185 section 2.3.1) into `buf`; returns the used part.
fn left_encode(x: u64, buf: &mut [u8; 9]) -> &[u8] {
    let bytes = x.to_be_bytes();
    // n = number of bytes needed, at least 1.
    let skip = bytes.iter().take(7).take_while(|&&b| b == 0).count();
    let n = 8 - skip;
    buf[0] = n as u8;
    buf[1..=n].copy_from_slice(&bytes[skip..]);
    &buf[..=n]
}

/// `right_encode(x)` (SP 800-185 section 2.3.1) into `buf`; returns the used part.
fn right_encode(x: u64, buf: &mut [u8; 9]) -> &[u8] {
    let bytes = x.to_be_bytes();
    let skip = bytes.iter().take(7).take_while(|&&b| b == 0).count();
    let n = 8 - skip;
    buf[..n].copy_from_slice(&bytes[skip..]);
    buf[n] = n as u8;
    &buf[..=n]
}

/// Bit length of `len` bytes as the u64 the encodings take. Inputs here are far
/// below 2^61 bytes; saturating keeps this total.
fn bits(len: usize) -> u64 {
    (len as u64).saturating_mul(8)
}

/// A sponge absorbing a `bytepad(.., RATE)` field: counts bytes to pad at the end.
struct Padded<'a, const RATE: usize> {
    sponge: &'a mut CShakeSponge<RATE>,
    count: usize,
}

impl<const RATE: usize> Padded<'_, RATE> {
    fn put(&mut self, data: &[u8]) {
        self.sponge.absorb(data);
        self.count += data.len();
    }
    /// `encode_string` of the concatenation of `parts`.
    fn put_string(&mut self, parts: &[&[u8]]) {
        let len: usize = parts.iter().map(|p| p.len()).sum();
        let mut buf = [0u8; 9];
        self.put(left_encode(bits(len), &mut buf));
        for p in parts {
            self.put(p);
        }
    }
    /// Zero bytes up to the next multiple of RATE.
    fn finish(self) {
        let rem = self.count % RATE;
        if rem != 0 {
            let zeros = [0u8; RATE];
            self.sponge.absorb(&zeros[..RATE - rem]);
        }
    }
}

/// KMAC with rate `RATE` (KMAC128: 168, KMAC256: 136), SP 800-185 section 4.3.1, with
/// the key, input and customization string given in parts (concatenated) and the
/// output length `L = 8 * out.len()` bits.
pub(crate) fn kmac<const RATE: usize>(key: &[&[u8]], x: &[&[u8]], s: &[&[u8]], out: &mut [u8]) {
    let mut sponge = CShakeSponge::<RATE>::new();
    let mut buf = [0u8; 9];
    // cSHAKE prefix: bytepad(encode_string("KMAC") || encode_string(S), RATE).
    let mut p = Padded {
        sponge: &mut sponge,
        count: 0,
    };
    p.put(left_encode(RATE as u64, &mut buf));
    p.put_string(&[b"KMAC"]);
    p.put_string(s);
    p.finish();
    // newX = bytepad(encode_string(K), RATE) || X || right_encode(L).
    let mut p = Padded {
        sponge: &mut sponge,
        count: 0,
    };
    p.put(left_encode(RATE as u64, &mut buf));
    p.put_string(key);
    p.finish();
    for part in x {
        sponge.absorb(part);
    }
    sponge.absorb(right_encode(bits(out.len()), &mut buf));
    sponge.squeeze(out);
}

/// KMAC256(K, X, 8 * out.len(), S) with single-part arguments.
#[cfg(test)]
fn kmac256(key: &[u8], x: &[u8], s: &[u8], out: &mut [u8]) {
    kmac::<RATE_256>(&[key], &[x], &[s], out);
}

/// The channel KDF: `KDF(K, label, context, n) = KMAC256(K, context, 8n,
/// "pqlattice channel v1 " || label)` (docs/channel.md section 2), with the context in
/// parts, written to `out` (n = `out.len()`).
pub(crate) fn kdf(key: &[u8], label: &[u8], context: &[&[u8]], out: &mut [u8]) {
    kmac::<RATE_256>(&[key], context, &[LABEL_PREFIX, label], out);
}

/// `KDF(key, label, context, N)` into a fresh array.
pub(crate) fn kdf_array<const N: usize>(key: &[u8], label: &[u8], context: &[&[u8]]) -> [u8; N] {
    let mut out = [0u8; N];
    kdf(key, label, context, &mut out);
    out
}

/// `encode_string(x)`'s length prefix (`left_encode(8 * len(x))`) into `buf`.
pub(crate) fn encode_string_prefix(len: usize, buf: &mut [u8; 9]) -> &[u8] {
    left_encode(bits(len), buf)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unhex(s: &str) -> alloc::vec::Vec<u8> {
        (0..s.len())
            .step_by(2)
            .map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap())
            .collect()
    }

    fn key() -> alloc::vec::Vec<u8> {
        (0x40u8..=0x5f).collect()
    }

    fn data200() -> alloc::vec::Vec<u8> {
        (0u8..=0xc7).collect()
    }

    #[test]
    fn encodings_match_sp800_185_examples() {
        // SP 800-185 section 2.3.1: left_encode(0) = 01 00, right_encode(0) = 00 01.
        let mut b = [0u8; 9];
        assert_eq!(left_encode(0, &mut b), &[1, 0]);
        assert_eq!(right_encode(0, &mut b), &[0, 1]);
        assert_eq!(left_encode(136, &mut b), &[1, 136]);
        assert_eq!(left_encode(256, &mut b), &[2, 1, 0]);
        assert_eq!(right_encode(512, &mut b), &[2, 0, 2]);
        assert_eq!(
            left_encode(u64::MAX, &mut b),
            &[8, 255, 255, 255, 255, 255, 255, 255, 255]
        );
    }

    /// NIST SP 800-185 example values, KMAC_samples.pdf (samples 1 to 6, KMAC128 and
    /// KMAC256): key 0x40..0x5F, data 00010203 or 0x00..0xC7, customization "" or
    /// "My Tagged Application". The KMAC128 samples run the same code at rate 168.
    #[test]
    fn kmac_nist_samples() {
        let tagged: &[u8] = b"My Tagged Application";
        let cases: [(usize, &[u8], &[u8], &str); 6] = [
            (
                168,
                &[0, 1, 2, 3],
                b"",
                "e5780b0d3ea6f7d3a429c5706aa43a00fadbd7d49628839e3187243f456ee14e",
            ),
            (
                168,
                &[0, 1, 2, 3],
                tagged,
                "3b1fba963cd8b0b59e8c1a6d71888b7143651af8ba0a7070c0979e2811324aa5",
            ),
            (
                168,
                &[],
                tagged,
                "1f5b4e6cca02209e0dcb5ca635b89a15e271ecc760071dfd805faa38f9729230",
            ),
            (
                136,
                &[0, 1, 2, 3],
                tagged,
                "20c570c31346f703c9ac36c61c03cb64c3970d0cfc787e9b79599d273a68d2f7f69d4cc3de9d104a351689f27cf6f5951f0103f33f4f24871024d9c27773a8dd",
            ),
            (
                136,
                &[],
                b"",
                "75358cf39e41494e949707927cee0af20a3ff553904c86b08f21cc414bcfd691589d27cf5e15369cbbff8b9a4c2eb17800855d0235ff635da82533ec6b759b69",
            ),
            (
                136,
                &[],
                tagged,
                "b58618f71f92e1d56c1b8c55ddd7cd188b97b4ca4d99831eb2699a837da2e4d970fbacfde50033aea585f1a2708510c32d07880801bd182898fe476876fc8965",
            ),
        ];
        let long = data200();
        for (i, (rate, data, s, want)) in cases.iter().enumerate() {
            let data: &[u8] = if data.is_empty() { &long } else { data };
            let want = unhex(want);
            let mut out = alloc::vec![0u8; want.len()];
            if *rate == 168 {
                kmac::<168>(&[&key()], &[data], &[s], &mut out);
            } else {
                kmac256(&key(), data, s, &mut out);
            }
            assert_eq!(out, want, "KMAC sample {}", i + 1);
            // Split inputs give the same result (the streaming paths).
            let (a, b) = data.split_at(data.len() / 3);
            let k = key();
            let (k1, k2) = k.split_at(7);
            let (s1, s2) = s.split_at(s.len() / 2);
            let mut out2 = alloc::vec![0u8; want.len()];
            if *rate == 168 {
                kmac::<168>(&[k1, k2], &[a, b], &[s1, s2], &mut out2);
            } else {
                kmac::<136>(&[k1, k2], &[a, b], &[s1, s2], &mut out2);
            }
            assert_eq!(out2, want, "KMAC sample {} in parts", i + 1);
        }
        // Negative control: a different output length is a different function
        // (right_encode(L) is absorbed), not a prefix.
        let mut short = [0u8; 32];
        kmac256(&key(), &[0, 1, 2, 3], tagged, &mut short);
        assert_ne!(
            &short[..],
            &unhex("20c570c31346f703c9ac36c61c03cb64c3970d0cfc787e9b79599d273a68d2f7")[..]
        );
    }

    #[test]
    fn kdf_is_kmac256_with_prefixed_label() {
        let mut a = [0u8; 32];
        kdf(&[7u8; 32], b"key", &[b"ctx"], &mut a);
        let mut b = [0u8; 32];
        kmac256(&[7u8; 32], b"ctx", b"pqlattice channel v1 key", &mut b);
        assert_eq!(a, b);
        let mut c = [0u8; 32];
        kdf(&[7u8; 32], b"iv", &[b"ctx"], &mut c);
        assert_ne!(a, c);
    }
}
