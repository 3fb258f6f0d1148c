// ML-KEM inverse NTT (FIPS 203 Algorithm 10) times R = 2^16, AVX-512BW on zmm
// registers (32 i16 lanes), Intel syntax, sysv64 ABI.
//
// void invntt(int16_t a[256] /* rdi */, const int16_t *table /* rsi */)
//
// asmcheck: public rdi rsi
//
// Contract (the AVX2 kernel ml_kem_invntt.S)
//   In:  |a_i| < q, standard FIPS 203 (bit-reversed) NTT order.
//   Out: |b_i| < q, b = NTT^-1(a) * R mod q (R = 2^16), standard order.
//        Congruent to, not necessarily equal to, the portable result (Barrett
//        only on the sums of layers len=8 and len=64, as the AVX2 kernel).
//   Bounds: Gentleman-Sande butterflies (a, b) <- (a + b, (b - a) * z * 2^-16).
//        Products are < q in absolute value as long as |b - a| * |z| < 2^15 q
//        (|z| <= (q-1)/2), and b - a must fit in i16. Sums double per layer:
//        < 2q, 4q, 8q (len=8: Barrett to <= (q-1)/2), < 2q, 4q, 8q (len=64:
//        Barrett), < 2q; the final multiplication by F = R^2/128 (Montgomery)
//        brings everything below q. Every layer's inputs are < 4q, so
//        |b - a| < 8q < 2^15.
//   Table: `TABLE` in avx512.rs: vector 0 = q, 2 = Barrett V, 3 = 2^5,
//        4/5 = F*q^-1 / F, 6/7 = vpermt2q indices, inverse zeta entries
//        e = 23..45 at vectors 16+2e (zeta*q^-1 mod 2^16) and 17+2e (zeta), in
//        order of use.
//   Constant time: straight-line code; every address is rdi/rsi plus a constant.
//
// Layout: as ml_kem_ntt_avx512.S, run backwards: sw4, sw3, sw2, sw1 take each
// register pair (r_2i, r_2i+1) to the lane order of layer len=2; after layers
// len=2, 4, 8, 16 the swaps sw1, sw2, sw3, sw4 (involutions) move to the next
// layer's order, ending in the standard order for len=32, 64, 128.
//
// Clobbers rax, k1, k2, zmm0-zmm11, zmm25-zmm31.

.macro kzi_bf a, b, t, e
    vpsubw zmm\t, zmm\b, zmm\a
    vpaddw zmm\a, zmm\a, zmm\b
    vpmullw zmm\b, zmm\t, zmmword ptr [rsi + 1024 + 128*(\e)]
    vpmulhw zmm\t, zmm\t, zmmword ptr [rsi + 1024 + 128*(\e) + 64]
    vpmulhw zmm\b, zmm\b, zmm31
    vpsubw zmm\b, zmm\t, zmm\b
.endm

.macro kzi_bar a, t
    vpmulhw zmm\t, zmm\a, zmm30
    vpmulhrsw zmm\t, zmm\t, zmm29
    vpmullw zmm\t, zmm\t, zmm31
    vpsubw zmm\a, zmm\a, zmm\t
.endm

// a <- a * F * 2^-16 (F in zmm25, F*q^-1 in zmm26)
.macro kzi_f a, t
    vpmullw zmm\t, zmm\a, zmm26
    vpmulhw zmm\a, zmm\a, zmm25
    vpmulhw zmm\t, zmm\t, zmm31
    vpsubw zmm\a, zmm\a, zmm\t
.endm

.macro kzi_sw4 x, y, t
    vshufi64x2 zmm\t, zmm\x, zmm\y, 0x44
    vshufi64x2 zmm\y, zmm\x, zmm\y, 0xEE
    vmovdqa64 zmm\x, zmm\t
.endm

.macro kzi_sw3 x, y, t
    vmovdqa64 zmm\t, zmm\x
    vpermt2q zmm\x, zmm28, zmm\y
    vpermt2q zmm\y, zmm27, zmm\t
.endm

.macro kzi_sw2 x, y, t
    vpunpcklqdq zmm\t, zmm\x, zmm\y
    vpunpckhqdq zmm\y, zmm\x, zmm\y
    vmovdqa64 zmm\x, zmm\t
.endm

.macro kzi_sw1 x, y, t
    vmovdqa64 zmm\t, zmm\x
    vpshufd zmm\x{{k1}}, zmm\y, 0xA0
    vpshufd zmm\y{{k2}}, zmm\t, 0xF5
.endm

.macro kzi_sw p
    kzi_sw\p 0, 1, 8
    kzi_sw\p 2, 3, 9
    kzi_sw\p 4, 5, 10
    kzi_sw\p 6, 7, 11
.endm

.macro kzi_pairs e
    kzi_bf 0, 1, 8, (\e)
    kzi_bf 2, 3, 9, (\e+1)
    kzi_bf 4, 5, 10, (\e+2)
    kzi_bf 6, 7, 11, (\e+3)
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
    vmovdqa64 zmm26, zmmword ptr [rsi + 256]
    vmovdqa64 zmm25, zmmword ptr [rsi + 320]
    vmovdqa64 zmm28, zmmword ptr [rsi + 384]
    vmovdqa64 zmm27, zmmword ptr [rsi + 448]
    mov eax, 0xAAAA
    kmovw k1, eax
    mov eax, 0x5555
    kmovw k2, eax
    kzi_sw 4
    kzi_sw 3
    kzi_sw 2
    kzi_sw 1
    // len = 2
    kzi_pairs 23
    kzi_sw 1
    // len = 4
    kzi_pairs 27
    kzi_sw 2
    // len = 8, then Barrett on the sums
    kzi_pairs 31
    kzi_bar 0, 8
    kzi_bar 2, 9
    kzi_bar 4, 10
    kzi_bar 6, 11
    kzi_sw 3
    // len = 16
    kzi_pairs 35
    kzi_sw 4
    // len = 32
    kzi_pairs 39
    // len = 64, then Barrett on the sums
    kzi_bf 0, 2, 8, 43
    kzi_bf 1, 3, 9, 43
    kzi_bf 4, 6, 10, 44
    kzi_bf 5, 7, 11, 44
    kzi_bar 0, 8
    kzi_bar 1, 9
    kzi_bar 4, 10
    kzi_bar 5, 11
    // len = 128
    kzi_bf 0, 4, 8, 45
    kzi_bf 1, 5, 9, 45
    kzi_bf 2, 6, 10, 45
    kzi_bf 3, 7, 11, 45
    kzi_f 0, 8
    kzi_f 1, 9
    kzi_f 2, 10
    kzi_f 3, 11
    kzi_f 4, 8
    kzi_f 5, 9
    kzi_f 6, 10
    kzi_f 7, 11
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

.purgem kzi_bf
.purgem kzi_bar
.purgem kzi_f
.purgem kzi_sw4
.purgem kzi_sw3
.purgem kzi_sw2
.purgem kzi_sw1
.purgem kzi_sw
.purgem kzi_pairs
