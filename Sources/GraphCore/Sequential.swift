/// A linear stack of layers, as Keras' `Sequential`.
///
/// ```swift
/// var model = try Sequential([Dense(10), Dense(1)])   // "sequential", unbuilt
/// try model.build(inputShape: [4])                    // allocates 4·10+10 + 10·1+1 floats
/// try model.countParams()                             // 61
/// ```
/// A model is a handle like its layers: its node lives in the global graph until the
/// next `clearSession()`.
public struct Sequential: Sendable {
    /// The model's node in the graph.
    public let id: NodeID
    /// The layers in order; an `Input` given first is kept apart (`input`), as in Keras.
    public private(set) var layers: [any Layer]
    /// The `Input` the model was created with, if any.
    public private(set) var input: Input?
    /// Input shape (batch dimension left out) once built.
    public private(set) var inputShape: [Int]?
    /// Output shape (batch dimension left out) once built.
    public private(set) var outputShape: [Int]?
    /// The names of `input` and `layers`, so that `add` checks a new name in O(1).
    private var layerNames: LayerNameSet

    /// Creates a model over `layers`; with an `Input` first, it is built at once.
    /// - Throws: `GraphError.duplicateLayerName` when two layers share a name,
    ///   `.staleHandle` for a layer from before the last clear, `.invalidModel` for an
    ///   `Input` that is not first, `.invalidShape` when building fails.
    public init(_ layers: [any Layer] = [], name: String? = nil) throws(GraphError) {
        var stack = layers
        let input = stack.first as? Input
        if input != nil { stack.removeFirst() }
        let model = try withGlobalSession {
            (session: inout GraphSession) throws(GraphError) -> (NodeID, LayerNameSet, [Int]?) in
            let (id, names) = try session.addModel(layers: layers, name: name)
            guard let input else { return (id, names, nil) }
            return (id, names, try session.build(model: id, layers: stack, input: input.shape))
        }
        id = model.0
        layerNames = model.1
        self.layers = stack
        self.input = input
        inputShape = input?.shape
        outputShape = model.2
    }

    /// The model's name: `sequential`, `sequential_1`, … or the one given.
    public var name: String {
        do { return try layerName(of: id) } catch { fatalError("\(error)") }
    }

    /// Whether the model's weights are allocated.
    public var isBuilt: Bool { outputShape != nil }

    /// Appends a layer; on a built model the layer is built at once. An `Input` added
    /// first builds the model, as one given first to `init(_:name:)` does.
    ///
    /// The checks and errors are those of `init(_:name:)`: adding layers one by one makes
    /// the same names and fails the same way as passing them all at once, and each call
    /// costs O(1) however many layers the model has.
    /// - Throws: `GraphError.duplicateLayerName` if its name is taken in this model,
    ///   `.staleHandle`, `.invalidModel` for an `Input` that is not first or a model
    ///   built already, or `.invalidShape` when building the layer fails. The model is
    ///   unchanged when it throws.
    public mutating func add(_ layer: any Layer) throws(GraphError) {
        let id = id
        if let input = layer as? Input, layers.isEmpty, self.input == nil {
            guard !isBuilt else { throw .invalidModel("model \(name) is already built") }
            outputShape = try withGlobalSession { (session: inout GraphSession) throws(GraphError) -> [Int] in
                _ = try session.appendLayer(input.id, to: id, position: 0, names: &layerNames, builtOn: nil)
                return try session.build(model: id, layers: [], input: input.shape)
            }
            inputShape = input.shape
            self.input = input
            return
        }
        let output = outputShape
        let position = layers.count + (input == nil ? 0 : 1)
        let newShape = try withGlobalSession { (session: inout GraphSession) throws(GraphError) -> [Int]? in
            try session.appendLayer(layer.id, to: id, position: position, names: &layerNames, builtOn: output)
        }
        layers.append(layer)
        if newShape != nil { outputShape = newShape }
    }

    /// Builds the model for inputs of `inputShape` (batch dimension left out):
    /// allocates and initialises every layer's weights.
    /// - Throws: `GraphError.invalidModel` if already built, `.invalidShape` for a
    ///   shape a layer cannot take, `.staleHandle` after a clear.
    public mutating func build(inputShape: [Int]) throws(GraphError) {
        guard !isBuilt else { throw .invalidModel("model \(name) is already built") }
        let layers = layers
        let id = id
        outputShape = try withGlobalSession { (session: inout GraphSession) throws(GraphError) -> [Int] in
            try session.build(model: id, layers: layers, input: inputShape)
        }
        self.inputShape = inputShape
    }

    /// Number of parameters (weights) of the built model, as Keras' `count_params()`.
    /// - Throws: `GraphError.notBuilt` before the model is built, `.staleHandle` after a clear.
    public func countParams() throws(GraphError) -> Int {
        let id = id
        let record = try withGlobalSession { (session: inout GraphSession) throws(GraphError) in try session.record(id) }
        guard record.flags.contains(.built) else { throw .notBuilt("model \(name)") }
        return Int(record.configB)
    }
}
