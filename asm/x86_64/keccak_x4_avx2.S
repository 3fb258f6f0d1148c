# Keccak-f[1600] on four independent states at once, AVX2 (x86_64).
#
# Included by src/hash/keccak_avx2.rs as the body of a naked function
#
#     extern "sysv64" fn keccak_x4_avx2(
#         state: *mut [[u64; 4]; 25],  // rdi: lane-interleaved, 32-byte aligned
#         rc: *const u64,              // rsi: the 24 round constants RC[i_r]
#         masks: *const [u8; 64],      // rdx: vpshufb masks for rol 8 and rol 56
#     )
#
# Intel syntax (the Rust default), assembled by LLVM's integrated assembler; no C
# preprocessor and no platform-specific directives, so the same text works for
# ELF, Mach-O and COFF targets.
#
# Layout: lane (x, y) of the four instances is the ymm word at byte offset
# 32 * (x + 5y); qword j of that ymm word is instance j. Every instruction acts on
# the four instances alike, so instances never mix.
#
# Per round (FIPS 202 Algorithms 1-6), reading plane-by-plane from `src` and
# writing to `dst` (the two alternate between the caller's state and a stack
# buffer, so 24 rounds end back in the caller's state):
#   theta:  D[x] = C[x-1] ^ rol(C[x+1], 1) (ymm5-9) from the column parities C[x]
#           (ymm10-14), which the previous round accumulated in registers while
#           storing its output (the first round's come from memory)
#   rho+pi: output plane Y, position X takes lane A[(X + 3Y) mod 5, X] ^ D[...],
#           rotated by its rho offset (FIPS 202 Table 2), into ymm0-4
#   chi:    out[X] = B[X] ^ (~B[X+1] & B[X+2]) (vpandn), stored to `dst` and xored
#           into the next round's C[X]
#   iota:   RC[round] (FIPS 202 Algorithm 5, table passed by the caller) broadcast
#           and xored into lane (0, 0)
# The rho rotations by 8 and 56 bits are byte shuffles (vpshufb with the caller's
# masks); the others are vpsllq/vpsrlq/vpor (vpaddq for the shift by 1).
#
# Constant time: no branch or address depends on state data; the only branch is
# the round loop counter and the only addresses are the argument pointers, the
# stack, and the round-constant table indexed by the loop counter.
#
# asmcheck: public rdi rsi rdx
#
# Registers: ymm0-4 B, ymm5-9 D, ymm10-14 C, ymm15 temporary; rax round counter,
# rcx stack buffer, rdx shuffle masks, rsi round constants, rdi state. All ymm
# registers are cleared and the stack buffer wiped before returning (the state
# may be secret).

# rol \reg by \r bits (0 < \r < 64) in each qword; clobbers ymm15.
.macro keccak_x4_rol reg, r
.if \r == 8
    vpshufb \reg, \reg, ymmword ptr [rdx]
.elseif \r == 56
    vpshufb \reg, \reg, ymmword ptr [rdx + 32]
.elseif \r == 1
    vpaddq ymm15, \reg, \reg
    vpsrlq \reg, \reg, 63
    vpor \reg, \reg, ymm15
.else
    vpsllq ymm15, \reg, \r
    vpsrlq \reg, \reg, 64 - \r
    vpor \reg, \reg, ymm15
.endif
.endm

# B = rol(A[lane] ^ D, r) for input lane index \lane (x + 5y) of \src.
.macro keccak_x4_lane b, d, src, lane, r
    vpxor \b, \d, ymmword ptr [\src + 32 * \lane]
.if \r != 0
    keccak_x4_rol \b, \r
.endif
.endm

# D[x] = C[x-1] ^ rol(C[x+1], 1) into ymm5-9, from C in ymm10-14; clobbers ymm15.
.macro keccak_x4_d d, cm1, cp1
    vpaddq \d, \cp1, \cp1
    vpsrlq ymm15, \cp1, 63
    vpor \d, \d, ymm15
    vpxor \d, \d, \cm1
.endm
.macro keccak_x4_theta_d
    keccak_x4_d ymm5, ymm14, ymm11
    keccak_x4_d ymm6, ymm10, ymm12
    keccak_x4_d ymm7, ymm11, ymm13
    keccak_x4_d ymm8, ymm12, ymm14
    keccak_x4_d ymm9, ymm13, ymm10
.endm

# chi on B = ymm0-4: output X = B[X] ^ (~B[X+1] & B[X+2]), stored to lane
# 5 * \y + X of \dst and xored into the next round's column parity C[X] (ymm10+X).
.macro keccak_x4_chi_out dst, y, x, b0, b1, b2, c
    vpandn ymm15, \b1, \b2
    vpxor ymm15, ymm15, \b0
    vmovdqu ymmword ptr [\dst + 32 * (5 * \y + \x)], ymm15
    vpxor \c, \c, ymm15
.endm
.macro keccak_x4_chi dst, y
    keccak_x4_chi_out \dst, \y, 0, ymm0, ymm1, ymm2, ymm10
    keccak_x4_chi_out \dst, \y, 1, ymm1, ymm2, ymm3, ymm11
    keccak_x4_chi_out \dst, \y, 2, ymm2, ymm3, ymm4, ymm12
    keccak_x4_chi_out \dst, \y, 3, ymm3, ymm4, ymm0, ymm13
    keccak_x4_chi_out \dst, \y, 4, ymm4, ymm0, ymm1, ymm14
.endm

