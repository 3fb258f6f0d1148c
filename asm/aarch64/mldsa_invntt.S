// ML-DSA inverse NTT times 2^32 (FIPS 204 Algorithm 42, DsaBackend::invntt_tomont)
// for AArch64 NEON.
//
// Included by src/ml_dsa/backend/neon.rs into a #[unsafe(naked)] function through
// core::arch::naked_asm!(include_str!(..)): this file is a Rust asm template, so
// register-list braces are doubled.
//
//   void mldsa_invntt_asm(int32_t a[256], const int32_t t[16][32], const DsaNttTable *f)
//   x0 = a, x1 = layer 8-5 table, x2 = forward table (q, zeta(1..16), z' for layers 4-1)
//
// Gentleman-Sande butterflies a' = a + b, b' = zeta (b - a) (Barrett multiplication,
// |b'| < q), without reducing the sums, like the reference: from |a_i| < q the sums
// stay below 256 q < 2^31. The final factor 2^32 / 256 mod q = 2^24 mod q = 16382
// (z' = round(16382 2^31 / q) = 4197891, checked by the tests) gives |a_i| < q.
// Pass A: LD4 .4s (transposed), layers 8, 7, transpose back, layers 6, 5; pass B:
// layers 4-1 on 16 vectors 16 coefficients apart, and the scaling. v8/v9 are
// temporaries and v10 holds the scaling constants; their callee-saved low halves are
// saved on the stack once.

.macro dsagsv a, b, z, zt
    sub      v5.4s, \b\().4s, \a\().4s
    add      \a\().4s, \a\().4s, \b\().4s
    sqrdmulh v4.4s, v5.4s, \zt\().4s
    mul      \b\().4s, v5.4s, \z\().4s
    mls      \b\().4s, v4.4s, v0.s[0]
.endm

.macro dsagse a, b, z, zt
    sub      v5.4s, \b\().4s, \a\().4s
    add      \a\().4s, \a\().4s, \b\().4s
    sqrdmulh v4.4s, v5.4s, \zt
    mul      \b\().4s, v5.4s, \z
    mls      \b\().4s, v4.4s, v0.s[0]
.endm

.macro dsags a, b, z, zt
    sub      v9.4s, \b\().4s, \a\().4s
    add      \a\().4s, \a\().4s, \b\().4s
    sqrdmulh v8.4s, v9.4s, \zt
    mul      \b\().4s, v9.4s, \z
    mls      \b\().4s, v8.4s, v0.s[0]
.endm

.macro dsascale a
    sqrdmulh v8.4s, \a\().4s, v10.s[1]
    mul      \a\().4s, \a\().4s, v10.s[0]
    mls      \a\().4s, v8.4s, v0.s[0]
