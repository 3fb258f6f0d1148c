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
// the layers len 1, 2, 4 (in that order), four 8-lane vectors: z, z q^-1, and the
// same two for the odd lane of each pair moved to the even position; at
// [1600, 1602): f = 2^64 / 256 mod q and f q^-1.

// out = mont(r * z); r is clobbered.
.macro mldsa_i_mont out, r, z, zq, zo, zqo, t2, t3
    vmovshdup \out, \r
    vpmuldq \t2, \r, \zq
    vpmuldq \t3, \out, \zqo
    vpmuldq \r, \r, \z
    vpmuldq \out, \out, \zo
    vpmuldq \t2, \t2, ymm15
    vpmuldq \t3, \t3, ymm15
    vpsubq \r, \r, \t2
    vpsubq \out, \out, \t3
    vmovshdup \r, \r
    vpblendd \out, \r, \out, 0xAA
.endm

// Gentleman-Sande butterfly: d = a - b; a = a + b; b = mont(z d).
.macro mldsa_i_bf a, b, z, zq, zo, zqo
    vpsubd ymm10, \a, \b
    vpaddd \a, \a, \b
    mldsa_i_mont \b, ymm10, \z, \zq, \zo, \zqo, ymm8, ymm9
.endm

.macro mldsa_i_bfs a, b, z, zq
    mldsa_i_bf \a, \b, \z, \zq, \z, \zq
.endm

// Layers len 1, 2, 4 on the 16 coefficients in A (0..7) and B (8..15), table at
// r11 + off; the result is left in A and B in natural order.
.macro mldsa_i_head A, B, off
    // Even coefficients to A, odd ones to B.
    vperm2i128 ymm11, \A, \B, 0x20
    vperm2i128 \B, \A, \B, 0x31
    vshufps \A, ymm11, \B, 0x88
    vshufps \B, ymm11, \B, 0xDD
    mldsa_i_bf \A, \B, [r11+\off], [r11+\off+32], [r11+\off+64], [r11+\off+96]
    // len 2: ymm11 = [0,1,4,5 | 8,9,12,13], B = [2,3,6,7 | 10,11,14,15].
    vpsllq ymm11, \B, 32
    vpblendd ymm11, \A, ymm11, 0xAA
    vpsrlq \A, \A, 32
    vpblendd \B, \A, \B, 0xAA
    mldsa_i_bf ymm11, \B, [r11+\off+128], [r11+\off+160], [r11+\off+192], [r11+\off+224]
    // len 4: A = [0-3 | 8-11], B = [4-7 | 12-15].
    vpunpcklqdq \A, ymm11, \B
    vpunpckhqdq \B, ymm11, \B
    mldsa_i_bf \A, \B, [r11+\off+256], [r11+\off+288], [r11+\off+320], [r11+\off+352]
    // Natural order.
    vperm2i128 ymm11, \A, \B, 0x20
    vperm2i128 \B, \A, \B, 0x31
    vmovdqa \A, ymm11
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
    mldsa_i_head ymm0, ymm1, 0
    mldsa_i_head ymm2, ymm3, 384
    mldsa_i_head ymm4, ymm5, 768
    mldsa_i_head ymm6, ymm7, 1152
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
    add r11, 1536
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
    vpbroadcastd ymm12, dword ptr [rsi+6400]
    vpbroadcastd ymm13, dword ptr [rsi+6404]
    mldsa_i_mont ymm11, ymm0, ymm12, ymm13, ymm12, ymm13, ymm8, ymm9
    vmovdqu [r8], ymm11
    mldsa_i_mont ymm11, ymm1, ymm12, ymm13, ymm12, ymm13, ymm8, ymm9
    vmovdqu [r8+128], ymm11
    mldsa_i_mont ymm11, ymm2, ymm12, ymm13, ymm12, ymm13, ymm8, ymm9
    vmovdqu [r8+256], ymm11
    mldsa_i_mont ymm11, ymm3, ymm12, ymm13, ymm12, ymm13, ymm8, ymm9
    vmovdqu [r8+384], ymm11
    mldsa_i_mont ymm11, ymm4, ymm12, ymm13, ymm12, ymm13, ymm8, ymm9
    vmovdqu [r8+512], ymm11
    mldsa_i_mont ymm11, ymm5, ymm12, ymm13, ymm12, ymm13, ymm8, ymm9
    vmovdqu [r8+640], ymm11
    mldsa_i_mont ymm11, ymm6, ymm12, ymm13, ymm12, ymm13, ymm8, ymm9
    vmovdqu [r8+768], ymm11
    mldsa_i_mont ymm11, ymm7, ymm12, ymm13, ymm12, ymm13, ymm8, ymm9
    vmovdqu [r8+896], ymm11
    add r8, 32
    add ecx, 1
    cmp ecx, 4
    jb 3b

    vzeroupper
    ret

.purgem mldsa_i_head
.purgem mldsa_i_bfs
.purgem mldsa_i_bf
.purgem mldsa_i_mont
