// asmcheck: public rdi rsi rdx rcx
// ML-DSA pointwise multiply-accumulate with one Montgomery reduction (the inner
// product of FIPS 204 Algorithm 48, with Algorithm 49), AVX2.
//
// Contract (see src/ml_dsa/backend/avx2.rs, `pointwise_acc_montgomery`):
//   rdi: out (256 i32), rsi: a, rdx: b (each rcx consecutive polynomials of 256
//   i32, 1024 bytes apart; any alignment), rcx: n with 1 <= n <= 8 (public).
//   out_i = sum_j a[j]_i b[j]_i 2^-32 mod q, the sum kept exact in 64 bits, for
//   |a[j]_i| < q and |b[j]_i| < 9q (so |sum| < 72 q^2 < 2^31 q); |out_i| < q;
//   bit-identical to the portable backend.
//   Clobbers rax, r8-r11, ymm0-ymm11, ymm14, ymm15. Branches and addresses depend
//   only on the loop counters and n.

    mov eax, 8380417
    vmovd xmm15, eax
    vpbroadcastd ymm15, xmm15
    mov eax, 58728449
    vmovd xmm14, eax
    vpbroadcastd ymm14, xmm14
    xor r8d, r8d
2:
    // Two output vectors per iteration: even/odd 64-bit accumulators.
    vpxor ymm0, ymm0, ymm0
    vpxor ymm1, ymm1, ymm1
    vpxor ymm6, ymm6, ymm6
    vpxor ymm7, ymm7, ymm7
    lea r9, [rsi+r8]
    lea r10, [rdx+r8]
    mov r11, rcx
3:
    vmovdqu ymm2, [r9]
    vmovdqu ymm3, [r10]
    vmovdqu ymm8, [r9+32]
    vmovdqu ymm9, [r10+32]
    vmovshdup ymm4, ymm2
    vmovshdup ymm5, ymm3
    vmovshdup ymm10, ymm8
    vmovshdup ymm11, ymm9
    vpmuldq ymm2, ymm2, ymm3
    vpmuldq ymm4, ymm4, ymm5
    vpmuldq ymm8, ymm8, ymm9
    vpmuldq ymm10, ymm10, ymm11
    vpaddq ymm0, ymm0, ymm2
    vpaddq ymm1, ymm1, ymm4
    vpaddq ymm6, ymm6, ymm8
    vpaddq ymm7, ymm7, ymm10
    add r9, 1024
    add r10, 1024
    sub r11, 1
    jnz 3b
    // Montgomery reduction of the four accumulators.
    vpmuldq ymm2, ymm0, ymm14
    vpmuldq ymm3, ymm1, ymm14
    vpmuldq ymm8, ymm6, ymm14
    vpmuldq ymm9, ymm7, ymm14
    vpmuldq ymm2, ymm2, ymm15
    vpmuldq ymm3, ymm3, ymm15
    vpmuldq ymm8, ymm8, ymm15
    vpmuldq ymm9, ymm9, ymm15
    vpsubq ymm0, ymm0, ymm2
    vpsubq ymm1, ymm1, ymm3
    vpsubq ymm6, ymm6, ymm8
    vpsubq ymm7, ymm7, ymm9
    vmovshdup ymm0, ymm0
    vmovshdup ymm6, ymm6
    vpblendd ymm0, ymm0, ymm1, 0xAA
    vpblendd ymm6, ymm6, ymm7, 0xAA
    vmovdqu [rdi+r8], ymm0
    vmovdqu [rdi+r8+32], ymm6
    add r8, 64
    cmp r8, 1024
    jb 2b
    vzeroupper
    ret
