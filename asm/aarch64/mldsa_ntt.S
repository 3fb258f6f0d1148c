// ML-DSA forward NTT (FIPS 204 Algorithm 41) for AArch64 NEON.
//
// Included by src/ml_dsa/backend/neon.rs into a #[unsafe(naked)] function through
// core::arch::naked_asm!(include_str!(..)): this file is a Rust asm template, so
// register-list braces are doubled.
//
//   void mldsa_ntt_asm(int32_t a[256], const DsaNttTable *t)    x0 = a, x1 = t
//
// Plain twiddles zeta^BitRev8(k) mod q, z' = round(z 2^31 / q); Barrett
// multiplication SQRDMULH (quotient), MUL, MLS (remainder) gives |z b mod q| < q for
// every |b| < 2^31, so 8 layers of Cooley-Tukey butterflies take |a_i| < q to
// |a_i| < 9q, the contract of DsaBackend::ntt (no reductions needed).
//
// Pass 1 merges layers 1-4 on 16 vectors 16 coefficients apart (v16-v31), four times;
// pass 2 merges layers 5-8 on blocks of 16 coefficients: layers 5, 6 across vectors,
// a 4x4 transpose (TRN1/TRN2), layers 7, 8 across vectors, and ST4 .4s restores the
// order. v0.s[0] = q (lane 0 of the zeta table, index 0 is unused), v0-v3 zetas 1-15,
// v4-v7 their z'; pass 1 needs two temporaries more, v8/v9, whose low halves
// (callee-saved, AAPCS64) are saved on the stack once.

.macro dsact a, b, z, zt
    sqrdmulh v8.4s, \b\().4s, \zt
    mul      v9.4s, \b\().4s, \z
    mls      v9.4s, v8.4s, v0.s[0]
    sub      \b\().4s, \a\().4s, v9.4s
    add      \a\().4s, \a\().4s, v9.4s
.endm

.macro dsactv a, b, z, zt
    sqrdmulh v4.4s, \b\().4s, \zt\().4s
    mul      v5.4s, \b\().4s, \z\().4s
    mls      v5.4s, v4.4s, v0.s[0]
    sub      \b\().4s, \a\().4s, v5.4s
    add      \a\().4s, \a\().4s, v5.4s
.endm

.macro dsacte a, b, z, zt
    sqrdmulh v4.4s, \b\().4s, \zt
    mul      v5.4s, \b\().4s, \z
    mls      v5.4s, v4.4s, v0.s[0]
    sub      \b\().4s, \a\().4s, v5.4s
    add      \a\().4s, \a\().4s, v5.4s
