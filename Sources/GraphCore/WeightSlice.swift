/// A run of floats inside one chunk of a `WeightArena`.
struct WeightSlice: Equatable, BitwiseCopyable, Sendable {
    var chunk: UInt32
    var start: UInt32
    var count: UInt32

    static let empty = WeightSlice(chunk: 0, start: 0, count: 0)
}
