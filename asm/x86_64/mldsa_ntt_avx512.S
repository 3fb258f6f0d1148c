// asmcheck: public rdi rsi
// asmcheck: include mldsa_avx512_common.inc
// ML-DSA forward NTT (FIPS 204 Algorithm 41), AVX-512F on zmm registers (16 i32
// lanes per vector), one pass with the whole polynomial in zmm0-zmm15.
//
// Contract (see src/ml_dsa/backend/avx512.rs, `ntt`), the same as the AVX2 kernel
// mldsa_ntt.S:
//   rdi: pointer to 256 i32 coefficients (any alignment), in place;
//   rsi: pointer to the table `NTT_TABLE` of avx512.rs (64-byte aligned, layout
//   below).
//   Input |a_i| < q; output |a_i| < 9q, in the standard bit-reversed order of
//   FIPS 204, bit-identical to the portable backend: the same Cooley-Tukey
//   butterflies (a, b) <- (a + t, a - t), t = mont(zeta b), with the same signed
//   Montgomery reduction (Algorithm 49), no other reduction.
//   Clobbers rax, k1, k2, zmm0-zmm31 (all caller-saved in sysv64). zmm16-zmm27
//   (intermediate values, which vzeroupper leaves alone) are zeroed on return.
//   Straight-line code; every address is rdi or rsi plus a constant.
//
// Table (64-byte vectors of 16 i32): vectors 0-1: for k = 0..16, zeta_k (the
// Montgomery form, ZETAS_MONT) at dwords 2k and 2k+1; vectors 2-3: zeta_k q^-1
// mod 2^32 likewise (read as qword broadcasts {{1to8}}: vpmuldq uses the low dword
// of each qword); vectors 4-5: the vpermt2d indices of the final permutation;
// from vector 6, per-lane zetas (z, then z q^-1): len 8 at 6 + 2i, len 4 at
// 22 + 2i, len 2 at 38 + 2i for register pair i = 0..8, and len 1 at 54 + 4i
// with two more vectors holding the odd lanes' zetas in the even dwords (for
// len 8, 4 and 2 the two lanes of each qword share their zeta, so the vector
// itself serves the odd lanes).
//
// Layout. Register r_j holds coefficients 16j..16j+15. The layers len 128, 64,
// 32 and 16 pair whole registers (broadcast zetas). For len 8, 4, 2, 1, each
// register pair (X, Y) = (r_2i, r_2i+1), 32 coefficients with index bits
// b4..b0, is rearranged so that the butterfly's bit is the register bit (X has
// it 0, Y 1); the lane bits (3, 2, 1, 0) then hold:
//   natural: register b4, lanes (b3, b2, b1, b0)
//   swA  -> register b3, lanes (b4, b2, b1, b0)   (256-bit halves: vshufi64x2)
//   swB  -> register b2, lanes (b3, b4, b1, b0)   (128-bit quarters: vshufi64x2)
//   swC  -> register b1, lanes (b3, b4, b2, b0)   (qwords: vpunpck[lh]qdq)
//   swD  -> register b0, lanes (b3, b4, b2, b1)   (dwords: masked vpshufd)
// and one vpermt2d per register (indices in the table) restores the natural
// order. The per-lane zeta vectors in avx512.rs are built from this list.
//
// The Montgomery product, the butterfly forms, the register-pair swaps (swA is
// mz_sw 256, swB mz_sw 128, swC mz_sw 64, swD mz_sw 32) and the eight-pair loops
// are macros shared with the inverse: mldsa_avx512_common.inc.
//
// Registers: zmm0-15 the coefficients, zmm16-27 temporaries (four sets of
// three), zmm29/zmm30 the final permutation's indices, zmm31 = q; k1 = even
// dwords, k2 = odd dwords.

// Cooley-Tukey butterfly on zmm<a>, zmm<b>: u = mont(zeta b), b = a - u,
// a = a + u. z, zq: byte offsets of the zeta and zeta q^-1 operands of the even
// lanes, zo, zqo: of the odd lanes; t0-t2: temporaries (u ends in t0).
.macro mz_bf a, b, t0, t1, t2, z, zq, zo, zqo, bc
    mz_mont \t0, \b, \t1, \t2, \z, \zq, \zo, \zqo, \bc
    vpsubd zmm\b, zmm\a, zmm\t0
    vpaddd zmm\a, zmm\a, zmm\t0
.endm

// Natural order for pair (X, Y), stored to rdi + off: X <- perm(X, Y; zmm30),
// t <- perm(X, Y; zmm29).
.macro mzf_out x, y, t, off
    vmovdqa64 zmm\t, zmm29
    vpermi2d zmm\t, zmm\x, zmm\y
    vpermt2d zmm\x, zmm30, zmm\y
    vmovdqu32 zmmword ptr [rdi + \off], zmm\x
    vmovdqu32 zmmword ptr [rdi + \off + 64], zmm\t
