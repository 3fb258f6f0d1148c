/*
 * AVX-512 probe for scripts/avx512-emu.sh: proves AVX-512F/BW/VL instructions
 * execute in the emulated CPU.
 *
 *   probe            detect, then run vpternlogq / vpermt2w / kmovw / VL ops and
 *                    check results against scalar references; exit 0 only if
 *                    AVX-512F/BW/VL are reported (CPUID + XCR0) and all match.
 *                    The AVX-512 code runs even when not detected, so on a
 *                    CPU without AVX-512 the program dies of SIGILL.
 *   probe exit N     print a line to stdout and one to stderr, exit N
 *   probe args ...   print argv and PQLATTICE_* / AVX512EMU_* env, exit 0
 *
 * gcc -static -O2 -o probe probe.c   (AVX-512 enabled per function only)
 */
#include <cpuid.h>
#include <immintrin.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

extern char **environ;

#define AVX512 __attribute__((target("avx512f,avx512bw,avx512vl"), noinline))

static volatile uint64_t seed = 0x0123456789abcdefULL;

static uint64_t next(uint64_t *s) {
    *s ^= *s << 13;
    *s ^= *s >> 7;
    *s ^= *s << 17;
    return *s;
}

/* vpternlogq (imm 0x96 = a^b^c, 0xe8 = majority) on 512-bit vectors. */
AVX512 static int t_ternlog(const uint64_t *a, const uint64_t *b, const uint64_t *c) {
    uint64_t x[8], m[8];
    __m512i va = _mm512_loadu_si512(a), vb = _mm512_loadu_si512(b), vc = _mm512_loadu_si512(c);
    _mm512_storeu_si512(x, _mm512_ternarylogic_epi64(va, vb, vc, 0x96));
    _mm512_storeu_si512(m, _mm512_ternarylogic_epi64(va, vb, vc, 0xe8));
    int bad = 0;
    for (int i = 0; i < 8; i++) {
        bad += x[i] != (a[i] ^ b[i] ^ c[i]);
        bad += m[i] != ((a[i] & b[i]) | (a[i] & c[i]) | (b[i] & c[i]));
    }
    return bad;
}

/* vpermt2w / vpermi2w: 16-bit two-table permute (AVX-512BW). */
AVX512 static int t_permt2w(const uint16_t *a, const uint16_t *b, const uint16_t *idx) {
    uint16_t r[32];
    _mm512_storeu_si512(r, _mm512_permutex2var_epi16(_mm512_loadu_si512(a), _mm512_loadu_si512(idx),
                                                     _mm512_loadu_si512(b)));
    int bad = 0;
    for (int i = 0; i < 32; i++) {
        unsigned j = idx[i] & 63;
        bad += r[i] != (j < 32 ? a[j] : b[j - 32]);
    }
    return bad;
}

/* vpcmpeqd into k, kmovw to a GPR, masked vpaddd (AVX-512F). */
AVX512 static int t_kmask(const uint32_t *a, const uint32_t *b) {
    __m512i va = _mm512_loadu_si512(a), vb = _mm512_loadu_si512(b);
    __mmask16 k = _mm512_cmpeq_epi32_mask(va, vb);
    unsigned got = _cvtmask16_u32(k);
    unsigned want = 0;
    for (int i = 0; i < 16; i++) want |= (unsigned)(a[i] == b[i]) << i;
    uint32_t r[16];
    _mm512_storeu_si512(r, _mm512_mask_add_epi32(va, k, va, vb));
    int bad = got != want;
    for (int i = 0; i < 16; i++) bad += r[i] != ((want >> i & 1) ? a[i] + b[i] : a[i]);
    return bad;
}

/* AVX-512VL on ymm: zero-masked 16-bit multiply-high (computes only; the
 * reference is checked outside AVX-512 code so the compiler cannot vectorize it
 * with the very instructions under test). */
AVX512 static void vl_mulh(const uint16_t *a, const uint16_t *b, uint16_t *r) {
    __m256i va = _mm256_loadu_si256((const void *)a), vb = _mm256_loadu_si256((const void *)b);
    _mm256_storeu_si256((void *)r, _mm256_maskz_mulhi_epi16(0x5555, va, vb));
}
__attribute__((noinline, optimize("no-tree-vectorize"))) static int t_vl_mulh(const uint16_t *a, const uint16_t *b) {
    uint16_t r[16];
    vl_mulh(a, b, r);
    int bad = 0;
    for (int i = 0; i < 16; i++) {
        int16_t want = (i & 1) ? 0 : (int16_t)(((int32_t)(int16_t)a[i] * (int16_t)b[i]) >> 16);
        bad += (int16_t)r[i] != want;
    }
    return bad;
}

/* AVX-512VL on ymm: vpternlogd (a ^ b) on 256 bits. */
AVX512 static void vl_tern(const uint32_t *a, const uint32_t *b, uint32_t *t) {
    __m256i va = _mm256_loadu_si256((const void *)a), vb = _mm256_loadu_si256((const void *)b);
    _mm256_storeu_si256((void *)t, _mm256_ternarylogic_epi32(va, vb, va, 0x3c));
}
__attribute__((noinline, optimize("no-tree-vectorize"))) static int t_vl_tern(const uint32_t *a, const uint32_t *b) {
    uint32_t t[8];
    vl_tern(a, b, t);
    int bad = 0;
    for (int i = 0; i < 8; i++) bad += t[i] != (a[i] ^ b[i]);
    return bad;
}

