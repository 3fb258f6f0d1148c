// ML-KEM base multiplication summed over a vector (FIPS 203 Algorithms 11, 12),
// AVX2, Intel syntax, sysv64 ABI.
//
// void pqlattice_mlkem_basemul_acc_avx2(int16_t out[256] /* rdi */,
//     const int16_t *a /* rsi */, const int16_t *b /* rdx */,
//     size_t k /* rcx */, const int16_t *table /* r8 */)
//
// asmcheck: public rdi rsi rdx rcx r8
//
// Contract
//   In:  a, b: k polynomials each (contiguous [i16; 256] arrays), 1 <= k <= 4,
//        every |coefficient| < q.
//   Out: out_2i   = MontReduce(sum_l a0*b0 + MontReduce(a1*b1) * gamma_i),
//        out_2i+1 = MontReduce(sum_l a0*b1 + a1*b0),
//        with (a0, a1) = a_l[2i, 2i+1], (b0, b1) = b_l[2i, 2i+1], the sums
//        exact in 32 bits (|sum| <= 4 * 1.5 q^2 < 2^15 q), hence |out_i| < q.
//        Bit-identical to the portable backend.
//   Table: `TABLE` in avx2.rs: vector 0 = q, 1 = q^-1 mod 2^16, 6 = vpshufb
//        mask swapping the 16-bit halves of each dword, vectors 164..179 =
//        gamma_i (Montgomery form) in the odd lanes 2i+1.
//   Constant time: the only branches are the loop counters (k is public, a
//        parameter-set constant); addresses are pointers plus loop counters.
//
// Per 16 coefficients (8 pairs) and per l: vpmaddwd on [a0, a1*b1*R^-1] x
// [b0, gamma] gives the c0 sums, vpmaddwd on [a0, a1] x [b1, b0] the c1 sums,
// accumulated in 32-bit lanes. Montgomery reduction of a 32-bit lane c:
// t = lo16(c) * q^-1, result = hi16(c) - hi16(t * q) (exact, c - t*q = 0 mod 2^16).

    vmovdqa ymm15, ymmword ptr [r8]
    vmovdqa ymm14, ymmword ptr [r8 + 32]
    vmovdqa ymm13, ymmword ptr [r8 + 192]
    xor eax, eax
2:
    vpxor ymm0, ymm0, ymm0
    vpxor ymm1, ymm1, ymm1
    vmovdqa ymm12, ymmword ptr [r8 + 32*164 + rax]
    mov r9, rsi
    mov r10, rdx
    mov r11, rcx
3:
    vmovdqu ymm2, ymmword ptr [r9 + rax]
    vmovdqu ymm3, ymmword ptr [r10 + rax]
    vpmullw ymm4, ymm2, ymm3
    vpmulhw ymm5, ymm2, ymm3
    vpmullw ymm4, ymm4, ymm14
    vpmulhw ymm4, ymm4, ymm15
    vpsubw ymm5, ymm5, ymm4
    vpblendw ymm5, ymm2, ymm5, 0xAA
    vpblendw ymm4, ymm3, ymm12, 0xAA
    vpmaddwd ymm5, ymm5, ymm4
    vpaddd ymm0, ymm0, ymm5
    vpshufb ymm3, ymm3, ymm13
    vpmaddwd ymm3, ymm2, ymm3
    vpaddd ymm1, ymm1, ymm3
    add r9, 512
    add r10, 512
    dec r11
    jnz 3b
    vpmullw ymm4, ymm0, ymm14
    vpmulhw ymm4, ymm4, ymm15
    vpslld ymm4, ymm4, 16
    vpsubw ymm0, ymm0, ymm4
    vpsrld ymm0, ymm0, 16
    vpmullw ymm5, ymm1, ymm14
    vpmulhw ymm5, ymm5, ymm15
    vpslld ymm5, ymm5, 16
    vpsubw ymm1, ymm1, ymm5
    vpblendw ymm0, ymm0, ymm1, 0xAA
    vmovdqu ymmword ptr [rdi + rax], ymm0
    add rax, 32
    cmp rax, 512
    jne 2b
    vzeroupper
    ret
