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
pub(super) const RHO: [u32; 25] = [
    0, 1, 62, 28, 27, //
    36, 44, 6, 55, 20, //
    3, 10, 43, 25, 39, //
    41, 45, 15, 21, 8, //
    18, 2, 61, 56, 14,
];

/// The Keccak state: 25 lanes of 64 bits, lane (x, y) at index x + 5y.
pub(crate) type State = [u64; 25];

/// Keccak-f[1600] = Keccak-p[1600, 24] (FIPS 202 Algorithm 7), portable.
///
/// Uses the lane-complemented rounds where the target has no and-not instruction
/// (see [`COMPLEMENT_PORTABLE`]); same result either way. On wasm32 the compact
/// step-by-step rounds instead: under V8 (node) they ran 10-20% faster than the
/// unrolled rounds (presumably the engine's register allocation of their 50 live
/// locals).
pub(crate) fn keccak_f1600(a: &mut State) {
    #[cfg(target_arch = "wasm32")]
    keccak_rounds_compact(a);
    #[cfg(not(target_arch = "wasm32"))]
    keccak_rounds::<COMPLEMENT_PORTABLE>(a);
}

/// Whether the portable build uses the lane-complementing transform ([`LC_MASK`]).
///
/// Chi needs `!b & c` 25 times a round. AArch64 (`bic`), 32-bit Arm (`bic`) and x86
/// with BMI1 (`andn`) have that as one instruction, and the direct form is best there;
/// elsewhere (baseline x86_64, wasm32, ...) it costs a NOT and an AND, and the
/// complemented form, with 7 NOTs a round instead of 25, is faster. (wasm32 uses
/// neither: see [`keccak_f1600`].)
#[cfg_attr(target_arch = "wasm32", allow(dead_code))]
pub(super) const COMPLEMENT_PORTABLE: bool = !cfg!(any(
    target_arch = "aarch64",
    target_arch = "arm",
    target_feature = "bmi1"
));

/// For each output lane `X + 5Y` of rho-pi, the input lane `x + 5y` it is taken from.
///
/// pi moves lane (x, y) to (y, 2x + 3y) (FIPS 202 Algorithm 3), so output (X, Y)
/// comes from y = X and 2x = Y - 3X, that is x = 3Y - 9X = X + 3Y (mod 5).
const PI_SRC: [usize; 25] = {
    let mut t = [0; 25];
    let mut i = 0;
    while i < 25 {
        let (x_out, y_out) = (i % 5, i / 5);
        t[i] = (x_out + 3 * y_out) % 5 + 5 * x_out;
        i += 1;
    }
    t
};

/// The lane-complementing transform: the lanes in this mask (bit `x + 5y`; lanes
/// (0,0), (0,1), (3,1), (4,2), (1,3), (0,4)) are held complemented between rounds.
///
/// Complementing commutes with theta, rho and pi up to a known pattern (theta adds
/// the parity of the complemented lanes of columns x-1 and x+1 to column x), so
/// each rho-pi output `b` has a known complement flag ([`B_FLAGS`]). In chi,
/// `!p & q` is then a plain AND when only `p` is held complemented, and the
/// complement of a plain OR when only `q` is; the complemented result is simply
/// stored complemented. Only where both flags agree does a NOT remain (7 per round
/// with this mask, against 25). An exhaustive search over all 2^25 masks found no
/// mask that a round maps back onto itself with fewer NOTs, and none lighter with
/// 7; [`CHI_PLAN`] is derived from the mask and a compile-time check confirms that
/// the output pattern of a round is again this mask.
const LC_MASK: u32 = 0x0114121;

/// Whether lane `i` is in the complement mask `m`.
const fn in_mask(m: u32, i: usize) -> bool {
    (m >> i) & 1 == 1
}

/// Complement flag of each rho-pi output lane when the round's input is
/// complemented by [`LC_MASK`].
const B_FLAGS: [bool; 25] = {
    // Parity of the complemented lanes of each column (theta's C).
    let mut c = [false; 5];
    let mut i = 0;
    while i < 25 {
        c[i % 5] ^= in_mask(LC_MASK, i);
        i += 1;
    }
    let mut b = [false; 25];
    let mut o = 0;
    while o < 25 {
        let s = PI_SRC[o];
        b[o] = in_mask(LC_MASK, s) ^ c[(s + 4) % 5] ^ c[(s + 1) % 5];
        o += 1;
    }
    b
};

/// How chi computes output lane `x + 5y` from the held (possibly complemented)
/// rho-pi outputs `p = b[x+1]`, `q = b[x+2]` of its plane, in the complemented
/// rounds: `b[x] ^ (p' | q')` if `or`, else `b[x] ^ (p' & q')`, where `p'` is
/// `!p` if `not_p` (likewise `q'`).
#[derive(Clone, Copy)]
struct ChiOp {
    or: bool,
    not_p: bool,
    not_q: bool,
}