/* vpmulhw / vpmulhuw, EVEX 512-bit, unmasked: which of them are right? */
AVX512 static void t_mulh512(const uint16_t *a, const uint16_t *b, int *bad_s, int *bad_u) {
    uint16_t s[32], u[32];
    __m512i va = _mm512_loadu_si512(a), vb = _mm512_loadu_si512(b);
    _mm512_storeu_si512(s, _mm512_mulhi_epi16(va, vb));
    _mm512_storeu_si512(u, _mm512_mulhi_epu16(va, vb));
    for (int i = 0; i < 32; i++) {
        *bad_s += (int16_t)s[i] != (int16_t)(((int32_t)(int16_t)a[i] * (int16_t)b[i]) >> 16);
        *bad_u += u[i] != (uint16_t)(((uint32_t)a[i] * b[i]) >> 16);
    }
}

/* The same, VEX (AVX2) encoding, as a control. */
__attribute__((target("avx2"), noinline)) static int t_mulh_vex(const uint16_t *a, const uint16_t *b) {
    uint16_t s[16];
    _mm256_storeu_si256((void *)s, _mm256_mulhi_epi16(_mm256_loadu_si256((const void *)a), _mm256_loadu_si256((const void *)b)));
    int bad = 0;
    for (int i = 0; i < 16; i++) bad += (int16_t)s[i] != (int16_t)(((int32_t)(int16_t)a[i] * (int16_t)b[i]) >> 16);
    return bad;
}

int main(int argc, char **argv) {
    if (argc >= 3 && strcmp(argv[1], "exit") == 0) {
        printf("probe: stdout line, exiting %s\n", argv[2]);
        fprintf(stderr, "probe: stderr line\n");
        return atoi(argv[2]);
    }
    if (argc >= 2 && strcmp(argv[1], "args") == 0) {
        for (int i = 0; i < argc; i++) printf("argv[%d]=<%s>\n", i, argv[i]);
        for (char **e = environ; *e; e++)
            if (!strncmp(*e, "PQLATTICE_", 10) || !strncmp(*e, "AVX512EMU_", 10)) printf("env %s\n", *e);
        return 0;
    }

    unsigned eax = 0, ebx = 0, ecx = 0, edx = 0;
    int f = 0, bw = 0, vl = 0, os = 0;
    if (__get_cpuid_count(7, 0, &eax, &ebx, &ecx, &edx)) {
        f = ebx >> 16 & 1;
        bw = ebx >> 30 & 1;
        vl = ebx >> 31 & 1;
    }
    __get_cpuid(1, &eax, &ebx, &ecx, &edx);
    if (ecx >> 27 & 1) { /* OSXSAVE: XCR0 must enable opmask, ZMM_Hi256, Hi16_ZMM (and SSE, AVX) */
        uint32_t lo, hi;
        __asm__ volatile("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
        os = (lo & 0xe6) == 0xe6;
    }
    __builtin_cpu_init();
    printf("probe: cpuid avx512f=%d avx512bw=%d avx512vl=%d, os (xcr0) support=%d, "
           "__builtin_cpu_supports(avx512f)=%d\n",
           f, bw, vl, os, __builtin_cpu_supports("avx512f") != 0);
    fflush(stdout);

    uint64_t s = seed;
    int bad = 0, bt = 0, bp = 0, bk = 0, bv = 0, bms = 0, bmu = 0, bvex = 0, bvt = 0;
    for (int round = 0; round < 64; round++) {
        uint64_t a[8], b[8], c[8];
        uint16_t w1[32], w2[32], idx[32];
        for (int i = 0; i < 8; i++) a[i] = next(&s), b[i] = next(&s), c[i] = next(&s);
        for (int i = 0; i < 32; i++) w1[i] = (uint16_t)next(&s), w2[i] = (uint16_t)next(&s), idx[i] = (uint16_t)next(&s);
        uint32_t d1[16], d2[16];
        for (int i = 0; i < 16; i++) {
            d1[i] = (uint32_t)next(&s) & 3;
            d2[i] = (uint32_t)next(&s) & 3; /* many equal lanes */
        }
        bt += t_ternlog(a, b, c);
        bp += t_permt2w(w1, w2, idx);
        bk += t_kmask(d1, d2);
        bv += t_vl_mulh(w1, w2);
        {
            uint32_t x1[8], x2[8];
            for (int i = 0; i < 8; i++) x1[i] = (uint32_t)next(&s), x2[i] = (uint32_t)next(&s);
            bvt += t_vl_tern(x1, x2);
        }
        t_mulh512(w1, w2, &bms, &bmu);
        bvex += t_mulh_vex(w1, w2);
    }
    /* One fixed known answer as well: vpermt2w reversing a 0..63 sequence. */
    {
        uint16_t lo[32], hi[32], idx[32];
        for (int i = 0; i < 32; i++) lo[i] = (uint16_t)i, hi[i] = (uint16_t)(32 + i), idx[i] = (uint16_t)(63 - 2 * i);
        bp += t_permt2w(lo, hi, idx);
    }
    bad = bt + bp + bk + bv + bvt + bms + bmu + bvex;
    printf("probe: mismatches: zmm vpmulhw %d, zmm vpmulhuw %d, VEX ymm vpmulhw %d\n", bms, bmu, bvex);
    printf("probe: mismatches: vpternlogq %d, vpermt2w %d, kmovw/masked vpaddd %d, VL ymm {z} vpmulhw %d, VL ymm vpternlogd %d\n",
           bt, bp, bk, bv, bvt);
    int ok = f && bw && vl && os && bad == 0;
    printf("probe: %d mismatches; %s\n", bad, ok ? "AVX-512 OK" : "FAIL");
    return ok ? 0 : 1;
}
