// asmcheck: public rdi rsi
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
// Montgomery product (signed), on the even dwords as loaded and the odd dwords
// shifted down (vpsrlq): p = b z (64 bits, vpmuldq), t = low32(b zq) = low32(p)
// q^-1 mod 2^32, (p - t q) / 2^32 is exact and sits in the high dword of each
// qword (vpsubq); the even results are moved down into place by a vmovshdup
// merged under k1 (even dwords) into the odd ones.
//
// Registers: zmm0-15 the coefficients, zmm16-27 temporaries (four sets of
// three), zmm29/zmm30 the final permutation's indices, zmm31 = q; k1 = even
// dwords, k2 = odd dwords.

// zmm<dst> = vpmuldq(zmm<src>, the zeta operand at byte offset off): a qword
// broadcast if bc, else a whole vector.
.macro mzf_mul dst, src, off, bc
.if \bc
    vpmuldq zmm\dst, zmm\src, qword ptr [rsi + \off]{{1to8}}
.else
    vpmuldq zmm\dst, zmm\src, zmmword ptr [rsi + \off]
.endif
.endm

// Cooley-Tukey butterfly on zmm<a>, zmm<b>: u = mont(zeta b), b = a - u,
// a = a + u. z, zq: byte offsets of the zeta and zeta q^-1 operands of the even
// lanes, zo, zqo: of the odd lanes; t0-t2: temporaries (u ends in t0).
.macro mzf_bf a, b, t0, t1, t2, z, zq, zo, zqo, bc
    vpsrlq zmm\t0, zmm\b, 32
    mzf_mul \t1, \b, \zq, \bc
    mzf_mul \b, \b, \z, \bc
    mzf_mul \t2, \t0, \zqo, \bc
    mzf_mul \t0, \t0, \zo, \bc
    vpmuldq zmm\t1, zmm\t1, zmm31
    vpmuldq zmm\t2, zmm\t2, zmm31
    vpsubq zmm\b, zmm\b, zmm\t1
    vpsubq zmm\t0, zmm\t0, zmm\t2
    vmovshdup zmm\t0{{k1}}, zmm\b
    vpsubd zmm\b, zmm\a, zmm\t0
    vpaddd zmm\a, zmm\a, zmm\t0
.endm

// Butterfly with the broadcast zeta_k (layers len 128..16).
.macro mzf_bfs a, b, k, t0, t1, t2
    mzf_bf \a, \b, \t0, \t1, \t2, (8*(\k)), (128+8*(\k)), (8*(\k)), (128+8*(\k)), 1
.endm

// Butterfly with per-lane zetas at vector v, shared by the two lanes of a qword.
.macro mzf_bfv a, b, v, t0, t1, t2
    mzf_bf \a, \b, \t0, \t1, \t2, (64*(\v)), (64*(\v)+64), (64*(\v)), (64*(\v)+64), 0
.endm

// Butterfly with per-lane zetas at vector v, the odd lanes' at v + 2.
.macro mzf_bfv4 a, b, v, t0, t1, t2
    mzf_bf \a, \b, \t0, \t1, \t2, (64*(\v)), (64*(\v)+64), (64*(\v)+128), (64*(\v)+192), 0
.endm

// One in-pair layer on the eight register pairs, zeta vectors v + s*i.
.macro mzf_pairs m, v, s
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
.macro mzf_shuf x, y, t, lo, hi
    vshufi64x2 zmm\t, zmm\x, zmm\y, \lo
    vshufi64x2 zmm\y, zmm\x, zmm\y, \hi
    vmovdqa64 zmm\x, zmm\t
.endm

// swA: X <- [X.lo256, Y.lo256], Y <- [X.hi256, Y.hi256].
.macro mzf_swA x, y, t
    mzf_shuf \x, \y, \t, 0x44, 0xEE
.endm

// swB: X <- [X.L0, X.L2, Y.L0, Y.L2], Y <- [X.L1, X.L3, Y.L1, Y.L3] (128-bit L).
.macro mzf_swB x, y, t
    mzf_shuf \x, \y, \t, 0x88, 0xDD