.endm

    stp      d8, d9, [sp, #-16]!
    ld1      {{v0.4s, v1.4s, v2.4s, v3.4s}}, [x1], #64
    ld1      {{v4.4s, v5.4s, v6.4s, v7.4s}}, [x1], #64

    // ---- pass 1: layers 1-4, columns j = 0, 4, 8, 12
    mov      x2, x0
    mov      x3, #4
2:
    ldr      q16, [x2, #0]
    ldr      q17, [x2, #64]
    ldr      q18, [x2, #128]
    ldr      q19, [x2, #192]
    ldr      q20, [x2, #256]
    ldr      q21, [x2, #320]
    ldr      q22, [x2, #384]
    ldr      q23, [x2, #448]
    ldr      q24, [x2, #512]
    ldr      q25, [x2, #576]
    ldr      q26, [x2, #640]
    ldr      q27, [x2, #704]
    ldr      q28, [x2, #768]
    ldr      q29, [x2, #832]
    ldr      q30, [x2, #896]
    ldr      q31, [x2, #960]
    // layer 1 (len 128): k = 1
    dsact    v16, v24, v0.s[1], v4.s[1]
    dsact    v17, v25, v0.s[1], v4.s[1]
    dsact    v18, v26, v0.s[1], v4.s[1]
    dsact    v19, v27, v0.s[1], v4.s[1]
    dsact    v20, v28, v0.s[1], v4.s[1]
    dsact    v21, v29, v0.s[1], v4.s[1]
    dsact    v22, v30, v0.s[1], v4.s[1]
    dsact    v23, v31, v0.s[1], v4.s[1]
    // layer 2 (len 64): k = 2, 3
    dsact    v16, v20, v0.s[2], v4.s[2]
    dsact    v17, v21, v0.s[2], v4.s[2]
    dsact    v18, v22, v0.s[2], v4.s[2]
    dsact    v19, v23, v0.s[2], v4.s[2]
    dsact    v24, v28, v0.s[3], v4.s[3]
    dsact    v25, v29, v0.s[3], v4.s[3]
    dsact    v26, v30, v0.s[3], v4.s[3]
    dsact    v27, v31, v0.s[3], v4.s[3]
    // layer 3 (len 32): k = 4..7
    dsact    v16, v18, v1.s[0], v5.s[0]
    dsact    v17, v19, v1.s[0], v5.s[0]
    dsact    v20, v22, v1.s[1], v5.s[1]
    dsact    v21, v23, v1.s[1], v5.s[1]
    dsact    v24, v26, v1.s[2], v5.s[2]
    dsact    v25, v27, v1.s[2], v5.s[2]
    dsact    v28, v30, v1.s[3], v5.s[3]
    dsact    v29, v31, v1.s[3], v5.s[3]
    // layer 4 (len 16): k = 8..15
    dsact    v16, v17, v2.s[0], v6.s[0]
    dsact    v18, v19, v2.s[1], v6.s[1]
    dsact    v20, v21, v2.s[2], v6.s[2]
    dsact    v22, v23, v2.s[3], v6.s[3]
    dsact    v24, v25, v3.s[0], v7.s[0]
    dsact    v26, v27, v3.s[1], v7.s[1]
    dsact    v28, v29, v3.s[2], v7.s[2]
    dsact    v30, v31, v3.s[3], v7.s[3]
    str      q16, [x2, #0]
    str      q17, [x2, #64]
    str      q18, [x2, #128]
    str      q19, [x2, #192]
    str      q20, [x2, #256]
    str      q21, [x2, #320]
    str      q22, [x2, #384]
    str      q23, [x2, #448]
    str      q24, [x2, #512]
    str      q25, [x2, #576]
    str      q26, [x2, #640]
    str      q27, [x2, #704]
    str      q28, [x2, #768]
    str      q29, [x2, #832]
    str      q30, [x2, #896]
    str      q31, [x2, #960]
    add      x2, x2, #16
    subs     x3, x3, #1
    b.ne     2b

    // ---- pass 2: layers 5-8, sixteen blocks of 16 coefficients
    mov      x3, #16
3:
    ld1      {{v16.4s, v17.4s, v18.4s, v19.4s}}, [x0]
    ld1      {{v24.4s, v25.4s, v26.4s, v27.4s}}, [x1], #64
    ld1      {{v28.4s, v29.4s, v30.4s, v31.4s}}, [x1], #64
    // layer 5 (len 8): zeta(16 + b)
    dsacte   v16, v18, v24.s[0], v25.s[0]
    dsacte   v17, v19, v24.s[0], v25.s[0]
    // layer 6 (len 4): zeta(32 + 2b), zeta(33 + 2b)
    dsacte   v16, v17, v24.s[1], v25.s[1]
    dsacte   v18, v19, v24.s[2], v25.s[2]
    // transpose: v20..v23 = columns 0..3 (lane i of column k = coefficient 4i + k)
    trn1     v4.4s, v16.4s, v17.4s
    trn2     v5.4s, v16.4s, v17.4s
    trn1     v6.4s, v18.4s, v19.4s
    trn2     v7.4s, v18.4s, v19.4s
    trn1     v20.2d, v4.2d, v6.2d
    trn2     v22.2d, v4.2d, v6.2d
    trn1     v21.2d, v5.2d, v7.2d
    trn2     v23.2d, v5.2d, v7.2d
    // layer 7 (len 2): lane i uses zeta(64 + 4b + i)
    dsactv   v20, v22, v26, v27
    dsactv   v21, v23, v26, v27
    // layer 8 (len 1): zeta(128 + 8b + 2i), zeta(129 + 8b + 2i)
    dsactv   v20, v21, v28, v29
    dsactv   v22, v23, v30, v31
    st4      {{v20.4s, v21.4s, v22.4s, v23.4s}}, [x0], #64
    subs     x3, x3, #1
    b.ne     3b
    ldp      d8, d9, [sp], #16
    ret

.purgem dsact
.purgem dsactv
.purgem dsacte
