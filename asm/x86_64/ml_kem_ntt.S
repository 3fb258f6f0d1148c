// ML-KEM forward NTT (FIPS 203 Algorithm 9), AVX2, Intel syntax, sysv64 ABI.
//
// void pqlattice_mlkem_ntt_avx2(int16_t a[256] /* rdi */, const int16_t *table /* rsi */)
//
// asmcheck: public rdi rsi
//
// Contract
//   In:  |a_i| < q (q = 3329).
//   Out: |b_i| <= (q-1)/2, b = NTT(a) mod q, in the standard FIPS 203
//        (bit-reversed) order. Bit-identical to the portable backend: the same
//        Cooley-Tukey butterflies, no intermediate reduction (the bound grows by
//        at most q per layer: <= 8q = 26632 < 2^15), then one Barrett reduction.
//   Table: the 32-byte aligned constant/zeta table built in avx2.rs (`TABLE`):
//        vector 0 = q, 2 = Barrett V = round(2^26/q), 3 = 2^5 (vpmulhrsw
//        rounding shift), forward zeta entry e at vectors 8+2e (zeta*q^-1 mod
//        2^16) and 9+2e (zeta, Montgomery form), one 16-lane vector per use.
//   Constant time: straight-line code; every address is rdi/rsi plus a constant.
//
// Montgomery butterfly (Montgomery product as vpmullw/vpmulhw):
//   t = hi(b*z) - hi(lo(b*z') * q) = b*z*2^-16 mod q, |t| < q when |b*z| < 2^15 q;
//   (a, b) <- (a + t, a - t).
// Layer structure: pass 1 merges layers len=128, 64 on registers
// r_i, r_i+4, r_i+8, r_i+12 (r_j = coefficients 16j..16j+15), two i at once;
// pass 2 does layers len=32..2 on each half (8 registers). Layers len=8, 4, 2
// act inside registers after vperm2i128 / vpunpcklqdq+vpunpckhqdq / shift+vpblendd
// shuffles; all three shuffles are involutions, so applying them again after
// the last layer restores the standard order.

.macro kfw_bf a, b, t, e
    vpmullw \t, \b, ymmword ptr [rsi + 256 + 64*(\e)]
    vpmulhw \b, \b, ymmword ptr [rsi + 256 + 64*(\e) + 32]
    vpmulhw \t, \t, ymm15
    vpsubw \t, \b, \t
    vpsubw \b, \a, \t
    vpaddw \a, \a, \t
.endm

// Barrett: a <- a - round(a*V / 2^26) * q, exactly as the portable code
// (vpmulhrsw by 2^5 of the high product is the rounded shift by 10).
.macro kfw_bar a, t
    vpmulhw \t, \a, ymm14
    vpmulhrsw \t, \t, ymm13
    vpmullw \t, \t, ymm15
    vpsubw \a, \a, \t
.endm

// (A, B) <- ([A.lo128, B.lo128], [A.hi128, B.hi128])
.macro kfw_s128 a, b, t
    vperm2i128 \t, \a, \b, 0x20
    vperm2i128 \b, \a, \b, 0x31
    vmovdqa \a, \t
.endm

// (A, B) <- (unpacklo64(A, B), unpackhi64(A, B))
.macro kfw_s64 a, b, t
    vpunpcklqdq \t, \a, \b
    vpunpckhqdq \b, \a, \b
    vmovdqa \a, \t
.endm

// (A, B) <- (even dwords of A | even dwords of B, odd | odd), interleaved
.macro kfw_s32 a, b, t
    vpsllq \t, \b, 32
    vpblendd \t, \a, \t, 0xAA
    vpsrlq \a, \a, 32
    vpblendd \b, \a, \b, 0xAA
    vmovdqa \a, \t
.endm

// Pass 1: layers len=128 (entry 0) and len=64 (entries 1, 2) for i, i+1.
.macro kfw_pass1 i
    vmovdqu ymm0, ymmword ptr [rdi + 32*(\i)]
    vmovdqu ymm1, ymmword ptr [rdi + 32*(\i+4)]
    vmovdqu ymm2, ymmword ptr [rdi + 32*(\i+8)]
    vmovdqu ymm3, ymmword ptr [rdi + 32*(\i+12)]
    vmovdqu ymm4, ymmword ptr [rdi + 32*(\i+1)]
    vmovdqu ymm5, ymmword ptr [rdi + 32*(\i+5)]
    vmovdqu ymm6, ymmword ptr [rdi + 32*(\i+9)]
    vmovdqu ymm7, ymmword ptr [rdi + 32*(\i+13)]
    kfw_bf ymm0, ymm2, ymm8, 0
    kfw_bf ymm1, ymm3, ymm9, 0
    kfw_bf ymm4, ymm6, ymm10, 0
    kfw_bf ymm5, ymm7, ymm11, 0
    kfw_bf ymm0, ymm1, ymm8, 1
    kfw_bf ymm4, ymm5, ymm9, 1
    kfw_bf ymm2, ymm3, ymm10, 2
    kfw_bf ymm6, ymm7, ymm11, 2
    vmovdqu ymmword ptr [rdi + 32*(\i)], ymm0
    vmovdqu ymmword ptr [rdi + 32*(\i+4)], ymm1
    vmovdqu ymmword ptr [rdi + 32*(\i+8)], ymm2
    vmovdqu ymmword ptr [rdi + 32*(\i+12)], ymm3
    vmovdqu ymmword ptr [rdi + 32*(\i+1)], ymm4
    vmovdqu ymmword ptr [rdi + 32*(\i+5)], ymm5
    vmovdqu ymmword ptr [rdi + 32*(\i+9)], ymm6
    vmovdqu ymmword ptr [rdi + 32*(\i+13)], ymm7