.endm

    mov eax, 8380417
    vpbroadcastd zmm31, eax
    mov eax, 0x5555
    kmovw k1, eax
    mov eax, 0xAAAA
    kmovw k2, eax
    vmovdqu32 zmm0, zmmword ptr [rdi]
    vmovdqu32 zmm1, zmmword ptr [rdi + 64]
    vmovdqu32 zmm2, zmmword ptr [rdi + 128]
    vmovdqu32 zmm3, zmmword ptr [rdi + 192]
    vmovdqu32 zmm4, zmmword ptr [rdi + 256]
    vmovdqu32 zmm5, zmmword ptr [rdi + 320]
    vmovdqu32 zmm6, zmmword ptr [rdi + 384]
    vmovdqu32 zmm7, zmmword ptr [rdi + 448]
    vmovdqu32 zmm8, zmmword ptr [rdi + 512]
    vmovdqu32 zmm9, zmmword ptr [rdi + 576]
    vmovdqu32 zmm10, zmmword ptr [rdi + 640]
    vmovdqu32 zmm11, zmmword ptr [rdi + 704]
    vmovdqu32 zmm12, zmmword ptr [rdi + 768]
    vmovdqu32 zmm13, zmmword ptr [rdi + 832]
    vmovdqu32 zmm14, zmmword ptr [rdi + 896]
    vmovdqu32 zmm15, zmmword ptr [rdi + 960]

    // len 128, k = 1.
    mz_bfs 0, 8, 1, 16, 17, 18
    mz_bfs 1, 9, 1, 19, 20, 21
    mz_bfs 2, 10, 1, 22, 23, 24
    mz_bfs 3, 11, 1, 25, 26, 27
    mz_bfs 4, 12, 1, 16, 17, 18
    mz_bfs 5, 13, 1, 19, 20, 21
    mz_bfs 6, 14, 1, 22, 23, 24
    mz_bfs 7, 15, 1, 25, 26, 27
    // len 64, k = 2, 3.
    mz_bfs 0, 4, 2, 16, 17, 18
    mz_bfs 1, 5, 2, 19, 20, 21
    mz_bfs 2, 6, 2, 22, 23, 24
    mz_bfs 3, 7, 2, 25, 26, 27
    mz_bfs 8, 12, 3, 16, 17, 18
    mz_bfs 9, 13, 3, 19, 20, 21
    mz_bfs 10, 14, 3, 22, 23, 24
    mz_bfs 11, 15, 3, 25, 26, 27
    // len 32, k = 4..7.
    mz_bfs 0, 2, 4, 16, 17, 18
    mz_bfs 1, 3, 4, 19, 20, 21
    mz_bfs 4, 6, 5, 22, 23, 24
    mz_bfs 5, 7, 5, 25, 26, 27
    mz_bfs 8, 10, 6, 16, 17, 18
    mz_bfs 9, 11, 6, 19, 20, 21
    mz_bfs 12, 14, 7, 22, 23, 24
    mz_bfs 13, 15, 7, 25, 26, 27
    // len 16, k = 8..15.
    mz_bfs 0, 1, 8, 16, 17, 18
    mz_bfs 2, 3, 9, 19, 20, 21
    mz_bfs 4, 5, 10, 22, 23, 24
    mz_bfs 6, 7, 11, 25, 26, 27
    mz_bfs 8, 9, 12, 16, 17, 18
    mz_bfs 10, 11, 13, 19, 20, 21
    mz_bfs 12, 13, 14, 22, 23, 24
    mz_bfs 14, 15, 15, 25, 26, 27
    // len 8, 4, 2, 1 inside the register pairs.
    mz_sw 256
    mz_pairs mz_bfv, 6, 2
    mz_sw 128
    mz_pairs mz_bfv, 22, 2
    mz_sw 64
    mz_pairs mz_bfv, 38, 2
    mz_sw 32
    mz_pairs mz_bfv4, 54, 4
    // Natural order, store.
    vmovdqa64 zmm30, zmmword ptr [rsi + 256]
    vmovdqa64 zmm29, zmmword ptr [rsi + 320]
    mzf_out 0, 1, 16, 0
    mzf_out 2, 3, 17, 128
    mzf_out 4, 5, 18, 256
    mzf_out 6, 7, 19, 384
    mzf_out 8, 9, 20, 512
    mzf_out 10, 11, 21, 640
    mzf_out 12, 13, 22, 768
    mzf_out 14, 15, 23, 896

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

.purgem mzf_out
.purgem mz_bf