# One round \src -> \dst, with D (ymm5-9) already computed from \src; round
# constant at rsi + 8 * rax + \rc. Leaves in ymm5-9 the D of \dst, for the next round.
.macro keccak_x4_round src, dst, rc
    # Output plane Y takes, at position X, lane (x, y) = ((X + 3Y) mod 5, X),
    # i.e. lane index x + 5y, xored with D[x] and rotated by its rho offset
    # (FIPS 202 Table 2: r[x + 5y]).
    # plane 0: lanes 0, 6, 12, 18, 24
    keccak_x4_lane ymm0, ymm5, \src, 0, 0
    keccak_x4_lane ymm1, ymm6, \src, 6, 44
    keccak_x4_lane ymm2, ymm7, \src, 12, 43
    keccak_x4_lane ymm3, ymm8, \src, 18, 21
    keccak_x4_lane ymm4, ymm9, \src, 24, 14
    # chi and iota for plane 0, which also starts the next column parities
    vpbroadcastq ymm11, qword ptr [rsi + 8 * rax + \rc]
    vpandn ymm10, ymm1, ymm2
    vpxor ymm10, ymm10, ymm0
    vpxor ymm10, ymm10, ymm11
    vmovdqu ymmword ptr [\dst + 32 * 0], ymm10
    vpandn ymm11, ymm2, ymm3
    vpxor ymm11, ymm11, ymm1
    vmovdqu ymmword ptr [\dst + 32 * 1], ymm11
    vpandn ymm12, ymm3, ymm4
    vpxor ymm12, ymm12, ymm2
    vmovdqu ymmword ptr [\dst + 32 * 2], ymm12
    vpandn ymm13, ymm4, ymm0
    vpxor ymm13, ymm13, ymm3
    vmovdqu ymmword ptr [\dst + 32 * 3], ymm13
    vpandn ymm14, ymm0, ymm1
    vpxor ymm14, ymm14, ymm4
    vmovdqu ymmword ptr [\dst + 32 * 4], ymm14
    # plane 1: lanes 3, 9, 10, 16, 22
    keccak_x4_lane ymm0, ymm8, \src, 3, 28
    keccak_x4_lane ymm1, ymm9, \src, 9, 20
    keccak_x4_lane ymm2, ymm5, \src, 10, 3
    keccak_x4_lane ymm3, ymm6, \src, 16, 45
    keccak_x4_lane ymm4, ymm7, \src, 22, 61
    keccak_x4_chi \dst, 1
    # plane 2: lanes 1, 7, 13, 19, 20
    keccak_x4_lane ymm0, ymm6, \src, 1, 1
    keccak_x4_lane ymm1, ymm7, \src, 7, 6
    keccak_x4_lane ymm2, ymm8, \src, 13, 25
    keccak_x4_lane ymm3, ymm9, \src, 19, 8
    keccak_x4_lane ymm4, ymm5, \src, 20, 18
    keccak_x4_chi \dst, 2
    # plane 3: lanes 4, 5, 11, 17, 23
    keccak_x4_lane ymm0, ymm9, \src, 4, 27
    keccak_x4_lane ymm1, ymm5, \src, 5, 36
    keccak_x4_lane ymm2, ymm6, \src, 11, 10
    keccak_x4_lane ymm3, ymm7, \src, 17, 15
    keccak_x4_lane ymm4, ymm8, \src, 23, 56
    keccak_x4_chi \dst, 3
    # plane 4: lanes 2, 8, 14, 15, 21
    keccak_x4_lane ymm0, ymm7, \src, 2, 62
    keccak_x4_lane ymm1, ymm8, \src, 8, 55
    keccak_x4_lane ymm2, ymm9, \src, 14, 39
    keccak_x4_lane ymm3, ymm5, \src, 15, 41
    keccak_x4_lane ymm4, ymm6, \src, 21, 2
    keccak_x4_chi \dst, 4
    # theta of the next round: D from the column parities
    keccak_x4_theta_d
.endm

    # Frame: 800-byte, 32-byte aligned buffer for the odd rounds' output.
    push rbp
    mov rbp, rsp
    sub rsp, 800
    and rsp, -32
    mov rcx, rsp
    # theta of the first round: column parities C (ymm10-14), then D (ymm5-9)
    vmovdqu ymm10, ymmword ptr [rdi + 32 * 0]
    vmovdqu ymm11, ymmword ptr [rdi + 32 * 1]
    vmovdqu ymm12, ymmword ptr [rdi + 32 * 2]
    vmovdqu ymm13, ymmword ptr [rdi + 32 * 3]
    vmovdqu ymm14, ymmword ptr [rdi + 32 * 4]
.irp y, 1, 2, 3, 4
    vpxor ymm10, ymm10, ymmword ptr [rdi + 32 * (5 * \y + 0)]
    vpxor ymm11, ymm11, ymmword ptr [rdi + 32 * (5 * \y + 1)]
    vpxor ymm12, ymm12, ymmword ptr [rdi + 32 * (5 * \y + 2)]
    vpxor ymm13, ymm13, ymmword ptr [rdi + 32 * (5 * \y + 3)]
    vpxor ymm14, ymm14, ymmword ptr [rdi + 32 * (5 * \y + 4)]
.endr
    keccak_x4_theta_d
    mov eax, 0
    # 12 iterations of two rounds: state -> buffer -> state.
2:
    keccak_x4_round rdi, rcx, 0
    keccak_x4_round rcx, rdi, 8
    add eax, 2
    cmp eax, 24
    jne 2b

    # Wipe the buffer and every ymm register, restore the stack, return.
    vpxor xmm0, xmm0, xmm0
.irp i, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24
    vmovdqa ymmword ptr [rcx + 32 * \i], ymm0
.endr
    vzeroall
    mov rsp, rbp
    pop rbp
    ret

.purgem keccak_x4_rol
.purgem keccak_x4_lane
.purgem keccak_x4_d
.purgem keccak_x4_theta_d
.purgem keccak_x4_chi_out
.purgem keccak_x4_chi
.purgem keccak_x4_round
