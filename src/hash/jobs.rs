//! Mixed jobs on one N-way permutation (4 or 8 lanes): a long hash in one lane
//! while the other lanes run SHAKE128 streams (matrix expansion), each lane taking
//! the next job when its current one ends.
//!
//! Parsing a public key needs both the matrix A-hat (ExpandA: many short SHAKE128
//! streams, four at a time) and a hash of the whole key (H(ek) in FIPS 203, tr =
//! H(pk) in FIPS 204: 6-19 sequential permutations). Done separately, the hash runs
//! on the single-state permutation while the 4-way one waits. Here it runs in one
//! lane of the 4-way permutation instead, in the rounds the streams need anyway: one
//! 4-way permutation costs about as much as one single-state one on the SIMD
//! backends, so the hash becomes nearly free.
//!
//! Only for public inputs (keys being parsed): the schedule (which lane runs what,
//! when a stream ends) depends on the data.

use super::keccak::{Aligned, Lanes, Permute, extract_bytes, xor_bytes};
use super::{SHAKE128_RATE, SHAKE256_RATE};

/// What a lane is doing.
#[derive(Clone, Copy)]
enum Lane {
    /// Free: takes the next stream (or idles when none is left).
    Free,
    /// Running stream `s`; `fresh` until its seed block has been loaded.
    Stream { s: usize, fresh: bool },
    /// Running the hash; `next` is the byte offset of the next block to absorb.
    Hash { next: usize },
    /// The hash's final (padded) block has been absorbed: read the digest after the
    /// permutation.
    HashLast,
}

/// Runs `count` SHAKE128 streams and one hash side by side on the `N`-way
/// permutation `P` (the hash in one lane, the streams in the other `N - 1`).
///
/// - Stream `s` absorbs the bytes `seed(s)` returns (at most 167) and is then fed
///   its output one 168-byte block at a time: `consume(s, block)` returns `true` once
///   the stream needs no more. Streams run in order of their index as lanes become
///   free; each stream sees its blocks in order.
/// - The hash is the sponge with rate 136 bytes and domain byte `ds` (0x06: SHA3-256;
///   0x1F: SHAKE256) over `msg`; its first `digest.len()` (at most 136) output bytes
///   are written to `digest`.
///
/// Results are identical to running each stream and the hash on its own.
pub(crate) fn shake128_streams_with_hash<const N: usize, P: Permute<N>>(
    count: usize,
    seed: impl Fn(usize) -> [u8; 34],
    mut consume: impl FnMut(usize, &[u8; SHAKE128_RATE]) -> bool,
    msg: &[u8],
    ds: u8,
    digest: &mut [u8],
) {
    debug_assert!(digest.len() <= SHAKE256_RATE);
    let mut st = Aligned::<N>([[0; N]; 25]);
    // The hash is the longest job: it starts at once, in lane 0.
    let mut lanes = [Lane::Free; N];
    if let Some(first) = lanes.first_mut() {
        *first = Lane::Hash { next: 0 };
    }
    let mut next_stream = 0;
    let mut block = [0u8; SHAKE128_RATE];
    loop {
        // Before the permutation: assign free lanes, load seeds and hash blocks.
        for (j, lane) in lanes.iter_mut().enumerate() {
            if let Lane::Free = lane
                && next_stream < count
            {
                *lane = Lane::Stream {
                    s: next_stream,
                    fresh: true,
                };
                next_stream += 1;
            }
            match *lane {
                Lane::Stream { s, fresh: true } => {
                    load_seed(&mut st.0, j, &seed(s));
                    *lane = Lane::Stream { s, fresh: false };
                }
                Lane::Hash { next } => {
                    let rest = &msg[next..];
                    if rest.len() >= SHAKE256_RATE {
                        for (word, chunk) in st.0.iter_mut().zip(rest.chunks_exact(8).take(17)) {
                            word[j] ^= u64::from_le_bytes(le_word(chunk));
                        }
                        *lane = Lane::Hash {
                            next: next + SHAKE256_RATE,
                        };
                    } else {
                        // The last block: the tail, then pad10*1 with the suffix.
                        xor_bytes(&mut st.0, j, 0, rest);
                        xor_bytes(&mut st.0, j, rest.len(), &[ds]);
                        xor_bytes(&mut st.0, j, SHAKE256_RATE - 1, &[0x80]);
                        *lane = Lane::HashLast;
                    }
                }
                _ => {}
            }
        }
        if lanes.iter().all(|l| matches!(l, Lane::Free)) {
            break;
        }
        P::permute(&mut st.0);
        // After the permutation: hand out stream blocks, read the digest.
        for (j, lane) in lanes.iter_mut().enumerate() {
            match *lane {
                Lane::Stream { s, .. } => {
                    for (word, chunk) in st.0.iter().zip(block.chunks_exact_mut(8)) {
                        chunk.copy_from_slice(&word[j].to_le_bytes());
                    }
                    if consume(s, &block) {
                        *lane = Lane::Free;
                    }
                }
                Lane::HashLast => {
                    extract_bytes(&st.0, j, 0, digest);
                    *lane = Lane::Free;
                }
                _ => {}
            }
        }
    }
}

