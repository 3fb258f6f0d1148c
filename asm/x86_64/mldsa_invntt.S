// asmcheck: public rdi rsi
// ML-DSA inverse NTT times 2^32 (FIPS 204 Algorithm 42 with the Montgomery
// factor folded in), AVX2, 8 x 32-bit lanes.
//
// Contract (see src/ml_dsa/backend/avx2.rs, `invntt_tomont`):
//   rdi: pointer to 256 i32 coefficients (any alignment), in place, in the
//   standard bit-reversed order of FIPS 204;
//   rsi: pointer to the table `INVNTT_TABLE` (layout below, 32-byte aligned).
//   Input |a_i| < q; output |a_i| < q, bit-identical to the portable backend
//   (Gentleman-Sande butterflies a' = a + b, b' = mont(-zeta (a - b)), lazy:
//   no reduction of the sums, which stay below 256 q < 2^31; then every
//   coefficient times mont(2^64 / 256)).
//   Clobbers rax, rcx, r8-r11, ymm0-ymm15 (all caller-saved in sysv64).
//   Straight-line apart from loops on fixed trip counts; every address is the
//   public pointer plus loop-counter offsets.
//
// Table (i32 units): [0, 64): for k = 0..32, -zeta_k * 2^32 mod q (centered) and
// its product with q^-1 mod 2^32; then for each 16-coefficient block and each of
// the layers len 1, 2, 4 (in that order), two 8-lane vectors: z and z q^-1; at
// [832, 834): f = 2^64 / 256 mod q and f q^-1; then padding to 840 words.
// vpmuldq reads the even lanes of its operands: the odd lanes' twiddles are read
// from the same vectors 4 bytes further on (for len 2 and 4 the odd lane of each
// pair has the even lane's twiddle, so the vector itself serves).

// out = mont(r * z); r is clobbered, t is a temporary.
.macro mldsa_i_mont out, r, t, z, zq, zo, zqo
    vmovshdup \out, \r
    vpmuldq \t, \r, \zq
    vpmuldq \r, \r, \z
    vpmuldq \t, \t, ymm15
    vpsubq \r, \r, \t
    vpmuldq \t, \out, \zqo
    vpmuldq \out, \out, \zo
    vpmuldq \t, \t, ymm15
    vpsubq \out, \out, \t
    vmovshdup \r, \r
    vpblendd \out, \r, \out, 0xAA
.endm

// Gentleman-Sande butterfly: d = a - b; s = a + b; b = mont(z d) (d, t:
// temporaries; s may be a).
.macro mldsa_i_bf3 a, s, b, d, t, z, zq, zo, zqo
    vpsubd \d, \a, \b
    vpaddd \s, \a, \b
    mldsa_i_mont \b, \d, \t, \z, \zq, \zo, \zqo
.endm

.macro mldsa_i_bf a, b, d, t, z, zq, zo, zqo
    mldsa_i_bf3 \a, \a, \b, \d, \t, \z, \zq, \zo, \zqo
.endm

.macro mldsa_i_bfs a, b, z, zq
    mldsa_i_bf \a, \b, ymm8, ymm9, \z, \zq, \z, \zq
.endm

