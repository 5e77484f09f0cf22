import Foundation
import Harness
import SwiftCSV

/// `samples.csv`: long format, one row per arm × sample, every cell a number except `arm`.
///
/// The first fifteen columns are fixed in this order (schema version 1); `warmup` (1 for
/// warm-up samples) and `loop_ns` (loop time without sampling) follow. Readers accept any subset that has `arm`, `iteration`,
/// `models_built` and at least one metric column, in any order, so other tools (a
/// script measuring real Keras, pandas, gnuplot) can write the same schema.
public enum SamplesCSV {
    public static let schemaVersion = 1
    /// The header: `Metric.allCases` is declared in the documented column order.
    public static let columns = ["arm", "iteration", "models_built", "elapsed_ns"] + Metric.allCases.map(\.rawValue)
        + ["warmup", "loop_ns"]

    /// The CSV text of a run's arms.
    public static func render(_ results: [ArmResult]) -> String {
        var text = columns.joined(separator: ",") + "\n"
        for result in results {
            for s in result.samples {
                let metrics = Metric.allCases.map { String($0.value(of: s)) }
                let cells = [result.arm.rawValue, String(s.iteration), String(s.modelsBuilt), String(s.elapsedNs)]
                    + metrics + [s.warmup ? "1" : "0", String(s.loopNs)]
                text += cells.joined(separator: ",") + "\n"
            }
        }
        return text
    }

    /// A problem with an input CSV, with the line it is on when there is one.
    public struct ReadError: Error, Equatable, Sendable, CustomStringConvertible {
        public let file: String
        public let line: Int?
        public let message: String
        public var description: String {
            "\(file)\(line.map { ":\($0)" } ?? ""): \(message)"
        }
    }

    /// Reads a samples CSV into one series per arm, in the order arms first appear.
    /// - Parameters:
    ///   - warmUp: iterations to treat as warm-up when the file has no `warmup` column.
    /// - Throws: `ReadError` for an empty file, a missing required column, a row with a
    ///   missing or non-numeric cell, iterations that do not increase within an arm, or
    ///   an arm with a single row.
    public static func read(_ text: String, file: String, warmUp: Int = 0) throws(ReadError) -> [ArmSeries] {
        func fail(_ line: Int?, _ message: String) -> ReadError { ReadError(file: file, line: line, message: message) }
        guard !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw fail(nil, "the file is empty; expected a header line starting with arm,iteration,models_built")
        }
        let csv: CSV<Enumerated>
        do {
            csv = try CSV<Enumerated>(string: text, delimiter: .comma, loadColumns: false)
        } catch {
            throw fail(nil, "not a readable CSV file (\(error))")
        }
        let header = csv.header.map { $0.trimmingCharacters(in: .whitespaces) }
        var index: [String: Int] = [:]
        for (position, name) in header.enumerated() where !name.isEmpty {
            if index[name] != nil { throw fail(1, "column \"\(name)\" appears twice in the header") }
            index[name] = position
        }
        for required in ["arm", "iteration", "models_built"] where index[required] == nil {
            throw fail(1, "the header has no \"\(required)\" column; it needs arm,iteration,models_built and at least one metric column (e.g. live_bytes)")
        }
        let metrics = Metric.allCases.filter { index[$0.rawValue] != nil }
        guard !metrics.isEmpty else {
            throw fail(1, "the header has no metric column; add at least one of \(Metric.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        var order: [String] = []
        var series: [String: ArmSeries] = [:]
        let hasElapsed = index["elapsed_ns"] != nil
        let hasLoop = index["loop_ns"] != nil
        for (rowIndex, row) in csv.rows.enumerated() {
            let line = rowIndex + 2
            if row.allSatisfy({ $0.trimmingCharacters(in: .whitespaces).isEmpty }) { continue }
            func cell(_ name: String) throws(ReadError) -> String {
                let value = row[index[name]!].trimmingCharacters(in: .whitespaces)
                guard !value.isEmpty else { throw fail(line, "the \(name) cell is empty (is the line cut short?)") }
                return value
            }
            func integer(_ name: String) throws(ReadError) -> Int {
                let text = try cell(name)
                if let value = Int(text) { return value }
                if let value = Double(text), value.isFinite, value == value.rounded() { return Int(value) }
                throw fail(line, "the \(name) cell \"\(text)\" is not a whole number")
            }
            let arm = try cell("arm")
            let iteration = try integer("iteration")
            let models = try integer("models_built")
            var values: [Metric: Double] = [:]
            for metric in metrics {
                let text = try cell(metric.rawValue)
                guard let value = Double(text), value.isFinite else {
                    throw fail(line, "the \(metric.rawValue) cell \"\(text)\" is not a number")
                }
                values[metric] = value
            }
            let elapsed = hasElapsed ? try integer("elapsed_ns") : nil
            let loop = hasLoop ? try integer("loop_ns") : nil
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
                series[arm] = ArmSeries(
                    arm: arm, iterations: [], modelsBuilt: [], elapsedNs: hasElapsed ? [] : nil, loopNs: hasLoop ? [] : nil,
                    warmup: [], metrics: [:]
                )
            }
            if let previous = series[arm]!.iterations.last, iteration <= previous {
                throw fail(line, "iteration \(iteration) of arm \"\(arm)\" does not increase (previous \(previous)): duplicated or unsorted rows")
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
            throw fail(nil, "arm \"\(arm)\" has a single row; a trend needs at least \(5) samples after warm-up")
        }
        return order.map { series[$0]! }
    }
}
