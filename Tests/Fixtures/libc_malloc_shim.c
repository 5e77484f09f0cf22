/* A preloadable malloc that forwards to glibc's own allocator. Preloaded into
 * memloop, it takes malloc away from jemalloc while jemalloc's mallctl still answers:
 * exactly the situation the active-allocator check must catch. Tests compile it with cc. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stddef.h>

extern void *__libc_malloc(size_t);
extern void __libc_free(void *);
extern void *__libc_calloc(size_t, size_t);
extern void *__libc_realloc(void *, size_t);
extern void *__libc_memalign(size_t, size_t);

void *malloc(size_t size) { return __libc_malloc(size); }
void free(void *pointer) { __libc_free(pointer); }
void *calloc(size_t count, size_t size) { return __libc_calloc(count, size); }
void *realloc(void *pointer, size_t size) { return __libc_realloc(pointer, size); }
void *memalign(size_t alignment, size_t size) { return __libc_memalign(alignment, size); }
void *aligned_alloc(size_t alignment, size_t size) { return __libc_memalign(alignment, size); }
int posix_memalign(void **out, size_t alignment, size_t size) {
    void *pointer = __libc_memalign(alignment, size);
    if (!pointer) return 12;
    *out = pointer;
    return 0;
}

/* glibc has no __libc_ name for this one: look it up in libc itself. */
size_t malloc_usable_size(void *pointer) {
    static size_t (*libc_usable_size)(void *);
    if (!libc_usable_size) {
        void *libc = dlopen("libc.so.6", RTLD_NOW | RTLD_NOLOAD);
        libc_usable_size = (size_t (*)(void *))dlsym(libc, "malloc_usable_size");
    }
    return pointer ? libc_usable_size(pointer) : 0;
}
void *valloc(size_t size) { return __libc_memalign(4096, size); }
