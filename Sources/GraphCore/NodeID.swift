/// A handle to a node in the global graph: an arena index plus the session generation
/// that created it.
///
/// Handles stay valid until the next `clearSession()`. After that the generation no
/// longer matches, and every lookup through the handle is *detected* as stale — it never
/// reads whatever node the new session put at the same index.
public struct NodeID: Hashable, Sendable, CustomStringConvertible {
    /// Position of the node's record in the session's node arena.
    public let index: UInt32
    /// Generation of the session that created the node.
    public let generation: UInt32

    @inlinable
    init(index: UInt32, generation: UInt32) {
        self.index = index
        self.generation = generation
    }

    public var description: String { "node #\(index) of generation \(generation)" }
}
