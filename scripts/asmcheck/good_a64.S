// Positive control for scripts/asmcheck.sh: a counted loop over public pointers.
// asmcheck: public x0 x1
    mov x2, #16
1:
    ld1 {v0.8h, v1.8h}, [x0], #32
    sqdmulh v2.8h, v0.8h, v1.8h
    st1 {v2.8h}, [x1], #16
    subs x2, x2, #1
    b.ne 1b
    ret
