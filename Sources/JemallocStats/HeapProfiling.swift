/// What jemalloc's heap profiler can do in this process.
///
/// Attribution needs all three: a jemalloc built with profiling (`config.prof`),
/// profiling switched on when the process started (`opt.prof`, from
/// `MALLOC_CONF=prof:true` — it cannot be turned on later), and sampling active.
package struct HeapProfiling: Sendable, Equatable {
    /// jemalloc was built with `--enable-prof` (Debian's is).
    package var configProf: Bool
    /// Profiling was requested at start-up (`opt.prof`); `false` when `configProf` is.
    package var enabled: Bool
    /// Sampling is on now (`prof.active`).
    package var active: Bool

    package init(configProf: Bool, enabled: Bool, active: Bool) {
        self.configProf = configProf
        self.enabled = enabled
        self.active = active
    }
}

extension Jemalloc {
    #if MEMLOOP_NO_JEMALLOC
    package static func heapProfiling() throws(JemallocError) -> HeapProfiling { throw .notLinked }
    package static func dumpHeapProfile(to path: UnsafePointer<CChar>) throws(JemallocError) { throw .notLinked }
    #else
    /// Reads `config.prof`, then (only when it is true) `opt.prof` and `prof.active`,
    /// which a jemalloc without profiling does not have.
    package static func heapProfiling() throws(JemallocError) -> HeapProfiling {
        guard try Mallctl.configProf() else { return HeapProfiling(configProf: false, enabled: false, active: false) }
        let keys = try Mallctl.profileKeys.get()
        let enabled = try Mallctl.readBool(keys.optProf)
        return HeapProfiling(configProf: true, enabled: enabled, active: enabled ? try Mallctl.readBool(keys.profActive) : false)
    }

    /// Writes the heap profile (every sampled allocation still live, with its stack) to
    /// `path`, a C string the caller made before its measured window.
    package static func dumpHeapProfile(to path: UnsafePointer<CChar>) throws(JemallocError) {
        try Mallctl.dumpProfile(try Mallctl.profileKeys.get().dump, path: path)
    }
    #endif
}
