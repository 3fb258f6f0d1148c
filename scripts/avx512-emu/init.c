/*
 * /init of the avx512-emu initramfs (see scripts/avx512-emu.sh).
 *
 * Runs /emu/bin with the arguments in /emu/args and the environment in
 * /emu/env (both NUL-separated), its stdout on ttyS1 (Bochs com2), its stderr
 * on ttyS2 (com3), both raw. Then writes "AVX512EMU_EXIT=<code>" on ttyS0
 * (com1, also the kernel console) and powers the machine off: first through
 * Bochs' shutdown port 0x8900, then through reboot(2).
 * <code> is the exit status, or 128+signal when the program was killed.
 *
 * Static: gcc -static -O2 -o init init.c
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdarg.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/io.h>
#include <sys/mount.h>
#include <sys/reboot.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

static int console = 2;

static void say(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void say(const char *fmt, ...) {
    char buf[512];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    if (n > (int)sizeof buf - 1) n = sizeof buf - 1;
    if (n > 0 && write(console, buf, (size_t)n) < 0) { /* nothing to do */ }
    tcdrain(console);
}

/* Reads a whole file; splits it at NULs into a NULL-terminated vector. */
static char **read_list(const char *path, char *first) {
    static char empty = 0;
    char *data = &empty;
    size_t len = 0, cap = 0;
    int fd = open(path, O_RDONLY);
    if (fd >= 0) {
        for (;;) {
            if (len + 4096 > cap) {
                cap = cap ? cap * 2 : 65536;
                data = realloc(len ? data : NULL, cap);
                if (!data) abort();
            }
            ssize_t r = read(fd, data + len, cap - len);
            if (r <= 0) break;
            len += (size_t)r;
        }
        close(fd);
    }
    size_t n = 0;
    for (size_t i = 0; i < len; i++) n += data[i] == 0;
    char **v = calloc(n + 2, sizeof *v);
    size_t k = 0;
    if (first) v[k++] = first;
    for (size_t i = 0; i < len;) {
        v[k++] = data + i;
        i += strlen(data + i) + 1;
    }
    v[k] = NULL;
    return v;
}

static int open_tty(const char *path) {
    int fd = open(path, O_RDWR | O_NOCTTY);
    if (fd < 0) return -1;
    struct termios t;
    if (tcgetattr(fd, &t) == 0) {
        cfmakeraw(&t);
        cfsetispeed(&t, B115200);
        cfsetospeed(&t, B115200);
        tcsetattr(fd, TCSANOW, &t);
    }
    return fd;
}

static void power_off(void) {
    sync();
    /* Bochs: the string "Shutdown" written to port 0x8900 ends the simulation. */
    if (iopl(3) == 0) {
        const char *s = "Shutdown";
        for (const char *p = s; *p; p++) outb((unsigned char)*p, 0x8900);
    }
    reboot(RB_POWER_OFF);
    for (;;) pause();
}

int main(void) {
    mkdir("/proc", 0755);
    mkdir("/sys", 0755);
    mkdir("/dev", 0755);
    mkdir("/tmp", 01777);
    mount("proc", "/proc", "proc", 0, NULL);
    mount("sysfs", "/sys", "sysfs", 0, NULL);
    mount("devtmpfs", "/dev", "devtmpfs", 0, NULL);
    mount("tmpfs", "/tmp", "tmpfs", 0, NULL);

    int c = open_tty("/dev/ttyS0");
    if (c >= 0) console = c;
    int out = open_tty("/dev/ttyS1");
    int err = open_tty("/dev/ttyS2");
    if (out < 0) out = console;
    if (err < 0) err = console;
    int null = open("/dev/null", O_RDWR);

    char **argv = read_list("/emu/args", "/emu/bin");
    char **envp = read_list("/emu/env", NULL);

    /* Handy for the runner's timing: the kernel is up. */
    say("\nAVX512EMU_START\n");

    pid_t pid = fork();
    if (pid == 0) {
        dup2(null >= 0 ? null : out, 0);
        dup2(out, 1);
        dup2(err, 2);
        if (chdir("/emu/cwd") != 0 && chdir("/") != 0) { /* stay */ }
        execve("/emu/bin", argv, envp);
        dprintf(2, "avx512-emu init: execve /emu/bin: %s\n", strerror(errno));
        _exit(127);
    }
    int code = 125;
    if (pid < 0) {
        say("avx512-emu init: fork: %s\n", strerror(errno));
    } else {
        int st;
        /* Also reaps orphans the program left behind. */
        for (;;) {
            pid_t w = wait(&st);
            if (w < 0 && errno == EINTR) continue;
            if (w < 0) break;
            if (w == pid) {
                if (WIFEXITED(st)) code = WEXITSTATUS(st);
                else if (WIFSIGNALED(st)) {
                    code = 128 + WTERMSIG(st);
                    say("avx512-emu init: program killed by signal %d (%s)\n",
                        WTERMSIG(st), strsignal(WTERMSIG(st)));
                }
                break;
            }
        }
    }
    tcdrain(out);
    tcdrain(err);
    say("\nAVX512EMU_EXIT=%d\n", code);
    power_off();
    return 0;
}
