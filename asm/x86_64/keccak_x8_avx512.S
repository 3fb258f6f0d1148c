# Keccak-f[1600] on eight independent states at once, AVX-512F on zmm registers
# (x86_64).
#
# Included by src/hash/keccak_avx512.rs as the body of a naked function
#
#     extern "sysv64" fn keccak_x8_avx512(
#         state: *mut [[u64; 8]; 25],  // rdi: lane-interleaved, 1600 bytes
#         rc: *const u64,              // rsi: the 24 round constants RC[i_r]
#     )
#
# Intel syntax (the Rust default), assembled by LLVM's integrated assembler; no C
# preprocessor and no platform-specific directives.
#
# The 4-way kernel (keccak_x4_avx512.S) widened to 512 bits: the same instruction
# sequence on zmm instead of ymm registers, so each instruction serves eight
# instances. On a CPU with a full-width AVX-512 datapath (AMD Zen 5, Intel server
# cores) a zmm vprolq / vpternlogq costs about as much as a ymm one, so one call
# costs about as much as one 4-way call.
#
# Layout: lane (x, y) of the eight instances is the zmm word at byte offset
# 64 * (x + 5y); qword j of that word is instance j. Every instruction acts on the
# eight instances alike, so instances never mix.
#
# The whole state lives in registers for all 24 rounds: lane x + 5y in
# zmm(x + 5y) (zmm0-24; zmm16-31 exist only with EVEX encodings), column parities
# C[x] in zmm25-29, temporaries zmm30-31. No stack is used.
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
# Registers: zmm0-31 (all cleared on return: vpxord on xmm16-31 clears the
# whole zmm register, vzeroall zmm0-15), rax round counter, rsi round
# constants, rdi state.

# C[x] (zmm25 + x) = A[x] ^ A[x+5] ^ A[x+10] ^ A[x+15] ^ A[x+20].
.macro keccak_x8_c c, a0, a1, a2, a3, a4
    vpxorq \c, \a0, \a1
    vpternlogq \c, \a2, \a3, 0x96
    vpxorq \c, \c, \a4
.endm

# Column x += C[x-1] ^ rol(C[x+1], 1); clobbers zmm30.
.macro keccak_x8_d cm1, cp1, a0, a1, a2, a3, a4
    vprolq zmm30, \cp1, 1
    vpternlogq \a0, zmm30, \cm1, 0x96
    vpternlogq \a1, zmm30, \cm1, 0x96
    vpternlogq \a2, zmm30, \cm1, 0x96
    vpternlogq \a3, zmm30, \cm1, 0x96
    vpternlogq \a4, zmm30, \cm1, 0x96
.endm

# chi on one plane b0..b4, in place; clobbers zmm30, zmm31.
.macro keccak_x8_chi b0, b1, b2, b3, b4
    vmovdqa64 zmm30, \b0
    vmovdqa64 zmm31, \b1
    vpternlogq \b0, \b1, \b2, 0xD2
    vpternlogq \b1, \b2, \b3, 0xD2
    vpternlogq \b2, \b3, \b4, 0xD2
    vpternlogq \b3, \b4, zmm30, 0xD2
    vpternlogq \b4, zmm30, zmm31, 0xD2
.endm

    # Load the 25 lanes.
.irp i, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24
    vmovdqu64 zmm\i, zmmword ptr [rdi + 64 * \i]
.endr
    xor eax, eax
2:
    # theta
    keccak_x8_c zmm25, zmm0, zmm5, zmm10, zmm15, zmm20
    keccak_x8_c zmm26, zmm1, zmm6, zmm11, zmm16, zmm21
    keccak_x8_c zmm27, zmm2, zmm7, zmm12, zmm17, zmm22
    keccak_x8_c zmm28, zmm3, zmm8, zmm13, zmm18, zmm23
    keccak_x8_c zmm29, zmm4, zmm9, zmm14, zmm19, zmm24
    keccak_x8_d zmm29, zmm26, zmm0, zmm5, zmm10, zmm15, zmm20
    keccak_x8_d zmm25, zmm27, zmm1, zmm6, zmm11, zmm16, zmm21
    keccak_x8_d zmm26, zmm28, zmm2, zmm7, zmm12, zmm17, zmm22
    keccak_x8_d zmm27, zmm29, zmm3, zmm8, zmm13, zmm18, zmm23
    keccak_x8_d zmm28, zmm25, zmm4, zmm9, zmm14, zmm19, zmm24
    # rho and pi: B[y + 5 * ((2x + 3y) mod 5)] = rol(A[x + 5y], r[x + 5y]), i.e.
    # destination q = X + 5Y takes source ((X + 3Y) mod 5) + 5X. Walk the 24-cycle
    # from q = 1; lane 0 stays (r = 0).
    vmovdqa64 zmm30, zmm1
    vprolq zmm1, zmm6, 44
    vprolq zmm6, zmm9, 20
    vprolq zmm9, zmm22, 61
    vprolq zmm22, zmm14, 39
    vprolq zmm14, zmm20, 18
    vprolq zmm20, zmm2, 62
    vprolq zmm2, zmm12, 43
    vprolq zmm12, zmm13, 25
    vprolq zmm13, zmm19, 8
    vprolq zmm19, zmm23, 56
    vprolq zmm23, zmm15, 41
    vprolq zmm15, zmm4, 27
    vprolq zmm4, zmm24, 14
    vprolq zmm24, zmm21, 2
    vprolq zmm21, zmm8, 55
    vprolq zmm8, zmm16, 45
    vprolq zmm16, zmm5, 36
    vprolq zmm5, zmm3, 28
    vprolq zmm3, zmm18, 21
    vprolq zmm18, zmm17, 15
    vprolq zmm17, zmm11, 10
    vprolq zmm11, zmm7, 6
    vprolq zmm7, zmm10, 3
    vprolq zmm10, zmm30, 1
    # chi, plane by plane
    keccak_x8_chi zmm0, zmm1, zmm2, zmm3, zmm4
    keccak_x8_chi zmm5, zmm6, zmm7, zmm8, zmm9
    keccak_x8_chi zmm10, zmm11, zmm12, zmm13, zmm14
    keccak_x8_chi zmm15, zmm16, zmm17, zmm18, zmm19
    keccak_x8_chi zmm20, zmm21, zmm22, zmm23, zmm24
    # iota
    vpbroadcastq zmm30, qword ptr [rsi + 8 * rax]
    vpxorq zmm0, zmm0, zmm30
    add eax, 1
    cmp eax, 24
    jne 2b

    # Store the 25 lanes, clear every vector register, return.
.irp i, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24
    vmovdqu64 zmmword ptr [rdi + 64 * \i], zmm\i
.endr
.irp i, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31
    vpxord xmm\i, xmm\i, xmm\i
.endr
    vzeroall
    ret

.purgem keccak_x8_c
.purgem keccak_x8_d
.purgem keccak_x8_chi
