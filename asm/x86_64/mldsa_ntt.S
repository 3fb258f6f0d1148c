// asmcheck: public rdi rsi
// ML-DSA forward NTT (FIPS 204 Algorithm 41), AVX2, 8 x 32-bit lanes.
//
// Contract (see src/ml_dsa/backend/avx2.rs, `ntt`):
//   rdi: pointer to 256 i32 coefficients (any alignment), in place;
//   rsi: pointer to the table `NTT_TABLE` (layout below, 32-byte aligned).
//   Input |a_i| < q; output |a_i| < 9q (in fact < 5.1q), in the standard
//   bit-reversed order of FIPS 204 (bit-identical to the portable backend: the
//   same butterflies with the same signed Montgomery reduction, Algorithm 49).
//   Clobbers rax, rcx, r8-r11, ymm0-ymm15 (all caller-saved in sysv64).
//   Straight-line apart from loops on fixed trip counts; every address is the
//   public pointer plus loop-counter offsets.
//
// Table (i32 units): [0, 64): for k = 0..32, zeta_k * 2^32 mod q (centered) and
// its product with q^-1 mod 2^32; then for each 16-coefficient block (16 of them)
// and each of the three innermost layers (len 4, 2, 1), four 8-lane vectors:
// z (the zeta of each lane's butterfly), z * q^-1, and the same two for the
// odd lane of each pair moved to the even position (vpmuldq reads even lanes).
//
// Montgomery product (signed): for p = b * z (64 bits) and t = low32(b * zq)
// = low32(p) * q^-1 mod 2^32, (p - t q) / 2^32 is exact; vpsubq leaves it in
// the high dword of each 64-bit lane.

// out = mont(r * z); r is clobbered. zo/zqo: the odd-lane operands.
.macro mldsa_f_mont out, r, z, zq, zo, zqo, t2, t3
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

// Cooley-Tukey butterfly: t = mont(z b); b = a - t; a = a + t.
.macro mldsa_f_bf a, b, z, zq, zo, zqo, t1, t2, t3
    mldsa_f_mont \t1, \b, \z, \zq, \zo, \zqo, \t2, \t3
    vpsubd \b, \a, \t1
    vpaddd \a, \a, \t1
.endm

// Butterfly with a broadcast zeta (same value in every lane).
.macro mldsa_f_bfs a, b, z, zq
    mldsa_f_bf \a, \b, \z, \zq, \z, \zq, ymm8, ymm9, ymm10
.endm

// Layers 6-8 (len 4, 2, 1) on the 16 coefficients in registers A (0..7) and
// B (8..15), table at r11 + off; result stored to r8 + soff (two vectors).
.macro mldsa_f_tail A, B, off, soff
    // len 4: A = [0-3 | 8-11], B = [4-7 | 12-15] (ymm11 plays A).
    vperm2i128 ymm11, \A, \B, 0x20
    vperm2i128 \B, \A, \B, 0x31
    mldsa_f_bf ymm11, \B, [r11+\off], [r11+\off+32], [r11+\off+64], [r11+\off+96], ymm8, ymm9, ymm10
    // len 2: A = [0,1,4,5 | 8,9,12,13], B = [2,3,6,7 | 10,11,14,15].
    vpunpcklqdq \A, ymm11, \B
    vpunpckhqdq \B, ymm11, \B
    mldsa_f_bf \A, \B, [r11+\off+128], [r11+\off+160], [r11+\off+192], [r11+\off+224], ymm8, ymm9, ymm10
    // len 1: even coefficients in ymm11, odd ones in B.
    vpsllq ymm11, \B, 32
    vpblendd ymm11, \A, ymm11, 0xAA
    vpsrlq \A, \A, 32
    vpblendd \B, \A, \B, 0xAA
    mldsa_f_bf ymm11, \B, [r11+\off+256], [r11+\off+288], [r11+\off+320], [r11+\off+352], ymm8, ymm9, ymm10
    // Back to natural order: interleave, then swap 128-bit halves.
    vpunpckldq \A, ymm11, \B
    vpunpckhdq \B, ymm11, \B
    vperm2i128 ymm11, \A, \B, 0x20
    vperm2i128 \B, \A, \B, 0x31
    vmovdqu [r8+\soff], ymm11
    vmovdqu [r8+\soff+32], \B
.endm

    mov eax, 8380417
    vmovd xmm15, eax
    vpbroadcastd ymm15, xmm15

    // Pass 1: layers 1-3 (len 128, 64, 32) on the 8 vectors i, i+4, ..., i+28.
    mov r8, rdi
    xor ecx, ecx
