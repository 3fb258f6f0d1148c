// Positive control for scripts/asmcheck.sh: a counted loop over public pointers.
// asmcheck: public rdi rsi rdx
    mov ecx, 8
    lea rax, [rip + 3f]
1:
    vmovdqu ymm0, [rdi]
    vpaddw ymm0, ymm0, [rax]
    vmovdqu [rsi], ymm0
    add rdi, 32
    add rsi, 32
    dec ecx
    jnz 1b
    vzeroupper
    ret
3:
