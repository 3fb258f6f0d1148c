// asmcheck: public rdi rsi rdx
// ML-DSA pointwise Montgomery product (FIPS 204 Algorithm 45 with Algorithm 49),
// AVX-512F on zmm registers (16 i32 lanes per vector).
//
// Contract (see src/ml_dsa/backend/avx512.rs, `pointwise_montgomery`), the same as
// the AVX2 kernel mldsa_pointwise.S:
//   rdi: out, rsi: a, rdx: b, each 256 i32 (any alignment; out may alias a or b).
//   out_i = a_i b_i 2^-32 mod q, for |a_i b_i| < 2^31 q; |out_i| < q; bit-identical
//   to the portable backend (signed Montgomery reduction of the 64-bit product).
//
// Method, per 64-bit lane: p = a b (vpmuldq: signed 32x32 -> 64 on the low dwords),
// t = lo32(p) * QINV (vpmuldq reads only the low, signed dword of p; only lo32(t)
// is used next), p - lo32(t) q has low dword 0 and its high dword is the result.
// Even coefficients use the vectors as loaded, odd ones a copy with each high dword
// moved down (vmovshdup); the even results are moved down the same way and the odd
// results (already in the odd dwords) merged in under the mask 0xAAAA.
//
// Clobbers rax, rcx, k1, zmm0-zmm11, zmm14, zmm15. No data-dependent branch or
// address: one loop of 8 iterations, two vectors (32 coefficients) each.

    mov eax, 8380417
    vpbroadcastd zmm15, eax
    mov eax, 58728449
    vpbroadcastd zmm14, eax
    mov eax, 0xAAAA
    kmovw k1, eax
    xor ecx, ecx
2:
    vmovdqu32 zmm0, [rsi+rcx]
    vmovdqu32 zmm1, [rdx+rcx]
    vmovdqu32 zmm6, [rsi+rcx+64]
    vmovdqu32 zmm7, [rdx+rcx+64]
    vmovshdup zmm2, zmm0
    vmovshdup zmm3, zmm1
    vmovshdup zmm8, zmm6
    vmovshdup zmm9, zmm7
    vpmuldq zmm0, zmm0, zmm1
    vpmuldq zmm2, zmm2, zmm3
    vpmuldq zmm6, zmm6, zmm7
    vpmuldq zmm8, zmm8, zmm9
    vpmuldq zmm4, zmm0, zmm14
    vpmuldq zmm5, zmm2, zmm14
    vpmuldq zmm10, zmm6, zmm14
    vpmuldq zmm11, zmm8, zmm14
    vpmuldq zmm4, zmm4, zmm15
    vpmuldq zmm5, zmm5, zmm15
    vpmuldq zmm10, zmm10, zmm15
    vpmuldq zmm11, zmm11, zmm15
    vpsubq zmm0, zmm0, zmm4
    vpsubq zmm2, zmm2, zmm5
    vpsubq zmm6, zmm6, zmm10
    vpsubq zmm8, zmm8, zmm11
    vmovshdup zmm0, zmm0
    vmovshdup zmm6, zmm6
    vmovdqa32 zmm0{{k1}}, zmm2
    vmovdqa32 zmm6{{k1}}, zmm8
    vmovdqu32 [rdi+rcx], zmm0
    vmovdqu32 [rdi+rcx+64], zmm6
    add rcx, 128
    cmp rcx, 1024
    jb 2b
    vzeroupper
    ret
