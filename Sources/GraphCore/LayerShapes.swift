/// How a layer of a given kind turns an input shape into an output shape and how many
/// parameters it holds — the same figures Keras gives (channels-last, `valid` padding,
/// stride 1). Shapes leave out the batch dimension.
struct LayerShapes {
    var output: [Int]
    var parameters: Int
    /// Parameters that training does not update (BatchNormalization's moving statistics).
    var nonTrainable: Int
    /// Glorot-uniform kernel floats at the start of the slice, with its fan-in and fan-out.
    var kernel: (count: Int, fanIn: Int, fanOut: Int)

    static func of(_ record: NodeRecord, input: [Int], describe: () -> String) throws(GraphError) -> LayerShapes {
        guard !input.isEmpty, input.allSatisfy({ $0 > 0 }) else {
            throw .invalidShape("layer \(describe()) got input shape \(input); every dimension must be positive")
        }
        var shapes = LayerShapes(output: input, parameters: 0, nonTrainable: 0, kernel: (0, 0, 0))
        switch record.kind {
        case .dense:
            let units = Int(record.configA), inputs = input[input.count - 1]
            shapes.output[input.count - 1] = units
            shapes.parameters = inputs * units + units
            shapes.kernel = (inputs * units, inputs, units)
        case .conv2d:
            guard input.count == 3 else {
                throw .invalidShape("Conv2D \(describe()) needs (height, width, channels), got \(input)")
            }
            let filters = Int(record.configA), size = Int(record.configB), channels = input[2]
            let height = input[0] - size + 1, width = input[1] - size + 1
            guard height > 0, width > 0 else {
                throw .invalidShape("Conv2D \(describe()) kernel \(size)×\(size) is larger than its input \(input)")
            }
            shapes.output = [height, width, filters]
            shapes.parameters = size * size * channels * filters + filters
            shapes.kernel = (size * size * channels * filters, size * size * channels, size * size * filters)
        case .batchNormalization:
            let channels = input[input.count - 1]
            shapes.parameters = 4 * channels
            shapes.nonTrainable = 2 * channels
        case .flatten:
            shapes.output = [input.reduce(1, *)]
        case .dropout, .activation, .input, .custom, .sequential:
            break
        }
        return shapes
    }
}

extension GraphSession {
    /// Builds one layer for an input shape: allocates its parameters in the weight
    /// arena and initialises them (Glorot-uniform kernels, zero biases, BatchNormalization's
    /// γ = 1, β = 0, mean = 0, variance = 1). Returns the layer's output shape.
    ///
    /// Parameter layout in the slice: Dense and Conv2D — kernel (row-major), then bias;
    /// BatchNormalization — γ, β, moving mean, moving variance.
    mutating func build(layer id: NodeID, input: [Int]) throws(GraphError) -> LayerShapes {
        let record = try record(id)
        let shapes = try LayerShapes.of(record, input: input) { name(of: record) }
        guard !record.flags.contains(.built) else { return shapes }
        let slice = weights.allocate(shapes.parameters)
        let kernel = shapes.kernel
        let kind = record.kind
        weights.withValues(of: slice) { values, range in
            var i = range.lowerBound
            if kernel.count > 0 {
                let limit = Float((6.0 / Double(kernel.fanIn + kernel.fanOut)).squareRoot())
                let kernelEnd = i + kernel.count
                while i < kernelEnd {
                    values[i] = generator.nextSymmetric(limit: limit)
                    i += 1
                }
            }
            if kind == .batchNormalization {
                // γ = 1, β = 0, moving mean = 0, moving variance = 1.
                let channels = range.count / 4
                for (offset, value) in [Float(1), 0, 0, 1].enumerated() {
                    let start = range.lowerBound + offset * channels
                    for j in start..<(start + channels) { values[j] = value }
                }
                return
            }
            while i < range.upperBound {  // biases
                values[i] = 0
                i += 1
            }
        }
        try update(id) {
            $0.weights = slice
            $0.flags.insert(.built)
        }
        return shapes
    }
}