.endm

// swC: X <- unpacklo64(X, Y), Y <- unpackhi64(X, Y).
.macro mzf_swC x, y, t
    vpunpcklqdq zmm\t, zmm\x, zmm\y
    vpunpckhqdq zmm\y, zmm\x, zmm\y
    vmovdqa64 zmm\x, zmm\t
.endm

// swD: X <- [X0, Y0, X2, Y2, ...], Y <- [X1, Y1, X3, Y3, ...] (dwords).
.macro mzf_swD x, y, t
    vmovdqa64 zmm\t, zmm\x
    vpshufd zmm\x{{k2}}, zmm\y, 0xA0
    vpshufd zmm\y{{k1}}, zmm\t, 0xF5
.endm

// A swap on the eight register pairs.
.macro mzf_sw s
    mzf_sw\s 0, 1, 16
    mzf_sw\s 2, 3, 17
    mzf_sw\s 4, 5, 18
    mzf_sw\s 6, 7, 19
    mzf_sw\s 8, 9, 20
    mzf_sw\s 10, 11, 21
    mzf_sw\s 12, 13, 22
    mzf_sw\s 14, 15, 23
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
    mzf_bfs 0, 8, 1, 16, 17, 18
    mzf_bfs 1, 9, 1, 19, 20, 21
    mzf_bfs 2, 10, 1, 22, 23, 24
    mzf_bfs 3, 11, 1, 25, 26, 27
    mzf_bfs 4, 12, 1, 16, 17, 18
    mzf_bfs 5, 13, 1, 19, 20, 21
    mzf_bfs 6, 14, 1, 22, 23, 24
    mzf_bfs 7, 15, 1, 25, 26, 27
    // len 64, k = 2, 3.
    mzf_bfs 0, 4, 2, 16, 17, 18
    mzf_bfs 1, 5, 2, 19, 20, 21
    mzf_bfs 2, 6, 2, 22, 23, 24
    mzf_bfs 3, 7, 2, 25, 26, 27
    mzf_bfs 8, 12, 3, 16, 17, 18
    mzf_bfs 9, 13, 3, 19, 20, 21
    mzf_bfs 10, 14, 3, 22, 23, 24
    mzf_bfs 11, 15, 3, 25, 26, 27
    // len 32, k = 4..7.
    mzf_bfs 0, 2, 4, 16, 17, 18
    mzf_bfs 1, 3, 4, 19, 20, 21
    mzf_bfs 4, 6, 5, 22, 23, 24
    mzf_bfs 5, 7, 5, 25, 26, 27
    mzf_bfs 8, 10, 6, 16, 17, 18
    mzf_bfs 9, 11, 6, 19, 20, 21
    mzf_bfs 12, 14, 7, 22, 23, 24
    mzf_bfs 13, 15, 7, 25, 26, 27
    // len 16, k = 8..15.
    mzf_bfs 0, 1, 8, 16, 17, 18
    mzf_bfs 2, 3, 9, 19, 20, 21
    mzf_bfs 4, 5, 10, 22, 23, 24
    mzf_bfs 6, 7, 11, 25, 26, 27
    mzf_bfs 8, 9, 12, 16, 17, 18
    mzf_bfs 10, 11, 13, 19, 20, 21
    mzf_bfs 12, 13, 14, 22, 23, 24
    mzf_bfs 14, 15, 15, 25, 26, 27
    // len 8, 4, 2, 1 inside the register pairs.
    mzf_sw A
    mzf_pairs mzf_bfv, 6, 2
    mzf_sw B
    mzf_pairs mzf_bfv, 22, 2
    mzf_sw C
    mzf_pairs mzf_bfv, 38, 2
    mzf_sw D
    mzf_pairs mzf_bfv4, 54, 4
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
.purgem mzf_sw
.purgem mzf_swD
.purgem mzf_swC
.purgem mzf_swB
.purgem mzf_swA
.purgem mzf_shuf
.purgem mzf_pairs
.purgem mzf_bfv4
.purgem mzf_bfv
.purgem mzf_bfs
.purgem mzf_bf
.purgem mzf_mul
