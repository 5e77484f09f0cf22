/// Flattens its input to one dimension (the batch dimension aside). No parameters.
public struct Flatten: Layer {
    public let id: NodeID

    public init(name: String? = nil) {
        id = makeBuiltinLayerNode(.flatten, name: name)
    }
}
