/// The reference loop's census at one sample, as the analysis reads it: graph nodes, the
/// arenas' used and reserved bytes, and name entries. GraphCore's `Census` holds more (per
/// kind, generation, weights); the harness copies these four into each sample, so that the
/// value model — and everything that only analyses samples — does not link GraphCore.
package struct CensusReading: Codable, Sendable, Equatable {
    /// Nodes in the graph (layers and models).
    package var nodes: Int
    /// Bytes of the node and weight arenas in use.
    package var arenaUsedBytes: Int
    /// Bytes the node and weight arenas hold, used or not.
    package var arenaReservedBytes: Int
    /// Entries in the layer-name uniquifier.
    package var nameEntries: Int

    package init(nodes: Int, arenaUsedBytes: Int, arenaReservedBytes: Int, nameEntries: Int) {
        self.nodes = nodes
        self.arenaUsedBytes = arenaUsedBytes
        self.arenaReservedBytes = arenaReservedBytes
        self.nameEntries = nameEntries
    }

    /// A loop without a census (a `MemoryLoop` body): zeros, and `ArmResult.hasCensus` false.
    package static let empty = CensusReading(nodes: 0, arenaUsedBytes: 0, arenaReservedBytes: 0, nameEntries: 0)
}
