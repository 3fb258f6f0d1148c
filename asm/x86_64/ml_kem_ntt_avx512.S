// ML-KEM forward NTT (FIPS 203 Algorithm 9), AVX-512BW on zmm registers (32 i16
// lanes), Intel syntax, sysv64 ABI.
//
// void ntt(int16_t a[256] /* rdi */, const int16_t *table /* rsi */)
//
// asmcheck: public rdi rsi
//
// Contract (the AVX2 kernel ml_kem_ntt.S)
//   In:  |a_i| < q (q = 3329).
//   Out: |b_i| <= (q-1)/2, b = NTT(a) mod q, in the standard FIPS 203
//        (bit-reversed) order. Bit-identical to the portable backend: the same
//        Cooley-Tukey butterflies, no intermediate reduction (the bound grows by
//        at most q per layer: < 8q = 26632 < 2^15), then one Barrett reduction.
//   Table: `TABLE` in avx512.rs (64-byte vectors of 32 lanes): vector 0 = q,
//        2 = Barrett V = round(2^26/q), 3 = 2^5 (vpmulhrsw rounding shift),
//        6/7 = vpermt2q indices (see sw3), zeta entry e at vectors 16+2e
//        (zeta*q^-1 mod 2^16) and 17+2e (zeta, Montgomery form), forward
//        entries 0..22 in the order of use.
//   Constant time: straight-line code; every address is rdi/rsi plus a constant.
//
// The whole polynomial stays in zmm0..zmm7 (r_j = coefficients 32j..32j+31).
// Layers len=128, 64, 32 pair whole registers. Within a pair (r_2i, r_2i+1),
// a 64-coefficient block with index bits b5..b0, layer len=2^j (j = 4..1)
// needs b_j as the register bit: each sw<p> swaps the register bit with lane
// bit p (p = 4, 3, 2, 1 before len = 16, 8, 4, 2), so in front of layer j the
// lane index is the coefficient's six bits with b_j removed (the zeta tables in
// avx512.rs follow this). Every sw<p> is an involution: applying sw1, sw2, sw3,
// sw4 after the last layer restores the standard order.
//
// Montgomery butterfly (Montgomery product as vpmullw/vpmulhw):
//   t = hi(b*z) - hi(lo(b*z') * q) = b*z*2^-16 mod q, |t| < q when |b*z| < 2^15 q;
//   (a, b) <- (a + t, a - t).
//
// Clobbers rax, k1, k2, zmm0-zmm11, zmm27-zmm31.

.macro kzf_bf a, b, t, e
    vpmullw zmm\t, zmm\b, zmmword ptr [rsi + 1024 + 128*(\e)]
    vpmulhw zmm\b, zmm\b, zmmword ptr [rsi + 1024 + 128*(\e) + 64]
    vpmulhw zmm\t, zmm\t, zmm31
    vpsubw zmm\t, zmm\b, zmm\t
    vpsubw zmm\b, zmm\a, zmm\t
    vpaddw zmm\a, zmm\a, zmm\t
.endm

// Barrett: a <- a - round(a*V / 2^26) * q, exactly as the portable code.
.macro kzf_bar a, t
    vpmulhw zmm\t, zmm\a, zmm30
    vpmulhrsw zmm\t, zmm\t, zmm29
    vpmullw zmm\t, zmm\t, zmm31
    vpsubw zmm\a, zmm\a, zmm\t
.endm

// Register bit <-> lane bit 4: (X, Y) <- ([X.lo256, Y.lo256], [X.hi256, Y.hi256]).
.macro kzf_sw4 x, y, t
    vshufi64x2 zmm\t, zmm\x, zmm\y, 0x44
    vshufi64x2 zmm\y, zmm\x, zmm\y, 0xEE
    vmovdqa64 zmm\x, zmm\t
.endm

// Register bit <-> lane bit 3 (128-bit lanes L0..L3):
// (X, Y) <- ([X.L0, Y.L0, X.L2, Y.L2], [X.L1, Y.L1, X.L3, Y.L3]).
.macro kzf_sw3 x, y, t
    vmovdqa64 zmm\t, zmm\x
    vpermt2q zmm\x, zmm28, zmm\y
    vpermt2q zmm\y, zmm27, zmm\t
.endm

