#ifndef MEMLOOP_CJEMALLOC_SHIM_H
#define MEMLOOP_CJEMALLOC_SHIM_H

/* Debian's jemalloc is built without a prefix: mallctl, nallocx, mallocx … */
#include <jemalloc/jemalloc.h>
#include <stdint.h>
#include <stddef.h>

/* A volatile load of a 64-bit counter. jemalloc updates thread.allocated and
 * thread.deallocated through these pointers behind the compiler's back; a plain
 * Swift `pointee` read was hoisted out of a loop in -c release and gave a delta of 0. */
static inline uint64_t memloop_volatile_load_u64(const uint64_t *pointer) {
    return *(const volatile uint64_t *)pointer;
}

/* An opaque sink: the optimizer cannot prove what happens to the pointer, so the
 * allocation that produced it is kept. */
static inline void memloop_escape(const void *pointer) {
    __asm__ volatile("" : : "g"(pointer) : "memory");
}

/* Raw malloc/free for probes that must not go through Swift's allocator wrappers. */
static inline void *memloop_malloc(size_t size) { return malloc(size); }
static inline void memloop_free(void *pointer) { free(pointer); }

#endif
