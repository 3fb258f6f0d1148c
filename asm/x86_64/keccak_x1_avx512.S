# Keccak-f[1600] on one state, AVX-512F on zmm registers (x86_64): the whole
# state in five zmm registers, one plane (row) per register.
#
# Included by src/hash/keccak_avx512.rs as the body of a naked function
#
#     extern "sysv64" fn keccak_x1_avx512(
#         state: *mut [u64; 25],   // rdi: lane (x, y) at byte offset 8 * (x + 5y)
#         table: *const X1Table,   // rsi: constants, see below
#     )
#
# Intel syntax (the Rust default), assembled by LLVM's integrated assembler; no C
# preprocessor and no platform-specific directives.
#
# Layout: plane y (lanes (0..4, y)) is zmm y (zmm0-4), lane x in qword x. Qwords
# 5-7 are loaded as zero and never stored; no instruction moves them into
# qwords 0-4 (every permutation index below maps 0-4 to 0-4), so whatever they
# hold does not matter.
#
# Table (X1Table in keccak_avx512.rs, 64-byte aligned, built at compile time from
# the FIPS 202 constants):
#   [rsi +   0 + 64 (j-1)]  R_j, j = 1..4: vpermq index, qword X <- qword X + j mod 5
#   [rsi + 256 + 64 Y]      rotation amounts of diagonal Y (see rho below)
#   [rsi + 576 + 8 i]       RC[i], i = 0..23 (FIPS 202 Algorithm 5)
#
# Per round (FIPS 202 Algorithms 1-6):
#   theta:  C = A0 ^ A1 ^ A2 ^ A3 ^ A4 (two vpternlogq 0x96; qword x is C[x]),
#           Cm1 = R_4 C (qword x: C[x-1]), Cp1 = R_1 rol(C, 1) (rol(C[x+1], 1)).
#   pi:     output plane Y takes lane (x, y) with 2x + 3y = Y, i.e. y = x + 2Y:
#           qword x of input plane x + 2Y. So the five "diagonals"
#           T_Y[x] = A[x + 2Y mod 5][x] are output planes, built by blends alone
#           (vpblendmq with constant masks; every lane stays in its qword, no
#           shuffle). They do not depend on theta's parities, so they are ready
#           before Cm1 and Cp1.
#   theta:  applied to the diagonals (qword x of T_Y is in column x, like qword x
#           of a plane): T_Y ^= Cm1 ^ Cp1, one vpternlogq 0x96 each.
#   rho:    B_Y = vprolvq(T_Y, table row Y): qword x rotated by r[x + 5 (x + 2Y)]
#           (FIPS 202 Table 2).
#   chi:    qword x of B_Y is output lane (X, Y) with X = y = x + 2Y, so plane Y in
#           natural order X is B_Y rotated by 3Y qwords, and chi's neighbours X+1,
#           X+2 by 3Y + 1, 3Y + 2: U_Yk = R_(3Y+k) B_Y (k = 0, 1, 2; three of the
#           fifteen are B_Y itself), then A_Y = U_Y0 ^ (~U_Y1 & U_Y2), one
#           vpternlogq 0xD2 per plane.
#   iota:   RC[round] xored into qword 0 of A_0 (masked broadcast xor).
# The only cross-qword moves on the round's critical path are the two theta
# permutations and one permutation stage before chi.
#
# vpternlogq dst, b, c, imm computes bit i of dst as bit (4 dst_i + 2 b_i + c_i) of
# imm. Truth tables (index a b c = dst b c):
#   a ^ (~b & c): 000:0 001:1 010:0 011:0 100:1 101:0 110:1 111:1 -> 0b11010010 = 0xD2
#   a ^ b ^ c:    000:0 001:1 010:1 011:0 100:1 101:0 110:0 111:1 -> 0b10010110 = 0x96
# vpblendmq dst {k}, a, b: qword i of dst is b_i where bit i of k is set, else a_i.
#
# Constant time: no branch or address depends on state data; the only branch is
# the round loop counter and the only addresses are the argument pointers, fixed
# offsets from them and the round-constant entry indexed by the loop counter.
#
# asmcheck: public rdi rsi
#
# Registers: zmm0-4 planes; zmm5-9 diagonals T_Y / B_Y; zmm10, zmm11, zmm24-26
# blend temporaries; zmm12 C, zmm13 rol(C, 1), zmm14 Cm1, zmm15 Cp1; zmm16-23
# permuted planes for chi; zmm28-31 the indices R_1..R_4; k1-k6 constant masks;
# rax round counter. All vector registers are cleared on return (vpxord on
# xmm16-31 clears the whole zmm register, vzeroall zmm0-15); the mask registers
# only ever hold the constants below. No stack is used.

# T = diagonal: qword i of T from register a_i (a0..a4 = A[d], ..., A[d+4]),
# as a depth-3 blend tree; clobbers zmm\tmp.
.macro keccak_x1_diag t, tmp, a0, a1, a2, a3, a4
    vpblendmq zmm\t {k1}, zmm\a0, zmm\a1
    vpblendmq zmm\tmp {k3}, zmm\a2, zmm\a3
    vpblendmq zmm\t {k2}, zmm\t, zmm\tmp
    vpblendmq zmm\t {k4}, zmm\t, zmm\a4
