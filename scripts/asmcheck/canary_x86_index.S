// Negative control for scripts/asmcheck.sh: a table lookup at a secret index.
// asmcheck: public rdi rsi
    vmovdqu xmm0, [rdi]
    vmovq rax, xmm0
    and eax, 255
    movzx ecx, byte ptr [rsi + rax]
    ret