/// [`ChiOp`] of each lane, derived from [`B_FLAGS`] and [`LC_MASK`].
const CHI_PLAN: [ChiOp; 25] = {
    let mut t = [ChiOp {
        or: false,
        not_p: false,
        not_q: false,
    }; 25];
    let mut i = 0;
    while i < 25 {
        let (x, y) = (i % 5, i / 5);
        let p = B_FLAGS[(x + 1) % 5 + 5 * y];
        let q = B_FLAGS[(x + 2) % 5 + 5 * y];
        // The wanted `!P & Q` (P, Q the true values) from held values with flags
        // p, q: with p set and q clear it is `p & q` exactly; with p clear and q set
        // it is `!(p | q)`, so OR and the output is held complemented.
        let (not_p, not_q) = if p == q {
            // Equal flags: one NOT, on whichever operand gives the output
            // flag the mask asks for (the output flag is B_FLAGS[i] ^ or).
            let want_or = in_mask(LC_MASK, i) ^ B_FLAGS[i];
            (want_or == p, want_or != p)
        } else {
            (false, false)
        };
        t[i] = ChiOp {
            or: !(p ^ not_p),
            not_p,
            not_q,
        };
        i += 1;
    }
    t
};

// The complemented round maps the mask onto itself: each chi output is held
// complemented exactly when LC_MASK says so (iota does not change flags).
const _: () = {
    let mut i = 0;
    while i < 25 {
        assert!(B_FLAGS[i] ^ CHI_PLAN[i].or == in_mask(LC_MASK, i));
        i += 1;
    }
};

/// Output lane `I` of theta, rho and pi together: input lane `s = PI_SRC[I]`, plus
/// theta's column parity word `d[s mod 5]`, rotated by `RHO[s]`. Every index and the
/// rotation amount are compile-time constants.
#[inline(always)]
fn theta_rho_pi<const I: usize>(a: &State, d: &[u64; 5]) -> u64 {
    let src = const { PI_SRC[I] };
    let col = const { PI_SRC[I] % 5 };
    let rot = const { RHO[PI_SRC[I]] };
    (a[src] ^ d[col]).rotate_left(rot)
}

/// Chi (FIPS 202 Algorithm 4) for output lane `I` (= x + 5y) from the five rho-pi
/// outputs `b` of its plane: `b[x] ^ (!b[x+1] & b[x+2])`, or with `COMPLEMENT`
/// the [`CHI_PLAN`] form on lanes held complemented. The choices are all
/// compile-time constants (no data-dependent branch).
#[inline(always)]
fn chi_lane<const I: usize, const COMPLEMENT: bool>(b: &[u64; 5]) -> u64 {
    let x = const { I % 5 };
    let p = b[(x + 1) % 5];
    let q = b[(x + 2) % 5];
    if !COMPLEMENT {
        return b[x] ^ (!p & q);
    }
    let op = const { CHI_PLAN[I] };
    let p = if op.not_p { !p } else { p };
    let q = if op.not_q { !q } else { q };
    b[x] ^ if op.or { p | q } else { p & q }
}

/// One round (theta, rho, pi, chi, iota) from `a` into `e`, plane by plane, given
/// theta's column parities `c` of `a`; returns the column parities of `e` (for the
/// next round's theta), accumulated while each output plane is still at hand.
#[inline(always)]
fn round<const COMPLEMENT: bool>(a: &State, c: [u64; 5], rc: u64, e: &mut State) -> [u64; 5] {
    // theta (Algorithm 1): D[x] = C[x - 1] ^ rot(C[x + 1], 1).
    let d = [
        c[4] ^ c[1].rotate_left(1),
        c[0] ^ c[2].rotate_left(1),
        c[1] ^ c[3].rotate_left(1),
        c[2] ^ c[4].rotate_left(1),
        c[3] ^ c[0].rotate_left(1),
    ];
    // For each output plane: gather its five lanes through theta, rho and pi, then
    // chi; iota on lane (0, 0).
    macro_rules! plane {
        ($y:literal, $i0:literal, $i1:literal, $i2:literal, $i3:literal, $i4:literal) => {{
            let b = [
                theta_rho_pi::<$i0>(a, &d),
                theta_rho_pi::<$i1>(a, &d),
                theta_rho_pi::<$i2>(a, &d),
                theta_rho_pi::<$i3>(a, &d),
                theta_rho_pi::<$i4>(a, &d),
            ];
            [
                chi_lane::<$i0, COMPLEMENT>(&b),
                chi_lane::<$i1, COMPLEMENT>(&b),
                chi_lane::<$i2, COMPLEMENT>(&b),
                chi_lane::<$i3, COMPLEMENT>(&b),
                chi_lane::<$i4, COMPLEMENT>(&b),
            ]
        }};
    }
    let mut p0 = plane!(0, 0, 1, 2, 3, 4);
    p0[0] ^= rc;
    let p1 = plane!(1, 5, 6, 7, 8, 9);
    let p2 = plane!(2, 10, 11, 12, 13, 14);
    let p3 = plane!(3, 15, 16, 17, 18, 19);
    let p4 = plane!(4, 20, 21, 22, 23, 24);
    for (y, p) in [p0, p1, p2, p3, p4].iter().enumerate() {
        e[5 * y..5 * y + 5].copy_from_slice(p);
    }
    core::array::from_fn(|x| p0[x] ^ p1[x] ^ p2[x] ^ p3[x] ^ p4[x])
}

