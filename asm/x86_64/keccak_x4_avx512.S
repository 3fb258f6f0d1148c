# Keccak-f[1600] on four independent states at once, AVX-512VL on ymm registers
# (x86_64).
#
# Included by src/hash/keccak_avx512.rs as the body of a naked function
#
#     extern "sysv64" fn keccak_x4_avx512(
#         state: *mut [[u64; 4]; 25],  // rdi: lane-interleaved, 800 bytes
#         rc: *const u64,              // rsi: the 24 round constants RC[i_r]
#     )
#
# Intel syntax (the Rust default), assembled by LLVM's integrated assembler; no C
# preprocessor and no platform-specific directives.
#
# Layout: lane (x, y) of the four instances is the ymm word at byte offset
# 32 * (x + 5y); qword j of that word is instance j. Every instruction acts on the
# four instances alike, so instances never mix.
#
# The whole state lives in registers for all 24 rounds: lane x + 5y in
# ymm(x + 5y) (ymm0-24; ymm16-31 are reachable with EVEX encodings, which is what
# AVX-512VL adds at 256 bits), column parities C[x] in ymm25-29, temporaries
# ymm30-31. No stack is used.
#
# Per round (FIPS 202 Algorithms 1-6):
#   theta:  C[x] = xor of column x (vpxorq, vpternlogq 0x96, vpxorq);
#           A[x, y] ^= C[x-1] ^ rol(C[x+1], 1) (vprolq once per column, then one
#           3-input xor, vpternlogq 0x96, per lane)
#   rho+pi: lane (x, y) moves to (y, 2x + 3y) rotated by r[x + 5y] (FIPS 202
#           Table 2). pi fixes lane 0 and is one 24-cycle on the others, so the
#           cycle is walked with non-destructive vprolq dst, src, r, saving only the
#           first overwritten lane (1 move + 24 rotations)
#   chi:    out[X] = B[X] ^ (~B[X+1] & B[X+2]) in place per plane: one
#           vpternlogq with immediate 0xD2 per lane, after saving B[0], B[1]
#   iota:   RC[round] (FIPS 202 Algorithm 5, table passed by the caller) broadcast
#           and xored into lane (0, 0)
#
# vpternlogq dst, b, c, imm computes bit i of dst as bit (4 dst_i + 2 b_i + c_i) of
# imm. Truth tables (index a b c = dst b c):
#   a ^ (~b & c): 000:0 001:1 010:0 011:0 100:1 101:0 110:1 111:1 -> 0b11010010 = 0xD2
#   a ^ b ^ c:    000:0 001:1 010:1 011:0 100:1 101:0 110:0 111:1 -> 0b10010110 = 0x96
#
# Constant time: no branch or address depends on state data; the only branch is
# the round loop counter and the only addresses are the argument pointers and the
# round-constant table indexed by the loop counter.
#
# asmcheck: public rdi rsi
#
# Registers: ymm0-31 (all cleared on return), rax round counter, rsi round
# constants, rdi state.

# C[x] (ymm25 + x) = A[x] ^ A[x+5] ^ A[x+10] ^ A[x+15] ^ A[x+20].
.macro keccak_x4_c c, a0, a1, a2, a3, a4
    vpxorq \c, \a0, \a1
    vpternlogq \c, \a2, \a3, 0x96
    vpxorq \c, \c, \a4
.endm

# Column x += C[x-1] ^ rol(C[x+1], 1); clobbers ymm30.
.macro keccak_x4_d cm1, cp1, a0, a1, a2, a3, a4
    vprolq ymm30, \cp1, 1
    vpternlogq \a0, ymm30, \cm1, 0x96
    vpternlogq \a1, ymm30, \cm1, 0x96
    vpternlogq \a2, ymm30, \cm1, 0x96
    vpternlogq \a3, ymm30, \cm1, 0x96
    vpternlogq \a4, ymm30, \cm1, 0x96
.endm

