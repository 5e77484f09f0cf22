/// All of Keras' global state in one value: the graph's node arena and weight arena, the
/// name uniquifier, the learning phase, the weight generator and a generation number.
///
/// Keras keeps this state globally, so a loop that builds models keeps adding to it:
/// memory grows and names climb (`dense_10`, `dense_20`, …). `clearSession()` replaces
/// this value whole (or rewinds it, keeping capacity) and bumps the generation, which
/// makes every handle from before detectably stale.
///
/// The process-wide instance lives behind a lock (see `clearSession(_:)`); this type
/// itself is a plain value, which keeps it testable on its own.
public struct GraphSession: Sendable {
    /// Bumped by every clear; handles carry the generation that created them.
    public internal(set) var generation: UInt32
    /// The seed the weight generator restarts from at each clear.
    public internal(set) var seed: UInt64
    var nodes = NodeArena<NodeRecord>(placeholder: .placeholder)
    var weights = WeightArena()
    var names = NameTable()
    var kindCounts = KindCounts()
    var generator: SeededGenerator
    /// 0 = inference, 1 = training.
    public internal(set) var learningPhase = 0

    /// The seed used when none is given.
    public static let defaultSeed: UInt64 = 1_337

    public init(generation: UInt32 = 1, seed: UInt64 = GraphSession.defaultSeed) {
        self.generation = generation
        self.seed = seed
        generator = SeededGenerator(seed: seed)
    }

    /// The session that follows a clear: empty graph, names restarted, learning phase 0,
    /// generator restarted from the seed, generation + 1.
    /// - Complexity: O(1) in the number of nodes with `.keepCapacity`; with
    ///   `.releaseStorage` the old storage is freed (O(chunks)).
    public mutating func clear(_ mode: ResetMode) {
        let next = generation &+ 1 == 0 ? 1 : generation &+ 1
        switch mode {
        case .releaseStorage:
            self = GraphSession(generation: next, seed: seed)
        case .keepCapacity:
            generation = next
            nodes.removeAllKeepingCapacity()
            weights.removeAllKeepingCapacity()
            names.reset()
            kindCounts = KindCounts()
            generator = SeededGenerator(seed: seed)
            learningPhase = 0
        }
        checkInvariants()
    }

    // MARK: Learning phase

    /// Sets the learning phase.
    /// - Throws: `GraphError.invalidLearningPhase` unless `value` is 0 or 1.
    public mutating func setLearningPhase(_ value: Int) throws(GraphError) {
        guard value == 0 || value == 1 else { throw .invalidLearningPhase(value) }
        learningPhase = value
    }

    // MARK: Nodes

    /// Adds a layer node and names it the way Keras would.
    mutating func addLayer(
        _ kind: LayerKind, customType: Any.Type? = nil, name explicitName: String?,
        configA: UInt32 = 0, configB: UInt32 = 0
    ) -> NodeID {
        var record = NodeRecord.placeholder
        record.kind = kind
        record.configA = configA
        record.configB = configB
        assignName(&record, explicitName: explicitName, customType: customType)
        return append(record)
    }

    mutating func assignName(_ record: inout NodeRecord, explicitName: String?, customType: Any.Type?) {
        if let explicitName {
            record.flags.insert(.explicitName)
            record.name = names.keep(explicitName)
        } else {
            let prefix = customType.map { names.prefixID(forCustomType: $0) } ?? UInt32(record.kind.rawValue)
            record.name = prefix
            record.nameNumber = names.nextNumber(prefix: prefix, fromOne: record.kind.namesFromOne)
        }
    }

    mutating func append(_ record: NodeRecord) -> NodeID {
        let index = nodes.append(record)
        precondition(index < Int(UInt32.max), "the graph is full (\(index) nodes): clear the session")
        kindCounts[record.kind] += 1
        checkInvariants()
        return NodeID(index: UInt32(index), generation: generation)
    }

    /// Interns a string kept by the graph (activation function names).
    mutating func intern(_ string: String) -> UInt32 { names.intern(string) }

    /// The record behind a handle.
    /// - Throws: `GraphError.staleHandle` if the handle is from an earlier generation.
    func record(_ id: NodeID) throws(GraphError) -> NodeRecord {
        guard id.generation == generation, Int(id.index) < nodes.count else {
            throw .staleHandle(id, currentGeneration: generation)
        }
        return nodes[Int(id.index)]
    }

    mutating func update(_ id: NodeID, _ body: (inout NodeRecord) -> Void) throws(GraphError) {
        var record = try record(id)
        body(&record)
        nodes[Int(id.index)] = record
        checkInvariants()
    }

    /// The node's name, as Keras would print it.
    public func name(of id: NodeID) throws(GraphError) -> String {
        name(of: try record(id))
    }

    func name(of record: NodeRecord) -> String {
        record.flags.contains(.explicitName)
            ? names.strings[Int(record.name)]
            : names.render(prefix: record.name, number: record.nameNumber)
    }

    /// The values of a built layer's parameters, in the order documented on each layer.
    public func weights(of id: NodeID) throws(GraphError) -> [Float] {
        let record = try record(id)
        guard record.flags.contains(.built) else { throw .notBuilt("layer \(name(of: record))") }
        return weights.values(record.weights)
    }
}