.endm

// Pass 2 on half h (registers r_8h .. r_8h+7), zeta entries e .. e+17.
.macro kfw_pass2 h, e
    vmovdqu ymm0, ymmword ptr [rdi + 256*(\h)]
    vmovdqu ymm1, ymmword ptr [rdi + 256*(\h) + 32]
    vmovdqu ymm2, ymmword ptr [rdi + 256*(\h) + 64]
    vmovdqu ymm3, ymmword ptr [rdi + 256*(\h) + 96]
    vmovdqu ymm4, ymmword ptr [rdi + 256*(\h) + 128]
    vmovdqu ymm5, ymmword ptr [rdi + 256*(\h) + 160]
    vmovdqu ymm6, ymmword ptr [rdi + 256*(\h) + 192]
    vmovdqu ymm7, ymmword ptr [rdi + 256*(\h) + 224]
    // len = 32
    kfw_bf ymm0, ymm2, ymm8, (\e)
    kfw_bf ymm1, ymm3, ymm9, (\e)
    kfw_bf ymm4, ymm6, ymm10, (\e+1)
    kfw_bf ymm5, ymm7, ymm11, (\e+1)
    // len = 16
    kfw_bf ymm0, ymm1, ymm8, (\e+2)
    kfw_bf ymm2, ymm3, ymm9, (\e+3)
    kfw_bf ymm4, ymm5, ymm10, (\e+4)
    kfw_bf ymm6, ymm7, ymm11, (\e+5)
    // len = 8
    kfw_s128 ymm0, ymm1, ymm8
    kfw_s128 ymm2, ymm3, ymm9
    kfw_s128 ymm4, ymm5, ymm10
    kfw_s128 ymm6, ymm7, ymm11
    kfw_bf ymm0, ymm1, ymm8, (\e+6)
    kfw_bf ymm2, ymm3, ymm9, (\e+7)
    kfw_bf ymm4, ymm5, ymm10, (\e+8)
    kfw_bf ymm6, ymm7, ymm11, (\e+9)
    // len = 4
    kfw_s64 ymm0, ymm1, ymm8
    kfw_s64 ymm2, ymm3, ymm9
    kfw_s64 ymm4, ymm5, ymm10
    kfw_s64 ymm6, ymm7, ymm11
    kfw_bf ymm0, ymm1, ymm8, (\e+10)
    kfw_bf ymm2, ymm3, ymm9, (\e+11)
    kfw_bf ymm4, ymm5, ymm10, (\e+12)
    kfw_bf ymm6, ymm7, ymm11, (\e+13)
    // len = 2
    kfw_s32 ymm0, ymm1, ymm8
    kfw_s32 ymm2, ymm3, ymm9
    kfw_s32 ymm4, ymm5, ymm10
    kfw_s32 ymm6, ymm7, ymm11
    kfw_bf ymm0, ymm1, ymm8, (\e+14)
    kfw_bf ymm2, ymm3, ymm9, (\e+15)
    kfw_bf ymm4, ymm5, ymm10, (\e+16)
    kfw_bf ymm6, ymm7, ymm11, (\e+17)
    // Barrett, then back to the standard order
    kfw_bar ymm0, ymm8
    kfw_bar ymm1, ymm9
    kfw_bar ymm2, ymm10
    kfw_bar ymm3, ymm11
    kfw_bar ymm4, ymm8
    kfw_bar ymm5, ymm9
    kfw_bar ymm6, ymm10
    kfw_bar ymm7, ymm11
    kfw_s32 ymm0, ymm1, ymm8
    kfw_s32 ymm2, ymm3, ymm9
    kfw_s32 ymm4, ymm5, ymm10
    kfw_s32 ymm6, ymm7, ymm11
    kfw_s64 ymm0, ymm1, ymm8
    kfw_s64 ymm2, ymm3, ymm9
    kfw_s64 ymm4, ymm5, ymm10
    kfw_s64 ymm6, ymm7, ymm11
    kfw_s128 ymm0, ymm1, ymm8
    kfw_s128 ymm2, ymm3, ymm9
    kfw_s128 ymm4, ymm5, ymm10
    kfw_s128 ymm6, ymm7, ymm11
    vmovdqu ymmword ptr [rdi + 256*(\h)], ymm0
    vmovdqu ymmword ptr [rdi + 256*(\h) + 32], ymm1
    vmovdqu ymmword ptr [rdi + 256*(\h) + 64], ymm2
    vmovdqu ymmword ptr [rdi + 256*(\h) + 96], ymm3
    vmovdqu ymmword ptr [rdi + 256*(\h) + 128], ymm4
    vmovdqu ymmword ptr [rdi + 256*(\h) + 160], ymm5
    vmovdqu ymmword ptr [rdi + 256*(\h) + 192], ymm6
    vmovdqu ymmword ptr [rdi + 256*(\h) + 224], ymm7
.endm

    vmovdqa ymm15, ymmword ptr [rsi]
    vmovdqa ymm14, ymmword ptr [rsi + 64]
    vmovdqa ymm13, ymmword ptr [rsi + 96]
    kfw_pass1 0
    kfw_pass1 2
    kfw_pass2 0, 3
    kfw_pass2 1, 21
    vzeroupper
    ret

.purgem kfw_bf
.purgem kfw_bar
.purgem kfw_s128
.purgem kfw_s64
.purgem kfw_s32
.purgem kfw_pass1
.purgem kfw_pass2
