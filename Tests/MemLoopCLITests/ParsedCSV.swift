import Foundation
import Testing

/// A CSV that `memloop` writes (samples, sweep): a header and rows of unquoted cells, read
/// into rows keyed by column, so tests ask for cells instead of matching lines.
struct ParsedCSV {
    let columns: [String]
    let rows: [[String: String]]

    static func read(_ url: URL) throws -> ParsedCSV {
        let lines = try String(contentsOf: url, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: true)
        let header = try #require(lines.first, "\(url.lastPathComponent) is empty").split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        let rows = try lines.dropFirst().map { line in
            let cells = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            try #require(cells.count == header.count, "\(url.lastPathComponent): \(cells.count) cells under \(header.count) columns: \(line)")
            return Dictionary(uniqueKeysWithValues: zip(header, cells))
        }
        return ParsedCSV(columns: header, rows: rows)
    }

    /// The values of one column, row by row.
    func column(_ name: String) -> [String] { rows.map { $0[name] ?? "" } }
}
