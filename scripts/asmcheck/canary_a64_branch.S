// Negative control for scripts/asmcheck.sh: a branch on a loaded (secret) value.
// asmcheck: public x0 x1
    ldr x2, [x0]
    cmp x2, #0
    b.eq 1f
    str x2, [x1]
1:
    ret