// Layers len 1, 2, 4 on two 16-coefficient blocks at once, interleaved for
// instruction-level parallelism: block 1 in A1 (0..7) and B1 (8..15), table at
// r11 + o1, block 2 likewise; S, D, T: temporaries of each block. The result is
// left in A and B in natural order.
.macro mldsa_i_head2 A1, B1, S1, D1, T1, o1, A2, B2, S2, D2, T2, o2
    // Even coefficients to A, odd ones to B.
    vperm2i128 \S1, \A1, \B1, 0x20
    vperm2i128 \B1, \A1, \B1, 0x31
    vperm2i128 \S2, \A2, \B2, 0x20
    vperm2i128 \B2, \A2, \B2, 0x31
    vshufps \A1, \S1, \B1, 0x88
    vshufps \B1, \S1, \B1, 0xDD
    vshufps \A2, \S2, \B2, 0x88
    vshufps \B2, \S2, \B2, 0xDD
    mldsa_i_bf \A1, \B1, \D1, \T1, [r11+\o1], [r11+\o1+32], [r11+\o1+4], [r11+\o1+36]
    mldsa_i_bf \A2, \B2, \D2, \T2, [r11+\o2], [r11+\o2+32], [r11+\o2+4], [r11+\o2+36]
    // len 2: S = [0,1,4,5 | 8,9,12,13], B = [2,3,6,7 | 10,11,14,15].
    vpsllq \S1, \B1, 32
    vpsllq \S2, \B2, 32
    vpblendd \S1, \A1, \S1, 0xAA
    vpblendd \S2, \A2, \S2, 0xAA
    vpsrlq \A1, \A1, 32
    vpsrlq \A2, \A2, 32
    vpblendd \B1, \A1, \B1, 0xAA
    vpblendd \B2, \A2, \B2, 0xAA
    mldsa_i_bf \S1, \B1, \D1, \T1, [r11+\o1+64], [r11+\o1+96], [r11+\o1+64], [r11+\o1+96]
    mldsa_i_bf \S2, \B2, \D2, \T2, [r11+\o2+64], [r11+\o2+96], [r11+\o2+64], [r11+\o2+96]
    // len 4: A = [0-3 | 8-11], B = [4-7 | 12-15].
    vpunpcklqdq \A1, \S1, \B1
    vpunpckhqdq \B1, \S1, \B1
    vpunpcklqdq \A2, \S2, \B2
    vpunpckhqdq \B2, \S2, \B2
    // (The sums go to S, so that the last shuffle can write A.)
    mldsa_i_bf3 \A1, \S1, \B1, \D1, \T1, [r11+\o1+128], [r11+\o1+160], [r11+\o1+128], [r11+\o1+160]
    mldsa_i_bf3 \A2, \S2, \B2, \D2, \T2, [r11+\o2+128], [r11+\o2+160], [r11+\o2+128], [r11+\o2+160]
    // Natural order.
    vperm2i128 \A1, \S1, \B1, 0x20
    vperm2i128 \B1, \S1, \B1, 0x31
    vperm2i128 \A2, \S2, \B2, 0x20
    vperm2i128 \B2, \S2, \B2, 0x31
.endm

    mov eax, 8380417
    vmovd xmm15, eax
    vpbroadcastd ymm15, xmm15

    // Pass 1: layers len 1..16 on 64 consecutive coefficients (8 vectors) at a
    // time (block B = 0..3). r9: scalars of len 8 (k = 28 - 4B .. 31 - 4B), r10:
    // of len 16 (k = 14 - 2B, 15 - 2B), r11: lane tables of blocks 4B..4B+3.
    mov r8, rdi
    lea r9, [rsi+224]
    lea r10, [rsi+112]
    lea r11, [rsi+256]
    xor ecx, ecx
2:
    vmovdqu ymm0, [r8]
    vmovdqu ymm1, [r8+32]
    vmovdqu ymm2, [r8+64]
    vmovdqu ymm3, [r8+96]
    vmovdqu ymm4, [r8+128]
    vmovdqu ymm5, [r8+160]
    vmovdqu ymm6, [r8+192]
    vmovdqu ymm7, [r8+224]
    mldsa_i_head2 ymm0, ymm1, ymm8, ymm9, ymm10, 0, ymm2, ymm3, ymm11, ymm12, ymm13, 192
    mldsa_i_head2 ymm4, ymm5, ymm8, ymm9, ymm10, 384, ymm6, ymm7, ymm11, ymm12, ymm13, 576
    // len 8.
    vpbroadcastd ymm12, dword ptr [r9+24]
    vpbroadcastd ymm13, dword ptr [r9+28]
    mldsa_i_bfs ymm0, ymm1, ymm12, ymm13
    vpbroadcastd ymm12, dword ptr [r9+16]
    vpbroadcastd ymm13, dword ptr [r9+20]
    mldsa_i_bfs ymm2, ymm3, ymm12, ymm13
    vpbroadcastd ymm12, dword ptr [r9+8]
    vpbroadcastd ymm13, dword ptr [r9+12]
    mldsa_i_bfs ymm4, ymm5, ymm12, ymm13
    vpbroadcastd ymm12, dword ptr [r9]
    vpbroadcastd ymm13, dword ptr [r9+4]
    mldsa_i_bfs ymm6, ymm7, ymm12, ymm13
    // len 16.
    vpbroadcastd ymm12, dword ptr [r10+8]
    vpbroadcastd ymm13, dword ptr [r10+12]
    mldsa_i_bfs ymm0, ymm2, ymm12, ymm13
    mldsa_i_bfs ymm1, ymm3, ymm12, ymm13
    vpbroadcastd ymm12, dword ptr [r10]
    vpbroadcastd ymm13, dword ptr [r10+4]
    mldsa_i_bfs ymm4, ymm6, ymm12, ymm13
    mldsa_i_bfs ymm5, ymm7, ymm12, ymm13
    vmovdqu [r8], ymm0
    vmovdqu [r8+32], ymm1
    vmovdqu [r8+64], ymm2
    vmovdqu [r8+96], ymm3
    vmovdqu [r8+128], ymm4
    vmovdqu [r8+160], ymm5
    vmovdqu [r8+192], ymm6
    vmovdqu [r8+224], ymm7
    add r8, 256
    sub r9, 32
    sub r10, 16
    add r11, 768
    add ecx, 1
    cmp ecx, 4
    jb 2b

    // Pass 2: layers len 32, 64, 128 on the 8 vectors i, i+4, ..., i+28, then the
    // final factor f.
    mov r8, rdi
    xor ecx, ecx
