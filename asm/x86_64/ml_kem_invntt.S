// ML-KEM inverse NTT (FIPS 203 Algorithm 10) times R = 2^16, AVX2, Intel
// syntax, sysv64 ABI.
//
// void pqlattice_mlkem_invntt_avx2(int16_t a[256] /* rdi */, const int16_t *table /* rsi */)
//
// asmcheck: public rdi rsi
//
// Contract
//   In:  |a_i| < q, standard FIPS 203 (bit-reversed) NTT order.
//   Out: |b_i| < q, b = NTT^-1(a) * R mod q (R = 2^16), standard order.
//        Congruent to, not necessarily equal to, the portable result: the
//        reduction schedule is lazier (Barrett only on the sums of layers
//        len=8 and len=64).
//   Bounds: Gentleman-Sande butterflies (a, b) <- (a + b, (b - a) * z * 2^-16).
//        Products are < q in absolute value as long as |b - a| * |z| < 2^15 q
//        (|z| <= (q-1)/2), i.e. |b - a| < 65536. Sums double per layer:
//        < 2q, 4q, 8q (len=8: Barrett to <= (q-1)/2), < 2q, 4q, 8q (len=64:
//        Barrett), < 2q; the final multiplication by F = R^2/128 (Montgomery)
//        brings everything below q. All intermediates stay below 8q < 2^15.
//   Table: `TABLE` in avx2.rs: vector 0 = q, 2 = Barrett V, 3 = 2^5,
//        4/5 = F*q^-1 / F, inverse zeta entries e = 39..77 at vectors 8+2e
//        (zeta*q^-1 mod 2^16) and 9+2e (zeta), in order of use.
//   Constant time: straight-line code; every address is rdi/rsi plus a constant.

.macro kiv_bf a, b, t, e
    vpsubw \t, \b, \a
    vpaddw \a, \a, \b
    vpmullw \b, \t, ymmword ptr [rsi + 256 + 64*(\e)]
    vpmulhw \t, \t, ymmword ptr [rsi + 256 + 64*(\e) + 32]
    vpmulhw \b, \b, ymm15
    vpsubw \b, \t, \b
.endm

.macro kiv_bar a, t
    vpmulhw \t, \a, ymm14
    vpmulhrsw \t, \t, ymm13
    vpmullw \t, \t, ymm15
    vpsubw \a, \a, \t
.endm

// a <- a * F * 2^-16 (F in ymm12, F*q^-1 in ymm11)
.macro kiv_f a, t
    vpmullw \t, \a, ymm11
    vpmulhw \a, \a, ymm12
    vpmulhw \t, \t, ymm15
    vpsubw \a, \a, \t
.endm

.macro kiv_s128 a, b, t
    vperm2i128 \t, \a, \b, 0x20
    vperm2i128 \b, \a, \b, 0x31
    vmovdqa \a, \t
.endm

.macro kiv_s64 a, b, t
    vpunpcklqdq \t, \a, \b
    vpunpckhqdq \b, \a, \b
    vmovdqa \a, \t
.endm

.macro kiv_s32 a, b, t
    vpsllq \t, \b, 32
    vpblendd \t, \a, \t, 0xAA
    vpsrlq \a, \a, 32
    vpblendd \b, \a, \b, 0xAA
    vmovdqa \a, \t
.endm

// Pass 1 on half h: layers len=2 .. 32, zeta entries e .. e+17.
.macro kiv_pass1 h, e
    vmovdqu ymm0, ymmword ptr [rdi + 256*(\h)]
    vmovdqu ymm1, ymmword ptr [rdi + 256*(\h) + 32]
    vmovdqu ymm2, ymmword ptr [rdi + 256*(\h) + 64]
    vmovdqu ymm3, ymmword ptr [rdi + 256*(\h) + 96]
    vmovdqu ymm4, ymmword ptr [rdi + 256*(\h) + 128]
    vmovdqu ymm5, ymmword ptr [rdi + 256*(\h) + 160]
    vmovdqu ymm6, ymmword ptr [rdi + 256*(\h) + 192]
    vmovdqu ymm7, ymmword ptr [rdi + 256*(\h) + 224]
    kiv_s128 ymm0, ymm1, ymm8
    kiv_s128 ymm2, ymm3, ymm9
    kiv_s128 ymm4, ymm5, ymm10
    kiv_s128 ymm6, ymm7, ymm11
    kiv_s64 ymm0, ymm1, ymm8
    kiv_s64 ymm2, ymm3, ymm9
    kiv_s64 ymm4, ymm5, ymm10
    kiv_s64 ymm6, ymm7, ymm11
    kiv_s32 ymm0, ymm1, ymm8
    kiv_s32 ymm2, ymm3, ymm9
    kiv_s32 ymm4, ymm5, ymm10
    kiv_s32 ymm6, ymm7, ymm11
    // len = 2
    kiv_bf ymm0, ymm1, ymm8, (\e)
    kiv_bf ymm2, ymm3, ymm9, (\e+1)
    kiv_bf ymm4, ymm5, ymm10, (\e+2)
    kiv_bf ymm6, ymm7, ymm11, (\e+3)
    // len = 4
    kiv_s32 ymm0, ymm1, ymm8
    kiv_s32 ymm2, ymm3, ymm9
    kiv_s32 ymm4, ymm5, ymm10
    kiv_s32 ymm6, ymm7, ymm11
    kiv_bf ymm0, ymm1, ymm8, (\e+4)
    kiv_bf ymm2, ymm3, ymm9, (\e+5)
    kiv_bf ymm4, ymm5, ymm10, (\e+6)
    kiv_bf ymm6, ymm7, ymm11, (\e+7)
    // len = 8, then Barrett on the sums
    kiv_s64 ymm0, ymm1, ymm8
    kiv_s64 ymm2, ymm3, ymm9
    kiv_s64 ymm4, ymm5, ymm10
    kiv_s64 ymm6, ymm7, ymm11
    kiv_bf ymm0, ymm1, ymm8, (\e+8)
    kiv_bf ymm2, ymm3, ymm9, (\e+9)
    kiv_bf ymm4, ymm5, ymm10, (\e+10)
    kiv_bf ymm6, ymm7, ymm11, (\e+11)
    kiv_bar ymm0, ymm8
    kiv_bar ymm2, ymm9
    kiv_bar ymm4, ymm10
    kiv_bar ymm6, ymm11
    // len = 16
    kiv_s128 ymm0, ymm1, ymm8
    kiv_s128 ymm2, ymm3, ymm9
    kiv_s128 ymm4, ymm5, ymm10
    kiv_s128 ymm6, ymm7, ymm11
    kiv_bf ymm0, ymm1, ymm8, (\e+12)
    kiv_bf ymm2, ymm3, ymm9, (\e+13)
    kiv_bf ymm4, ymm5, ymm10, (\e+14)
    kiv_bf ymm6, ymm7, ymm11, (\e+15)
    // len = 32
    kiv_bf ymm0, ymm2, ymm8, (\e+16)
    kiv_bf ymm1, ymm3, ymm9, (\e+16)
    kiv_bf ymm4, ymm6, ymm10, (\e+17)
    kiv_bf ymm5, ymm7, ymm11, (\e+17)
    vmovdqu ymmword ptr [rdi + 256*(\h)], ymm0
    vmovdqu ymmword ptr [rdi + 256*(\h) + 32], ymm1
    vmovdqu ymmword ptr [rdi + 256*(\h) + 64], ymm2
    vmovdqu ymmword ptr [rdi + 256*(\h) + 96], ymm3
    vmovdqu ymmword ptr [rdi + 256*(\h) + 128], ymm4
    vmovdqu ymmword ptr [rdi + 256*(\h) + 160], ymm5
    vmovdqu ymmword ptr [rdi + 256*(\h) + 192], ymm6
    vmovdqu ymmword ptr [rdi + 256*(\h) + 224], ymm7
