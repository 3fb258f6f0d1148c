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
// and each of the three innermost layers (len 4, 2, 1), two 8-lane vectors: z
// (the zeta of each lane's butterfly) and z * q^-1; then 8 words of padding.
// vpmuldq reads the even lanes of its operands: the odd lanes' twiddles are read
// from the same vectors 4 bytes further on (for len 4 and 2 the odd lane of each
// pair has the even lane's twiddle, so the vector itself serves).
//
// Montgomery product (signed): for p = b * z (64 bits) and t = low32(b * zq)
// = low32(p) * q^-1 mod 2^32, (p - t q) / 2^32 is exact; vpsubq leaves it in
// the high dword of each 64-bit lane.

// out = mont(r * z); r is clobbered, t is a temporary. zo/zqo: the odd-lane operands.
.macro mldsa_f_mont out, r, t, z, zq, zo, zqo
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

// Cooley-Tukey butterfly: u = mont(z b); b = a - u; a = a + u (u, t: temporaries).
.macro mldsa_f_bf a, b, u, t, z, zq, zo, zqo
    mldsa_f_mont \u, \b, \t, \z, \zq, \zo, \zqo
    vpsubd \b, \a, \u
    vpaddd \a, \a, \u
.endm

// Butterfly with a broadcast zeta (same value in every lane).
.macro mldsa_f_bfs a, b, z, zq
    mldsa_f_bf \a, \b, ymm8, ymm9, \z, \zq, \z, \zq
.endm

