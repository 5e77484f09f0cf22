import Model

/// What the Python probe writes for `--attribute python`: the growth between a
/// `tracemalloc` snapshot at the end of the warm-up and one at the end of the loop, by
/// source line (`python-growth.tsv`), and by traceback as folded stacks.
///
/// Table: a header, then `size_diff<TAB>count_diff<TAB>function<TAB>file:line` per line,
/// bytes over the whole window. tracemalloc traces every Python allocation (no sampling),
/// but not memory that C extensions take from malloc directly.
package struct TracemallocGrowth: Sendable, Equatable {
    package static let tableName = "python-growth.tsv"
    package static let foldedName = "python-growth.folded"

    package struct Line: Sendable, Equatable {
        package var bytes: Int
        package var count: Int
        package var function: String
        package var location: String
    }

    package var lines: [Line]

    package init(table: String) {
        lines = table.split(separator: "\n").dropFirst().compactMap { row in
            let cells = row.split(separator: "\t", maxSplits: 3, omittingEmptySubsequences: false).map(String.init)
            guard cells.count == 4, let bytes = Int(cells[0]), let count = Int(cells[1]) else { return nil }
            return Line(bytes: bytes, count: count, function: cells[2], location: cells[3])
        }
    }

    package var totalBytes: Int { lines.reduce(0) { $0 + $1.bytes } }

    /// One site per source line, bytes per measured iteration.
    package func sites(iterations: Int) -> [GrowthSite] {
        lines.map { GrowthSite(function: $0.function, location: $0.location, bytesPerIteration: Double($0.bytes) / Double(max(iterations, 1))) }
    }
}
