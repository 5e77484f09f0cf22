import Model

/// A numeric column of `samples.csv` that the analysis fits.
public enum Metric: String, CaseIterable, Codable, Sendable, Comparable, CodingKeyRepresentable {
    case liveBytes = "live_bytes"
    case allocated
    case active
    case resident
    case mapped
    case retained
    case metadata
    case graphNodes = "graph_nodes"
    case arenaUsedBytes = "arena_used_bytes"
    case arenaReservedBytes = "arena_reserved_bytes"
    case nameEntries = "name_entries"

    /// Whether the metric counts bytes (ε applies) or things (nodes, names).
    public var isBytes: Bool { self != .graphNodes && self != .nameEntries }

    /// The unit slopes are given in, per model.
    public var unit: String { isBytes ? "bytes" : (self == .graphNodes ? "nodes" : "entries") }

    /// Metrics that come from the allocator rather than the census.
    public var isAllocatorReading: Bool {
        switch self {
        case .liveBytes, .allocated, .active, .resident, .mapped, .retained, .metadata: return true
        case .graphNodes, .arenaUsedBytes, .arenaReservedBytes, .nameEntries: return false
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
    public static let primaryPreference: [Metric] = [.liveBytes, .allocated, .active, .resident, .mapped]

    public static func < (a: Metric, b: Metric) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }

    func value(of sample: Sample) -> Int {
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
        }
    }
}
