// ML-KEM base multiplication summed over a vector (FIPS 203 Algorithms 11, 12),
// AVX-512BW on zmm registers (32 i16 lanes), Intel syntax, sysv64 ABI.
//
// void basemul_acc(int16_t out[256] /* rdi */, const int16_t *a /* rsi */,
//     const int16_t *b /* rdx */, size_t k /* rcx */, const int16_t *table /* r8 */)
//
// asmcheck: public rdi rsi rdx rcx r8
//
// Contract (the AVX2 kernel ml_kem_basemul.S, on twice the lanes)
//   In:  a, b: k polynomials each (contiguous [i16; 256] arrays), 1 <= k <= 4,
//        every |coefficient| < q.
//   Out: out_2i   = MontReduce(sum_l a0*b0 + MontReduce(a1*b1) * gamma_i),
//        out_2i+1 = MontReduce(sum_l a0*b1 + a1*b0),
//        with (a0, a1) = a_l[2i, 2i+1], (b0, b1) = b_l[2i, 2i+1], the sums
//        exact in 32 bits (|sum| <= 4 * 1.5 q^2 < 2^15 q), hence |out_i| < q.
//        Bit-identical to the portable backend.
//   Table: `TABLE` in avx512.rs (64-byte vectors of 32 lanes): vector 0 = q,
//        1 = q^-1 mod 2^16, vectors 8..15 = gamma_i (Montgomery form) in the odd
//        lanes 2i+1 (vector 8+v covers coefficients 32v..32v+31).
//   Constant time: the only branches are the loop counters (k is public, a
//        parameter-set constant); addresses are pointers plus loop counters.
//
// Per 32 coefficients (16 pairs) and per l: vpmaddwd on [a0, a1*b1*R^-1] x
// [b0, gamma] gives the c0 sums, vpmaddwd on [a0, a1] x [b1, b0] (vprold by 16
// swaps the halves of each dword) the c1 sums, accumulated in 32-bit lanes.
// Montgomery reduction of a 32-bit lane c: t = lo16(c) * q^-1, result =
// hi16(c) - hi16(t * q) (exact: c - t*q = 0 mod 2^16).
//
// Clobbers rax, r9-r11, k1, zmm0-zmm6, zmm29-zmm31.

    vmovdqa64 zmm31, zmmword ptr [r8]
    vmovdqa64 zmm30, zmmword ptr [r8 + 64]
    mov eax, 0xAAAAAAAA
    kmovd k1, eax
    xor eax, eax
2:
    vpxord zmm0, zmm0, zmm0
    vpxord zmm1, zmm1, zmm1
    vmovdqa64 zmm29, zmmword ptr [r8 + 64*8 + rax]
    mov r9, rsi
    mov r10, rdx
    mov r11, rcx
3:
    vmovdqu64 zmm2, zmmword ptr [r9 + rax]
    vmovdqu64 zmm3, zmmword ptr [r10 + rax]
    vpmullw zmm4, zmm2, zmm3
    vpmulhw zmm5, zmm2, zmm3
    vpmullw zmm4, zmm4, zmm30
    vpmulhw zmm4, zmm4, zmm31
    vpsubw zmm5, zmm5, zmm4
    vpblendmw zmm6{{k1}}, zmm2, zmm5
    vpblendmw zmm4{{k1}}, zmm3, zmm29
    vpmaddwd zmm6, zmm6, zmm4
    vpaddd zmm0, zmm0, zmm6
    vprold zmm3, zmm3, 16
    vpmaddwd zmm3, zmm2, zmm3
    vpaddd zmm1, zmm1, zmm3
    add r9, 512
    add r10, 512
    dec r11
    jnz 3b
    vpmullw zmm4, zmm0, zmm30
    vpmullw zmm5, zmm1, zmm30
    vpmulhw zmm4, zmm4, zmm31
    vpmulhw zmm5, zmm5, zmm31
    vpslld zmm4, zmm4, 16
    vpslld zmm5, zmm5, 16
    vpsubw zmm0, zmm0, zmm4
    vpsubw zmm1, zmm1, zmm5
    vpsrld zmm0, zmm0, 16
    vpblendmw zmm0{{k1}}, zmm0, zmm1
    vmovdqu64 zmmword ptr [rdi + rax], zmm0
    add rax, 64
    cmp rax, 512
    jne 2b
    vzeroupper
    ret
