import GraphCore
import Model

/// The loop body being measured: the seed's model, as configured.
struct Workload {
    let layers: Int
    let units: Int
    let inputShape: [Int]?

    init(_ config: RunConfig) {
        layers = config.layers
        units = config.units
        inputShape = config.inputSize.map { [$0] }
    }

    /// Builds one `Sequential` of `layers` × `Dense(units)`, built on the input shape if any.
    @inline(never)
    func buildModel() throws(GraphError) {
        let units = units
        var model = try Sequential((0..<layers).map { _ in Dense(units) })
        if let inputShape { try model.build(inputShape: inputShape) }
    }
}
