/// The kinds of node the graph stores. Built-in layers have fixed name prefixes, so
/// naming them needs no string work; `custom` layers are named from their type name.
public enum LayerKind: UInt8, CaseIterable, Sendable, Codable, BitwiseCopyable {
    case dense
    case conv2d
    case batchNormalization
    case dropout
    case flatten
    case activation
    case input
    case custom
    case sequential

    /// Keras' class name, as printed in `summary()`.
    public var className: String {
        switch self {
        case .dense: return "Dense"
        case .conv2d: return "Conv2D"
        case .batchNormalization: return "BatchNormalization"
        case .dropout: return "Dropout"
        case .flatten: return "Flatten"
        case .activation: return "Activation"
        case .input: return "InputLayer"
        case .custom: return "Layer"
        case .sequential: return "Sequential"
        }
    }

    /// The auto-name prefix, `snakeCase(className)`, except `Input`, which Keras names `input`.
    var namePrefix: String {
        switch self {
        case .input: return "input"
        default: return snakeCase(className)
        }
    }

    /// Keras numbers most names from zero (`dense`, `dense_1`) but inputs from one (`input_1`).
    var namesFromOne: Bool { self == .input }
}