2:
    vmovdqu ymm0, [r8]
    vmovdqu ymm1, [r8+128]
    vmovdqu ymm2, [r8+256]
    vmovdqu ymm3, [r8+384]
    vmovdqu ymm4, [r8+512]
    vmovdqu ymm5, [r8+640]
    vmovdqu ymm6, [r8+768]
    vmovdqu ymm7, [r8+896]
    // len 128, k = 1.
    vpbroadcastd ymm12, dword ptr [rsi+8]
    vpbroadcastd ymm13, dword ptr [rsi+12]
    mldsa_f_bfs ymm0, ymm4, ymm12, ymm13
    mldsa_f_bfs ymm1, ymm5, ymm12, ymm13
    mldsa_f_bfs ymm2, ymm6, ymm12, ymm13
    mldsa_f_bfs ymm3, ymm7, ymm12, ymm13
    // len 64, k = 2, 3.
    vpbroadcastd ymm12, dword ptr [rsi+16]
    vpbroadcastd ymm13, dword ptr [rsi+20]
    mldsa_f_bfs ymm0, ymm2, ymm12, ymm13
    mldsa_f_bfs ymm1, ymm3, ymm12, ymm13
    vpbroadcastd ymm12, dword ptr [rsi+24]
    vpbroadcastd ymm13, dword ptr [rsi+28]
    mldsa_f_bfs ymm4, ymm6, ymm12, ymm13
    mldsa_f_bfs ymm5, ymm7, ymm12, ymm13
    // len 32, k = 4..7.
    vpbroadcastd ymm12, dword ptr [rsi+32]
    vpbroadcastd ymm13, dword ptr [rsi+36]
    mldsa_f_bfs ymm0, ymm1, ymm12, ymm13
    vpbroadcastd ymm12, dword ptr [rsi+40]
    vpbroadcastd ymm13, dword ptr [rsi+44]
    mldsa_f_bfs ymm2, ymm3, ymm12, ymm13
    vpbroadcastd ymm12, dword ptr [rsi+48]
    vpbroadcastd ymm13, dword ptr [rsi+52]
    mldsa_f_bfs ymm4, ymm5, ymm12, ymm13
    vpbroadcastd ymm12, dword ptr [rsi+56]
    vpbroadcastd ymm13, dword ptr [rsi+60]
    mldsa_f_bfs ymm6, ymm7, ymm12, ymm13
    vmovdqu [r8], ymm0
    vmovdqu [r8+128], ymm1
    vmovdqu [r8+256], ymm2
    vmovdqu [r8+384], ymm3
    vmovdqu [r8+512], ymm4
    vmovdqu [r8+640], ymm5
    vmovdqu [r8+768], ymm6
    vmovdqu [r8+896], ymm7
    add r8, 32
    add ecx, 1
    cmp ecx, 4
    jb 2b

    // Pass 2: layers 4-8 on 64 consecutive coefficients (8 vectors) at a time.
    // r9: scalar zetas of len 16 (k = 8 + 2B), r10: of len 8 (k = 16 + 4B),
    // r11: lane tables of the blocks 4B..4B+3.
    mov r8, rdi
    lea r9, [rsi+64]
    lea r10, [rsi+128]
    lea r11, [rsi+256]
    xor ecx, ecx
3:
    vmovdqu ymm0, [r8]
    vmovdqu ymm1, [r8+32]
    vmovdqu ymm2, [r8+64]
    vmovdqu ymm3, [r8+96]
    vmovdqu ymm4, [r8+128]
    vmovdqu ymm5, [r8+160]
    vmovdqu ymm6, [r8+192]
    vmovdqu ymm7, [r8+224]
    // len 16.
    vpbroadcastd ymm12, dword ptr [r9]
    vpbroadcastd ymm13, dword ptr [r9+4]
    mldsa_f_bfs ymm0, ymm2, ymm12, ymm13
    mldsa_f_bfs ymm1, ymm3, ymm12, ymm13
    vpbroadcastd ymm12, dword ptr [r9+8]
    vpbroadcastd ymm13, dword ptr [r9+12]
    mldsa_f_bfs ymm4, ymm6, ymm12, ymm13
    mldsa_f_bfs ymm5, ymm7, ymm12, ymm13
    // len 8.
    vpbroadcastd ymm12, dword ptr [r10]
    vpbroadcastd ymm13, dword ptr [r10+4]
    mldsa_f_bfs ymm0, ymm1, ymm12, ymm13
    vpbroadcastd ymm12, dword ptr [r10+8]
    vpbroadcastd ymm13, dword ptr [r10+12]
    mldsa_f_bfs ymm2, ymm3, ymm12, ymm13
    vpbroadcastd ymm12, dword ptr [r10+16]
    vpbroadcastd ymm13, dword ptr [r10+20]
    mldsa_f_bfs ymm4, ymm5, ymm12, ymm13
    vpbroadcastd ymm12, dword ptr [r10+24]
    vpbroadcastd ymm13, dword ptr [r10+28]
    mldsa_f_bfs ymm6, ymm7, ymm12, ymm13
    // len 4, 2, 1 and store.
    mldsa_f_tail ymm0, ymm1, 0, 0
    mldsa_f_tail ymm2, ymm3, 384, 64
    mldsa_f_tail ymm4, ymm5, 768, 128
    mldsa_f_tail ymm6, ymm7, 1152, 192
    add r8, 256
    add r9, 16
    add r10, 32
    add r11, 1536
    add ecx, 1
    cmp ecx, 4
    jb 3b

    vzeroupper
    ret

.purgem mldsa_f_tail
.purgem mldsa_f_bfs
.purgem mldsa_f_bf
.purgem mldsa_f_mont
