import Analysis
import Foundation
import Model

/// `bench.json` and `bench.md`: the figures of `memloop bench` with their targets.
package struct BenchReport: Codable, Sendable {
    package var schemaVersion = 1
    package var environment: RunEnvironment
    package var figures: [BenchFigure]

    package init(figures: [BenchFigure], jemallocVersion: String?) {
        environment = RunEnvironment.current(jemallocVersion: jemallocVersion, isolation: .inProcess)
        self.figures = figures
    }

    package var markdown: String {
        var lines = ["## MemLoop benchmarks (\(environment.buildConfiguration) build, \(environment.processors) cores)", ""]
        lines.append("| figure | median | min | max | target |")
        lines.append("|---|---|---|---|---|")
        for f in figures {
            let target = f.target.map { "\(f.lowerIsBetter ? "≤" : "≥") \(Self.format($0, f.unit)) \(f.meetsTarget == true ? "✅" : "❌")" } ?? "—"
            lines.append("| \(f.name) | \(Self.format(f.median, f.unit)) | \(Self.format(f.min, f.unit)) | \(Self.format(f.max, f.unit)) | \(target) |")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    static func format(_ value: Double, _ unit: String) -> String {
        switch unit {
        case "ns": return Format.duration(ns: value)
        case "%": return String(format: "%.2f %%", value)
        case "×": return String(format: "%.3f×", value)
        default: return String(format: "%.1f %@", value, unit)
        }
    }

    package func json() throws -> Data {
        return try ReportJSON.encode(self)
    }
}
