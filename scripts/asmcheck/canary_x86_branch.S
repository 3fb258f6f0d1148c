// Negative control for scripts/asmcheck.sh: a branch on secret vector data.
// asmcheck: public rdi rsi
    vmovdqu ymm0, [rdi]
    vptest ymm0, ymm0
    jz 2f
    vmovdqu [rsi], ymm0
2:
    ret
