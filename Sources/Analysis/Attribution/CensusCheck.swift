import Model

/// The reference loop's cross-check: what the heap profile puts in GraphCore's arenas
/// against what the census says the arenas reserved over the same window.
package struct CensusCheck: Codable, Sendable, Equatable {
    /// Bytes per iteration of sites in `NodeArena` / `WeightArena`.
    package var arenaSitesBytesPerIteration: Double
    /// Growth of the census's reserved bytes between the same two points (end of warm-up,
    /// end of the loop), per iteration — the profile's own window, not the fitted slope.
    package var censusReservedBytesPerIteration: Double
    /// Arena sites over census; 1 is perfect.
    package var ratio: Double
    /// Within ±10%.
    package var agrees: Bool

    /// Functions that count as arena growth.
    package static func isArenaSite(_ function: String) -> Bool {
        function.contains("NodeArena") || function.contains("WeightArena")
    }

    package init(arenaSitesBytesPerIteration: Double, censusReservedBytesPerIteration: Double) {
        self.arenaSitesBytesPerIteration = arenaSitesBytesPerIteration
        self.censusReservedBytesPerIteration = censusReservedBytesPerIteration
        ratio = censusReservedBytesPerIteration != 0 ? arenaSitesBytesPerIteration / censusReservedBytesPerIteration : .nan
        agrees = abs(ratio - 1) <= 0.10
    }
}
