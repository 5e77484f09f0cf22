/// What the graph holds right now, read in O(1): the harness samples this beside the
/// allocator's figures so a report can say which part of the state grew.
public struct Census: Equatable, Sendable, Codable {
    /// Generation of the session read.
    public var generation: UInt32
    /// Live nodes per kind.
    public var nodesByKind: KindCounts
    /// Floats held by built layers.
    public var weightFloats: Int
    /// Bytes of node records and weights in use.
    public var arenaUsedBytes: Int
    /// Bytes the arenas asked of the allocator (chunks, headers and chunk tables), in use or kept.
    public var arenaReservedBytes: Int
    /// Name-table entries: prefixes in use plus explicit names and other kept strings.
    public var nameEntries: Int

    public init(generation: UInt32, nodesByKind: KindCounts, weightFloats: Int, arenaUsedBytes: Int, arenaReservedBytes: Int, nameEntries: Int) {
        self.generation = generation
        self.nodesByKind = nodesByKind
        self.weightFloats = weightFloats
        self.arenaUsedBytes = arenaUsedBytes
        self.arenaReservedBytes = arenaReservedBytes
        self.nameEntries = nameEntries
    }

    /// Every live node (layers and models).
    public var nodes: Int { nodesByKind.total }
    /// Live `Sequential` models.
    public var models: Int { nodesByKind[.sequential] }
}

extension GraphSession {
    /// The census of this session.
    /// - Complexity: O(1).
    public var census: Census {
        Census(
            generation: generation,
            nodesByKind: kindCounts,
            weightFloats: weights.usedFloats,
            arenaUsedBytes: nodes.usedBytes + weights.usedBytes,
            arenaReservedBytes: nodes.reservedBytes + weights.reservedBytes,
            nameEntries: names.entryCount
        )
    }

    /// Bytes of one node record in the arena.
    public static var bytesPerNodeRecord: Int { MemoryLayout<NodeRecord>.stride }
}
