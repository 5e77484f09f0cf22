/// A plain-text table for a terminal: a header row, a rule of dashes, then the rows.
package enum TextTable {
    /// Lays `rows` (the first is the header) out in columns two spaces apart. Every column
    /// but the last is padded to its widest cell; the last, often long free text, is not
    /// and is ruled as wide as its header. Trailing spaces are trimmed.
    package static func render(_ rows: [[String]]) -> String {
        guard let header = rows.first, !header.isEmpty else { return "" }
        let widths = header.indices.map { column in rows.map { $0[column].count }.max() ?? 0 }
        let last = header.count - 1
        func line(_ cells: [String]) -> String {
            let padded = cells.indices.map { $0 == last ? cells[$0] : cells[$0].padding(toLength: widths[$0], withPad: " ", startingAt: 0) }
            return String(padded.joined(separator: "  ").reversed().drop { $0 == " " }.reversed())
        }
        let rule = header.indices.map { String(repeating: "-", count: $0 == last ? header[$0].count : widths[$0]) }
        return ([line(header), rule.joined(separator: "  ")] + rows.dropFirst().map(line)).joined(separator: "\n")
    }
}
