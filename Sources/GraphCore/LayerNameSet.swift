/// The names of one model's layers, held as `NameHash` values beside the layers' handles,
/// so that Keras' rule — no two layers of a `Sequential` share a name — costs O(1) per
/// layer. Comparing each new layer with every layer already there made a model of n
/// layers cost O(n²) name comparisons, whether made by `init` or by n calls to `add`.
///
/// A model's set lives in its `Sequential` value, not in the graph: it is gone with the
/// value, so it adds nothing to the session's state or census.
///
/// Up to `indexThreshold` layers, the hashes are searched linearly: a few 64-bit compares
/// in one allocation beat hashing them again into a `Set`. Past it, a `Set` of the hashes
/// says which hashes are absent. Equal hashes are confirmed by the caller comparing the
/// names themselves, so the set answers exactly, collisions or not.
struct LayerNameSet: Sendable {
    private struct Entry: Sendable {
        var hash: UInt64
        var id: NodeID
    }

    private var entries: [Entry] = []
    private var index = Set<UInt64>()

    /// Entries from which the `Set` of hashes is kept.
    static let indexThreshold = 32

    /// An empty set with room for `capacity` names in its first allocation.
    init(capacity: Int = 0) {
        if capacity > 0 { entries.reserveCapacity(capacity) }
    }

    /// Names in the set.
    var count: Int { entries.count }

    /// The position of the first name at or after `start` whose hash is `hash`, or nil.
    /// Equal hashes are candidates, not proof: the caller compares the names at them.
    ///
    /// The set gives positions rather than taking a comparison closure: a closure that
    /// captures the session makes Swift copy the whole session value on every call.
    func firstPosition(ofHash hash: UInt64, from start: Int = 0) -> Int? {
        if entries.count >= Self.indexThreshold, !index.contains(hash) { return nil }
        var position = start
        while position < entries.count {
            if entries[position].hash == hash { return position }
            position += 1
        }
        return nil
    }

    /// The handle of the layer whose name is at `position`.
    func id(at position: Int) -> NodeID { entries[position].id }

    /// Adds a name; the caller has checked with `firstPosition(ofHash:from:)` that it is new.
    mutating func insert(hash: UInt64, id: NodeID) {
        entries.append(Entry(hash: hash, id: id))
        if entries.count > Self.indexThreshold {
            index.insert(hash)
        } else if entries.count == Self.indexThreshold {
            index.reserveCapacity(2 * Self.indexThreshold)
            for entry in entries { index.insert(entry.hash) }
        }
    }
}
