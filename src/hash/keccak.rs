//! Keccak-f[1600] (FIPS 202 section 3) and the sponge construction (section 4).
//!
//! The permutation is the only primitive that a SIMD backend replaces: [`Permute`]
//! runs `N` independent Keccak-f[1600] permutations at once, and [`SpongeN`] drives
//! `N` sponges in lockstep on top of it. The portable [`Portable`] permutation loops
//! over the instances; an AVX2 4-way or NEON 2-way kernel implements the same trait.

#[cfg(target_arch = "aarch64")]
#[path = "keccak_aarch64.rs"]
pub(crate) mod aarch64;

/// Round constants RC[i_r] of the iota step (FIPS 202 Algorithm 5 and 6).
const RC: [u64; 24] = [
    0x0000_0000_0000_0001,
    0x0000_0000_0000_8082,
    0x8000_0000_0000_808A,
    0x8000_0000_8000_8000,
    0x0000_0000_0000_808B,
    0x0000_0000_8000_0001,
    0x8000_0000_8000_8081,
    0x8000_0000_0000_8009,
    0x0000_0000_0000_008A,
    0x0000_0000_0000_0088,
    0x0000_0000_8000_8009,
    0x0000_0000_8000_000A,
    0x0000_0000_8000_808B,
    0x8000_0000_0000_008B,
    0x8000_0000_0000_8089,
    0x8000_0000_0000_8003,
    0x8000_0000_0000_8002,
    0x8000_0000_0000_0080,
    0x0000_0000_0000_800A,
    0x8000_0000_8000_000A,
    0x8000_0000_8000_8081,
    0x8000_0000_0000_8080,
    0x0000_0000_8000_0001,
    0x8000_0000_8000_8008,
];

/// Rotation offsets of the rho step, indexed by lane x + 5y (FIPS 202 Table 2).
const RHO: [u32; 25] = [
    0, 1, 62, 28, 27, //
    36, 44, 6, 55, 20, //
    3, 10, 43, 25, 39, //
    41, 45, 15, 21, 8, //
    18, 2, 61, 56, 14,
];

/// The Keccak state: 25 lanes of 64 bits, lane (x, y) at index x + 5y.
pub(crate) type State = [u64; 25];

/// Keccak-f[1600] = Keccak-p[1600, 24] (FIPS 202 Algorithm 7), portable.
pub(crate) fn keccak_f1600(a: &mut State) {
    for rc in RC {
        // theta (Algorithm 1)
        let mut c = [0u64; 5];
        for x in 0..5 {
            c[x] = a[x] ^ a[x + 5] ^ a[x + 10] ^ a[x + 15] ^ a[x + 20];
        }
        for x in 0..5 {
            let d = c[(x + 4) % 5] ^ c[(x + 1) % 5].rotate_left(1);
            for y in 0..5 {
                a[x + 5 * y] ^= d;
            }
        }
        // rho and pi (Algorithms 2 and 3): B[y, 2x+3y] = rot(A[x, y], r[x, y])
        let mut b = [0u64; 25];
        for x in 0..5 {
            for y in 0..5 {
                b[y + 5 * ((2 * x + 3 * y) % 5)] = a[x + 5 * y].rotate_left(RHO[x + 5 * y]);
            }
        }
        // chi (Algorithm 4)
        for y in 0..5 {
            for x in 0..5 {
                a[x + 5 * y] = b[x + 5 * y] ^ (!b[(x + 1) % 5 + 5 * y] & b[(x + 2) % 5 + 5 * y]);
            }
        }
        // iota (Algorithm 6)
        a[0] ^= rc;
    }
}

/// `N` independent Keccak-f[1600] permutations. The multi-way SIMD hook.
///
/// Contract: `permute(states)` must leave each `states[i]` equal to
/// `keccak_f1600(states[i])`; instances must not influence each other.
pub(crate) trait Permute<const N: usize> {
    /// Applies Keccak-f[1600] to each of the `N` states.
    fn permute(states: &mut [State; N]);
}

/// The portable permutation: one state at a time.
#[derive(Clone, Copy)]
pub(crate) struct Portable;

impl<const N: usize> Permute<N> for Portable {
    #[inline]
    fn permute(states: &mut [State; N]) {
        for s in states.iter_mut() {
            keccak_f1600(s);
        }
    }
}

/// XORs `data` into the state's byte string starting at byte `offset`
/// (lanes are little-endian, FIPS 202 section 1 / B.1 bit ordering).
#[inline]
fn xor_bytes(state: &mut State, offset: usize, data: &[u8]) {
    for (i, &byte) in data.iter().enumerate() {
        let pos = offset + i;
        state[pos / 8] ^= u64::from(byte) << (8 * (pos % 8));
    }
}

/// Copies the state's bytes starting at `offset` into `out`.
#[inline]
fn extract_bytes(state: &State, offset: usize, out: &mut [u8]) {
    for (i, byte) in out.iter_mut().enumerate() {
        let pos = offset + i;
        *byte = (state[pos / 8] >> (8 * (pos % 8))) as u8;
    }
}

