// ML-KEM base multiplication summed over a vector (FIPS 203 Algorithms 11 and 12,
// inner product of two NTT vectors, times R^-1) for AArch64 NEON.
//
// Included by src/ml_kem/backend/neon.rs into a #[unsafe(naked)] function through
// core::arch::naked_asm!(include_str!(..)): this file is a Rust asm template, so
// register-list braces are doubled.
//
//   void mlkem_basemul_acc_asm(int16_t out[256], const int16_t *a, const int16_t *b,
//                              size_t k, const int16_t gammas[256])
//   x0 = out, x1 = a, x2 = b (k polynomials each, 512 bytes apart), x3 = k in 1..=4,
//   x4 = gamma(i) for the 128 pairs then their z' = round(gamma 2^15 / q).
//
// Per 8 coefficient pairs: LD2 splits even (a0, b0) and odd (a1, b1) coefficients;
// b1 gamma by Barrett multiplication (|.| < q); c0 += a0 b0 + a1 (b1 gamma) and
// c1 += a0 b1 + a1 b0 in 32-bit lanes (SMLAL/SMLAL2; |c| < 8 q^2 < 2^15 q for k <= 4);
// then one Montgomery reduction: m = lo16(c) q^-1 (MUL), c -= m q (SMLSL), result =
// hi16(c) (UZP2), |result| < q. Caller-saved registers only, no stack.

.macro bmred lo, hi, out
    uzp1     v24.8h, \lo\().8h, \hi\().8h
    mul      v24.8h, v24.8h, v4.h[2]
    smlsl    \lo\().4s, v24.4h, v4.h[0]
    smlsl2   \hi\().4s, v24.8h, v4.h[0]
    uzp2     \out\().8h, \lo\().8h, \hi\().8h
.endm

    mov      w9, #3329
    mov      v4.h[0], w9
    mov      w9, #-3327
    mov      v4.h[2], w9
    mov      x5, #16
2:
    ldr      q0, [x4]
    ldr      q1, [x4, #256]
    add      x4, x4, #16
    movi     v16.4s, #0
    movi     v17.4s, #0
    movi     v18.4s, #0
    movi     v19.4s, #0
    mov      x6, x1
    mov      x7, x2
    mov      x8, x3
3:
    ld2      {{v20.8h, v21.8h}}, [x6]
    ld2      {{v22.8h, v23.8h}}, [x7]
    add      x6, x6, #512
    add      x7, x7, #512
    sqrdmulh v24.8h, v23.8h, v1.8h
    mul      v25.8h, v23.8h, v0.8h
    smlal    v16.4s, v20.4h, v22.4h
    smlal2   v17.4s, v20.8h, v22.8h
    mls      v25.8h, v24.8h, v4.h[0]
    smlal    v18.4s, v20.4h, v23.4h
    smlal2   v19.4s, v20.8h, v23.8h
    smlal    v18.4s, v21.4h, v22.4h
    smlal2   v19.4s, v21.8h, v22.8h
    smlal    v16.4s, v21.4h, v25.4h
    smlal2   v17.4s, v21.8h, v25.8h
    subs     x8, x8, #1
    b.ne     3b
    bmred    v16, v17, v20
    bmred    v18, v19, v21
    st2      {{v20.8h, v21.8h}}, [x0], #32
    add      x1, x1, #32
    add      x2, x2, #32
    subs     x5, x5, #1
    b.ne     2b
    ret

.purgem bmred
