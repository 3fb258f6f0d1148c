// ML-DSA pointwise Montgomery product (FIPS 204 Algorithm 45 with Algorithm 49,
// DsaBackend::pointwise_montgomery) for AArch64 NEON.
//
// Included by src/ml_dsa/backend/neon.rs into a #[unsafe(naked)] function through
// core::arch::naked_asm!(include_str!(..)): this file is a Rust asm template, so
// register-list braces are doubled.
//
//   void mldsa_pointwise_asm(int32_t out[256], const int32_t a[256], const int32_t b[256])
//
// out = a b 2^-32 mod q from high halves of doubled products: with m = lo32(a b) q^-1,
// a b - m q is divisible by 2^32, and SQDMULH(a, b) - SQDMULH(m, q) = 2 (a b - m q) / 2^32
// exactly (the doubled low halves agree), so SHSUB halves it: out = (a b - m q) / 2^32,
// |out| < q for |a b| < 2^31 q. v0 = (q, q^-1 mod 2^32 = 58728449) by element.

    movz     w9, #0xe001
    movk     w9, #0x007f, lsl #16
    mov      v0.s[0], w9
    movz     w9, #0x2001
    movk     w9, #0x0380, lsl #16
    mov      v0.s[1], w9
    mov      x3, #16
2:
    ld1      {{v16.4s, v17.4s, v18.4s, v19.4s}}, [x1], #64
    ld1      {{v20.4s, v21.4s, v22.4s, v23.4s}}, [x2], #64
    mul      v24.4s, v16.4s, v20.4s
    mul      v25.4s, v17.4s, v21.4s
    mul      v26.4s, v18.4s, v22.4s
    mul      v27.4s, v19.4s, v23.4s
    sqdmulh  v16.4s, v16.4s, v20.4s
    sqdmulh  v17.4s, v17.4s, v21.4s
    sqdmulh  v18.4s, v18.4s, v22.4s
    sqdmulh  v19.4s, v19.4s, v23.4s
    mul      v24.4s, v24.4s, v0.s[1]
    mul      v25.4s, v25.4s, v0.s[1]
    mul      v26.4s, v26.4s, v0.s[1]
    mul      v27.4s, v27.4s, v0.s[1]
    sqdmulh  v24.4s, v24.4s, v0.s[0]
    sqdmulh  v25.4s, v25.4s, v0.s[0]
    sqdmulh  v26.4s, v26.4s, v0.s[0]
    sqdmulh  v27.4s, v27.4s, v0.s[0]
    shsub    v16.4s, v16.4s, v24.4s
    shsub    v17.4s, v17.4s, v25.4s
    shsub    v18.4s, v18.4s, v26.4s
    shsub    v19.4s, v19.4s, v27.4s
    st1      {{v16.4s, v17.4s, v18.4s, v19.4s}}, [x0], #64
    subs     x3, x3, #1
    b.ne     2b
    ret
