import Model

/// What the Python probe writes for `--attribute python`: the growth between a
/// `tracemalloc` snapshot at the end of the warm-up and one at the end of the loop, by
/// source line (`python-growth.tsv`), and by traceback as folded stacks.
///
/// Table: a header, then `size_diff<TAB>count_diff<TAB>function<TAB>file:line` per line,
/// bytes over the whole window. tracemalloc traces every Python allocation (no sampling),
/// but not memory that C extensions take from malloc directly.
public struct TracemallocGrowth: Sendable, Equatable {
    public static let tableName = "python-growth.tsv"
    public static let foldedName = "python-growth.folded"

    public struct Line: Sendable, Equatable {
        public var bytes: Int
        public var count: Int
        public var function: String
        public var location: String
    }

    public var lines: [Line]

    public init(table: String) {
        lines = table.split(separator: "\n").dropFirst().compactMap { row in
            let cells = row.split(separator: "\t", maxSplits: 3, omittingEmptySubsequences: false).map(String.init)
            guard cells.count == 4, let bytes = Int(cells[0]), let count = Int(cells[1]) else { return nil }
            return Line(bytes: bytes, count: count, function: cells[2], location: cells[3])
        }
    }

    public var totalBytes: Int { lines.reduce(0) { $0 + $1.bytes } }

    /// One site per source line, bytes per measured iteration.
    public func sites(iterations: Int) -> [GrowthSite] {
        lines.map { GrowthSite(function: $0.function, location: $0.location, bytesPerIteration: Double($0.bytes) / Double(max(iterations, 1))) }
    }
}
