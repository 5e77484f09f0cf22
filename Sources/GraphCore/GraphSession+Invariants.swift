extension GraphSession {
    /// Cheap (O(1)) consistency checks, run after every mutation in builds with
    /// `GRAPHCORE_INTERNAL_CHECKS` (debug builds and the tests); compiled out of release.
    @inline(__always)
    func checkInvariants() {
        #if GRAPHCORE_INTERNAL_CHECKS
        precondition(generation != 0, "generation 0 is reserved")
        precondition(kindCounts.total == nodes.count, "census counts \(kindCounts.total) nodes, arena holds \(nodes.count)")
        precondition(weights.usedFloats <= weights.reservedFloats, "more weights used than reserved")
        precondition(nodes.usedBytes <= nodes.reservedBytes, "more node bytes used than reserved")
        precondition(learningPhase == 0 || learningPhase == 1, "learning phase \(learningPhase)")
        #endif
    }

    /// A full O(n) audit of the session, for tests: every record's kind is counted,
    /// every name is unique per auto prefix, every weight slice lies in the arena without
    /// overlapping another, and every built model's parameter total is consistent.
    /// - Returns: a description of each violation; empty when the session is consistent.
    public func auditInvariants() -> [String] {
        var problems: [String] = []
        var counted = KindCounts()
        var autoNames = Set<UInt64>()
        var slices: [WeightSlice] = []
        var usedFloats = 0
        for index in 0..<nodes.count {
            let record = nodes[index]
            counted[record.kind] += 1
            if !record.flags.contains(.explicitName) {
                let key = UInt64(record.name) << 32 | UInt64(record.nameNumber)
                if !autoNames.insert(key).inserted { problems.append("auto name \(name(of: record)) given twice") }
            }
            if record.kind != .sequential, record.weights.count > 0 {
                if !weights.contains(record.weights) { problems.append("node \(index) has weights outside the arena") }
                slices.append(record.weights)
                usedFloats += Int(record.weights.count)
            }
        }
        if counted != kindCounts { problems.append("kind counts \(kindCounts) differ from the records \(counted)") }
        if usedFloats != weights.usedFloats {
            problems.append("layers hold \(usedFloats) floats, the arena says \(weights.usedFloats)")
        }
        slices.sort { ($0.chunk, $0.start) < ($1.chunk, $1.start) }
        for (a, b) in zip(slices, slices.dropFirst()) where a.chunk == b.chunk && a.start + a.count > b.start {
            problems.append("weight slices overlap in chunk \(a.chunk) at \(b.start)")
        }
        return problems
    }
}
