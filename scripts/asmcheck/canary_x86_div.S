// Negative control for scripts/asmcheck.sh: a division.
// asmcheck: public rdi rsi
    mov rax, rdi
    xor edx, edx
    div rsi
    ret
