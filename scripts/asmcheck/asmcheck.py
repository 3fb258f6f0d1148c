#!/usr/bin/env python3
"""Static constant-time check of the hand-written kernels in asm/ (Intel-syntax
x86_64 and AArch64).

Valgrind cannot execute AVX-512, so the kernels need evidence that does not run
them. Each kernel file names the general-purpose registers that hold public values
on entry (its pointer arguments and lengths) in a header line such as

    // asmcheck: public rdi rsi rdx

Everything else (every vector register, anything loaded from memory) is secret.
Walking the instructions in order (twice, so values flowing around a loop are
seen), the check tracks which general-purpose registers are public, and fails if

  * a memory operand's address uses a register that is not public,
  * a conditional branch (or cmov/csel/setcc) depends on flags or a register
    computed from anything but public registers and constants,
  * a division (div, idiv, udiv, sdiv) or other variable-latency instruction
    appears at all.

Kernels are written to be this simple: loop counters and pointers are the only
values in general-purpose registers.

Each file is assembled with binutils (`as`, or `aarch64-linux-gnu-as`) and the
check reads objdump's disassembly, so assembler macros, `.rept` and `.if` are seen
exactly as expanded; without binutils it falls back to the source text and says so
(set ASMCHECK_STRICT=1 to make that an error).

Usage: asmcheck.py FILE...   (exit 0: all clean; 1: violations; 2: usage/parse)
"""
import os
import re
import sys

X86_GPR = {
    "rax", "rbx", "rcx", "rdx", "rsi", "rdi", "rbp", "rsp",
    "r8", "r9", "r10", "r11", "r12", "r13", "r14", "r15",
}
X86_ALIASES = {}
for r64, r32, r16, r8 in [
    ("rax", "eax", "ax", "al"), ("rbx", "ebx", "bx", "bl"), ("rcx", "ecx", "cx", "cl"),
    ("rdx", "edx", "dx", "dl"), ("rsi", "esi", "si", "sil"), ("rdi", "edi", "di", "dil"),
    ("rbp", "ebp", "bp", "bpl"), ("rsp", "esp", "sp", "spl"),
]:
    for a in (r64, r32, r16, r8):
        X86_ALIASES[a] = r64
for i in range(8, 16):
    for suf in ("", "d", "w", "b"):
        X86_ALIASES[f"r{i}{suf}"] = f"r{i}"

FORBIDDEN = {"div", "idiv", "udiv", "sdiv", "sqrtss", "sqrtsd", "vsqrtps", "vsqrtpd",
             "vdivps", "vdivpd", "divps", "divpd", "fdiv"}
X86_FLAG_WRITERS_READONLY = {"cmp", "test", "bt"}
# x86 instructions that write only flags from vector data: branching after them leaks.
X86_VECTOR_FLAGS = {"vptest", "ptest", "vtestps", "vtestpd", "comiss", "comisd",
                    "vcomiss", "vcomisd", "ucomiss", "ucomisd", "vucomiss", "vucomisd",
                    "kortestw", "kortestb", "kortestd", "kortestq", "ktestw", "ktestb",
                    "ktestd", "ktestq"}
A64_COND_BRANCH = re.compile(r"^(b\.\w+|cbz|cbnz|tbz|tbnz)$")
A64_FLAG_SETTERS = {"cmp", "cmn", "tst", "subs", "adds", "ands", "bics", "ccmp", "ccmn"}
A64_CSEL = {"csel", "csinc", "csinv", "csneg", "cset", "csetm", "cinc", "cinv", "cneg"}


def a64_gpr(tok):
    m = re.fullmatch(r"([xw])(\d+)", tok)
    if m and int(m.group(2)) <= 30:
        return "x" + m.group(2)
    if tok in ("sp", "wsp"):
        return "sp"
    if tok in ("xzr", "wzr"):
        return "xzr"
    return None


def strip_comment(line, arch):
    """Drops comments: '//' everywhere, '#' on x86 (on AArch64 it marks immediates),
    ';' and '@' are not used by our files or objdump's output."""
    i = line.find("//")
    if i >= 0:
        line = line[:i]
    if arch == "x86":
        i = line.find("#")
        if i >= 0:
            line = line[:i]
    return line.strip()