.endm

    stp      d8, d9, [sp, #-32]!
    str      d10, [sp, #16]
    ld1      {{v0.4s}}, [x2]

    // ---- pass A: layers 8, 7, 6, 5 on sixteen blocks of 16 coefficients
    mov      x3, x0
    mov      x4, #16
2:
    ld4      {{v20.4s, v21.4s, v22.4s, v23.4s}}, [x3]
    ld1      {{v24.4s, v25.4s, v26.4s, v27.4s}}, [x1], #64
    ld1      {{v28.4s, v29.4s, v30.4s, v31.4s}}, [x1], #64
    // layer 8 (len 1)
    dsagsv   v20, v21, v24, v25
    dsagsv   v22, v23, v26, v27
    // layer 7 (len 2)
    dsagsv   v20, v22, v28, v29
    dsagsv   v21, v23, v28, v29
    // back to natural order: v16..v19
    trn1     v4.4s, v20.4s, v21.4s
    trn2     v5.4s, v20.4s, v21.4s
    trn1     v6.4s, v22.4s, v23.4s
    trn2     v7.4s, v22.4s, v23.4s
    trn1     v16.2d, v4.2d, v6.2d
    trn2     v18.2d, v4.2d, v6.2d
    trn1     v17.2d, v5.2d, v7.2d
    trn2     v19.2d, v5.2d, v7.2d
    // layer 6 (len 4): zeta(63 - 2b), zeta(62 - 2b)
    dsagse   v16, v17, v30.s[0], v31.s[0]
    dsagse   v18, v19, v30.s[1], v31.s[1]
    // layer 5 (len 8): zeta(31 - b)
    dsagse   v16, v18, v30.s[2], v31.s[2]
    dsagse   v17, v19, v30.s[2], v31.s[2]
    st1      {{v16.4s, v17.4s, v18.4s, v19.4s}}, [x3], #64
    subs     x4, x4, #1
    b.ne     2b

    // ---- pass B: layers 4-1, columns j = 0, 4, 8, 12
    ld1      {{v0.4s, v1.4s, v2.4s, v3.4s}}, [x2], #64
    ld1      {{v4.4s, v5.4s, v6.4s, v7.4s}}, [x2]
    movz     w9, #16382
    mov      v10.s[0], w9
    movz     w9, #0x0e03
    movk     w9, #0x0040, lsl #16
    mov      v10.s[1], w9
    mov      x3, x0
    mov      x4, #4
3:
    ldr      q16, [x3, #0]
    ldr      q17, [x3, #64]
    ldr      q18, [x3, #128]
    ldr      q19, [x3, #192]
    ldr      q20, [x3, #256]
    ldr      q21, [x3, #320]
    ldr      q22, [x3, #384]
    ldr      q23, [x3, #448]
    ldr      q24, [x3, #512]
    ldr      q25, [x3, #576]
    ldr      q26, [x3, #640]
    ldr      q27, [x3, #704]
    ldr      q28, [x3, #768]
    ldr      q29, [x3, #832]
    ldr      q30, [x3, #896]
    ldr      q31, [x3, #960]
    // layer 4 (len 16): k = 15..8
    dsags    v16, v17, v3.s[3], v7.s[3]
    dsags    v18, v19, v3.s[2], v7.s[2]
    dsags    v20, v21, v3.s[1], v7.s[1]
    dsags    v22, v23, v3.s[0], v7.s[0]
    dsags    v24, v25, v2.s[3], v6.s[3]
    dsags    v26, v27, v2.s[2], v6.s[2]
    dsags    v28, v29, v2.s[1], v6.s[1]
    dsags    v30, v31, v2.s[0], v6.s[0]
    // layer 3 (len 32): k = 7..4
    dsags    v16, v18, v1.s[3], v5.s[3]
    dsags    v17, v19, v1.s[3], v5.s[3]
    dsags    v20, v22, v1.s[2], v5.s[2]
    dsags    v21, v23, v1.s[2], v5.s[2]
    dsags    v24, v26, v1.s[1], v5.s[1]
    dsags    v25, v27, v1.s[1], v5.s[1]
    dsags    v28, v30, v1.s[0], v5.s[0]
    dsags    v29, v31, v1.s[0], v5.s[0]
    // layer 2 (len 64): k = 3, 2
    dsags    v16, v20, v0.s[3], v4.s[3]
    dsags    v17, v21, v0.s[3], v4.s[3]
    dsags    v18, v22, v0.s[3], v4.s[3]
    dsags    v19, v23, v0.s[3], v4.s[3]
    dsags    v24, v28, v0.s[2], v4.s[2]
    dsags    v25, v29, v0.s[2], v4.s[2]
    dsags    v26, v30, v0.s[2], v4.s[2]
    dsags    v27, v31, v0.s[2], v4.s[2]
    // layer 1 (len 128): k = 1
    dsags    v16, v24, v0.s[1], v4.s[1]
    dsags    v17, v25, v0.s[1], v4.s[1]
    dsags    v18, v26, v0.s[1], v4.s[1]
    dsags    v19, v27, v0.s[1], v4.s[1]
    dsags    v20, v28, v0.s[1], v4.s[1]
    dsags    v21, v29, v0.s[1], v4.s[1]
    dsags    v22, v30, v0.s[1], v4.s[1]
    dsags    v23, v31, v0.s[1], v4.s[1]
    .irp r, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31
    dsascale v\r
    .endr
    str      q16, [x3, #0]
    str      q17, [x3, #64]
    str      q18, [x3, #128]
    str      q19, [x3, #192]
    str      q20, [x3, #256]
    str      q21, [x3, #320]
    str      q22, [x3, #384]
    str      q23, [x3, #448]
    str      q24, [x3, #512]
    str      q25, [x3, #576]
    str      q26, [x3, #640]
    str      q27, [x3, #704]
    str      q28, [x3, #768]
    str      q29, [x3, #832]
    str      q30, [x3, #896]
    str      q31, [x3, #960]
    add      x3, x3, #16
    subs     x4, x4, #1
    b.ne     3b
    ldr      d10, [sp, #16]
    ldp      d8, d9, [sp], #32
    ret

.purgem dsagsv
.purgem dsagse
.purgem dsags
.purgem dsascale
