/// The input of a model, with its shape (batch dimension left out). Put first in a
/// `Sequential`, it builds the model at once. Keras numbers inputs from one:
/// `input_1`, `input_2`, ….
public struct Input: Layer {
    public let id: NodeID
    public let shape: [Int]

    public init(shape: [Int], name: String? = nil) {
        precondition(!shape.isEmpty && shape.allSatisfy { $0 > 0 }, "Input shape must be non-empty and positive, got \(shape)")
        self.shape = shape
        id = makeBuiltinLayerNode(.input, name: name, configA: UInt32(shape.count))
    }
}