def disassemble(path, arch):
    """Assembles `path` with binutils and returns objdump's listing as lines of
    'mnemonic operands', so that assembler macros, .rept and .if are expanded
    exactly as the assembler expands them. None if binutils for `arch` is missing."""
    import os
    import shutil
    import subprocess
    import tempfile

    if arch == "x86":
        as_, objdump, prefix, dis = "as", "objdump", ".intel_syntax noprefix\n", ["-M", "intel"]
        as_args = ["--64"]
    else:
        as_, objdump, prefix, dis = "aarch64-linux-gnu-as", "aarch64-linux-gnu-objdump", "", []
        as_args = []
    if not shutil.which(as_) or not shutil.which(objdump):
        return None
    with tempfile.TemporaryDirectory() as d:
        src = os.path.join(d, "k.s")
        obj = os.path.join(d, "k.o")
        body = read_source(path)
        # Files included as Rust asm templates (without `options(raw)`) write
        # literal braces doubled: undo that for the assembler.
        if "{{" in body:
            body = body.replace("{{", "{").replace("}}", "}")
        with open(src, "w") as f:
            f.write(prefix + body + "\n")
        r = subprocess.run([as_, *as_args, "-o", obj, src], capture_output=True, text=True)
        if r.returncode != 0:
            raise SystemExit(f"{path}: does not assemble with {as_}:\n{r.stderr}")
        out = subprocess.run([objdump, "-d", "--no-show-raw-insn", *dis, obj],
                             capture_output=True, text=True, check=True).stdout
    lines = []
    for ln in out.splitlines():
        m = re.match(r"^\s*[0-9a-f]+:\s+(.*)$", ln)
        if m:
            # objdump appends branch targets as '<label+off>': drop them.
            lines.append(re.sub(r"<[^>]*>", "", m.group(1)).strip())
    return lines


def split_operands(s):
    ops, depth, cur = [], 0, ""
    for ch in s:
        if ch in "[{(":
            depth += 1
        elif ch in "]})":
            depth -= 1
        if ch == "," and depth == 0:
            ops.append(cur.strip())
            cur = ""
        else:
            cur += ch
    if cur.strip():
        ops.append(cur.strip())
    return ops


def read_source(path):
    """The kernel's text with the files its `asmcheck: include FILE` lines name
    (relative to its directory) put in front, as the Rust side concatenates them."""
    text = open(path).read()
    incs = re.findall(r"asmcheck:[ \t]*include[ \t]+(\S+)", text)
    base = os.path.dirname(path)
    return "".join(open(os.path.join(base, i)).read() + "\n" for i in incs) + text


