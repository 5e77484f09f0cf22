/// A 2-D convolution over `(height, width, channels)` inputs, `valid` padding, stride 1.
///
/// Holds `kernelSize² × channels × filters` kernel floats (Glorot-uniform) and `filters`
/// bias floats (zeros), in that order.
public struct Conv2D: Layer {
    public let id: NodeID
    public let filters: Int
    public let kernelSize: Int

    public init(_ filters: Int, kernelSize: Int, name: String? = nil) {
        self.filters = filters
        self.kernelSize = kernelSize
        id = makeBuiltinLayerNode(
            .conv2d, name: name,
            configA: positiveConfig(filters, "Conv2D filters"), configB: positiveConfig(kernelSize, "Conv2D kernelSize")
        )
    }
}
