// asmcheck: public rdi rsi
// ML-DSA inverse NTT times 2^32 (FIPS 204 Algorithm 42 with the Montgomery
// factor folded in), AVX-512F on zmm registers (16 i32 lanes per vector), one
// pass with the whole polynomial in zmm0-zmm15.
//
// Contract (see src/ml_dsa/backend/avx512.rs, `inv_ntt`), the same as the AVX2
// kernel mldsa_invntt.S:
//   rdi: pointer to 256 i32 coefficients (any alignment), in place, in the
//   standard bit-reversed order of FIPS 204;
//   rsi: pointer to the table `INVNTT_TABLE` of avx512.rs (64-byte aligned,
//   layout below).
//   Input |a_i| < q; output |a_i| < q, bit-identical to the portable backend
//   (Gentleman-Sande butterflies a' = a + b, b' = mont(-zeta (a - b)), lazy: no
//   reduction of the sums, which stay below 256 q < 2^31; then every
//   coefficient times mont(2^64 / 256)).
//   Clobbers rax, k1, k2, zmm0-zmm31 (all caller-saved in sysv64). zmm16-zmm27
//   (intermediate values, which vzeroupper leaves alone) are zeroed on return.
//   Straight-line code; every address is rdi or rsi plus a constant.
//
// Table (64-byte vectors of 16 i32), the layout of the forward table with the
// inverse's twiddles: vectors 0-1: for k = 1..16, -zeta_k at dwords 2k and
// 2k+1, and at dwords 0 and 1 the final factor f = 2^64 / 256 mod q; vectors
// 2-3: those times q^-1 mod 2^32 (all read as qword broadcasts {{1to8}});
// vectors 4-5: the vpermt2d indices of the first permutation; from vector 6,
// per-lane twiddles (w, then w q^-1) in the order of use: len 1 at 6 + 4i (two
// more vectors with the odd lanes' twiddles in the even dwords), len 2 at
// 38 + 2i, len 4 at 54 + 2i, len 8 at 70 + 2i, for register pair i = 0..8.
//
// Layout: register r_j holds coefficients 16j..16j+15. Each register pair
// (X, Y) = (r_2i, r_2i+1) (index bits b4..b0) goes through the arrangements of
// mldsa_ntt_avx512.S backwards (register bit, then lane bits 3..0):
//   vpermt2d -> register b0, lanes (b3, b4, b2, b1)
//   swD      -> register b1, lanes (b3, b4, b2, b0)   (dwords: masked vpshufd)
//   swC      -> register b2, lanes (b3, b4, b1, b0)   (qwords: vpunpck[lh]qdq)
//   swB'     -> register b3, lanes (b2, b4, b1, b0)   (vshufi64x2, as swA)
//   swA'     -> register b4, lanes (b3, b2, b1, b0)   (vshufi64x2, as swB)
// with the layers len 1, 2, 4, 8 between them; then len 16, 32, 64, 128 pair
// whole registers (broadcast twiddles), and the factor f.
//
// Montgomery product: as mldsa_ntt_avx512.S (even dwords as loaded, odd ones
// shifted down, results merged by a vmovshdup under k1).
//
// Registers: zmm0-15 the coefficients, zmm16-27 temporaries (four sets of
// three), zmm29/zmm30 the first permutation's indices, zmm31 = q; k1 = even
// dwords, k2 = odd dwords.

// zmm<dst> = vpmuldq(zmm<src>, the twiddle operand at byte offset off): a qword
// broadcast if bc, else a whole vector.
.macro mzi_mul dst, src, off, bc
.if \bc
    vpmuldq zmm\dst, zmm\src, qword ptr [rsi + \off]{{1to8}}
.else
    vpmuldq zmm\dst, zmm\src, zmmword ptr [rsi + \off]
.endif
.endm

// zmm<out> = mont(zmm<d> w) (d clobbered, t1, t2 temporaries; out may not be d).
// z, zq: byte offsets of w and w q^-1 for the even lanes, zo, zqo: for the odd
// lanes.
.macro mzi_mont out, d, t1, t2, z, zq, zo, zqo, bc
    vpsrlq zmm\out, zmm\d, 32
    mzi_mul \t1, \d, \zq, \bc
    mzi_mul \d, \d, \z, \bc
    mzi_mul \t2, \out, \zqo, \bc
    mzi_mul \out, \out, \zo, \bc
    vpmuldq zmm\t1, zmm\t1, zmm31
    vpmuldq zmm\t2, zmm\t2, zmm31
    vpsubq zmm\d, zmm\d, zmm\t1
    vpsubq zmm\out, zmm\out, zmm\t2
    vmovshdup zmm\out{{k1}}, zmm\d
.endm

// Gentleman-Sande butterfly on zmm<a>, zmm<b>: d = a - b, a = a + b,
// b = mont(w d); t0-t2 temporaries.
.macro mzi_bf a, b, t0, t1, t2, z, zq, zo, zqo, bc
    vpsubd zmm\t0, zmm\a, zmm\b
    vpaddd zmm\a, zmm\a, zmm\b
    mzi_mont \b, \t0, \t1, \t2, \z, \zq, \zo, \zqo, \bc
