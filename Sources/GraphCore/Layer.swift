/// A layer in the global graph. Layer values are small handles; the layer's record
/// (name, configuration, weights) lives in the session's arena.
///
/// User-defined layers conform by creating their node with `makeLayerNode(_:name:)`,
/// which names them from their type name as Keras does:
/// ```swift
/// struct ResidualBlock: Layer {
///     let id: NodeID
///     init(name: String? = nil) { id = makeLayerNode(Self.self, name: name) }
/// }
/// ResidualBlock().name  // "residual_block"
/// ```
/// User-defined layers pass their input shape through and hold no parameters.
public protocol Layer: Sendable {
    /// The layer's node in the graph.
    var id: NodeID { get }
}

extension Layer {
    /// The layer's name: given explicitly, or made by Keras' rule (`dense`, `dense_1`, …).
    ///
    /// - Important: reading the name of a layer created before the last `clearSession()`
    ///   stops the program with a message saying so; `try sessionName(of:)` throws instead.
    public var name: String {
        do {
            return try layerName(of: id)
        } catch {
            fatalError("\(error)")
        }
    }

    /// Parameter values of a built layer (see `GraphSession.build(layer:input:)` for the order).
    public func weights() throws(GraphError) -> [Float] {
        try withGlobalSession { (session: inout GraphSession) throws(GraphError) in try session.weights(of: id) }
    }
}

/// The name of the node behind a handle.
/// - Throws: `GraphError.staleHandle` when the handle is from before the last clear.
public func layerName(of id: NodeID) throws(GraphError) -> String {
    try withGlobalSession { (session: inout GraphSession) throws(GraphError) in try session.name(of: id) }
}

/// Creates the graph node of a user-defined layer type, named from the type's name by
/// Keras' rule (`MyBlock` → `my_block`, `my_block_1`, …) unless `name` is given.
public func makeLayerNode<L>(_ type: L.Type, name: String? = nil) -> NodeID {
    withGlobalSession { $0.addLayer(.custom, customType: type, name: name) }
}

func makeBuiltinLayerNode(_ kind: LayerKind, name: String?, configA: UInt32 = 0, configB: UInt32 = 0) -> NodeID {
    withGlobalSession { $0.addLayer(kind, name: name, configA: configA, configB: configB) }
}

/// Converts a count given by a user into the 32-bit field the arena stores, with Keras'
/// message when it is not positive.
func positiveConfig(_ value: Int, _ what: String) -> UInt32 {
    precondition(value > 0, "\(what) must be a positive integer, got \(value)")
    precondition(value <= Int(UInt32.max), "\(what) \(value) is too large")
    return UInt32(value)
}