/// Resets lane `j` to the SHAKE128 state after absorbing the 34-byte `seed` and
/// padding: the seed, the suffix 0x1F after it and the final pad bit in the last
/// byte of the rate.
fn load_seed<const N: usize>(st: &mut Lanes<N>, j: usize, seed: &[u8; 34]) {
    for word in st.iter_mut() {
        word[j] = 0;
    }
    for (word, chunk) in st.iter_mut().zip(seed.chunks_exact(8)) {
        word[j] = u64::from_le_bytes(le_word(chunk));
    }
    st[4][j] = u64::from(seed[32]) | (u64::from(seed[33]) << 8) | (0x1F << 16);
    st[SHAKE128_RATE / 8 - 1][j] = 0x80 << 56;
}

/// An 8-byte chunk as an array (chunks come from `chunks_exact(8)`).
#[inline(always)]
fn le_word(chunk: &[u8]) -> [u8; 8] {
    let mut w = [0u8; 8];
    w.copy_from_slice(chunk);
    w
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::hash::keccak::Permute;
    use crate::hash::{Portable, Sha3_256, Shake128, Shake256};
    use std::vec::Vec;

    /// Every stream and the hash against the single-instance functions, for hash
    /// lengths around block boundaries and stream counts 0-20, with streams of
    /// different lengths (stream s wants 1 + s % 5 blocks).
    #[test]
    fn matches_separate_hashing() {
        matches_separate_hashing_with::<4, Portable>();
        matches_separate_hashing_with::<8, Portable>();
        #[cfg(target_arch = "x86_64")]
        if crate::backend::Backend::Avx512.is_available() {
            matches_separate_hashing_with::<8, crate::hash::Avx512x8>();
        }
    }

    fn matches_separate_hashing_with<const N: usize, K: Permute<N>>() {
        for count in [0usize, 1, 3, 4, 9, 20] {
            for msg_len in [0usize, 1, 135, 136, 137, 800, 1184, 1952, 2592] {
                let msg: Vec<u8> = (0..msg_len).map(|i| (i * 7 + count) as u8).collect();
                let seed = |s: usize| {
                    let mut b = [0u8; 34];
                    b[0] = s as u8;
                    b[33] = 0xA5;
                    b
                };
                let mut got: Vec<Vec<u8>> = (0..count).map(|_| Vec::new()).collect();
                for (ds, out_len) in [(0x06u8, 32usize), (0x1F, 64)] {
                    let mut digest = [0u8; 64];
                    for g in got.iter_mut() {
                        g.clear();
                    }
                    shake128_streams_with_hash::<N, K>(
                        count,
                        seed,
                        |s, blk| {
                            got[s].extend_from_slice(blk);
                            got[s].len() >= (1 + s % 5) * SHAKE128_RATE
                        },
                        &msg,
                        ds,
                        &mut digest[..out_len],
                    );
                    if ds == 0x06 {
                        assert_eq!(digest[..32], Sha3_256::digest(&[&msg[..]])[..], "{msg_len}");
                    } else {
                        let mut want = [0u8; 64];
                        Shake256::digest_into(&[&msg[..]], &mut want);
                        assert_eq!(digest, want, "{msg_len}");
                    }
                    for (s, g) in got.iter().enumerate() {
                        let mut want = std::vec![0u8; (1 + s % 5) * SHAKE128_RATE];
                        let mut x = Shake128::new();
                        x.absorb(&seed(s));
                        x.squeeze(&mut want);
                        assert_eq!(g, &want, "stream {s} of {count}");
                    }
                }
            }
        }
    }
}
