// asmcheck: public rdi rsi rdx rcx
// ML-DSA pointwise multiply-accumulate with one Montgomery reduction (the inner
// product of FIPS 204 Algorithm 48, with Algorithm 49), AVX-512F on zmm registers
// (16 i32 lanes per vector).
//
// Contract (see src/ml_dsa/backend/avx512.rs, `pointwise_acc_montgomery`), the same
// as the AVX2 kernel mldsa_pointwise_acc.S:
//   rdi: out (256 i32), rsi: a, rdx: b (each rcx consecutive polynomials of 256
//   i32, 1024 bytes apart; any alignment), rcx: n with 1 <= n <= 8 (public).
//   out_i = sum_j a[j]_i b[j]_i 2^-32 mod q, the sum kept exact in 64 bits, for
//   |a[j]_i| < q and |b[j]_i| < 9q (so |sum| < 72 q^2 < 2^31 q); |out_i| < q;
//   bit-identical to the portable backend.
//
// Method: as mldsa_pointwise_avx512.S, with the 64-bit products of the even and odd
// coefficients summed over j (vpaddq) before the one Montgomery reduction.
//
// Clobbers rax, r8-r11, k1, zmm0-zmm11, zmm14, zmm15. Branches and addresses
// depend only on the loop counters and n.

    mov eax, 8380417
    vpbroadcastd zmm15, eax
    mov eax, 58728449
    vpbroadcastd zmm14, eax
    mov eax, 0xAAAA
    kmovw k1, eax
    xor r8d, r8d
2:
    // Two output vectors (32 coefficients) per iteration: even/odd 64-bit
    // accumulators for each.
    vpxorq zmm0, zmm0, zmm0
    vpxorq zmm1, zmm1, zmm1
    vpxorq zmm6, zmm6, zmm6
    vpxorq zmm7, zmm7, zmm7
    lea r9, [rsi+r8]
    lea r10, [rdx+r8]
    mov r11, rcx
3:
    vmovdqu32 zmm2, [r9]
    vmovdqu32 zmm3, [r10]
    vmovdqu32 zmm8, [r9+64]
    vmovdqu32 zmm9, [r10+64]
    vmovshdup zmm4, zmm2
    vmovshdup zmm5, zmm3
    vmovshdup zmm10, zmm8
    vmovshdup zmm11, zmm9
    vpmuldq zmm2, zmm2, zmm3
    vpmuldq zmm4, zmm4, zmm5
    vpmuldq zmm8, zmm8, zmm9
    vpmuldq zmm10, zmm10, zmm11
    vpaddq zmm0, zmm0, zmm2
    vpaddq zmm1, zmm1, zmm4
    vpaddq zmm6, zmm6, zmm8
    vpaddq zmm7, zmm7, zmm10
    add r9, 1024
    add r10, 1024
    sub r11, 1
    jnz 3b
    // Montgomery reduction of the four accumulators.
    vpmuldq zmm2, zmm0, zmm14
    vpmuldq zmm3, zmm1, zmm14
    vpmuldq zmm8, zmm6, zmm14
    vpmuldq zmm9, zmm7, zmm14
    vpmuldq zmm2, zmm2, zmm15
    vpmuldq zmm3, zmm3, zmm15
    vpmuldq zmm8, zmm8, zmm15
    vpmuldq zmm9, zmm9, zmm15
    vpsubq zmm0, zmm0, zmm2
    vpsubq zmm1, zmm1, zmm3
    vpsubq zmm6, zmm6, zmm8
    vpsubq zmm7, zmm7, zmm9
    vmovshdup zmm0, zmm0
    vmovshdup zmm6, zmm6
    vmovdqa32 zmm0{{k1}}, zmm1
    vmovdqa32 zmm6{{k1}}, zmm7
    vmovdqu32 [rdi+r8], zmm0
    vmovdqu32 [rdi+r8+64], zmm6
    add r8, 128
    cmp r8, 1024
    jb 2b
    vzeroupper
    ret