def check_file(path):
    text = read_source(path)
    m = re.search(r"asmcheck:[ \t]*public[ \t]+([\w \t,]+)", text)
    if not m:
        return [f"{path}: no 'asmcheck: public <regs>' header line"]
    # The architecture is the directory (asm/aarch64/, asm/x86_64/) or the file name.
    arch = "a64" if re.search(r"aarch64|a64", path) else "x86"
    norm = (lambda t: X86_ALIASES.get(t)) if arch == "x86" else a64_gpr
    declared = {norm(t) for t in re.split(r"[\s,]+", m.group(1).strip()) if t}
    if None in declared:
        return [f"{path}: header names a non-register: {m.group(1).strip()}"]
    public0 = declared | ({"rsp"} if arch == "x86" else {"sp", "xzr"})

    listing = disassemble(path, arch)
    if listing is None:
        if os.environ.get("ASMCHECK_STRICT") == "1":
            return [f"{path}: binutils for {arch} missing (ASMCHECK_STRICT=1)"]
        print(f"{path}: warning: no binutils for {arch}, checking the source text "
              "(assembler macros are not expanded)")
        lines = text.splitlines()
    else:
        lines = listing
    insns = []
    for ln, raw in enumerate(lines, 1):
        line = strip_comment(raw, arch)
        if not line or line.endswith(":") and " " not in line:
            continue
        if line.startswith(".") or re.match(r"^[\w.$]+:$", line):
            continue
        line = re.sub(r"^[\w.$]+:\s*", "", line)  # label on the same line
        if not line or line.startswith("."):
            continue
        parts = line.split(None, 1)
        mnem = parts[0].lower()
        ops = split_operands(parts[1]) if len(parts) > 1 else []
        insns.append((ln, mnem, ops))

    errors = []
    public = set(public0)
    flags_public = False

    def regs_in(op):
        toks = re.findall(r"(?<![\w#])[A-Za-z_][\w.]*", op)
        return [norm(t.lower()) for t in toks if norm(t.lower())]

    def is_mem(op):
        return "[" in op

    for rnd in range(2):
        report = rnd == 1
        for ln, mnem, ops in insns:
            where = f"{path}:{ln}: {mnem} {', '.join(ops)}"
            if mnem in FORBIDDEN:
                if report:
                    errors.append(f"{where}: variable-latency instruction")
                continue
            # Addresses must be public.
            for op in ops:
                if is_mem(op):
                    inner = op[op.index("["):]
                    bad = [r for r in regs_in(inner) if r not in public]
                    if bad and report:
                        errors.append(f"{where}: address uses non-public {','.join(bad)}")
            if arch == "x86":
                if mnem.startswith("j") and mnem != "jmp":
                    if not flags_public and report:
                        errors.append(f"{where}: branch on non-public flags")
                    continue
                if mnem.startswith("cmov") or mnem.startswith("set"):
                    if not flags_public and report:
                        errors.append(f"{where}: select on non-public flags")
                if mnem in X86_VECTOR_FLAGS:
                    flags_public = False
                    continue
                if mnem in ("jmp", "call", "ret", "vzeroupper", "vzeroall", "nop", "push", "pop"):
                    if mnem == "pop" and ops and norm(ops[0].lower()):
                        public.discard(norm(ops[0].lower()))
                    continue
                if not ops:
                    continue
                dst = norm(ops[0].lower()) if not is_mem(ops[0]) else None
                srcs = ops[1:] if mnem not in X86_FLAG_WRITERS_READONLY else ops
                if mnem in ("add", "sub", "and", "or", "xor", "adc", "sbb", "inc", "dec",
                            "shl", "shr", "sar", "imul", "neg", "not"):
                    srcs = ops  # read-modify-write
                src_public = all(
                    (not is_mem(s) or mnem == "lea") and all(r in public for r in regs_in(s))
                    and not re.search(r"\b[xyzk]mm\d|\bk[0-7]\b", s.lower())
                    for s in srcs
                )
                if mnem in X86_FLAG_WRITERS_READONLY or mnem in (
                        "add", "sub", "and", "or", "xor", "inc", "dec", "neg", "shl", "shr",
                        "sar", "adc", "sbb", "imul"):
                    flags_public = src_public
                # Zeroing idioms (xor/sub/pxor of a register with itself) give a
                # public constant whatever the register held.
                if mnem in ("xor", "sub") and len(ops) == 2 and norm(ops[0].lower()) \
                        and norm(ops[0].lower()) == norm(ops[1].lower()):
                    src_public = True
                    flags_public = True
                if dst and mnem not in X86_FLAG_WRITERS_READONLY:
                    if src_public:
                        public.add(dst)
                    else:
                        public.discard(dst)
            else:
                if A64_COND_BRANCH.match(mnem):
                    if mnem.startswith("b."):
                        ok = flags_public
                    else:
                        ok = all(r in public for r in regs_in(ops[0]))
                    if not ok and report:
                        errors.append(f"{where}: branch on non-public value")
                    continue
                if mnem in A64_CSEL and not flags_public and report:
                    errors.append(f"{where}: select on non-public flags")
                if mnem in ("b", "bl", "ret", "nop", "br", "blr"):
                    continue
                if not ops:
                    continue
                srcs = ops if mnem in A64_FLAG_SETTERS and mnem in ("cmp", "cmn", "tst") else ops[1:]
                src_public = all(
                    not is_mem(s) and all(r in public for r in regs_in(s))
                    and not re.search(r"\b[vqdsbh]\d+", s.lower())
                    for s in srcs
                )
                if mnem in A64_FLAG_SETTERS:
                    flags_public = src_public
                if mnem in ("cmp", "cmn", "tst", "ccmp", "ccmn") or mnem.startswith("st"):
                    # stores: writeback of the base register stays public
                    continue
                dst = a64_gpr(ops[0].lower())
                if dst:
                    if src_public or (mnem.startswith("ld") and False):
                        public.add(dst)
                    else:
                        public.discard(dst)
                # post/pre-index writeback keeps the base public (base + immediate)
    return errors


def main(argv):
    if not argv:
        print(__doc__)
        return 2
    errors = []
    for p in argv:
        errors += check_file(p)
    for e in errors:
        print(e)
    if errors:
        print(f"asmcheck: {len(errors)} violation(s)")
        return 1
    print(f"asmcheck: {len(argv)} file(s) clean")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
