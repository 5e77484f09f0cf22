/// Keras' layer-name uniquifier: one counter per prefix, plus the explicit names given.
///
/// Built-in layer kinds have fixed prefix ids (their `rawValue`), so naming a `Dense`
/// costs an array increment, no hashing and no string formatting; the string is made
/// only when someone reads `.name`.
struct NameTable: Sendable {
    private(set) var prefixes: [String]
    /// Each prefix's `NameHash` state, so that an auto name hashes without being made.
    private var prefixHashes: [NameHash]
    private var prefixIDs: [String: UInt32]
    private var customTypePrefixes: [ObjectIdentifier: UInt32] = [:]
    private var counters: [UInt32]
    /// Prefixes whose counter has moved since the last reset (Keras' uid-map entries).
    private(set) var prefixesInUse = 0
    /// Explicit names and other strings the graph keeps (activation functions).
    private(set) var strings: [String] = []
    private var stringIDs: [String: UInt32] = [:]

    /// A fresh table: built once, then copied (copy-on-write), so that a session
    /// replaced by `clearSession(.releaseStorage)` does not snake-case every built-in
    /// prefix again.
    init() { self = Self.fresh }

    private static let fresh = NameTable(builtIn: ())

    private init(builtIn: Void) {
        prefixes = LayerKind.allCases.map(\.namePrefix)
        prefixHashes = prefixes.map { NameHash($0) }
        prefixIDs = Dictionary(uniqueKeysWithValues: prefixes.enumerated().map { ($1, UInt32($0)) })
        counters = Array(repeating: 0, count: prefixes.count)
    }

    /// Entries of the table: prefixes in use plus strings kept.
    var entryCount: Int { prefixesInUse + strings.count }

    /// The prefix id for a user-defined layer type (registered on first use).
    mutating func prefixID(forCustomType type: Any.Type) -> UInt32 {
        let key = ObjectIdentifier(type)
        if let id = customTypePrefixes[key] { return id }
        let prefix = snakeCase(String(describing: type))
        let id: UInt32
        if let existing = prefixIDs[prefix] {
            id = existing
        } else {
            id = UInt32(prefixes.count)
            prefixes.append(prefix)
            prefixHashes.append(NameHash(prefix))
            prefixIDs[prefix] = id
            counters.append(0)
        }
        customTypePrefixes[key] = id
        return id
    }

    /// Takes the next number for a prefix: 0, 1, 2 … (or 1, 2, … when `fromOne`).
    mutating func nextNumber(prefix id: UInt32, fromOne: Bool) -> UInt32 {
        let index = Int(id)
        if counters[index] == 0 { prefixesInUse += 1 }
        counters[index] += 1
        return fromOne ? counters[index] : counters[index] - 1
    }

    /// Stores a string and returns its id.
    mutating func keep(_ string: String) -> UInt32 {
        let id = UInt32(strings.count)
        strings.append(string)
        return id
    }

    /// Stores a string once; later calls with the same string return the same id.
    mutating func intern(_ string: String) -> UInt32 {
        if let id = stringIDs[string] { return id }
        let id = keep(string)
        stringIDs[string] = id
        return id
    }

    func render(prefix id: UInt32, number: UInt32) -> String {
        number == 0 ? prefixes[Int(id)] : prefixes[Int(id)] + "_" + String(number)
    }

    /// `NameHash.of(render(prefix:number:))`, without making the string.
    func hash(prefix id: UInt32, number: UInt32) -> UInt64 {
        var hash = prefixHashes[Int(id)]
        if number != 0 {
            hash.combine(UInt8(ascii: "_"))
            hash.combine(decimal: number)
        }
        return hash.value
    }

    /// Restarts every counter and forgets kept strings; prefixes stay registered.
    /// - Complexity: O(prefixes + kept strings), independent of the number of auto-named nodes.
    mutating func reset() {
        for i in counters.indices { counters[i] = 0 }
        prefixesInUse = 0
        strings.removeAll(keepingCapacity: true)
        stringIDs.removeAll(keepingCapacity: true)
    }
}
