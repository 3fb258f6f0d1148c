// ML-KEM forward NTT (FIPS 203 Algorithm 9) for AArch64 NEON.
//
// Included by src/ml_kem/backend/neon.rs into a #[unsafe(naked)] function through
// core::arch::naked_asm!(include_str!(..)): this file is a Rust asm template, so
// register-list braces are doubled.
//
//   void mlkem_ntt_asm(int16_t a[256], const NttTable *t)   x0 = a, x1 = t
//
// Twiddles are plain zeta^BitRev7(k) mod q with z' = round(z 2^15 / q); one Barrett
// multiplication is SQRDMULH (quotient estimate), MUL, MLS (remainder), |result| < q.
// In: |a_i| < q. Each layer grows the bound by q, so after 7 layers |a_i| < 8q < 2^15
// (no intermediate reduction); a final Barrett reduction (SQDMULH by 20159 =
// round(2^26/q), SRSHR #11, MLS) gives |b_i| <= (q-1)/2, exactly like the portable code.
//
// Pass 1 merges layers 1-4 (len 128..16) on 16 vectors 16 coefficients apart
// (v16-v31), twice. Pass 2 merges layers 5-7 (len 8, 4, 2) on 32-coefficient blocks:
// layer 5 across vectors, then a 4x4 transpose of 32-bit pairs (TRN1/TRN2) makes
// layers 6 and 7 cross-vector too, and ST4 .4s undoes the transpose on the way out.
// Registers: v0-v3 twiddles, v4 = (q, 20159) by element, v5-v7 and v24-v27 temps.
// Only caller-saved registers are used (v8-v15 untouched), no stack.

.macro nttct a, b, z, zt
    sqrdmulh v5.8h, \b\().8h, \zt
    mul      v6.8h, \b\().8h, \z
    mls      v6.8h, v5.8h, v4.h[0]
    sub      \b\().8h, \a\().8h, v6.8h
    add      \a\().8h, \a\().8h, v6.8h
.endm

.macro nttctv a, b, z, zt
    sqrdmulh v24.8h, \b\().8h, \zt\().8h
    mul      v25.8h, \b\().8h, \z\().8h
    mls      v25.8h, v24.8h, v4.h[0]
    sub      \b\().8h, \a\().8h, v25.8h
    add      \a\().8h, \a\().8h, v25.8h
.endm

.macro nttbarrett a
    sqdmulh  v24.8h, \a\().8h, v4.h[1]
    srshr    v24.8h, v24.8h, #11
    mls      \a\().8h, v24.8h, v4.h[0]
.endm

    mov      w9, #3329
    mov      v4.h[0], w9
    mov      w9, #20159
    mov      v4.h[1], w9
    // v0/v1: zeta(0..16), v2/v3: their z'; x1 then points at the layer 5-7 table
    ld1      {{v0.8h, v1.8h, v2.8h, v3.8h}}, [x1], #64

    // ---- pass 1: layers 1-4, columns j = 0 and j = 8
    mov      x2, x0
    mov      x3, #2
