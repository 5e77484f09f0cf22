/// Chunked float storage for layer weights. Each layer's parameters are one contiguous
/// slice inside one chunk; slices too large for a standard chunk go to larger chunks
/// (see `chunkSize(for:)`).
///
/// As with `NodeArena`, a reset that keeps capacity only rewinds the cursor: the next
/// session's slices reuse the same chunks in the same order, so a build/clear loop
/// allocates nothing after its first iteration.
struct WeightArena: Sendable {
    /// Floats per standard chunk.
    let chunkCapacity: Int
    private var chunks: [[Float]] = []
    /// Chunk that takes the next slice, and the first free float in it.
    private var cursorChunk = 0
    private var cursorOffset = 0
    /// Floats handed out in slices since the last reset.
    private(set) var usedFloats = 0
    /// Floats in all chunks (tracked so the census stays O(1)).
    private(set) var reservedFloats = 0

    init(chunkAllocationBytes: Int = ArenaLayout.weightChunkAllocationBytes) {
        chunkCapacity = ArenaLayout.elements(of: Float.self, inAllocationOf: chunkAllocationBytes)
    }

    var usedBytes: Int { usedFloats * MemoryLayout<Float>.stride }

    var reservedBytes: Int {
        reservedFloats * MemoryLayout<Float>.stride + chunks.count * ArenaLayout.arrayHeaderBytes
            + (chunks.capacity > 0 ? chunks.capacity * MemoryLayout<[Float]>.stride + ArenaLayout.arrayHeaderBytes : 0)
    }

    var chunkCount: Int { chunks.count }

    /// Hands out `count` floats in one chunk. A kept chunk still holds the previous
    /// session's values: the caller writes every float it is given.
    /// - Complexity: amortised O(count).
    mutating func allocate(_ count: Int) -> WeightSlice {
        guard count > 0 else { return .empty }
        while cursorChunk < chunks.count, cursorOffset + count > chunks[cursorChunk].count {
            cursorChunk += 1
            cursorOffset = 0
        }
        if cursorChunk == chunks.count {
            let size = chunkSize(for: count)
            chunks.append(Array(repeating: 0, count: size))
            reservedFloats += size
            cursorOffset = 0
        }
        let slice = WeightSlice(chunk: UInt32(cursorChunk), start: UInt32(cursorOffset), count: UInt32(count))
        cursorOffset += count
        usedFloats += count
        return slice
    }

    subscript(slice: WeightSlice, index: Int) -> Float {
        get {
            precondition(index >= 0 && index < Int(slice.count), "weight index \(index) out of range")
            return chunks[Int(slice.chunk)][Int(slice.start) + index]
        }
        set {
            precondition(index >= 0 && index < Int(slice.count), "weight index \(index) out of range")
            chunks[Int(slice.chunk)][Int(slice.start) + index] = newValue
        }
    }

    /// Floats in a new chunk for a slice of `count`: the standard chunk, or for large
    /// slices a power-of-two allocation holding at least `slicesPerLargeChunk` of them, so
    /// that the space left at a chunk's end (too small for the next slice) stays under
    /// an eighth of the chunk. Powers of two are jemalloc size classes: nothing is lost
    /// to rounding.
    func chunkSize(for count: Int) -> Int {
        guard count * Self.slicesPerLargeChunk > chunkCapacity else { return chunkCapacity }
        var bytes = ArenaLayout.weightChunkAllocationBytes
        while (bytes - ArenaLayout.arrayHeaderBytes) / MemoryLayout<Float>.stride < count * Self.slicesPerLargeChunk { bytes *= 2 }
        return (bytes - ArenaLayout.arrayHeaderBytes) / MemoryLayout<Float>.stride
    }

    /// Slices of the requesting size a large chunk is made to hold.
    static let slicesPerLargeChunk = 8

    /// Gives `body` the chunk holding `slice` and the slice's range in it, for writing
    /// many values at once. The chunk is moved out of the table while `body` runs, so
    /// writes go straight to a uniquely referenced array: no copy-on-write check of the
    /// chunk table per element.
    mutating func withValues<R>(of slice: WeightSlice, _ body: (inout [Float], Range<Int>) -> R) -> R {
        let index = Int(slice.chunk)
        var chunk = chunks[index]
        chunks[index] = []
        defer { chunks[index] = chunk }
        let start = Int(slice.start)
        return body(&chunk, start..<(start + Int(slice.count)))
    }

    /// A copy of a slice's values.
    func values(_ slice: WeightSlice) -> [Float] {
        guard slice.count > 0 else { return [] }
        let start = Int(slice.start)
        return Array(chunks[Int(slice.chunk)][start..<(start + Int(slice.count))])
    }

    /// Whether a slice lies inside the chunks handed out so far.
    func contains(_ slice: WeightSlice) -> Bool {
        guard slice.count > 0 else { return true }
        guard Int(slice.chunk) < chunks.count else { return false }
        return Int(slice.start) + Int(slice.count) <= chunks[Int(slice.chunk)].count
    }

    /// Forgets every slice but keeps the chunks.
    /// - Complexity: O(1).
    mutating func removeAllKeepingCapacity() {
        cursorChunk = 0
        cursorOffset = 0
        usedFloats = 0
    }
}
