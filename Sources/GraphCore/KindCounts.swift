/// Live nodes per kind, kept up to date on every insertion so the census is O(1).
public struct KindCounts: Equatable, Sendable, Codable {
    private var dense = 0, conv2d = 0, batchNormalization = 0, dropout = 0, flatten = 0
    private var activation = 0, input = 0, custom = 0, sequential = 0

    public init() {}

    public subscript(kind: LayerKind) -> Int {
        get {
            switch kind {
            case .dense: return dense
            case .conv2d: return conv2d
            case .batchNormalization: return batchNormalization
            case .dropout: return dropout
            case .flatten: return flatten
            case .activation: return activation
            case .input: return input
            case .custom: return custom
            case .sequential: return sequential
            }
        }
        set {
            switch kind {
            case .dense: dense = newValue
            case .conv2d: conv2d = newValue
            case .batchNormalization: batchNormalization = newValue
            case .dropout: dropout = newValue
            case .flatten: flatten = newValue
            case .activation: activation = newValue
            case .input: input = newValue
            case .custom: custom = newValue
            case .sequential: sequential = newValue
            }
        }
    }

    /// Layers of every kind (models excluded).
    public var layers: Int { total - sequential }
    /// Every node.
    public var total: Int {
        dense + conv2d + batchNormalization + dropout + flatten + activation + input + custom + sequential
    }
}