/// Column parities C[x] = A[x, 0] ^ ... ^ A[x, 4] (theta's first step).
#[inline(always)]
fn parities(a: &State) -> [u64; 5] {
    core::array::from_fn(|x| a[x] ^ a[x + 5] ^ a[x + 10] ^ a[x + 15] ^ a[x + 20])
}

/// Complements the lanes of [`LC_MASK`] (entering and leaving the complemented rounds).
#[inline(always)]
fn complement_mask(a: &mut State) {
    for (i, lane) in a.iter_mut().enumerate() {
        // `i` is a public loop index: this branch does not depend on the state.
        if in_mask(LC_MASK, i) {
            *lane = !*lane;
        }
    }
}

/// The 24 rounds of Keccak-f[1600], inlined into [`keccak_f1600`] and into
/// variants compiled for other target features (x86_64 BMI1/BMI2).
///
/// The state is copied into a local and the rounds alternate between it and a
/// second local (two rounds per iteration), so the compiler can keep lanes in
/// registers; theta's column parities for the next round are accumulated from each
/// output plane as it is produced instead of re-reading the whole state. With
/// `COMPLEMENT`, the lanes of [`LC_MASK`] are held complemented inside (fewer NOTs
/// in chi where there is no and-not instruction).
#[inline(always)]
#[cfg_attr(target_arch = "wasm32", allow(dead_code))]
pub(super) fn keccak_rounds<const COMPLEMENT: bool>(state: &mut State) {
    let mut a = *state;
    if COMPLEMENT {
        complement_mask(&mut a);
    }
    let mut e = [0u64; 25];
    // Parities of the lanes as held (B_FLAGS accounts for complemented ones).
    let mut c = parities(&a);
    for rc in RC.chunks_exact(2) {
        c = round::<COMPLEMENT>(&a, c, rc[0], &mut e);
        c = round::<COMPLEMENT>(&e, c, rc[1], &mut a);
    }
    if COMPLEMENT {
        complement_mask(&mut a);
    }
    *state = a;
}

/// The plain transcription of FIPS 202 Algorithms 1-6 (step by step, through a
/// temporary state): the wasm32 permutation, and elsewhere the reference that the
/// optimized rounds are tested against.
#[cfg(any(test, target_arch = "wasm32"))]
pub(super) fn keccak_rounds_compact(a: &mut State) {
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

/// A backend's Keccak: the 4-way permutation every backend has and an 8-way one,
/// with [`MultiKeccak::WAYS`] telling the sampling code which of the two to hash
/// its streams on, plus the backend's single-state permutation (`Permute<1>`: the
/// AVX-512 kernel for the AVX-512 backend, else the scalar code of
/// [`super::Scalar`]), which the differential harness checks per backend (the
/// hash functions reach it through [`super::Single`]).
///
/// A backend without an 8-way kernel implements `Permute<8>` as two 4-way calls
/// ([`permute8_by_halves`]) and keeps `WAYS = 4`: its sampling code then never
/// runs the 8-way form (the choice is a compile-time constant), but the bound
/// holds for every backend so that the sampling code is written once.
pub(crate) trait MultiKeccak: Permute<1> + Permute<4> + Permute<8> {
    /// The lane count the sampling code should use: 8 when one `Permute<8>` call
    /// costs about as much as one `Permute<4>` call (a native 8-way kernel), else 4.
    const WAYS: usize;
}

/// `Permute<8>` as two calls of the 4-way permutation `K` on the two halves of
/// the instances (for backends whose widest kernel is 4-way).
#[inline]
pub(crate) fn permute8_by_halves<K: Permute<4>>(lanes: &mut Lanes<8>) {
    for h in 0..2 {
        let mut q: Lanes<4> =
            core::array::from_fn(|i| core::array::from_fn(|j| lanes[i][4 * h + j]));
        K::permute(&mut q);
        for (lane, v) in lanes.iter_mut().zip(q.iter()) {
            lane[4 * h..4 * h + 4].copy_from_slice(v);
        }
        zeroize::Zeroize::zeroize(q.as_flattened_mut());
    }
}

/// Implements [`MultiKeccak`] with `WAYS = 4` and `Permute<8>` by halves for a
/// 4-way permutation type, and `Permute<1>` as the scalar single-state permutation
/// ([`super::Scalar`]).
macro_rules! multi_keccak_x4 {
    ($t:ty) => {
        impl $crate::hash::keccak::Permute<1> for $t {
            #[inline]
            fn permute(lanes: &mut $crate::hash::keccak::Lanes<1>) {
                <$crate::hash::Scalar as $crate::hash::keccak::Permute<1>>::permute(lanes)
            }
        }
        impl $crate::hash::keccak::Permute<8> for $t {
            #[inline]
            fn permute(lanes: &mut $crate::hash::keccak::Lanes<8>) {
                $crate::hash::keccak::permute8_by_halves::<$t>(lanes)
            }
        }
        impl $crate::hash::keccak::MultiKeccak for $t {
            const WAYS: usize = 4;
        }
    };
}
pub(crate) use multi_keccak_x4;

impl MultiKeccak for Portable {
    const WAYS: usize = 4;
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
            // Each instance through the scalar single-state permutation
            // (`super::Scalar`: on x86_64 the BMI1/BMI2 build where the CPU has it,
            // else this portable one), the fastest scalar one-state code here.
            for j in 0..N {
                let mut state: Lanes<1> = core::array::from_fn(|i| [lanes[i][j]]);
                <super::Scalar as Permute<1>>::permute(&mut state);
                for (lane, v) in lanes.iter_mut().zip(state.iter()) {
                    lane[j] = v[0];
                }
                zeroize::Zeroize::zeroize(state.as_flattened_mut());
            }
        }
    }
}