.endm

// Butterfly with the broadcast twiddle k (layers len 16..128).
.macro mzi_bfs a, b, k, t0, t1, t2
    mzi_bf \a, \b, \t0, \t1, \t2, (8*(\k)), (128+8*(\k)), (8*(\k)), (128+8*(\k)), 1
.endm

// Butterfly with per-lane twiddles at vector v, shared by the two lanes of a qword.
.macro mzi_bfv a, b, v, t0, t1, t2
    mzi_bf \a, \b, \t0, \t1, \t2, (64*(\v)), (64*(\v)+64), (64*(\v)), (64*(\v)+64), 0
.endm

// Butterfly with per-lane twiddles at vector v, the odd lanes' at v + 2.
.macro mzi_bfv4 a, b, v, t0, t1, t2
    mzi_bf \a, \b, \t0, \t1, \t2, (64*(\v)), (64*(\v)+64), (64*(\v)+128), (64*(\v)+192), 0
.endm

// One in-pair layer on the eight register pairs, twiddle vectors v + s*i.
.macro mzi_pairs m, v, s
    \m 0, 1, (\v), 16, 17, 18
    \m 2, 3, (\v+\s), 19, 20, 21
    \m 4, 5, (\v+2*\s), 22, 23, 24
    \m 6, 7, (\v+3*\s), 25, 26, 27
    \m 8, 9, (\v+4*\s), 16, 17, 18
    \m 10, 11, (\v+5*\s), 19, 20, 21
    \m 12, 13, (\v+6*\s), 22, 23, 24
    \m 14, 15, (\v+7*\s), 25, 26, 27
.endm

// (X, Y) <- (vshufi64x2(X, Y, lo), vshufi64x2(X, Y, hi)).
.macro mzi_shuf x, y, t, lo, hi
    vshufi64x2 zmm\t, zmm\x, zmm\y, \lo
    vshufi64x2 zmm\y, zmm\x, zmm\y, \hi
    vmovdqa64 zmm\x, zmm\t
.endm

// swB': X <- [X.lo256, Y.lo256], Y <- [X.hi256, Y.hi256].
.macro mzi_swB x, y, t
    mzi_shuf \x, \y, \t, 0x44, 0xEE
.endm

// swA': X <- [X.L0, X.L2, Y.L0, Y.L2], Y <- [X.L1, X.L3, Y.L1, Y.L3] (128-bit L).
.macro mzi_swA x, y, t
    mzi_shuf \x, \y, \t, 0x88, 0xDD
.endm

// swC: X <- unpacklo64(X, Y), Y <- unpackhi64(X, Y).
.macro mzi_swC x, y, t
    vpunpcklqdq zmm\t, zmm\x, zmm\y
    vpunpckhqdq zmm\y, zmm\x, zmm\y
    vmovdqa64 zmm\x, zmm\t
.endm

// swD: X <- [X0, Y0, X2, Y2, ...], Y <- [X1, Y1, X3, Y3, ...] (dwords).
.macro mzi_swD x, y, t
    vmovdqa64 zmm\t, zmm\x
    vpshufd zmm\x{{k2}}, zmm\y, 0xA0
    vpshufd zmm\y{{k1}}, zmm\t, 0xF5
.endm

// A swap on the eight register pairs.
.macro mzi_sw s
    mzi_sw\s 0, 1, 16
    mzi_sw\s 2, 3, 17
    mzi_sw\s 4, 5, 18
    mzi_sw\s 6, 7, 19
    mzi_sw\s 8, 9, 20
    mzi_sw\s 10, 11, 21
    mzi_sw\s 12, 13, 22
    mzi_sw\s 14, 15, 23
.endm

// Load pair (X, Y) from rdi + off and rearrange it for len 1:
// X <- perm(X, Y; zmm30), Y <- perm(X, Y; zmm29).
.macro mzi_in x, y, off
    vmovdqu32 zmm\x, zmmword ptr [rdi + \off]
    vmovdqa64 zmm\y, zmm29
    vpermi2d zmm\y, zmm\x, zmmword ptr [rdi + \off + 64]
    vpermt2d zmm\x, zmm30, zmmword ptr [rdi + \off + 64]
.endm

// zmm<a> times f (broadcast entry 0), stored to rdi + off.
.macro mzi_f a, t0, t1, t2, off
    mzi_mont \t0, \a, \t1, \t2, 0, 128, 0, 128, 1
    vmovdqu32 zmmword ptr [rdi + \off], zmm\t0
