/* The VM2 spawn family end to end (run from cell dep 0). The root opens two pipes, spawns this
   program with the write end of one and the read end of the other, sends "ping", reads
   "hello world" back, and waits for the child's exit code (42). Both sides also check
   process_id, inherited_fds and the error codes. Exit code 0: all checks passed; otherwise the
   number of the root's check that failed (the child's own checks, 50-56, show up as check 23). */
#include "runtime.h"

static long syscall5(long n, long a0, long a1, long a2, long a3, long a4) {
    register long x10 __asm__("a0") = a0;
    register long x11 __asm__("a1") = a1;
    register long x12 __asm__("a2") = a2;
    register long x13 __asm__("a3") = a3;
    register long x14 __asm__("a4") = a4;
    register long x17 __asm__("a7") = n;
    __asm__ volatile("ecall" : "+r"(x10) : "r"(x11), "r"(x12), "r"(x13), "r"(x14), "r"(x17) : "memory");
    return x10;
}

#define WAIT_FAILURE 5
#define INVALID_FD 6
#define OTHER_END_CLOSED 7

typedef struct {
    uint64_t argc;
    const char **argv;
    uint64_t *process_id;
    const uint64_t *inherited_fds;
} spawn_args_t;

static long ckb_spawn(spawn_args_t *args) { return syscall5(2601, 0, 3, 0, 0, (long)args); } /* cell dep 0 */
static long ckb_wait(uint64_t pid, signed char *code) { return syscall5(2602, (long)pid, (long)code, 0, 0, 0); }
static uint64_t ckb_process_id(void) { return (uint64_t)syscall5(2603, 0, 0, 0, 0, 0); }
static long ckb_pipe(uint64_t fds[2]) { return syscall5(2604, (long)fds, 0, 0, 0, 0); }
static long ckb_write(uint64_t fd, const void *buffer, uint64_t *length) {
    return syscall5(2605, (long)fd, (long)buffer, (long)length, 0, 0);
}
static long ckb_read(uint64_t fd, void *buffer, uint64_t *length) {
    return syscall5(2606, (long)fd, (long)buffer, (long)length, 0, 0);
}
static long ckb_inherited_fds(uint64_t *fds, uint64_t *length) { return syscall5(2607, (long)fds, (long)length, 0, 0, 0); }
static long ckb_close(uint64_t fd) { return syscall5(2608, (long)fd, 0, 0, 0, 0); }

static int same(const uint8_t *a, const char *b, uint64_t n) {
    for (uint64_t i = 0; i < n; i++) if (a[i] != (uint8_t)b[i]) return 0;
    return 1;
}

static int child(void) {
    if (ckb_process_id() != 1) return 50;
    uint64_t fds[4] = {0, 0, 0, 0};
    uint64_t length = 1;
    if (ckb_inherited_fds(fds, &length) != 0 || length != 2 || fds[0] != 3 || fds[1] != 0) return 51;
    length = 4;
    if (ckb_inherited_fds(fds, &length) != 0 || length != 2 || fds[0] != 3 || fds[1] != 4) return 52;
    uint8_t buffer[64];
    length = sizeof buffer;
    if (ckb_read(4, buffer, &length) != 0 || length != 4 || !same(buffer, "ping", 4)) return 53;
    length = 6;
    if (ckb_write(3, "hello ", &length) != 0 || length != 6) return 54;
    length = 5;
    if (ckb_write(3, "world", &length) != 0 || length != 5) return 55;
    if (ckb_close(4) != 0) return 56;
    return 42;
}

static int root(void) {
    if (ckb_process_id() != 0) return 10;
    uint64_t fds[4];
    uint64_t length = 4;
    if (ckb_inherited_fds(fds, &length) != 0 || length != 0) return 11;
    signed char code = 0;
    if (ckb_wait(99, &code) != WAIT_FAILURE) return 12;
    if (ckb_close(2) != INVALID_FD) return 13;
    uint64_t up[2], down[2];
    if (ckb_pipe(up) != 0 || up[0] != 2 || up[1] != 3) return 14;
    uint8_t buffer[64];
    length = 1;
    if (ckb_read(3, buffer, &length) != INVALID_FD) return 15;
    if (ckb_write(2, buffer, &length) != INVALID_FD) return 16;
    if (ckb_pipe(down) != 0 || down[0] != 4 || down[1] != 5) return 17;

    const char *argv[] = {"child"};
    uint64_t pid = 0;
    uint64_t passed[] = {up[1], down[0], 0};
    spawn_args_t args = {1, argv, &pid, passed};
    if (ckb_spawn(&args) != 0 || pid != 1) return 18;
    if (ckb_close(up[1]) != INVALID_FD) return 19; /* moved to the child */

    length = 4;
    if (ckb_write(down[1], "ping", &length) != 0 || length != 4) return 20;
    uint64_t got = 0;
    while (got < 11) {
        length = sizeof buffer - got;
        if (ckb_read(up[0], buffer + got, &length) != 0 || length == 0) return 21;
        got += length;
    }
    if (!same(buffer, "hello world", 11)) return 22;
    if (ckb_wait(pid, &code) != 0 || code != 42) return 23;
    if (ckb_wait(pid, &code) != WAIT_FAILURE) return 24; /* reaped */
    length = sizeof buffer;
    if (ckb_read(up[0], buffer, &length) != OTHER_END_CLOSED) return 25; /* the child's end closed on exit */
    if (ckb_spawn(&args) != INVALID_FD) return 26;                       /* up[1] is not ours */
    args.inherited_fds = 0;
    if (syscall5(2601, 7, 3, 0, 0, (long)&args) != 1) return 27;                 /* no cell dep 7: INDEX_OUT_OF_BOUND */
    if (syscall5(2601, 0, 3, 2, 0, (long)&args) != 1) return 28;                 /* place 2: INDEX_OUT_OF_BOUND */
    if (syscall5(2601, 0, 0x0100000000000003, 0, 0, -16) != 1) return 29;        /* group cell deps: refused before a4 is read */
    if (syscall5(2601, 0, 3, 0, 0xFFFFFFFF00000000, (long)&args) != 3) return 30; /* offset past the end: SLICE_OUT_OF_BOUND */
    return 0;
}

int main(int argc, char **argv) {
    (void)argv;
    return argc == 0 ? root() : child();
}