/// The portable permutation presented as an 8-way Keccak (`WAYS = 8`), for tests:
/// it sends the sampling code down its 8-way paths on any machine, so that they
/// are checked against the 4-way ones without AVX-512 hardware.
#[cfg(test)]
#[derive(Clone, Copy)]
pub(crate) struct PortableWide;

#[cfg(test)]
impl<const N: usize> Permute<N> for PortableWide {
    fn permute(lanes: &mut Lanes<N>) {
        <Portable as Permute<N>>::permute(lanes)
    }
}

#[cfg(test)]
impl MultiKeccak for PortableWide {
    const WAYS: usize = 8;
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
        // Whole words as fixed-size loads: the general case's variable-length copy
        // is a `memcpy` call per word.
        if start == 0
            && let Some((w, rest)) = data.split_first_chunk::<8>()
        {
            lanes[pos / 8][j] ^= u64::from_le_bytes(*w);
            pos += 8;
            data = rest;
            continue;
        }
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
        // Whole words as fixed-size stores (see `xor_bytes`).
        if start == 0 && out.len() >= 8 {
            let (w, rest) = core::mem::take(&mut out).split_at_mut(8);
            w.copy_from_slice(&lanes[pos / 8][j].to_le_bytes());
            pos += 8;
            out = rest;
            continue;
        }
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

/// The sponge states, 64-byte aligned for the SIMD kernels' loads and stores (a
/// zmm word of the 8-way kernel is one cache line).
#[derive(Clone)]
#[repr(C, align(64))]
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
        zeroize::Zeroize::zeroize(self.states.0.as_flattened_mut());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Both forms of the optimized rounds (direct and lane-complemented) against
    /// the step-by-step reference, on iterated states from several starting points
    /// (including all-zero and all-ones lanes, where a wrong complement shows at once).
    #[test]
    fn rounds_match_reference() {
        let starts: [State; 4] = [
            [0; 25],
            [u64::MAX; 25],
            core::array::from_fn(|i| (i as u64 + 1).wrapping_mul(0x9E37_79B9_7F4A_7C15)),
            core::array::from_fn(|i| 1u64 << (i * 7 % 64)),
        ];
        for start in starts {
            let (mut want, mut direct, mut compl) = (start, start, start);
            for _ in 0..20 {
                keccak_rounds_compact(&mut want);
                keccak_rounds::<false>(&mut direct);
                keccak_rounds::<true>(&mut compl);
                assert_eq!(direct, want);
                assert_eq!(compl, want);
            }
        }
    }

    /// The reference itself on the all-zero state: the first output lanes of
    /// Keccak-f[1600] (the published KeccakF-1600 intermediate values).
    #[test]
    fn reference_zero_state() {
        let mut a = [0u64; 25];
        keccak_rounds_compact(&mut a);
        assert_eq!(a[0], 0xF125_8F79_40E1_DDE7);
        assert_eq!(a[1], 0x84D5_CCF9_33C0_478A);
        keccak_f1600(&mut a);
        assert_eq!(a[0], 0x2D5C_954D_F96E_CB3C);
    }
}