// Register bit <-> lane bit 2: (unpacklo64(X, Y), unpackhi64(X, Y)).
.macro kzf_sw2 x, y, t
    vpunpcklqdq zmm\t, zmm\x, zmm\y
    vpunpckhqdq zmm\y, zmm\x, zmm\y
    vmovdqa64 zmm\x, zmm\t
.endm

// Register bit <-> lane bit 1 (dwords): (X, Y) <- ([X0, Y0, X2, Y2, ...],
// [X1, Y1, X3, Y3, ...]); k1 = odd dwords, k2 = even dwords.
.macro kzf_sw1 x, y, t
    vmovdqa64 zmm\t, zmm\x
    vpshufd zmm\x{{k1}}, zmm\y, 0xA0
    vpshufd zmm\y{{k2}}, zmm\t, 0xF5
.endm

// One swap on the four register pairs.
.macro kzf_sw p
    kzf_sw\p 0, 1, 8
    kzf_sw\p 2, 3, 9
    kzf_sw\p 4, 5, 10
    kzf_sw\p 6, 7, 11
.endm

// One in-pair layer with zeta entries e .. e+3.
.macro kzf_pairs e
    kzf_bf 0, 1, 8, (\e)
    kzf_bf 2, 3, 9, (\e+1)
    kzf_bf 4, 5, 10, (\e+2)
    kzf_bf 6, 7, 11, (\e+3)
.endm

    vmovdqu64 zmm0, zmmword ptr [rdi]
    vmovdqu64 zmm1, zmmword ptr [rdi + 64]
    vmovdqu64 zmm2, zmmword ptr [rdi + 128]
    vmovdqu64 zmm3, zmmword ptr [rdi + 192]
    vmovdqu64 zmm4, zmmword ptr [rdi + 256]
    vmovdqu64 zmm5, zmmword ptr [rdi + 320]
    vmovdqu64 zmm6, zmmword ptr [rdi + 384]
    vmovdqu64 zmm7, zmmword ptr [rdi + 448]
    vmovdqa64 zmm31, zmmword ptr [rsi]
    vmovdqa64 zmm30, zmmword ptr [rsi + 128]
    vmovdqa64 zmm29, zmmword ptr [rsi + 192]
    vmovdqa64 zmm28, zmmword ptr [rsi + 384]
    vmovdqa64 zmm27, zmmword ptr [rsi + 448]
    mov eax, 0xAAAA
    kmovw k1, eax
    mov eax, 0x5555
    kmovw k2, eax
    // len = 128
    kzf_bf 0, 4, 8, 0
    kzf_bf 1, 5, 9, 0
    kzf_bf 2, 6, 10, 0
    kzf_bf 3, 7, 11, 0
    // len = 64
    kzf_bf 0, 2, 8, 1
    kzf_bf 1, 3, 9, 1
    kzf_bf 4, 6, 10, 2
    kzf_bf 5, 7, 11, 2
    // len = 32, 16, 8, 4, 2
    kzf_pairs 3
    kzf_sw 4
    kzf_pairs 7
    kzf_sw 3
    kzf_pairs 11
    kzf_sw 2
    kzf_pairs 15
    kzf_sw 1
    kzf_pairs 19
    // Barrett, then back to the standard order
    kzf_bar 0, 8
    kzf_bar 1, 9
    kzf_bar 2, 10
    kzf_bar 3, 11
    kzf_bar 4, 8
    kzf_bar 5, 9
    kzf_bar 6, 10
    kzf_bar 7, 11
    kzf_sw 1
    kzf_sw 2
    kzf_sw 3
    kzf_sw 4
    vmovdqu64 zmmword ptr [rdi], zmm0
    vmovdqu64 zmmword ptr [rdi + 64], zmm1
    vmovdqu64 zmmword ptr [rdi + 128], zmm2
    vmovdqu64 zmmword ptr [rdi + 192], zmm3
    vmovdqu64 zmmword ptr [rdi + 256], zmm4
    vmovdqu64 zmmword ptr [rdi + 320], zmm5
    vmovdqu64 zmmword ptr [rdi + 384], zmm6
    vmovdqu64 zmmword ptr [rdi + 448], zmm7
    vzeroupper
    ret

.purgem kzf_bf
.purgem kzf_bar
.purgem kzf_sw4
.purgem kzf_sw3
.purgem kzf_sw2
.purgem kzf_sw1
.purgem kzf_sw
.purgem kzf_pairs
