import Model

/// A numeric column of `samples.csv` that the analysis fits: one MemLoop reads itself
/// (`live_bytes`, `allocated`, the census, …) or one a loop reports of its own.
///
/// Open, like package-benchmark's `BenchmarkMetric.custom(_:)`: a loop can report what
/// jemalloc cannot see — GPU or device memory, open handles — as an extra column
/// (`device_bytes`), and MemLoop analyses, charts and gates it as it does `allocated`.
/// The built-ins keep their raw names and order, so summaries and baselines written
/// before read the same.
///
/// ```swift
/// Metric(rawValue: "allocated") == .allocated       // a built-in
/// Metric(rawValue: "device_bytes")?.isUser == true  // a loop's own, counted in bytes
/// Metric(rawValue: "Device Bytes") == nil           // not a metric name
/// ```
public struct Metric: RawRepresentable, Hashable, Sendable {
    /// The column's name in `samples.csv` and the key in `summary.json` and baselines.
    public let rawValue: String
    /// Whether a loop named the metric (a column of its own) rather than MemLoop.
    public let isUser: Bool

    private init(builtIn name: String) {
        rawValue = name
        isUser = false
    }

    /// The built-in metric of this name, else a loop's own metric when the name is a valid
    /// one (`isValidUserName`), else `nil`.
    public init?(rawValue: String) {
        if let builtIn = Self.builtIns.first(where: { $0.rawValue == rawValue }) {
            self = builtIn
        } else if Self.isValidUserName(rawValue) {
            self.rawValue = rawValue
            isUser = true
        } else {
            return nil
        }
    }

    public static let liveBytes = Metric(builtIn: "live_bytes")
    public static let allocated = Metric(builtIn: "allocated")
    public static let active = Metric(builtIn: "active")
    public static let resident = Metric(builtIn: "resident")
    public static let mapped = Metric(builtIn: "mapped")
    public static let retained = Metric(builtIn: "retained")
    public static let metadata = Metric(builtIn: "metadata")
    public static let graphNodes = Metric(builtIn: "graph_nodes")
    public static let arenaUsedBytes = Metric(builtIn: "arena_used_bytes")
    public static let arenaReservedBytes = Metric(builtIn: "arena_reserved_bytes")
    public static let nameEntries = Metric(builtIn: "name_entries")

    /// The metrics MemLoop reads itself, in the documented column order of `samples.csv`.
    public static let builtIns: [Metric] = [
        .liveBytes, .allocated, .active, .resident, .mapped, .retained, .metadata, .graphNodes, .arenaUsedBytes, .arenaReservedBytes, .nameEntries,
    ]

    /// Most metrics of its own a samples file may hold: each is fitted per arm, and a
    /// chart panel each; a file with more is refused rather than cut.
    public static let maximumUserMetrics = 16

    /// Longest name of a loop's own metric.
    public static let maximumNameLength = 64

    /// Whether `name` may name a loop's own metric: `[a-z][a-z0-9_]{0,63}` and not the
    /// name of a column MemLoop knows (`SamplesCSV.columns`: a built-in metric, `arm`,
    /// `warmup`, …). Lowercase ASCII only, so that a name is the same key in the CSV,
    /// in `summary.json`, in a baseline and on the command line.
    public static func isValidUserName(_ name: String) -> Bool {
        let bytes = Array(name.utf8)
        guard let first = bytes.first, bytes.count <= maximumNameLength, (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(first) else { return false }
        let allowed = bytes.allSatisfy {
            (UInt8(ascii: "a")...UInt8(ascii: "z")).contains($0) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) || $0 == UInt8(ascii: "_")
        }
        return allowed && !SamplesCSV.columns.contains(name)
    }

    /// Whether the metric counts bytes (ε applies) or things (nodes, names, a loop's own
    /// counts). A loop's own metric counts bytes when its name ends in `_bytes`.
    public var isBytes: Bool { isUser ? rawValue.hasSuffix("_bytes") : self != .graphNodes && self != .nameEntries }

    /// The unit slopes are given in, per model.
    public var unit: String {
        if isBytes { return "bytes" }
        switch self {
        case .graphNodes: return "nodes"
        case .nameEntries: return "entries"
        default: return "units"
        }
    }

    /// The unit of a figure per model in messages: "B/model" for bytes, else the count's
    /// ("nodes/model", "units/model" for a loop's own count).
    public var perModel: String { isBytes ? "B/model" : "\(unit)/model" }

    /// Metrics that come from the allocator rather than the census or the loop.
    public var isAllocatorReading: Bool {
        switch self {
        case .liveBytes, .allocated, .active, .resident, .mapped, .retained, .metadata: return true
        default: return false
        }
    }

    /// Whether every process jemalloc serves reads above 0 here: a live allocator has
    /// allocated, active, resident and mapped bytes and metadata. Not `retained` (0
    /// throughout with `MALLOC_CONF=retain:false`) nor `live_bytes` (0 for a thread that
    /// frees all it allocates).
    public var isNeverZeroUnderJemalloc: Bool {
        switch self {
        case .allocated, .active, .resident, .mapped, .metadata: return true
        default: return false
        }
    }

    /// The metric that decides an arm's verdict, in order of preference: exact
    /// per-thread live bytes, then flushed `stats.allocated`, then whatever is there.
    /// Never a loop's own metric: that decides only when named (`--primary`).
    public static let primaryPreference: [Metric] = [.liveBytes, .allocated, .active, .resident, .mapped]

    /// The reading of a built-in metric in a run's sample; `nil` for a loop's own metric,
    /// which a run's samples do not hold.
    func value(of sample: Sample) -> Int? {
        switch self {
        case .liveBytes: return sample.liveBytes
        case .allocated: return sample.stats.allocated
        case .active: return sample.stats.active
        case .resident: return sample.stats.resident
        case .mapped: return sample.stats.mapped
        case .retained: return sample.stats.retained
        case .metadata: return sample.stats.metadata
        case .graphNodes: return sample.census.nodes
        case .arenaUsedBytes: return sample.census.arenaUsedBytes
        case .arenaReservedBytes: return sample.census.arenaReservedBytes
        case .nameEntries: return sample.census.nameEntries
        default: return nil
        }
    }
}

extension Metric: Comparable {
    /// Built-ins in their documented order, then a loop's own metrics by name.
    public static func < (a: Metric, b: Metric) -> Bool {
        switch (Self.builtIns.firstIndex(of: a), Self.builtIns.firstIndex(of: b)) {
        case let (left?, right?): return left < right
        case (.some, nil): return true
        case (nil, .some): return false
        case (nil, nil): return a.rawValue < b.rawValue
        }
    }
}

extension Metric: Codable, CodingKeyRepresentable {
    /// The raw name, as a JSON string: what `summary.json` and baselines always held.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let name = try container.decode(String.self)
        guard let metric = Metric(rawValue: name) else {
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "\"\(name)\" is neither a built-in metric nor a valid name of a loop's own metric")
        }
        self = metric
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }

    public var codingKey: any CodingKey { Key(stringValue: rawValue) }

    public init?<T: CodingKey>(codingKey: T) { self.init(rawValue: codingKey.stringValue) }

    private struct Key: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }
}
