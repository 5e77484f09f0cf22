/// A densely connected layer, `output = activation(input · kernel + bias)`.
///
/// Built on an input whose last dimension is `n`, it holds `n × units` kernel floats
/// (Glorot-uniform) and `units` bias floats (zeros), in that order.
public struct Dense: Layer {
    public let id: NodeID
    /// Width of the output.
    public let units: Int

    /// - Parameters:
    ///   - units: positive number of outputs.
    ///   - name: explicit name, kept as given; `nil` names it `dense`, `dense_1`, ….
    public init(_ units: Int, name: String? = nil) {
        self.units = units
        id = makeBuiltinLayerNode(.dense, name: name, configA: positiveConfig(units, "Dense units"))
    }
}
