import Foundation
import Model

/// Tells user frames from allocator and runtime plumbing, so that a growth site is the
/// first frame that says *why* memory was asked for — `NodeArena.append`, not
/// `swift_slowAlloc` or `Array.init(repeating:count:)` that every Swift allocation passes.
///
/// Classified on fully demangled names, where the module is still spelled out
/// (`Swift.Array…`, `generic specialization <…> of Swift.Array…`); the simplified
/// names shown to users drop it.
package enum AllocationFrame {
    /// Allocator entry points and jemalloc's internals.
    static let allocatorNames: Set<String> = [
        "malloc", "calloc", "realloc", "free", "posix_memalign", "aligned_alloc", "memalign", "valloc", "pvalloc",
        "mallocx", "rallocx", "xallocx", "malloc_usable_size", "operator new(unsigned long)", "operator new[](unsigned long)",
        "__libc_malloc", "__libc_calloc", "__libc_realloc", "__GI___strdup", "strdup", "strndup", "__strdup",
    ]

    /// jemalloc, the Swift runtime and standard library, the C++ standard library and
    /// `operator new`, and TensorFlow's aligned-allocation wrapper: frames every
    /// allocation of their kind passes through, which say nothing about why.
    static let plumbingPrefixes = [
        "je_", "imalloc", "ialloc", "prof_", "swift_", "_swift_", "__swift_", "swift::", "Swift.",
        "operator new", "std::", "__gnu_cxx::", "tsl::port::AlignedMalloc", "tensorflow::port::AlignedMalloc",
    ]

    /// Whether `name` (fully demangled, `[inline]` suffix allowed) is plumbing.
    package static func isPlumbing(_ name: String) -> Bool {
        var name = name
        if name.hasSuffix("[inline]") { name.removeLast("[inline]".count) }
        // A specialisation or thunk names the function it is of: "generic specialization
        // <GraphCore.NodeRecord> of static Swift.Array._allocateUninitialized…".
        if let of = name.range(of: "> of ", options: .backwards) { name = String(name[of.upperBound...]) }
        var stripped = true
        while stripped {
            stripped = false
            for prefix in ["merged ", "static ", "outlined copy of ", "outlined retain of ", "(extension in Swift):"] where name.hasPrefix(prefix) {
                name.removeFirst(prefix.count)
                stripped = true
            }
        }
        if allocatorNames.contains(name) { return true }
        return plumbingPrefixes.contains { name.hasPrefix($0) }
    }
}
