import Foundation
import Model

/// `samples.csv`: long format, one row per arm × sample, every cell a number except `arm`.
///
/// The first fifteen columns are fixed in this order (schema version 1); `warmup` (1 for
/// warm-up samples) and `loop_ns` (loop time without sampling) follow. Readers accept any subset that has `arm`, `iteration`,
/// `models_built` and at least one metric column, in any order, so other tools (a
/// script measuring real Keras, pandas, gnuplot) can write the same schema. Further
/// columns named `[a-z][a-z0-9_]{0,63}` are metrics of the loop's own (`Metric.isUser`,
/// at most 16): decimal numbers, or empty where not recorded.
package enum SamplesCSV {
    package static let schemaVersion = 1
    /// The header MemLoop writes for a run (`Metric.builtIns` is declared in the
    /// documented column order); a loop's own metrics may follow (`SamplesHeader`).
    package static let columns =
        ["arm", "iteration", "models_built", "elapsed_ns"] + Metric.builtIns.map(\.rawValue)
        + ["warmup", "loop_ns"]

    /// Largest count (`iteration`, `models_built`) a file may hold: 2^53, the largest
    /// integer a `Double` holds exactly, so the analysis (which fits in `Double`) never
    /// rounds a count.
    package static let maximumCount = 1 << 53
    /// Largest time (`elapsed_ns`, `loop_ns`) a file may hold: 2^62 ns (146 years), so
    /// the difference of any two times — what the analysis takes — fits in an `Int`.
    package static let maximumTime = 1 << 62
    /// Largest magnitude of a metric cell: 2^62 bytes (4 EiB), so differences of two
    /// readings stay exact enough and never overflow anywhere downstream.
    package static let maximumMetric = Double(1 << 62)

    /// The CSV text of arms' samples: the columns every series has, in the documented
    /// order (all of them for a run's arms with a census), then the loop's own metrics any
    /// series has, by name, empty where a series recorded nothing. Whole values are
    /// written as integers, fractional ones (from an outside loop) in full.
    package static func render(series: [ArmSeries]) -> String {
        let metrics = Metric.builtIns.filter { metric in series.allSatisfy { $0.metrics[metric] != nil } }
        let userMetrics = Set(series.flatMap(\.userMetrics)).sorted()
        let hasElapsed = series.allSatisfy { $0.elapsedNs != nil }
        let hasLoop = series.allSatisfy { $0.loopNs != nil }
        var header = ["arm", "iteration", "models_built"]
        if hasElapsed { header.append("elapsed_ns") }
        header += metrics.map(\.rawValue) + ["warmup"]
        if hasLoop { header.append("loop_ns") }
        header += userMetrics.map(\.rawValue)
        var text = header.joined(separator: ",") + "\n"
        for s in series {
            let columns = metrics.compactMap { s.metrics[$0] }
            let userColumns = userMetrics.map { s.metrics[$0] }
            for row in 0..<s.count {
                var cells = [s.arm, String(s.iterations[row]), String(s.modelsBuilt[row])]
                if hasElapsed, let elapsed = s.elapsedNs { cells.append(String(elapsed[row])) }
                cells += columns.map { metricCell($0[row]) }
                cells.append(s.warmup[row] ? "1" : "0")
                if hasLoop, let loop = s.loopNs { cells.append(String(loop[row])) }
                cells += userColumns.map { column in column.map { metricCell($0[row]) } ?? "" }
                text += cells.joined(separator: ",") + "\n"
            }
        }
        return text
    }

    /// A metric's cell: `1024` for a whole value, `1024.5` for a fractional one, empty for
    /// NaN (a loop's own metric not recorded at this sample).
    static func metricCell(_ value: Double) -> String {
        guard value.isFinite else { return "" }
        return value == value.rounded() ? String(Int(value)) : String(value)
    }

    /// A problem with an input CSV, with the line it is on when there is one.
    package struct ReadError: Error, Equatable, Sendable, CustomStringConvertible {
        package let file: String
        package let line: Int?
        package let message: String
        package var description: String {
            "\(file)\(line.map { ":\($0)" } ?? ""): \(message)"
        }
    }

    /// Reads a samples CSV from raw bytes: says "not UTF-8 text" with the line and byte
    /// offset of the first invalid byte instead of failing later on garbled cells.
    package static func read(data: Data, file: String, warmUp: Int = 0) throws(ReadError) -> [ArmSeries] {
        guard let text = String(validating: data, as: UTF8.self) else {
            let (line, offset) = firstInvalidUTF8(data)
            throw ReadError(
                file: file, line: line,
                message: "not UTF-8 text (invalid byte at offset \(offset)); save the file as UTF-8 (plain CSV) and run again"
            )
        }
        return try read(text, file: file, warmUp: warmUp)
    }

    /// The 1-based line and 0-based byte offset of the first byte that is not valid UTF-8.
    static func firstInvalidUTF8(_ data: Data) -> (line: Int, offset: Int) {
        let bytes = [UInt8](data)
        var line = 1, start = 0
        while start < bytes.count {
            let lead = bytes[start]
            let length = lead < 0x80 ? 1 : lead >> 5 == 0b110 ? 2 : lead >> 4 == 0b1110 ? 3 : lead >> 3 == 0b11110 ? 4 : 0
            if length == 0 || start + length > bytes.count
                || String(validating: bytes[start..<(start + length)], as: UTF8.self) == nil
            {
                return (line, start)
            }
            if lead == 0x0A { line += 1 }
            start += length
        }
        return (line, bytes.count)
    }

    /// Reads a samples CSV into one series per arm, in the order arms first appear: the
    /// header (`SamplesHeader`), then each row typed (`SampleRow`) and added to its arm
    /// (`SeriesAccumulator`).
    /// - Parameters:
    ///   - warmUp: iterations to treat as warm-up when the file has no `warmup` column.
    /// - Throws: `ReadError`, naming the line and cell, for an empty file, a missing
    ///   required column, a column named twice or badly, more than 16 metrics of the
    ///   loop's own, a row with more or fewer cells than the header, a missing,
    ///   non-numeric or out-of-range cell (counts 0…2^53, times 0…2^62, metrics
    ///   |x| ≤ 2^62), iterations that do not increase or `models_built` that decreases
    ///   within an arm, an arm that builds no model (unless it is a `control` arm, see `Arm(label:)`),
    ///   or an arm with a single row. Never traps, whatever the input.
    package static func read(_ text: String, file: String, warmUp: Int = 0) throws(ReadError) -> [ArmSeries] {
        let empty = ReadError(file: file, line: nil, message: "the file is empty; expected a header line starting with arm,iteration,models_built")
        guard !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { throw empty }
        let table: [CSVRecord]
        do throws(CSVRecord.SyntaxError) {
            table = try CSVRecord.parse(text)
        } catch {
            throw ReadError(file: file, line: error.line, message: error.message)
        }
        guard let headerRecord = table.first else { throw empty }
        let header = try SamplesHeader(headerRecord, file: file)
        var accumulator = SeriesAccumulator(header: header, file: file)
        for record in table.dropFirst() {
            guard let row = try SampleRow(record, header: header, file: file, warmUp: warmUp) else { continue }
            try accumulator.add(row)
        }
        return try accumulator.finish()
    }

    /// A negative-control arm builds nothing on purpose: its label names the `control`
    /// role (`control`, `keras/control`; see `Arm(label:)`).
    package static func isNegativeControl(_ arm: String) -> Bool { Arm(label: arm) == .control }
}
