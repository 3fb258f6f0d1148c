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
pub(super) const RC: [u64; 24] = [
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
    keccak_rounds(a);
}

/// The 24 rounds of Keccak-f[1600], inlined into [`keccak_f1600`] and into
/// variants compiled for other target features (x86_64 BMI1/BMI2).
#[inline(always)]
pub(super) fn keccak_rounds(a: &mut State) {
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

/// `N` Keccak states, lane-interleaved: `lanes[i][j]` is lane `i` (= x + 5y) of
/// instance `j`. This is the layout a SIMD kernel works on directly (lane `i` of all
/// instances is one vector), so the sponge keeps its states this way and no
/// transposition happens per permutation. For `N = 1` it is just a [`State`].
pub(crate) type Lanes<const N: usize> = [[u64; N]; 25];

/// `N` independent Keccak-f[1600] permutations. The multi-way SIMD hook.
///
/// Contract: `permute(lanes)` must apply `keccak_f1600` to each instance `j`
/// (the state `i -> lanes[i][j]`); instances must not influence each other.
pub(crate) trait Permute<const N: usize> {
    /// Applies Keccak-f[1600] to each of the `N` interleaved states.
    fn permute(lanes: &mut Lanes<N>);
}

/// The portable permutation: one state at a time.
#[derive(Clone, Copy)]
pub(crate) struct Portable;

impl<const N: usize> Permute<N> for Portable {
    #[inline]
    fn permute(lanes: &mut Lanes<N>) {
        if N == 1 {
            // `[[u64; 1]; 25]` flattens to exactly one `State`: permute in place.
            if let Ok(state) = <&mut State>::try_from(lanes.as_flattened_mut()) {
                keccak_f1600(state);
            }
        } else {
            for j in 0..N {
                let mut state: State = core::array::from_fn(|i| lanes[i][j]);
                keccak_f1600(&mut state);
                for (lane, v) in lanes.iter_mut().zip(state.iter()) {
                    lane[j] = *v;
                }
                zeroize::Zeroize::zeroize(&mut state);
            }
        }
    }
}

/// XORs `data` into instance `j`'s byte string starting at byte `offset`
/// (lanes are little-endian, FIPS 202 section 1 / B.1 bit ordering), a word at a
/// time: a leading partial word, whole words, a trailing partial word.
#[inline]
pub(super) fn xor_bytes<const N: usize>(
    lanes: &mut Lanes<N>,
    j: usize,
    offset: usize,
    data: &[u8],
) {
    let mut pos = offset;
    let mut data = data;
    while !data.is_empty() {
        let start = pos % 8;
        let take = core::cmp::min(8 - start, data.len());
        let mut w = [0u8; 8];
        w[start..start + take].copy_from_slice(&data[..take]);
        lanes[pos / 8][j] ^= u64::from_le_bytes(w);
        pos += take;
        data = &data[take..];
    }
}

/// Copies instance `j`'s bytes starting at `offset` into `out`, a word at a time.
#[inline]
pub(super) fn extract_bytes<const N: usize>(
    lanes: &Lanes<N>,
    j: usize,
    offset: usize,
    out: &mut [u8],
) {
    let mut pos = offset;
    let mut out = out;
    while !out.is_empty() {
        let start = pos % 8;
        let take = core::cmp::min(8 - start, out.len());
        let w = lanes[pos / 8][j].to_le_bytes();
        let (head, rest) = out.split_at_mut(take);
        head.copy_from_slice(&w[start..start + take]);
        pos += take;
        out = rest;
    }
}

/// XORs one full block of `RATE` bytes (`inputs[j][at..at + RATE]`) into each
/// instance `j`, a lane at a time.
#[inline]
fn xor_blocks<const N: usize, const RATE: usize>(
    lanes: &mut Lanes<N>,
    inputs: &[&[u8]; N],
    at: usize,
) {
    for (j, m) in inputs.iter().enumerate() {
        for (lane, chunk) in lanes.iter_mut().zip(m[at..at + RATE].chunks_exact(8)) {
            let mut w = [0u8; 8];
            w.copy_from_slice(chunk);
            lane[j] ^= u64::from_le_bytes(w);
        }
    }
}

/// Copies one full block of `RATE` bytes out of each instance `j` into
/// `outputs[j][at..at + RATE]`.
#[inline]
fn extract_blocks<const N: usize, const RATE: usize>(
    lanes: &Lanes<N>,
    outputs: &mut [&mut [u8]; N],
    at: usize,
) {
    for (j, o) in outputs.iter_mut().enumerate() {
        for (lane, chunk) in lanes.iter().zip(o[at..at + RATE].chunks_exact_mut(8)) {
            chunk.copy_from_slice(&lane[j].to_le_bytes());
        }
    }
}

/// The sponge states, 32-byte aligned for the SIMD kernels' loads and stores.
#[derive(Clone)]
#[repr(C, align(32))]
pub(super) struct Aligned<const N: usize>(pub(super) Lanes<N>);

/// `N` sponges (FIPS 202 Algorithm 8) with rate `RATE` bytes and domain-separation
/// byte `DS` (0x06 for SHA3, 0x1F for SHAKE: the suffix bits plus the first pad10*1 bit),
/// absorbing and squeezing in lockstep. All instances always consume and produce the
/// same number of bytes; only their contents differ.
#[derive(Clone)]
pub(crate) struct SpongeN<const N: usize, const RATE: usize, const DS: u8, P: Permute<N>> {
    states: Aligned<N>,
    /// Absorbing: bytes absorbed into the current block. Squeezing: bytes of the
    /// current block already output.
    pos: usize,
    squeezing: bool,
    _p: core::marker::PhantomData<P>,
}

impl<const N: usize, const RATE: usize, const DS: u8, P: Permute<N>> SpongeN<N, RATE, DS, P> {
    /// A fresh sponge (all-zero states).
    pub(crate) fn new() -> Self {
        const { assert!(RATE.is_multiple_of(8) && RATE < 200) };
        Self {
            states: Aligned([[0; N]; 25]),
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
        let lanes = &mut self.states.0;
        let mut done = 0;
        // Finish a partial block.
        if self.pos > 0 {
            let take = core::cmp::min(RATE - self.pos, len);
            for (j, m) in inputs.iter().enumerate() {
                xor_bytes(lanes, j, self.pos, &m[..take]);
            }
            self.pos += take;
            done = take;
            if self.pos == RATE {
                P::permute(lanes);
                self.pos = 0;
            }
        }
        // Whole blocks.
        while len - done >= RATE {
            xor_blocks::<N, RATE>(lanes, &inputs, done);
            P::permute(lanes);
            done += RATE;
        }
        // Tail.
        if done < len {
            for (j, m) in inputs.iter().enumerate() {
                xor_bytes(lanes, j, self.pos, &m[done..]);
            }
            self.pos += len - done;
        }
    }

    /// Pads (pad10*1 with the domain suffix) and switches to squeezing.
    fn finalize(&mut self) {
        let lanes = &mut self.states.0;
        for j in 0..N {
            xor_bytes(lanes, j, self.pos, &[DS]);
            xor_bytes(lanes, j, RATE - 1, &[0x80]);
        }
        P::permute(lanes);
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
        let lanes = &mut self.states.0;
        let mut done = 0;
        while done < len {
            if self.pos == RATE {
                P::permute(lanes);
                self.pos = 0;
            }
            let take = core::cmp::min(RATE - self.pos, len - done);
            if take == RATE {
                extract_blocks::<N, RATE>(lanes, &mut outputs, done);
            } else {
                for (j, o) in outputs.iter_mut().enumerate() {
                    extract_bytes(lanes, j, self.pos, &mut o[done..done + take]);
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
        zeroize::Zeroize::zeroize(&mut self.states.0);
    }
}
