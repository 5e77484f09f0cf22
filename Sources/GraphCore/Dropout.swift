/// Drops a fraction `rate` of its inputs while training. No parameters.
public struct Dropout: Layer {
    public let id: NodeID
    public let rate: Double

    /// - Parameter rate: a fraction in `0...1`, as Keras requires.
    public init(_ rate: Double, name: String? = nil) {
        precondition((0...1).contains(rate), "Dropout rate must be in 0...1, got \(rate)")
        self.rate = rate
        id = makeBuiltinLayerNode(.dropout, name: name, configA: Float(rate).bitPattern)
    }
}
