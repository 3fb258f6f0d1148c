# Summarises run.sh output with several builds (--pads): per backend and row, the
# after/before and A/A ratios of each build and their median over the builds.
#   awk -f summary.awk run-output.md
function med(s,    a, n, i, j, t) {
    n = split(s, a, " ")
    for (i = 2; i <= n; i++) { t = a[i]; for (j = i - 1; j >= 1 && a[j] > t; j--) a[j + 1] = a[j]; a[j + 1] = t }
    return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
}
/^### backend/ { split($0, w, "`"); be = w[2]; if (!(be in seen)) { seen[be] = 1; bes[++nb] = be } }
/^\| ML-/ {
    split($0, f, "|"); gsub(/^ +| +$/, "", f[2]); k = be SUBSEP f[2]
    if (!(k in ab)) rows[be, ++nr[be]] = f[2]
    ab[k] = ab[k] " " f[5] + 0; aa[k] = aa[k] " " f[7] + 0
}
END {
    for (i = 1; i <= nb; i++) {
        be = bes[i]
        printf "### backend `%s`: median over builds\n\n| op | after/before per build | median | A/A per build | median |\n|---|---|---:|---|---:|\n", be
        for (j = 1; j <= nr[be]; j++) {
            k = be SUBSEP rows[be, j]
            printf "| %s |%s | %.3f |%s | %.3f |\n", rows[be, j], ab[k], med(ab[k]), aa[k], med(aa[k])
        }
        print ""
    }
}