.endm

    mov eax, 8380417
    vpbroadcastd zmm31, eax
    mov eax, 0x5555
    kmovw k1, eax
    mov eax, 0xAAAA
    kmovw k2, eax
    vmovdqa64 zmm30, zmmword ptr [rsi + 256]
    vmovdqa64 zmm29, zmmword ptr [rsi + 320]
    mzi_in 0, 1, 0
    mzi_in 2, 3, 128
    mzi_in 4, 5, 256
    mzi_in 6, 7, 384
    mzi_in 8, 9, 512
    mzi_in 10, 11, 640
    mzi_in 12, 13, 768
    mzi_in 14, 15, 896

    // len 1, 2, 4, 8 inside the register pairs.
    mzi_pairs mzi_bfv4, 6, 4
    mzi_sw D
    mzi_pairs mzi_bfv, 38, 2
    mzi_sw C
    mzi_pairs mzi_bfv, 54, 2
    mzi_sw B
    mzi_pairs mzi_bfv, 70, 2
    mzi_sw A
    // len 16, k = 15..8.
    mzi_bfs 0, 1, 15, 16, 17, 18
    mzi_bfs 2, 3, 14, 19, 20, 21
    mzi_bfs 4, 5, 13, 22, 23, 24
    mzi_bfs 6, 7, 12, 25, 26, 27
    mzi_bfs 8, 9, 11, 16, 17, 18
    mzi_bfs 10, 11, 10, 19, 20, 21
    mzi_bfs 12, 13, 9, 22, 23, 24
    mzi_bfs 14, 15, 8, 25, 26, 27
    // len 32, k = 7..4.
    mzi_bfs 0, 2, 7, 16, 17, 18
    mzi_bfs 1, 3, 7, 19, 20, 21
    mzi_bfs 4, 6, 6, 22, 23, 24
    mzi_bfs 5, 7, 6, 25, 26, 27
    mzi_bfs 8, 10, 5, 16, 17, 18
    mzi_bfs 9, 11, 5, 19, 20, 21
    mzi_bfs 12, 14, 4, 22, 23, 24
    mzi_bfs 13, 15, 4, 25, 26, 27
    // len 64, k = 3, 2.
    mzi_bfs 0, 4, 3, 16, 17, 18
    mzi_bfs 1, 5, 3, 19, 20, 21
    mzi_bfs 2, 6, 3, 22, 23, 24
    mzi_bfs 3, 7, 3, 25, 26, 27
    mzi_bfs 8, 12, 2, 16, 17, 18
    mzi_bfs 9, 13, 2, 19, 20, 21
    mzi_bfs 10, 14, 2, 22, 23, 24
    mzi_bfs 11, 15, 2, 25, 26, 27
    // len 128, k = 1.
    mzi_bfs 0, 8, 1, 16, 17, 18
    mzi_bfs 1, 9, 1, 19, 20, 21
    mzi_bfs 2, 10, 1, 22, 23, 24
    mzi_bfs 3, 11, 1, 25, 26, 27
    mzi_bfs 4, 12, 1, 16, 17, 18
    mzi_bfs 5, 13, 1, 19, 20, 21
    mzi_bfs 6, 14, 1, 22, 23, 24
    mzi_bfs 7, 15, 1, 25, 26, 27
    // Times f, and store.
    mzi_f 0, 16, 17, 18, 0
    mzi_f 1, 19, 20, 21, 64
    mzi_f 2, 22, 23, 24, 128
    mzi_f 3, 25, 26, 27, 192
    mzi_f 4, 16, 17, 18, 256
    mzi_f 5, 19, 20, 21, 320
    mzi_f 6, 22, 23, 24, 384
    mzi_f 7, 25, 26, 27, 448
    mzi_f 8, 16, 17, 18, 512
    mzi_f 9, 19, 20, 21, 576
    mzi_f 10, 22, 23, 24, 640
    mzi_f 11, 25, 26, 27, 704
    mzi_f 12, 16, 17, 18, 768
    mzi_f 13, 19, 20, 21, 832
    mzi_f 14, 22, 23, 24, 896
    mzi_f 15, 25, 26, 27, 960

    // Clear the temporaries (vzeroupper does not touch zmm16-31).
    vpxord xmm16, xmm16, xmm16
    vpxord xmm17, xmm17, xmm17
    vpxord xmm18, xmm18, xmm18
    vpxord xmm19, xmm19, xmm19
    vpxord xmm20, xmm20, xmm20
    vpxord xmm21, xmm21, xmm21
    vpxord xmm22, xmm22, xmm22
    vpxord xmm23, xmm23, xmm23
    vpxord xmm24, xmm24, xmm24
    vpxord xmm25, xmm25, xmm25
    vpxord xmm26, xmm26, xmm26
    vpxord xmm27, xmm27, xmm27
    vzeroupper
    ret

.purgem mzi_f
.purgem mzi_in
.purgem mzi_sw
.purgem mzi_swD
.purgem mzi_swC
.purgem mzi_swA
.purgem mzi_swB
.purgem mzi_shuf
.purgem mzi_pairs
.purgem mzi_bfv4
.purgem mzi_bfv
.purgem mzi_bfs
.purgem mzi_bf
.purgem mzi_mont
