/// Normalises over the last axis. Holds γ (ones) and β (zeros), which train, and the
/// moving mean (zeros) and moving variance (ones), which do not: 4 × channels floats.
public struct BatchNormalization: Layer {
    public let id: NodeID

    public init(name: String? = nil) {
        id = makeBuiltinLayerNode(.batchNormalization, name: name)
    }
}