// Layers 6-8 (len 4, 2, 1) on two 16-coefficient blocks at once, interleaved
// for instruction-level parallelism: block 1 in A1 (coefficients 0..7) and B1
// (8..15), table at r11 + o1, stored to r8 + s1; block 2 likewise. S, U, T:
// temporaries of each block.
.macro mldsa_f_tail2 A1, B1, S1, U1, T1, o1, s1, A2, B2, S2, U2, T2, o2, s2
    // len 4: S = [0-3 | 8-11], B = [4-7 | 12-15].
    vperm2i128 \S1, \A1, \B1, 0x20
    vperm2i128 \B1, \A1, \B1, 0x31
    vperm2i128 \S2, \A2, \B2, 0x20
    vperm2i128 \B2, \A2, \B2, 0x31
    mldsa_f_bf \S1, \B1, \U1, \T1, [r11+\o1], [r11+\o1+32], [r11+\o1], [r11+\o1+32]
    mldsa_f_bf \S2, \B2, \U2, \T2, [r11+\o2], [r11+\o2+32], [r11+\o2], [r11+\o2+32]
    // len 2: A = [0,1,4,5 | 8,9,12,13], B = [2,3,6,7 | 10,11,14,15].
    vpunpcklqdq \A1, \S1, \B1
    vpunpckhqdq \B1, \S1, \B1
    vpunpcklqdq \A2, \S2, \B2
    vpunpckhqdq \B2, \S2, \B2
    mldsa_f_bf \A1, \B1, \U1, \T1, [r11+\o1+64], [r11+\o1+96], [r11+\o1+64], [r11+\o1+96]
    mldsa_f_bf \A2, \B2, \U2, \T2, [r11+\o2+64], [r11+\o2+96], [r11+\o2+64], [r11+\o2+96]
    // len 1: even coefficients in S, odd ones in B.
    vpsllq \S1, \B1, 32
    vpsllq \S2, \B2, 32
    vpblendd \S1, \A1, \S1, 0xAA
    vpblendd \S2, \A2, \S2, 0xAA
    vpsrlq \A1, \A1, 32
    vpsrlq \A2, \A2, 32
    vpblendd \B1, \A1, \B1, 0xAA
    vpblendd \B2, \A2, \B2, 0xAA
    mldsa_f_bf \S1, \B1, \U1, \T1, [r11+\o1+128], [r11+\o1+160], [r11+\o1+132], [r11+\o1+164]
    mldsa_f_bf \S2, \B2, \U2, \T2, [r11+\o2+128], [r11+\o2+160], [r11+\o2+132], [r11+\o2+164]
    // Back to natural order: interleave, then swap 128-bit halves.
    vpunpckldq \A1, \S1, \B1
    vpunpckhdq \B1, \S1, \B1
    vpunpckldq \A2, \S2, \B2
    vpunpckhdq \B2, \S2, \B2
    vperm2i128 \S1, \A1, \B1, 0x20
    vperm2i128 \B1, \A1, \B1, 0x31
    vperm2i128 \S2, \A2, \B2, 0x20
    vperm2i128 \B2, \A2, \B2, 0x31
    vmovdqu [r8+\s1], \S1
    vmovdqu [r8+\s1+32], \B1
    vmovdqu [r8+\s2], \S2
    vmovdqu [r8+\s2+32], \B2
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
    vpbroadcastd ymm10, dword ptr [rsi+24]
    vpbroadcastd ymm11, dword ptr [rsi+28]
    mldsa_f_bfs ymm0, ymm2, ymm12, ymm13
    mldsa_f_bfs ymm4, ymm6, ymm10, ymm11
    mldsa_f_bfs ymm1, ymm3, ymm12, ymm13
    mldsa_f_bfs ymm5, ymm7, ymm10, ymm11
    // len 32, k = 4..7.
    vpbroadcastd ymm12, dword ptr [rsi+32]
    vpbroadcastd ymm13, dword ptr [rsi+36]
    vpbroadcastd ymm10, dword ptr [rsi+40]
    vpbroadcastd ymm11, dword ptr [rsi+44]
    mldsa_f_bfs ymm0, ymm1, ymm12, ymm13
    mldsa_f_bfs ymm2, ymm3, ymm10, ymm11
    vpbroadcastd ymm12, dword ptr [rsi+48]
    vpbroadcastd ymm13, dword ptr [rsi+52]
    vpbroadcastd ymm10, dword ptr [rsi+56]
    vpbroadcastd ymm11, dword ptr [rsi+60]
    mldsa_f_bfs ymm4, ymm5, ymm12, ymm13
    mldsa_f_bfs ymm6, ymm7, ymm10, ymm11
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
    vpbroadcastd ymm10, dword ptr [r9+8]
    vpbroadcastd ymm11, dword ptr [r9+12]
    mldsa_f_bfs ymm0, ymm2, ymm12, ymm13
    mldsa_f_bfs ymm4, ymm6, ymm10, ymm11
    mldsa_f_bfs ymm1, ymm3, ymm12, ymm13
    mldsa_f_bfs ymm5, ymm7, ymm10, ymm11
    // len 8.
    vpbroadcastd ymm12, dword ptr [r10]
    vpbroadcastd ymm13, dword ptr [r10+4]
    vpbroadcastd ymm10, dword ptr [r10+8]
    vpbroadcastd ymm11, dword ptr [r10+12]
    mldsa_f_bfs ymm0, ymm1, ymm12, ymm13
    mldsa_f_bfs ymm2, ymm3, ymm10, ymm11
    vpbroadcastd ymm12, dword ptr [r10+16]
    vpbroadcastd ymm13, dword ptr [r10+20]
    vpbroadcastd ymm10, dword ptr [r10+24]
    vpbroadcastd ymm11, dword ptr [r10+28]
    mldsa_f_bfs ymm4, ymm5, ymm12, ymm13
    mldsa_f_bfs ymm6, ymm7, ymm10, ymm11
    // len 4, 2, 1 and store, two blocks at a time.
    mldsa_f_tail2 ymm0, ymm1, ymm8, ymm9, ymm10, 0, 0, ymm2, ymm3, ymm11, ymm12, ymm13, 192, 64
    mldsa_f_tail2 ymm4, ymm5, ymm8, ymm9, ymm10, 384, 128, ymm6, ymm7, ymm11, ymm12, ymm13, 576, 192
    add r8, 256
    add r9, 16
    add r10, 32
    add r11, 768
    add ecx, 1
    cmp ecx, 4
    jb 3b

    vzeroupper
    ret

.purgem mldsa_f_tail2
.purgem mldsa_f_bfs
.purgem mldsa_f_bf
.purgem mldsa_f_mont