# chi on one plane b0..b4, in place; clobbers ymm30, ymm31.
.macro keccak_x4_chi b0, b1, b2, b3, b4
    vmovdqa64 ymm30, \b0
    vmovdqa64 ymm31, \b1
    vpternlogq \b0, \b1, \b2, 0xD2
    vpternlogq \b1, \b2, \b3, 0xD2
    vpternlogq \b2, \b3, \b4, 0xD2
    vpternlogq \b3, \b4, ymm30, 0xD2
    vpternlogq \b4, ymm30, ymm31, 0xD2
.endm

    # Load the 25 lanes.
.irp i, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24
    vmovdqu64 ymm\i, ymmword ptr [rdi + 32 * \i]
.endr
    xor eax, eax
2:
    # theta
    keccak_x4_c ymm25, ymm0, ymm5, ymm10, ymm15, ymm20
    keccak_x4_c ymm26, ymm1, ymm6, ymm11, ymm16, ymm21
    keccak_x4_c ymm27, ymm2, ymm7, ymm12, ymm17, ymm22
    keccak_x4_c ymm28, ymm3, ymm8, ymm13, ymm18, ymm23
    keccak_x4_c ymm29, ymm4, ymm9, ymm14, ymm19, ymm24
    keccak_x4_d ymm29, ymm26, ymm0, ymm5, ymm10, ymm15, ymm20
    keccak_x4_d ymm25, ymm27, ymm1, ymm6, ymm11, ymm16, ymm21
    keccak_x4_d ymm26, ymm28, ymm2, ymm7, ymm12, ymm17, ymm22
    keccak_x4_d ymm27, ymm29, ymm3, ymm8, ymm13, ymm18, ymm23
    keccak_x4_d ymm28, ymm25, ymm4, ymm9, ymm14, ymm19, ymm24
    # rho and pi: B[y + 5 * ((2x + 3y) mod 5)] = rol(A[x + 5y], r[x + 5y]), i.e.
    # destination q = X + 5Y takes source ((X + 3Y) mod 5) + 5X. Walk the 24-cycle
    # from q = 1; lane 0 stays (r = 0).
    vmovdqa64 ymm30, ymm1
    vprolq ymm1, ymm6, 44
    vprolq ymm6, ymm9, 20
    vprolq ymm9, ymm22, 61
    vprolq ymm22, ymm14, 39
    vprolq ymm14, ymm20, 18
    vprolq ymm20, ymm2, 62
    vprolq ymm2, ymm12, 43
    vprolq ymm12, ymm13, 25
    vprolq ymm13, ymm19, 8
    vprolq ymm19, ymm23, 56
    vprolq ymm23, ymm15, 41
    vprolq ymm15, ymm4, 27
    vprolq ymm4, ymm24, 14
    vprolq ymm24, ymm21, 2
    vprolq ymm21, ymm8, 55
    vprolq ymm8, ymm16, 45
    vprolq ymm16, ymm5, 36
    vprolq ymm5, ymm3, 28
    vprolq ymm3, ymm18, 21
    vprolq ymm18, ymm17, 15
    vprolq ymm17, ymm11, 10
    vprolq ymm11, ymm7, 6
    vprolq ymm7, ymm10, 3
    vprolq ymm10, ymm30, 1
    # chi, plane by plane
    keccak_x4_chi ymm0, ymm1, ymm2, ymm3, ymm4
    keccak_x4_chi ymm5, ymm6, ymm7, ymm8, ymm9
    keccak_x4_chi ymm10, ymm11, ymm12, ymm13, ymm14
    keccak_x4_chi ymm15, ymm16, ymm17, ymm18, ymm19
    keccak_x4_chi ymm20, ymm21, ymm22, ymm23, ymm24
    # iota
    vpbroadcastq ymm30, qword ptr [rsi + 8 * rax]
    vpxorq ymm0, ymm0, ymm30
    add eax, 1
    cmp eax, 24
    jne 2b

    # Store the 25 lanes, clear every vector register, return.
.irp i, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24
    vmovdqu64 ymmword ptr [rdi + 32 * \i], ymm\i
.endr
.irp i, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31
    vpxord xmm\i, xmm\i, xmm\i
.endr
    vzeroall
    ret

.purgem keccak_x4_c
.purgem keccak_x4_d
.purgem keccak_x4_chi
