// ML-KEM inverse NTT times R = 2^16 (FIPS 203 Algorithm 10) for AArch64 NEON.
//
// Included by src/ml_kem/backend/neon.rs into a #[unsafe(naked)] function through
// core::arch::naked_asm!(include_str!(..)): this file is a Rust asm template, so
// register-list braces are doubled.
//
//   void mlkem_invntt_asm(int16_t a[256], const int16_t t[8][56], const NttTable *t14)
//   x0 = a, x1 = layer 7-5 table, x2 = forward table (zeta(1..16) and z' for layers 4-1)
//
// Gentleman-Sande butterflies: a' = Barrett(a + b), b' = zeta (b - a) by Barrett
// multiplication (SQRDMULH, MUL, MLS). Every layer keeps |a_i| < q. The final factor
// 128^-1 R mod q = 2^9 = 512 (z' = round(512 2^15 / q) = 5040) gives |b_i| < q.
// Pass A: layers 7, 6 (after LD4 .4s, which transposes 32-bit pairs), transpose back,
// layer 5; pass B: layers 4-1 on 16 vectors 16 coefficients apart, then the scaling.
// Registers: v0-v3, v5-v7 twiddles, v4 = (q, 20159, 512, 5040) by element, temps
// v5, v6 (pass B) and v24-v27 (pass A). Caller-saved registers only, no stack.

.macro invgs a, b, z, zt
    sub      v6.8h, \b\().8h, \a\().8h
    add      \a\().8h, \a\().8h, \b\().8h
    sqdmulh  v5.8h, \a\().8h, v4.h[1]
    srshr    v5.8h, v5.8h, #11
    mls      \a\().8h, v5.8h, v4.h[0]
    sqrdmulh v5.8h, v6.8h, \zt
    mul      \b\().8h, v6.8h, \z
    mls      \b\().8h, v5.8h, v4.h[0]
.endm

.macro invgsv a, b, z, zt
    sub      v25.8h, \b\().8h, \a\().8h
    add      \a\().8h, \a\().8h, \b\().8h
    sqdmulh  v24.8h, \a\().8h, v4.h[1]
    srshr    v24.8h, v24.8h, #11
    mls      \a\().8h, v24.8h, v4.h[0]
    sqrdmulh v24.8h, v25.8h, \zt\().8h
    mul      \b\().8h, v25.8h, \z\().8h
    mls      \b\().8h, v24.8h, v4.h[0]
.endm

.macro invscale a
    sqrdmulh v5.8h, \a\().8h, v4.h[3]
    mul      \a\().8h, \a\().8h, v4.h[2]
    mls      \a\().8h, v5.8h, v4.h[0]
.endm

    mov      w9, #3329
    mov      v4.h[0], w9
    mov      w9, #20159
    mov      v4.h[1], w9
    mov      w9, #512
    mov      v4.h[2], w9
    mov      w9, #5040
    mov      v4.h[3], w9

    // ---- pass A: layers 7, 6, 5 on eight blocks of 32 coefficients
    mov      x3, x0
    mov      x4, #8
2:
    ld4      {{v20.4s, v21.4s, v22.4s, v23.4s}}, [x3]
    ld1      {{v0.8h, v1.8h, v2.8h, v3.8h}}, [x1], #64
    ld1      {{v5.8h, v6.8h, v7.8h}}, [x1], #48
    // layer 7 (len 2)
    invgsv   v20, v21, v0, v1
    invgsv   v22, v23, v2, v3
    // layer 6 (len 4)
    invgsv   v20, v22, v5, v6
    invgsv   v21, v23, v5, v6
    // back to natural order: v16..v19
    trn1     v24.4s, v20.4s, v21.4s
    trn2     v25.4s, v20.4s, v21.4s
    trn1     v26.4s, v22.4s, v23.4s
    trn2     v27.4s, v22.4s, v23.4s
    trn1     v16.2d, v24.2d, v26.2d
    trn2     v18.2d, v24.2d, v26.2d
    trn1     v17.2d, v25.2d, v27.2d
    trn2     v19.2d, v25.2d, v27.2d
    // layer 5 (len 8): zeta(31 - 2b), zeta(30 - 2b) by element from v7
    sub      v25.8h, v17.8h, v16.8h
    sub      v27.8h, v19.8h, v18.8h
    add      v16.8h, v16.8h, v17.8h
    add      v18.8h, v18.8h, v19.8h
    sqdmulh  v24.8h, v16.8h, v4.h[1]
    sqdmulh  v26.8h, v18.8h, v4.h[1]
    srshr    v24.8h, v24.8h, #11
    srshr    v26.8h, v26.8h, #11
    mls      v16.8h, v24.8h, v4.h[0]
    mls      v18.8h, v26.8h, v4.h[0]
    sqrdmulh v24.8h, v25.8h, v7.h[2]
    sqrdmulh v26.8h, v27.8h, v7.h[3]
    mul      v17.8h, v25.8h, v7.h[0]
    mul      v19.8h, v27.8h, v7.h[1]
    mls      v17.8h, v24.8h, v4.h[0]
    mls      v19.8h, v26.8h, v4.h[0]
    st1      {{v16.8h, v17.8h, v18.8h, v19.8h}}, [x3], #64
    subs     x4, x4, #1
    b.ne     2b

    // ---- pass B: layers 4-1, columns j = 0 and j = 8
    ld1      {{v0.8h, v1.8h, v2.8h, v3.8h}}, [x2]
    mov      x3, x0
    mov      x4, #2
