/// How a run finds growth per call site (`memloop run --attribute`).
package enum AttributionKind: String, CaseIterable, Sendable {
    /// jemalloc heap profiles diffed with jeprof: native stacks (Swift, C, the interpreter).
    case native
    /// Python's tracemalloc, by source line (through the Python probe).
    case python
}

/// What attribution's profiled pass is asked for.
package struct AttributionSettings: Sendable, Equatable {
    /// The kinds asked for; empty: no attribution.
    package var kinds: Set<AttributionKind>
    /// jemalloc samples an allocation every 2^N bytes on average; `nil` chooses N for about
    /// 1,000 samples of the expected growth.
    package var lgSample: Int?
    /// With an outside loop: the executable whose symbols name native frames; `nil` reads
    /// it from the profile's own memory map.
    package var binary: String?

    package init(kinds: Set<AttributionKind>, lgSample: Int? = nil, binary: String? = nil) {
        self.kinds = kinds
        self.lgSample = lgSample
        self.binary = binary
    }
}
