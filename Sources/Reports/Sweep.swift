import Analysis
import Foundation
import GrowthAnalysis
import Model

/// `memloop sweep`: one row per configuration, and a fitted cost model.
package struct Sweep: Codable, Sendable {
    package struct Row: Codable, Sendable, Equatable {
        package var layers: Int
        package var units: Int
        package var modelsPerIteration: Int
        package var inputSize: Int?
        /// Parameters of one model (0 unbuilt).
        package var parameters: Int
        package var noclearBytesPerModel: Double
        package var noclearVerdict: Verdict
        package var clearBytesPerModel: Double
        package var clearVerdict: Verdict
        /// Microseconds per model, sampling excluded (noclear arm).
        package var microsecondsPerModel: Double
    }

    package var schemaVersion = 1
    package var rows: [Row]
    /// `bytes/model ≈ intercept + perParameter·parameters + perLayer·layers` (noclear arm).
    package var costModel: LinearModel?

    /// Parameters of `layers` Dense(units) built on `inputSize` inputs (0 when unbuilt).
    package static func parameters(layers: Int, units: Int, inputSize: Int?) -> Int {
        guard let inputSize else { return 0 }
        return (inputSize * units + units) + (layers - 1) * (units * units + units)
    }

    package init(results: [(RunConfig, [ArmResult])], settings: DecisionSettings) {
        rows = results.map { config, arms in
            let analysis = RunAnalysis(series: arms.map(ArmSeries.init), settings: settings)
            let noclear = analysis.arm(Arm.noclear), clear = analysis.arm(Arm.clear)
            let timed = arms.first { $0.arm == .noclear } ?? arms[0]
            return Row(
                layers: config.layers, units: config.units, modelsPerIteration: config.modelsPerIteration, inputSize: config.inputSize,
                parameters: Self.parameters(layers: config.layers, units: config.units, inputSize: config.inputSize),
                noclearBytesPerModel: noclear?.primary.bytesPerModel ?? .nan, noclearVerdict: noclear?.verdict ?? .inconclusive,
                clearBytesPerModel: clear?.primary.bytesPerModel ?? .nan, clearVerdict: clear?.verdict ?? .inconclusive,
                microsecondsPerModel: Double(timed.wallNs - timed.samplingNs) / Double(max(timed.modelsBuilt, 1)) / 1_000
            )
        }
        let usable = rows.filter { $0.noclearBytesPerModel.isFinite }
        costModel = try? LinearModel(rows: usable.map { [Double($0.parameters), Double($0.layers)] }, y: usable.map(\.noclearBytesPerModel))
    }

    package var csv: String {
        var lines = [
            "layers,units,models_per_iteration,input_size,parameters,noclear_bytes_per_model,noclear_verdict,clear_bytes_per_model,clear_verdict,us_per_model"
        ]
        for r in rows {
            lines.append(
                [
                    "\(r.layers)", "\(r.units)", "\(r.modelsPerIteration)", r.inputSize.map(String.init) ?? "", "\(r.parameters)",
                    String(format: "%.2f", r.noclearBytesPerModel), r.noclearVerdict.rawValue,
                    String(format: "%.2f", r.clearBytesPerModel), r.clearVerdict.rawValue, String(format: "%.3f", r.microsecondsPerModel),
                ].joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    package var markdown: String {
        var lines = [
            "## MemLoop sweep", "", "| layers | units | N | input | params | noclear B/model | clear B/model | µs/model |", "|---|---|---|---|---|---|---|---|",
        ]
        for r in rows {
            lines.append(
                "| \(r.layers) | \(r.units) | \(r.modelsPerIteration) | \(r.inputSize.map(String.init) ?? "unbuilt") | \(r.parameters) | "
                    + "\(Format.number(r.noclearBytesPerModel)) \(r.noclearVerdict.rawValue) | \(Format.number(r.clearBytesPerModel)) \(r.clearVerdict.rawValue) | \(Format.number(r.microsecondsPerModel, decimals: 2)) |"
            )
        }
        lines.append("")
        if let model = costModel {
            lines.append(
                String(
                    format: "Cost model (noclear arm): bytes/model ≈ %.1f + %.3f × parameters + %.1f × layers (R² = %.4f).",
                    model.coefficients[0], model.coefficients[1], model.coefficients[2], model.rSquared))
        } else {
            lines.append("Cost model: not enough distinct configurations to fit bytes/model against parameters and layers.")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    package func json() throws -> Data {
        return try ReportJSON.encode(self)
    }
}
