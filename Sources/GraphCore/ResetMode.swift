/// What `clearSession(_:)` does with the arena's storage.
///
/// Both modes empty the graph, restart the names and reset the learning phase; they
/// differ only in what happens to the memory. Both keep memory constant across
/// build/clear cycles. `keepCapacity` shows up as *reserved* bytes that are not *used*,
/// which is why the census reports the two separately: kept capacity looks like a leak
/// to anyone reading only the allocator.
public enum ResetMode: String, CaseIterable, Sendable, Codable {
    /// Replace the session whole: every chunk goes back to the allocator (what Keras does).
    case releaseStorage = "release"
    /// Keep every chunk for reuse; clearing is O(1) in the number of nodes.
    case keepCapacity = "keep"

    /// The mode `clearSession()` uses when none is given.
    public static let `default`: ResetMode = .releaseStorage
}