2:
    ldr      q16, [x2, #0]
    ldr      q17, [x2, #32]
    ldr      q18, [x2, #64]
    ldr      q19, [x2, #96]
    ldr      q20, [x2, #128]
    ldr      q21, [x2, #160]
    ldr      q22, [x2, #192]
    ldr      q23, [x2, #224]
    ldr      q24, [x2, #256]
    ldr      q25, [x2, #288]
    ldr      q26, [x2, #320]
    ldr      q27, [x2, #352]
    ldr      q28, [x2, #384]
    ldr      q29, [x2, #416]
    ldr      q30, [x2, #448]
    ldr      q31, [x2, #480]
    // layer 1 (len 128): k = 1
    nttct    v16, v24, v0.h[1], v2.h[1]
    nttct    v17, v25, v0.h[1], v2.h[1]
    nttct    v18, v26, v0.h[1], v2.h[1]
    nttct    v19, v27, v0.h[1], v2.h[1]
    nttct    v20, v28, v0.h[1], v2.h[1]
    nttct    v21, v29, v0.h[1], v2.h[1]
    nttct    v22, v30, v0.h[1], v2.h[1]
    nttct    v23, v31, v0.h[1], v2.h[1]
    // layer 2 (len 64): k = 2, 3
    nttct    v16, v20, v0.h[2], v2.h[2]
    nttct    v17, v21, v0.h[2], v2.h[2]
    nttct    v18, v22, v0.h[2], v2.h[2]
    nttct    v19, v23, v0.h[2], v2.h[2]
    nttct    v24, v28, v0.h[3], v2.h[3]
    nttct    v25, v29, v0.h[3], v2.h[3]
    nttct    v26, v30, v0.h[3], v2.h[3]
    nttct    v27, v31, v0.h[3], v2.h[3]
    // layer 3 (len 32): k = 4..7
    nttct    v16, v18, v0.h[4], v2.h[4]
    nttct    v17, v19, v0.h[4], v2.h[4]
    nttct    v20, v22, v0.h[5], v2.h[5]
    nttct    v21, v23, v0.h[5], v2.h[5]
    nttct    v24, v26, v0.h[6], v2.h[6]
    nttct    v25, v27, v0.h[6], v2.h[6]
    nttct    v28, v30, v0.h[7], v2.h[7]
    nttct    v29, v31, v0.h[7], v2.h[7]
    // layer 4 (len 16): k = 8..15
    nttct    v16, v17, v1.h[0], v3.h[0]
    nttct    v18, v19, v1.h[1], v3.h[1]
    nttct    v20, v21, v1.h[2], v3.h[2]
    nttct    v22, v23, v1.h[3], v3.h[3]
    nttct    v24, v25, v1.h[4], v3.h[4]
    nttct    v26, v27, v1.h[5], v3.h[5]
    nttct    v28, v29, v1.h[6], v3.h[6]
    nttct    v30, v31, v1.h[7], v3.h[7]
    str      q16, [x2, #0]
    str      q17, [x2, #32]
    str      q18, [x2, #64]
    str      q19, [x2, #96]
    str      q20, [x2, #128]
    str      q21, [x2, #160]
    str      q22, [x2, #192]
    str      q23, [x2, #224]
    str      q24, [x2, #256]
    str      q25, [x2, #288]
    str      q26, [x2, #320]
    str      q27, [x2, #352]
    str      q28, [x2, #384]
    str      q29, [x2, #416]
    str      q30, [x2, #448]
    str      q31, [x2, #480]
    add      x2, x2, #16
    subs     x3, x3, #1
    b.ne     2b

    // ---- pass 2: layers 5-7, eight blocks of 32 coefficients
    mov      x3, #8
3:
    ld1      {{v16.8h, v17.8h, v18.8h, v19.8h}}, [x0]
    ld1      {{v0.8h, v1.8h, v2.8h, v3.8h}}, [x1], #64
    ld1      {{v5.8h, v6.8h, v7.8h}}, [x1], #48
    // layer 5 (len 8): zeta(16 + 2b), zeta(17 + 2b) by element
    sqrdmulh v24.8h, v17.8h, v0.h[2]
    mul      v25.8h, v17.8h, v0.h[0]
    sqrdmulh v26.8h, v19.8h, v0.h[3]
    mul      v27.8h, v19.8h, v0.h[1]
    mls      v25.8h, v24.8h, v4.h[0]
    mls      v27.8h, v26.8h, v4.h[0]
    sub      v17.8h, v16.8h, v25.8h
    add      v16.8h, v16.8h, v25.8h
    sub      v19.8h, v18.8h, v27.8h
    add      v18.8h, v18.8h, v27.8h
    // transpose the 4x4 matrix of 32-bit pairs: v20..v23 = columns 0..3
    trn1     v24.4s, v16.4s, v17.4s
    trn2     v25.4s, v16.4s, v17.4s
    trn1     v26.4s, v18.4s, v19.4s
    trn2     v27.4s, v18.4s, v19.4s
    trn1     v20.2d, v24.2d, v26.2d
    trn2     v22.2d, v24.2d, v26.2d
    trn1     v21.2d, v25.2d, v27.2d
    trn2     v23.2d, v25.2d, v27.2d
    // layer 6 (len 4): lane pair i uses zeta(32 + 4b + i)
    nttctv   v20, v22, v1, v2
    nttctv   v21, v23, v1, v2
    // layer 7 (len 2): zeta(64 + 8b + 2i), zeta(65 + 8b + 2i)
    nttctv   v20, v21, v3, v5
    nttctv   v22, v23, v6, v7
    nttbarrett v20
    nttbarrett v21
    nttbarrett v22
    nttbarrett v23
    st4      {{v20.4s, v21.4s, v22.4s, v23.4s}}, [x0], #64
    subs     x3, x3, #1
    b.ne     3b
    ret

.purgem nttct
.purgem nttctv
.purgem nttbarrett