/// XORs one full block of `RATE` bytes into the state, a lane at a time.
#[inline]
fn xor_block<const RATE: usize>(state: &mut State, block: &[u8]) {
    for (lane, chunk) in state.iter_mut().zip(block[..RATE].chunks_exact(8)) {
        let mut w = [0u8; 8];
        w.copy_from_slice(chunk);
        *lane ^= u64::from_le_bytes(w);
    }
}

/// Copies one full block of `RATE` bytes out of the state.
#[inline]
fn extract_block<const RATE: usize>(state: &State, out: &mut [u8]) {
    for (lane, chunk) in state.iter().zip(out[..RATE].chunks_exact_mut(8)) {
        chunk.copy_from_slice(&lane.to_le_bytes());
    }
}

/// `N` sponges (FIPS 202 Algorithm 8) with rate `RATE` bytes and domain-separation
/// byte `DS` (0x06 for SHA3, 0x1F for SHAKE: the suffix bits plus the first pad10*1 bit),
/// absorbing and squeezing in lockstep. All instances always consume and produce the
/// same number of bytes; only their contents differ.
#[derive(Clone)]
pub(crate) struct SpongeN<const N: usize, const RATE: usize, const DS: u8, P: Permute<N>> {
    states: [State; N],
    /// Absorbing: bytes absorbed into the current block. Squeezing: bytes of the
    /// current block already output.
    pos: usize,
    squeezing: bool,
    _p: core::marker::PhantomData<P>,
}

impl<const N: usize, const RATE: usize, const DS: u8, P: Permute<N>> SpongeN<N, RATE, DS, P> {
    /// A fresh sponge (all-zero states).
    pub(crate) fn new() -> Self {
        Self {
            states: [[0; 25]; N],
            pos: 0,
            squeezing: false,
            _p: core::marker::PhantomData,
        }
    }

    /// Absorbs `inputs[i]` into instance `i`. All inputs must have the same length.
    pub(crate) fn absorb(&mut self, inputs: [&[u8]; N]) {
        debug_assert!(!self.squeezing);
        let len = inputs[0].len();
        debug_assert!(inputs.iter().all(|m| m.len() == len));
        let mut done = 0;
        // Finish a partial block.
        if self.pos > 0 {
            let take = core::cmp::min(RATE - self.pos, len);
            for (s, m) in self.states.iter_mut().zip(inputs.iter()) {
                xor_bytes(s, self.pos, &m[..take]);
            }
            self.pos += take;
            done = take;
            if self.pos == RATE {
                P::permute(&mut self.states);
                self.pos = 0;
            }
        }
        // Whole blocks.
        while len - done >= RATE {
            for (s, m) in self.states.iter_mut().zip(inputs.iter()) {
                xor_block::<RATE>(s, &m[done..done + RATE]);
            }
            P::permute(&mut self.states);
            done += RATE;
        }
        // Tail.
        if done < len {
            for (s, m) in self.states.iter_mut().zip(inputs.iter()) {
                xor_bytes(s, self.pos, &m[done..]);
            }
            self.pos += len - done;
        }
    }

    /// Pads (pad10*1 with the domain suffix) and switches to squeezing.
    fn finalize(&mut self) {
        for s in self.states.iter_mut() {
            xor_bytes(s, self.pos, &[DS]);
            xor_bytes(s, RATE - 1, &[0x80]);
        }
        P::permute(&mut self.states);
        self.pos = 0;
        self.squeezing = true;
    }

    /// Squeezes `outputs[i].len()` bytes from instance `i` (all the same length).
    pub(crate) fn squeeze(&mut self, outputs: [&mut [u8]; N]) {
        if !self.squeezing {
            self.finalize();
        }
        let len = outputs[0].len();
        debug_assert!(outputs.iter().all(|o| o.len() == len));
        let mut outputs = outputs;
        let mut done = 0;
        while done < len {
            if self.pos == RATE {
                P::permute(&mut self.states);
                self.pos = 0;
            }
            let take = core::cmp::min(RATE - self.pos, len - done);
            if take == RATE {
                for (s, o) in self.states.iter().zip(outputs.iter_mut()) {
                    extract_block::<RATE>(s, &mut o[done..done + RATE]);
                }
            } else {
                for (s, o) in self.states.iter().zip(outputs.iter_mut()) {
                    extract_bytes(s, self.pos, &mut o[done..done + take]);
                }
            }
            self.pos += take;
            done += take;
        }
    }
}

impl<const N: usize, const RATE: usize, const DS: u8, P: Permute<N>> Drop
    for SpongeN<N, RATE, DS, P>
{
    fn drop(&mut self) {
        // The state holds secrets (seeds, keys) in most uses.
        zeroize::Zeroize::zeroize(&mut self.states);
    }
}
