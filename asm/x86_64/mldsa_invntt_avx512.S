// asmcheck: public rdi rsi
// asmcheck: include mldsa_avx512_common.inc
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
// The Montgomery product, the butterfly forms, the register-pair swaps (swB' is
// mz_sw 256, swA' mz_sw 128, swC mz_sw 64, swD mz_sw 32) and the eight-pair loops
// are macros shared with the forward NTT: mldsa_avx512_common.inc.
//
// Registers: zmm0-15 the coefficients, zmm16-27 temporaries (four sets of
// three), zmm29/zmm30 the first permutation's indices, zmm31 = q; k1 = even
// dwords, k2 = odd dwords.

// Gentleman-Sande butterfly on zmm<a>, zmm<b>: d = a - b, a = a + b,
// b = mont(w d); t0-t2 temporaries.
.macro mz_bf a, b, t0, t1, t2, z, zq, zo, zqo, bc
    vpsubd zmm\t0, zmm\a, zmm\b
    vpaddd zmm\a, zmm\a, zmm\b
    mz_mont \b, \t0, \t1, \t2, \z, \zq, \zo, \zqo, \bc
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
    mz_mont \t0, \a, \t1, \t2, 0, 128, 0, 128, 1
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
    mz_pairs mz_bfv4, 6, 4
    mz_sw 32
    mz_pairs mz_bfv, 38, 2
    mz_sw 64
    mz_pairs mz_bfv, 54, 2
    mz_sw 256
    mz_pairs mz_bfv, 70, 2
    mz_sw 128
    // len 16, k = 15..8.
    mz_bfs 0, 1, 15, 16, 17, 18
    mz_bfs 2, 3, 14, 19, 20, 21
    mz_bfs 4, 5, 13, 22, 23, 24
    mz_bfs 6, 7, 12, 25, 26, 27
    mz_bfs 8, 9, 11, 16, 17, 18
    mz_bfs 10, 11, 10, 19, 20, 21
    mz_bfs 12, 13, 9, 22, 23, 24
    mz_bfs 14, 15, 8, 25, 26, 27
    // len 32, k = 7..4.
    mz_bfs 0, 2, 7, 16, 17, 18
    mz_bfs 1, 3, 7, 19, 20, 21
    mz_bfs 4, 6, 6, 22, 23, 24
    mz_bfs 5, 7, 6, 25, 26, 27
    mz_bfs 8, 10, 5, 16, 17, 18
    mz_bfs 9, 11, 5, 19, 20, 21
    mz_bfs 12, 14, 4, 22, 23, 24
    mz_bfs 13, 15, 4, 25, 26, 27
    // len 64, k = 3, 2.
    mz_bfs 0, 4, 3, 16, 17, 18
    mz_bfs 1, 5, 3, 19, 20, 21
    mz_bfs 2, 6, 3, 22, 23, 24
    mz_bfs 3, 7, 3, 25, 26, 27
    mz_bfs 8, 12, 2, 16, 17, 18
    mz_bfs 9, 13, 2, 19, 20, 21
    mz_bfs 10, 14, 2, 22, 23, 24
    mz_bfs 11, 15, 2, 25, 26, 27
    // len 128, k = 1.
    mz_bfs 0, 8, 1, 16, 17, 18
    mz_bfs 1, 9, 1, 19, 20, 21
    mz_bfs 2, 10, 1, 22, 23, 24
    mz_bfs 3, 11, 1, 25, 26, 27
    mz_bfs 4, 12, 1, 16, 17, 18
    mz_bfs 5, 13, 1, 19, 20, 21
    mz_bfs 6, 14, 1, 22, 23, 24
    mz_bfs 7, 15, 1, 25, 26, 27
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
.purgem mz_bf