3:
    vmovdqu ymm0, [r8]
    vmovdqu ymm1, [r8+128]
    vmovdqu ymm2, [r8+256]
    vmovdqu ymm3, [r8+384]
    vmovdqu ymm4, [r8+512]
    vmovdqu ymm5, [r8+640]
    vmovdqu ymm6, [r8+768]
    vmovdqu ymm7, [r8+896]
    // len 32, k = 7, 6, 5, 4.
    vpbroadcastd ymm12, dword ptr [rsi+56]
    vpbroadcastd ymm13, dword ptr [rsi+60]
    mldsa_i_bfs ymm0, ymm1, ymm12, ymm13
    vpbroadcastd ymm12, dword ptr [rsi+48]
    vpbroadcastd ymm13, dword ptr [rsi+52]
    mldsa_i_bfs ymm2, ymm3, ymm12, ymm13
    vpbroadcastd ymm12, dword ptr [rsi+40]
    vpbroadcastd ymm13, dword ptr [rsi+44]
    mldsa_i_bfs ymm4, ymm5, ymm12, ymm13
    vpbroadcastd ymm12, dword ptr [rsi+32]
    vpbroadcastd ymm13, dword ptr [rsi+36]
    mldsa_i_bfs ymm6, ymm7, ymm12, ymm13
    // len 64, k = 3, 2.
    vpbroadcastd ymm12, dword ptr [rsi+24]
    vpbroadcastd ymm13, dword ptr [rsi+28]
    mldsa_i_bfs ymm0, ymm2, ymm12, ymm13
    mldsa_i_bfs ymm1, ymm3, ymm12, ymm13
    vpbroadcastd ymm12, dword ptr [rsi+16]
    vpbroadcastd ymm13, dword ptr [rsi+20]
    mldsa_i_bfs ymm4, ymm6, ymm12, ymm13
    mldsa_i_bfs ymm5, ymm7, ymm12, ymm13
    // len 128, k = 1.
    vpbroadcastd ymm12, dword ptr [rsi+8]
    vpbroadcastd ymm13, dword ptr [rsi+12]
    mldsa_i_bfs ymm0, ymm4, ymm12, ymm13
    mldsa_i_bfs ymm1, ymm5, ymm12, ymm13
    mldsa_i_bfs ymm2, ymm6, ymm12, ymm13
    mldsa_i_bfs ymm3, ymm7, ymm12, ymm13
    // Times f, and store.
    vpbroadcastd ymm12, dword ptr [rsi+3328]
    vpbroadcastd ymm13, dword ptr [rsi+3332]
    mldsa_i_mont ymm11, ymm0, ymm8, ymm12, ymm13, ymm12, ymm13
    vmovdqu [r8], ymm11
    mldsa_i_mont ymm11, ymm1, ymm8, ymm12, ymm13, ymm12, ymm13
    vmovdqu [r8+128], ymm11
    mldsa_i_mont ymm11, ymm2, ymm8, ymm12, ymm13, ymm12, ymm13
    vmovdqu [r8+256], ymm11
    mldsa_i_mont ymm11, ymm3, ymm8, ymm12, ymm13, ymm12, ymm13
    vmovdqu [r8+384], ymm11
    mldsa_i_mont ymm11, ymm4, ymm8, ymm12, ymm13, ymm12, ymm13
    vmovdqu [r8+512], ymm11
    mldsa_i_mont ymm11, ymm5, ymm8, ymm12, ymm13, ymm12, ymm13
    vmovdqu [r8+640], ymm11
    mldsa_i_mont ymm11, ymm6, ymm8, ymm12, ymm13, ymm12, ymm13
    vmovdqu [r8+768], ymm11
    mldsa_i_mont ymm11, ymm7, ymm8, ymm12, ymm13, ymm12, ymm13
    vmovdqu [r8+896], ymm11
    add r8, 32
    add ecx, 1
    cmp ecx, 4
    jb 3b

    vzeroupper
    ret

.purgem mldsa_i_head2
.purgem mldsa_i_bfs
.purgem mldsa_i_bf
.purgem mldsa_i_bf3
.purgem mldsa_i_mont
