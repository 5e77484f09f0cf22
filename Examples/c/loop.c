/*
 * A loop in C that speaks MemLoop's loop protocol (Reports/PROTOCOL.md) by itself:
 * arm and its role (protocol 2: MEMLOOP_CLEARS, MEMLOOP_BUILDS; protocol 1: from the arm's name),
 * counts and output from the environment, readings from the preloaded jemalloc
 * through mallctl, storage reserved before the loop, the CSV written at the end.
 *
 *   cc -O2 -o loop Examples/c/loop.c -ldl
 *   memloop run -- ./loop 48        # leaks 48 bytes per model-building iteration
 *   memloop run -- ./loop 0         # leaks nothing: every arm CONSTANT
 *   memloop run -- ./loop 48 all    # leaks in the control arm too: a broken loop, exit 7
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

typedef int (*mallctl_fn)(const char *, void *, size_t *, void *, size_t);
static mallctl_fn mallctl_p;
static volatile sig_atomic_t interrupted;

static void on_signal(int signo) { (void)signo; interrupted = 1; }

static uint64_t read_u64(const char *name) {
    uint64_t value = 0;
    size_t length = sizeof value;
    if (mallctl_p(name, &value, &length, NULL, 0) != 0) return 0;
    return value;
}

static size_t read_size(const char *name) {
    size_t value = 0, length = sizeof value;
    if (mallctl_p(name, &value, &length, NULL, 0) != 0) return 0;
    return value;
}

static long long now_ns(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (long long)t.tv_sec * 1000000000LL + t.tv_nsec;
}

/* iteration, models, elapsed, live, allocated, active, resident, mapped, retained, metadata,
 * loop_ns (the loop's own time, samples left out), and one user metric (kept_blocks: the
 * blocks this loop keeps, a count; see PROTOCOL.md) */
enum { COLUMNS = 12 };

int main(int argc, char **argv) {
    size_t leak = argc > 1 ? (size_t)strtoul(argv[1], NULL, 10) : 0;
    const char *arm = getenv("MEMLOOP_ARM"), *path = getenv("MEMLOOP_SAMPLES");
    const char *n_text = getenv("MEMLOOP_ITERATIONS"), *w_text = getenv("MEMLOOP_WARMUP");
    if (!arm || !path || !n_text || !w_text) {
        fprintf(stderr, "error: run me with `memloop run -- %s [leak-bytes]` (MEMLOOP_ARM etc. are not set)\n", argv[0]);
        return 64;
    }
    mallctl_p = (mallctl_fn)dlsym(RTLD_DEFAULT, "mallctl");
    if (!mallctl_p) {
        fprintf(stderr, "error: jemalloc is not loaded (no mallctl); run under memloop, which preloads it\n");
        return 3;
    }
    int leaks_everywhere = argc > 2 && strcmp(argv[2], "all") == 0;
    /* The arm's role: told by protocol 2 (MEMLOOP_CLEARS, MEMLOOP_BUILDS); protocol 1 only
     * names the arm, and the role follows from the name. */
    const char *protocol = getenv("MEMLOOP_PROTOCOL");
    int clears = strcmp(arm, "clear") == 0, builds = strcmp(arm, "control") != 0;
    if (protocol && atoi(protocol) >= 2) {
        const char *c_text = getenv("MEMLOOP_CLEARS"), *b_text = getenv("MEMLOOP_BUILDS");
        if (!c_text || !b_text || (strcmp(c_text, "0") && strcmp(c_text, "1")) || (strcmp(b_text, "0") && strcmp(b_text, "1"))) {
            fprintf(stderr, "error: MEMLOOP_PROTOCOL=%s needs MEMLOOP_CLEARS and MEMLOOP_BUILDS set to 1 or 0\n", protocol);
            return 64;
        }
        clears = strcmp(c_text, "1") == 0;
        builds = strcmp(b_text, "1") == 0;
    }
    (void)clears; /* this loop keeps no session that a clear could reset */
    long total = atol(n_text) + atol(w_text), warm = atol(w_text);
    signal(SIGINT, on_signal);
    signal(SIGTERM, on_signal);

    /* volatile: the compiler assumes malloc touches no other memory and would reuse a stale read */
    volatile uint64_t *allocatedp = NULL, *deallocatedp = NULL;
    size_t plen = sizeof allocatedp;
    mallctl_p("thread.allocatedp", &allocatedp, &plen, NULL, 0);
    mallctl_p("thread.deallocatedp", &deallocatedp, &plen, NULL, 0);
    /* The behavioural check: a fresh 1 MiB allocation must move thread.allocated. */
    uint64_t before = *allocatedp;
    void *volatile probe = malloc(1 << 20);  /* volatile: the compiler may not elide it */
    if (*allocatedp - before < (1 << 20)) {
        fprintf(stderr, "error: jemalloc is not the active allocator\n");
        return 3;
    }
    free(probe);

    long long *rows = calloc((size_t)total * COLUMNS, sizeof *rows);  /* reserved before the loop */
    void **kept = calloc((size_t)total, sizeof *kept);
    if (!rows || !kept) return 1;
    long long start = now_ns(), sampling = 0;
    long done = 0, kept_blocks = 0;
    for (long i = 0; i < total && !interrupted; i++) {
        if ((builds || leaks_everywhere) && leak > 0) {
            kept[i] = malloc(leak);  /* the "model": kept on purpose */
            kept_blocks++;
        }
        long long sample_start = now_ns();
        uint64_t epoch = 1;
        mallctl_p("thread.tcache.flush", NULL, NULL, NULL, 0);
        mallctl_p("epoch", NULL, NULL, &epoch, sizeof epoch);
        long long *row = rows + i * COLUMNS;
        row[0] = i;
        row[1] = builds ? i + 1 : 0;
        row[2] = sample_start - start;
        row[3] = (long long)(*allocatedp - *deallocatedp);
        row[4] = (long long)read_size("stats.allocated");
        row[5] = (long long)read_size("stats.active");
        row[6] = (long long)read_size("stats.resident");
        row[7] = (long long)read_size("stats.mapped");
        row[8] = (long long)read_size("stats.retained");
        row[9] = (long long)read_size("stats.metadata");
        row[10] = sample_start - start - sampling;
        row[11] = kept_blocks;
        sampling += now_ns() - sample_start;
        done = i + 1;
        (void)read_u64;
    }
    char temporary[4096];
    snprintf(temporary, sizeof temporary, "%s.%d.tmp", path, (int)getpid());
    FILE *out = fopen(temporary, "wx");
    if (!out) { fprintf(stderr, "error: cannot write %s: %s\n", temporary, strerror(errno)); return 1; }
    fprintf(out, "arm,iteration,models_built,elapsed_ns,live_bytes,allocated,active,resident,mapped,retained,metadata,warmup,loop_ns,kept_blocks\n");
    for (long i = 0; i < done; i++) {
        long long *r = rows + i * COLUMNS;
        fprintf(out, "%s,%lld,%lld,%lld,%lld,%lld,%lld,%lld,%lld,%lld,%lld,%d,%lld,%lld\n", arm, r[0], r[1], r[2], r[3], r[4], r[5],
                r[6], r[7], r[8], r[9], i < warm ? 1 : 0, r[10], r[11]);
    }
    if (fclose(out) != 0 || rename(temporary, path) != 0) return 1;
    return interrupted ? 130 : 0;
}
