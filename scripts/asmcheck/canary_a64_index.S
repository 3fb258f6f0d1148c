// Negative control for scripts/asmcheck.sh: a load at a secret offset.
// asmcheck: public x0 x1
    ld1 {v0.8h}, [x0]
    umov w2, v0.h[0]
    ldrh w3, [x1, x2]
    ret
