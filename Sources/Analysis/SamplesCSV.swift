import Foundation
import GrowthAnalysis
import Model

/// `samples.csv`: long format, one row per arm × sample, every cell a number except `arm`.
///
/// The first fifteen columns are fixed in this order (schema version 1); `warmup` (1 for
/// warm-up samples) and `loop_ns` (loop time without sampling) follow. Readers accept any subset that has `arm`, `iteration`,
/// `models_built` and at least one metric column, in any order, so other tools (a
/// script measuring real Keras, pandas, gnuplot) can write the same schema.
package enum SamplesCSV {
    package static let schemaVersion = 1
    /// The header: `Metric.allCases` is declared in the documented column order.
    package static let columns =
        ["arm", "iteration", "models_built", "elapsed_ns"] + Metric.allCases.map(\.rawValue)
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
    /// order (all of them for a run's arms with a census). Whole values are written as
    /// integers, fractional ones (from an outside loop) in full.
    package static func render(series: [ArmSeries]) -> String {
        let metrics = Metric.allCases.filter { metric in series.allSatisfy { $0.metrics[metric] != nil } }
        let hasElapsed = series.allSatisfy { $0.elapsedNs != nil }
        let hasLoop = series.allSatisfy { $0.loopNs != nil }
        var header = ["arm", "iteration", "models_built"]
        if hasElapsed { header.append("elapsed_ns") }
        header += metrics.map(\.rawValue) + ["warmup"]
        if hasLoop { header.append("loop_ns") }
        var text = header.joined(separator: ",") + "\n"
        for s in series {
            for row in 0..<s.count {
                var cells = [s.arm, String(s.iterations[row]), String(s.modelsBuilt[row])]
                if hasElapsed, let elapsed = s.elapsedNs { cells.append(String(elapsed[row])) }
                cells += metrics.map { metricCell(s.metrics[$0]![row]) }
                cells.append(s.warmup[row] ? "1" : "0")
                if hasLoop, let loop = s.loopNs { cells.append(String(loop[row])) }
                text += cells.joined(separator: ",") + "\n"
            }
        }
        return text
    }

    /// A metric's cell: `1024` for a whole value, `1024.5` for a fractional one.
    static func metricCell(_ value: Double) -> String { value == value.rounded() ? String(Int(value)) : String(value) }

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

    /// Reads a samples CSV into one series per arm, in the order arms first appear.
    /// - Parameters:
    ///   - warmUp: iterations to treat as warm-up when the file has no `warmup` column.
    /// - Throws: `ReadError`, naming the line and cell, for an empty file, a missing
    ///   required column, a row with more or fewer cells than the header, a missing,
    ///   non-numeric or out-of-range cell (counts 0…2^53, times 0…2^62, metrics
    ///   |x| ≤ 2^62), iterations that do not increase or `models_built` that decreases
    ///   within an arm, an arm that builds no model (unless it is a `control` arm, see `Arm(label:)`),
    ///   or an arm with a single row. Never traps, whatever the input.
    package static func read(_ text: String, file: String, warmUp: Int = 0) throws(ReadError) -> [ArmSeries] {
        func fail(_ line: Int?, _ message: String) -> ReadError { ReadError(file: file, line: line, message: message) }
        guard !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw fail(nil, "the file is empty; expected a header line starting with arm,iteration,models_built")
        }
        let table: [CSVRecord]
        do throws(CSVRecord.SyntaxError) {
            table = try CSVRecord.parse(text)
        } catch {
            throw fail(error.line, error.message)
        }
        guard let headerRecord = table.first else {
            throw fail(nil, "the file is empty; expected a header line starting with arm,iteration,models_built")
        }
        let header = headerRecord.cells
        let headerLine = headerRecord.line
        var index: [String: Int] = [:]
        for (position, name) in header.enumerated() where !name.isEmpty {
            if index[name] != nil { throw fail(headerLine, "column \"\(name)\" appears twice in the header") }
            index[name] = position
        }
        for required in ["arm", "iteration", "models_built"] where index[required] == nil {
            throw fail(
                headerLine, "the header has no \"\(required)\" column; it needs arm,iteration,models_built and at least one metric column (e.g. live_bytes)")
        }
        let metrics = Metric.allCases.filter { index[$0.rawValue] != nil }
        guard !metrics.isEmpty else {
            throw fail(headerLine, "the header has no metric column; add at least one of \(Metric.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        var order: [String] = []
        var firstLine: [String: Int] = [:]
        var series: [String: ArmSeries] = [:]
        let hasElapsed = index["elapsed_ns"] != nil
        let hasLoop = index["loop_ns"] != nil
        for record in table.dropFirst() {
            let line = record.line
            let row = record.cells
            if row.allSatisfy(\.isEmpty) { continue }
            if row.count < header.count {
                // Name the first needed cell the line lacks, as a missing value would.
                let missing = header[row.count...].first { !$0.isEmpty } ?? header[row.count]
                throw fail(line, "the \(missing) cell is empty: the line has \(row.count) cells and the header \(header.count) (is the line cut short?)")
            }
            if row.count > header.count {
                throw fail(
                    line, "the line has \(row.count) cells but the header only \(header.count) (an unquoted comma inside a cell, or a missing header column?)")
            }
            func cell(_ name: String) throws(ReadError) -> String {
                let value = index[name].map { row[$0] } ?? ""
                guard !value.isEmpty else { throw fail(line, "the \(name) cell is empty (is the line cut short?)") }
                return value
            }
            /// A whole number in `0...maximum`; `kind` and `range` word the refusal.
            func whole(_ name: String, maximum: Int, kind: String, range: String) throws(ReadError) -> Int {
                let text = try cell(name)
                let value: Double
                if let exact = Int(text) {
                    if (0...maximum).contains(exact) { return exact }
                    // Compared as integers: 2^53 + 1 would round to 2^53 as a Double.
                    value = exact < 0 ? -1 : Double(maximum) * 2
                } else if text.allSatisfy({ $0.isASCII && ($0.isNumber || "+-.eE".contains($0)) }), let number = Double(text), number.isFinite {
                    guard number == number.rounded() else {
                        throw fail(line, "the \(name) cell \"\(text)\" is not a whole number; \(kind) \(range)")
                    }
                    value = number
                } else {
                    throw fail(line, "the \(name) cell \"\(text)\" is not a whole number; \(kind) \(range)")
                }
                guard value >= 0 else { throw fail(line, "the \(name) cell \"\(text)\" is negative; \(kind) \(range)") }
                guard value <= Double(maximum) else { throw fail(line, "the \(name) cell \"\(text)\" is out of range; \(kind) \(range)") }
                return Int(value)
            }
            func count(_ name: String) throws(ReadError) -> Int {
                try whole(name, maximum: maximumCount, kind: "counts are whole numbers", range: "from 0 to 2^53 (9007199254740992)")
            }
            func time(_ name: String) throws(ReadError) -> Int {
                try whole(name, maximum: maximumTime, kind: "times are whole nanoseconds", range: "from 0 to 2^62 (4611686018427387904)")
            }
            let arm = try cell("arm")
            let iteration = try count("iteration")
            let models = try count("models_built")
            var values: [Metric: Double] = [:]
            for metric in metrics {
                let text = try cell(metric.rawValue)
                // Decimal only: Swift's Double("0x10") is 16, and no allocator writes hex.
                guard text.allSatisfy({ $0.isASCII && ($0.isNumber || "+-.eE".contains($0)) }), let value = Double(text), value.isFinite else {
                    throw fail(line, "the \(metric.rawValue) cell \"\(text)\" is not a decimal number")
                }
                // Every metric counts something whole: bytes, nodes, entries.
                guard value == value.rounded() else {
                    throw fail(line, "the \(metric.rawValue) cell \"\(text)\" is not a whole number; \(metric.unit) are counted whole")
                }
                guard abs(value) <= maximumMetric else {
                    throw fail(line, "the \(metric.rawValue) cell \"\(text)\" is out of range; metric cells lie between -2^62 and 2^62 (±4611686018427387904)")
                }
                values[metric] = value
            }
            let elapsed = hasElapsed ? try time("elapsed_ns") : nil
            let loop = hasLoop ? try time("loop_ns") : nil
            let warm: Bool
            if index["warmup"] != nil {
                let flag = try cell("warmup")
                guard flag == "0" || flag == "1" else { throw fail(line, "the warmup cell \"\(flag)\" must be 0 or 1") }
                warm = flag == "1"
            } else {
                warm = iteration < warmUp
            }
            if series[arm] == nil {
                order.append(arm)
                firstLine[arm] = line
                series[arm] = ArmSeries(
                    arm: arm, iterations: [], modelsBuilt: [], elapsedNs: hasElapsed ? [] : nil, loopNs: hasLoop ? [] : nil,
                    warmup: [], metrics: [:]
                )
            }
            if let previous = series[arm]!.iterations.last, iteration <= previous {
                throw fail(line, "iteration \(iteration) of arm \"\(arm)\" does not increase (previous \(previous)): duplicated or unsorted rows")
            }
            if let previous = series[arm]!.modelsBuilt.last, models < previous {
                throw fail(
                    line,
                    "models_built \(models) of arm \"\(arm)\" is less than on its previous row (\(previous)); it counts the models built so far and never decreases"
                )
            }
            series[arm]!.iterations.append(iteration)
            series[arm]!.modelsBuilt.append(models)
            if let elapsed { series[arm]!.elapsedNs!.append(elapsed) }
            if let loop { series[arm]!.loopNs!.append(loop) }
            series[arm]!.warmup.append(warm)
            for (metric, value) in values { series[arm]!.metrics[metric, default: []].append(value) }
        }
        guard !order.isEmpty else { throw fail(nil, "the file has a header but no rows") }
        for arm in order where series[arm]!.count < 2 {
            throw fail(firstLine[arm], "arm \"\(arm)\" has a single row; a trend needs at least \(GrowthFit.minimumPoints) samples after warm-up")
        }
        // Bytes per model need models: an arm that built none can only be a negative
        // control (a loop that builds nothing, to show the harness alone is flat).
        for arm in order where series[arm]!.modelsBuilt.last == 0 && !isNegativeControl(arm) {
            throw fail(
                firstLine[arm],
                "arm \"\(arm)\" built no models (models_built is 0 on every row), so no bytes per model can be computed; only a negative-control arm, labelled control (or SOURCE/control), may build nothing"
            )
        }
        return order.map { series[$0]! }
    }

    /// A negative-control arm builds nothing on purpose: its label names the `control`
    /// role (`control`, `keras/control`; see `Arm(label:)`).
    package static func isNegativeControl(_ arm: String) -> Bool { Arm(label: arm) == .control }
}

/// One record of a CSV file (RFC 4180: commas, double-quoted cells with `""` for a
/// quote, CR, LF or CRLF line ends), with the line it starts on. Cells are trimmed of
/// spaces and tabs. Kept beside its only reader so that line numbers in messages are the
/// lines an editor shows, even after a quoted cell that spans lines.
struct CSVRecord: Equatable {
    var line: Int
    var cells: [String]

    struct SyntaxError: Error {
        var line: Int
        var message: String
    }

    /// Splits `text` into records; a UTF-8 byte-order mark at the start is skipped.
    static func parse(_ text: String) throws(SyntaxError) -> [CSVRecord] {
        var text = text
        let result: Result<[CSVRecord], SyntaxError> = text.withUTF8 { bytes in
            do throws(SyntaxError) {
                return .success(try parse(bytes: bytes))
            } catch {
                return .failure(error)
            }
        }
        return try result.get()
    }

    private static func parse(bytes: UnsafeBufferPointer<UInt8>) throws(SyntaxError) -> [CSVRecord] {
        let comma = UInt8(ascii: ","), quote = UInt8(ascii: "\""), cr = UInt8(ascii: "\r"), lf = UInt8(ascii: "\n")
        var records: [CSVRecord] = []
        var cells: [String] = []
        var cell: [UInt8] = []
        var line = 1, recordLine = 1
        var position = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        func finishCell() {
            cells.append(String(decoding: cell, as: UTF8.self).trimmingCharacters(in: .whitespaces))
            cell.removeAll(keepingCapacity: true)
        }
        func finishRecord() {
            finishCell()
            records.append(CSVRecord(line: recordLine, cells: cells))
            cells.removeAll(keepingCapacity: true)
        }
        while position < bytes.count {
            let byte = bytes[position]
            if byte == quote, cell.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) {
                cell.removeAll(keepingCapacity: true)
                let opened = line
                position += 1
                while true {
                    guard position < bytes.count else {
                        throw SyntaxError(line: opened, message: "a quoted cell opened on this line is never closed (a missing \")")
                    }
                    let inner = bytes[position]
                    if inner == quote {
                        if position + 1 < bytes.count, bytes[position + 1] == quote {
                            cell.append(quote)
                            position += 2
                            continue
                        }
                        position += 1
                        break
                    }
                    if inner == lf || (inner == cr && (position + 1 == bytes.count || bytes[position + 1] != lf)) { line += 1 }
                    cell.append(inner)
                    position += 1
                }
                while position < bytes.count, bytes[position] == 0x20 || bytes[position] == 0x09 { position += 1 }
                if position < bytes.count, bytes[position] != comma, bytes[position] != cr, bytes[position] != lf {
                    throw SyntaxError(line: line, message: "text follows a closing quote inside a cell; write a quote inside a quoted cell as \"\"")
                }
                continue
            }
            switch byte {
            case comma:
                finishCell()
            case cr, lf:
                finishRecord()
                if byte == cr, position + 1 < bytes.count, bytes[position + 1] == lf { position += 1 }
                line += 1
                recordLine = line
            default:
                cell.append(byte)
            }
            position += 1
        }
        if !cell.isEmpty || !cells.isEmpty { finishRecord() }
        return records.filter { !($0.cells.count == 1 && $0.cells[0].isEmpty) }
    }
}