.endm

// Pass 2: layers len=64 (entries 75, 76), len=128 (entry 77) and the final
// multiplication by F, on r_i, r_i+4, r_i+8, r_i+12 for i, i+1.
.macro kiv_pass2 i
    vmovdqu ymm0, ymmword ptr [rdi + 32*(\i)]
    vmovdqu ymm1, ymmword ptr [rdi + 32*(\i+4)]
    vmovdqu ymm2, ymmword ptr [rdi + 32*(\i+8)]
    vmovdqu ymm3, ymmword ptr [rdi + 32*(\i+12)]
    vmovdqu ymm4, ymmword ptr [rdi + 32*(\i+1)]
    vmovdqu ymm5, ymmword ptr [rdi + 32*(\i+5)]
    vmovdqu ymm6, ymmword ptr [rdi + 32*(\i+9)]
    vmovdqu ymm7, ymmword ptr [rdi + 32*(\i+13)]
    kiv_bf ymm0, ymm1, ymm8, 75
    kiv_bf ymm4, ymm5, ymm9, 75
    kiv_bf ymm2, ymm3, ymm10, 76
    kiv_bf ymm6, ymm7, ymm8, 76
    kiv_bar ymm0, ymm9
    kiv_bar ymm4, ymm10
    kiv_bar ymm2, ymm8
    kiv_bar ymm6, ymm9
    kiv_bf ymm0, ymm2, ymm8, 77
    kiv_bf ymm1, ymm3, ymm9, 77
    kiv_bf ymm4, ymm6, ymm10, 77
    kiv_bf ymm5, ymm7, ymm8, 77
    kiv_f ymm0, ymm8
    kiv_f ymm1, ymm9
    kiv_f ymm2, ymm10
    kiv_f ymm3, ymm8
    kiv_f ymm4, ymm9
    kiv_f ymm5, ymm10
    kiv_f ymm6, ymm8
    kiv_f ymm7, ymm9
    vmovdqu ymmword ptr [rdi + 32*(\i)], ymm0
    vmovdqu ymmword ptr [rdi + 32*(\i+4)], ymm1
    vmovdqu ymmword ptr [rdi + 32*(\i+8)], ymm2
    vmovdqu ymmword ptr [rdi + 32*(\i+12)], ymm3
    vmovdqu ymmword ptr [rdi + 32*(\i+1)], ymm4
    vmovdqu ymmword ptr [rdi + 32*(\i+5)], ymm5
    vmovdqu ymmword ptr [rdi + 32*(\i+9)], ymm6
    vmovdqu ymmword ptr [rdi + 32*(\i+13)], ymm7
.endm

    vmovdqa ymm15, ymmword ptr [rsi]
    vmovdqa ymm14, ymmword ptr [rsi + 64]
    vmovdqa ymm13, ymmword ptr [rsi + 96]
    kiv_pass1 0, 39
    kiv_pass1 1, 57
    vmovdqa ymm11, ymmword ptr [rsi + 128]
    vmovdqa ymm12, ymmword ptr [rsi + 160]
    kiv_pass2 0
    kiv_pass2 2
    vzeroupper
    ret

.purgem kiv_bf
.purgem kiv_bar
.purgem kiv_f
.purgem kiv_s128
.purgem kiv_s64
.purgem kiv_s32
.purgem kiv_pass1
.purgem kiv_pass2
