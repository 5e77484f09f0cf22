/// Sizes that decide how the arenas ask the allocator for memory.
///
/// Chunks are sized so that *header + elements* is exactly one of jemalloc's size
/// classes: a chunk of 4,096 + 32 bytes would be rounded up to the 5,120-byte class and
/// waste 20% of every chunk. They are small on purpose: the harness sees the graph grow
/// through the allocator, and small chunks make that growth a fine staircase whose slope
/// matches the bytes the records hold, instead of a few large steps.
enum ArenaLayout {
    /// Bytes of a Swift array's heap header (object header, count, capacity) on 64-bit.
    static let arrayHeaderBytes = 32
    /// One node chunk is one 4 KiB allocation: 127 records of 32 bytes.
    static let nodeChunkAllocationBytes = 4_096
    /// One weight chunk is one 16 KiB allocation: 4,088 floats (a built seed model holds 1,100).
    static let weightChunkAllocationBytes = 16_384

    static func elements<T>(of _: T.Type, inAllocationOf bytes: Int) -> Int {
        (bytes - arrayHeaderBytes) / MemoryLayout<T>.stride
    }
}
