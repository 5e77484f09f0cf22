/// One node of the graph as the arena stores it: 32 bytes, no references.
///
/// The meaning of `configA`/`configB` depends on `kind`:
/// | kind | configA | configB |
/// |---|---|---|
/// | dense | units | — |
/// | conv2d | filters | kernel size |
/// | dropout | rate (Float bits) | — |
/// | activation | function (string-table id) | — |
/// | input | rank of its shape | — |
/// | sequential | number of layers | — |
struct NodeRecord: BitwiseCopyable, Equatable, Sendable {
    var kind: LayerKind
    var flags: Flags
    /// Prefix id for an auto name, string-table id for an explicit one.
    var name: UInt32
    /// The auto name's number (`dense_3` → 3); unused for explicit names.
    var nameNumber: UInt32
    var configA: UInt32
    var configB: UInt32
    /// Parameters of a built layer; for a model, the sum over its layers.
    var weights: WeightSlice

    struct Flags: OptionSet, BitwiseCopyable, Equatable, Sendable {
        let rawValue: UInt8
        static let explicitName = Flags(rawValue: 1 << 0)
        static let built = Flags(rawValue: 1 << 1)
    }

    static let placeholder = NodeRecord(
        kind: .custom, flags: [], name: 0, nameNumber: 0, configA: 0, configB: 0, weights: .empty
    )
}