.endm

    # Masks: k1 = qword 1, k2 = qwords 2-3, k3 = qword 3, k4 = qword 4 (blends),
    # k5 = qword 0 (iota), k6 = qwords 0-4 (load, store).
    mov eax, 0x02
    kmovw k1, eax
    mov eax, 0x0C
    kmovw k2, eax
    mov eax, 0x08
    kmovw k3, eax
    mov eax, 0x10
    kmovw k4, eax
    mov eax, 0x01
    kmovw k5, eax
    mov eax, 0x1F
    kmovw k6, eax
    # Load the five planes (40 bytes each; the masked-off qwords are not read).
    vmovdqu64 zmm0 {k6}{z}, zmmword ptr [rdi]
    vmovdqu64 zmm1 {k6}{z}, zmmword ptr [rdi + 40]
    vmovdqu64 zmm2 {k6}{z}, zmmword ptr [rdi + 80]
    vmovdqu64 zmm3 {k6}{z}, zmmword ptr [rdi + 120]
    vmovdqu64 zmm4 {k6}{z}, zmmword ptr [rdi + 160]
    vmovdqa64 zmm28, zmmword ptr [rsi]
    vmovdqa64 zmm29, zmmword ptr [rsi + 64]
    vmovdqa64 zmm30, zmmword ptr [rsi + 128]
    vmovdqa64 zmm31, zmmword ptr [rsi + 192]
    xor eax, eax
2:
    # theta: column parities and their neighbours (plane 0 last: it carries the
    # previous round's iota, one xor later than the others).
    vmovdqa64 zmm12, zmm1
    vpternlogq zmm12, zmm2, zmm3, 0x96
    vpternlogq zmm12, zmm4, zmm0, 0x96
    vprolq zmm13, zmm12, 1
    vpermq zmm14, zmm31, zmm12
    vpermq zmm15, zmm28, zmm13
    # pi: the diagonals T_Y[x] = A[x + 2Y][x] (d = 2Y mod 5 = 0, 2, 4, 1, 3).
    keccak_x1_diag 5, 10, 0, 1, 2, 3, 4
    keccak_x1_diag 6, 11, 2, 3, 4, 0, 1
    keccak_x1_diag 7, 24, 4, 0, 1, 2, 3
    keccak_x1_diag 8, 25, 1, 2, 3, 4, 0
    keccak_x1_diag 9, 26, 3, 4, 0, 1, 2
    # theta applied, then rho (B_0 straight into zmm0: plane 0's old value is dead).
    vpternlogq zmm5, zmm14, zmm15, 0x96
    vpternlogq zmm6, zmm14, zmm15, 0x96
    vpternlogq zmm7, zmm14, zmm15, 0x96
    vpternlogq zmm8, zmm14, zmm15, 0x96
    vpternlogq zmm9, zmm14, zmm15, 0x96
    vprolvq zmm0, zmm5, zmmword ptr [rsi + 256]
    vprolvq zmm6, zmm6, zmmword ptr [rsi + 320]
    vprolvq zmm7, zmm7, zmmword ptr [rsi + 384]
    vprolvq zmm8, zmm8, zmmword ptr [rsi + 448]
    vprolvq zmm9, zmm9, zmmword ptr [rsi + 512]
    # chi operands U_Yk = R_(3Y+k) B_Y; U_Y0 goes to zmm Y (chi's destination).
    # Y = 0: R_0 (zmm0), R_1, R_2
    vpermq zmm16, zmm28, zmm0
    vpermq zmm17, zmm29, zmm0
    # Y = 1: R_3, R_4, R_0 (zmm6)
    vpermq zmm1, zmm30, zmm6
    vpermq zmm18, zmm31, zmm6
    # Y = 2: R_1, R_2, R_3
    vpermq zmm2, zmm28, zmm7
    vpermq zmm19, zmm29, zmm7
    vpermq zmm20, zmm30, zmm7
    # Y = 3: R_4, R_0 (zmm8), R_1
    vpermq zmm3, zmm31, zmm8
    vpermq zmm21, zmm28, zmm8
    # Y = 4: R_2, R_3, R_4
    vpermq zmm4, zmm29, zmm9
    vpermq zmm22, zmm30, zmm9
    vpermq zmm23, zmm31, zmm9
    # chi
    vpternlogq zmm0, zmm16, zmm17, 0xD2
    vpternlogq zmm1, zmm18, zmm6, 0xD2
    vpternlogq zmm2, zmm19, zmm20, 0xD2
    vpternlogq zmm3, zmm8, zmm21, 0xD2
    vpternlogq zmm4, zmm22, zmm23, 0xD2
    # iota
    vpxorq zmm0 {k5}, zmm0, qword ptr [rsi + 576 + 8*rax]{1to8}
    add eax, 1
    cmp eax, 24
    jne 2b

    # Store the five planes, clear every vector register, return.
    vmovdqu64 zmmword ptr [rdi] {k6}, zmm0
    vmovdqu64 zmmword ptr [rdi + 40] {k6}, zmm1
    vmovdqu64 zmmword ptr [rdi + 80] {k6}, zmm2
    vmovdqu64 zmmword ptr [rdi + 120] {k6}, zmm3
    vmovdqu64 zmmword ptr [rdi + 160] {k6}, zmm4
.irp i, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31
    vpxord xmm\i, xmm\i, xmm\i
.endr
    vzeroall
    ret

.purgem keccak_x1_diag
