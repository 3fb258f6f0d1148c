// asmcheck: public rdi rsi rdx
// ML-DSA pointwise Montgomery product (FIPS 204 Algorithm 45 with Algorithm 49),
// AVX2.
//
// Contract (see src/ml_dsa/backend/avx2.rs, `pointwise_montgomery`):
//   rdi: out, rsi: a, rdx: b, each 256 i32 (any alignment; out may alias a or b).
//   out_i = a_i b_i 2^-32 mod q, for |a_i b_i| < 2^31 q; |out_i| < q; bit-identical
//   to the portable backend (signed Montgomery reduction of the 64-bit product).
//   Clobbers rax, rcx, ymm0-ymm7, ymm14, ymm15. No data-dependent branch or
//   address: one loop over the 32 vectors.

    mov eax, 8380417
    vmovd xmm15, eax
    vpbroadcastd ymm15, xmm15
    mov eax, 58728449
    vmovd xmm14, eax
    vpbroadcastd ymm14, xmm14
    xor ecx, ecx
2:
    vmovdqu ymm0, [rsi+rcx]
    vmovdqu ymm1, [rdx+rcx]
    vmovshdup ymm2, ymm0
    vmovshdup ymm3, ymm1
    vpmuldq ymm0, ymm0, ymm1
    vpmuldq ymm2, ymm2, ymm3
    vpmuldq ymm4, ymm0, ymm14
    vpmuldq ymm5, ymm2, ymm14
    vpmuldq ymm4, ymm4, ymm15
    vpmuldq ymm5, ymm5, ymm15
    vpsubq ymm0, ymm0, ymm4
    vpsubq ymm2, ymm2, ymm5
    vmovshdup ymm0, ymm0
    vpblendd ymm0, ymm0, ymm2, 0xAA
    vmovdqu [rdi+rcx], ymm0
    add rcx, 32
    cmp rcx, 1024
    jb 2b
    vzeroupper
    ret
