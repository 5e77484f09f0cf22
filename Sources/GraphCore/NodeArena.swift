/// Contiguous, chunked storage for node records: appending never moves a record, and
/// a record is found from its index with a shift and a mask's worth of arithmetic.
///
/// Records are plain values (`BitwiseCopyable`): no class instance and no reference
/// count per node. Chunks are allocated full (filled with a placeholder) so that a
/// reset that keeps capacity is O(1): it only moves `count` back to zero.
struct NodeArena<Record: BitwiseCopyable & Sendable>: Sendable {
    /// Records per chunk.
    let chunkCapacity: Int
    private let placeholder: Record
    private var chunks: [[Record]] = []
    /// Records in use; indices `0..<count` are valid.
    private(set) var count = 0

    init(placeholder: Record, chunkAllocationBytes: Int = ArenaLayout.nodeChunkAllocationBytes) {
        self.placeholder = placeholder
        chunkCapacity = ArenaLayout.elements(of: Record.self, inAllocationOf: chunkAllocationBytes)
        precondition(chunkCapacity > 0, "a chunk must hold at least one record")
    }

    /// Bytes of records in use.
    var usedBytes: Int { count * MemoryLayout<Record>.stride }

    /// Bytes asked of the allocator: every chunk (header included) and the chunk table.
    var reservedBytes: Int {
        chunks.count * (chunkCapacity * MemoryLayout<Record>.stride + ArenaLayout.arrayHeaderBytes)
            + (chunks.capacity > 0 ? chunks.capacity * MemoryLayout<[Record]>.stride + ArenaLayout.arrayHeaderBytes : 0)
    }

    /// Chunks allocated, in use or kept for reuse.
    var chunkCount: Int { chunks.count }

    /// Appends a record and returns its index.
    /// - Complexity: amortised O(1); a new chunk is allocated every `chunkCapacity` records.
    mutating func append(_ record: Record) -> Int {
        let index = count
        let (chunk, offset) = index.quotientAndRemainder(dividingBy: chunkCapacity)
        if chunk == chunks.count {
            chunks.append(Array(repeating: placeholder, count: chunkCapacity))
        }
        chunks[chunk][offset] = record
        count += 1
        return index
    }

    subscript(index: Int) -> Record {
        get {
            precondition(index >= 0 && index < count, "node index \(index) out of range 0..<\(count)")
            let (chunk, offset) = index.quotientAndRemainder(dividingBy: chunkCapacity)
            return chunks[chunk][offset]
        }
        set {
            precondition(index >= 0 && index < count, "node index \(index) out of range 0..<\(count)")
            let (chunk, offset) = index.quotientAndRemainder(dividingBy: chunkCapacity)
            chunks[chunk][offset] = newValue
        }
    }

    /// Forgets every record but keeps the chunks for reuse.
    /// - Complexity: O(1).
    mutating func removeAllKeepingCapacity() {
        count = 0
    }
}
