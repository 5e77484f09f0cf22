import GraphCore
import Model

/// The harness joins GraphCore and the value model: it maps a run's settings onto the
/// reference loop and copies the census into samples.
extension ResetMode {
    /// GraphCore's reset mode for the one a `RunConfig` names.
    init(_ mode: RunConfig.ResetMode) {
        switch mode {
        case .releaseStorage: self = .releaseStorage
        case .keepCapacity: self = .keepCapacity
        }
    }
}

extension CensusReading {
    /// The four figures the analysis reads from GraphCore's census (plain values: no allocation while sampling).
    init(_ census: Census) {
        self.init(nodes: census.nodes, arenaUsedBytes: census.arenaUsedBytes, arenaReservedBytes: census.arenaReservedBytes, nameEntries: census.nameEntries)
    }
}