3:
    ldr      q16, [x3, #0]
    ldr      q17, [x3, #32]
    ldr      q18, [x3, #64]
    ldr      q19, [x3, #96]
    ldr      q20, [x3, #128]
    ldr      q21, [x3, #160]
    ldr      q22, [x3, #192]
    ldr      q23, [x3, #224]
    ldr      q24, [x3, #256]
    ldr      q25, [x3, #288]
    ldr      q26, [x3, #320]
    ldr      q27, [x3, #352]
    ldr      q28, [x3, #384]
    ldr      q29, [x3, #416]
    ldr      q30, [x3, #448]
    ldr      q31, [x3, #480]
    // layer 4 (len 16): k = 15..8
    invgs    v16, v17, v1.h[7], v3.h[7]
    invgs    v18, v19, v1.h[6], v3.h[6]
    invgs    v20, v21, v1.h[5], v3.h[5]
    invgs    v22, v23, v1.h[4], v3.h[4]
    invgs    v24, v25, v1.h[3], v3.h[3]
    invgs    v26, v27, v1.h[2], v3.h[2]
    invgs    v28, v29, v1.h[1], v3.h[1]
    invgs    v30, v31, v1.h[0], v3.h[0]
    // layer 3 (len 32): k = 7..4
    invgs    v16, v18, v0.h[7], v2.h[7]
    invgs    v17, v19, v0.h[7], v2.h[7]
    invgs    v20, v22, v0.h[6], v2.h[6]
    invgs    v21, v23, v0.h[6], v2.h[6]
    invgs    v24, v26, v0.h[5], v2.h[5]
    invgs    v25, v27, v0.h[5], v2.h[5]
    invgs    v28, v30, v0.h[4], v2.h[4]
    invgs    v29, v31, v0.h[4], v2.h[4]
    // layer 2 (len 64): k = 3, 2
    invgs    v16, v20, v0.h[3], v2.h[3]
    invgs    v17, v21, v0.h[3], v2.h[3]
    invgs    v18, v22, v0.h[3], v2.h[3]
    invgs    v19, v23, v0.h[3], v2.h[3]
    invgs    v24, v28, v0.h[2], v2.h[2]
    invgs    v25, v29, v0.h[2], v2.h[2]
    invgs    v26, v30, v0.h[2], v2.h[2]
    invgs    v27, v31, v0.h[2], v2.h[2]
    // layer 1 (len 128): k = 1
    invgs    v16, v24, v0.h[1], v2.h[1]
    invgs    v17, v25, v0.h[1], v2.h[1]
    invgs    v18, v26, v0.h[1], v2.h[1]
    invgs    v19, v27, v0.h[1], v2.h[1]
    invgs    v20, v28, v0.h[1], v2.h[1]
    invgs    v21, v29, v0.h[1], v2.h[1]
    invgs    v22, v30, v0.h[1], v2.h[1]
    invgs    v23, v31, v0.h[1], v2.h[1]
    .irp r, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31
    invscale v\r
    .endr
    str      q16, [x3, #0]
    str      q17, [x3, #32]
    str      q18, [x3, #64]
    str      q19, [x3, #96]
    str      q20, [x3, #128]
    str      q21, [x3, #160]
    str      q22, [x3, #192]
    str      q23, [x3, #224]
    str      q24, [x3, #256]
    str      q25, [x3, #288]
    str      q26, [x3, #320]
    str      q27, [x3, #352]
    str      q28, [x3, #384]
    str      q29, [x3, #416]
    str      q30, [x3, #448]
    str      q31, [x3, #480]
    add      x3, x3, #16
    subs     x4, x4, #1
    b.ne     3b
    ret

.purgem invgs
.purgem invgsv
.purgem invscale
