import Foundation
import GrowthAnalysis
import Model

/// Number formatting shared by the analysis messages and the text, Markdown and SVG reports.
package enum Format {
    package static func bytes(_ value: Double) -> String {
        guard value.isFinite else { return "n/a" }
        return String(format: "%.1f B", value)
    }

    /// Bytes with their sign: "+4000.0 B", "-512.0 B".
    package static func signedBytes(_ value: Double) -> String {
        guard value.isFinite else { return "n/a" }
        return String(format: "%+.1f B", value)
    }

    package static func number(_ value: Double, decimals: Int = 1) -> String {
        guard value.isFinite else { return "n/a" }
        return String(format: "%.\(decimals)f", value)
    }

    package static func ratio(_ value: Double) -> String { String(format: "%.3f", value) }

    /// A fraction as a percentage: 0.125 → "12.5%".
    package static func percent(_ fraction: Double) -> String {
        guard fraction.isFinite else { return "n/a" }
        return String(format: "%.1f%%", fraction * 100)
    }

    package static func interval(_ ci: ConfidenceInterval) -> String {
        guard ci.isKnown else { return "n/a" }
        return "[\(number(ci.lower)), \(number(ci.upper))]"
    }

    /// An interval's level: 0.95 → "95%", 0.975 → "97.5%", 0.9875 → "98.75%"
    /// (`--until-decided` widens the interval at each look).
    package static func level(_ confidence: Double) -> String { String(format: "%g%%", 100 * confidence) }

    /// An interval with its level: "95% CI [-0.5, 0.5]".
    /// An arm's interval with its levels: "95% CI [a, b]", or, after `--until-decided`'s
    /// looks, "CI [a, b] (lower bound 99.2%, upper 95%)" (see `ArmAnalysis.confidence`).
    package static func interval(_ ci: ConfidenceInterval, confidence: Double) -> String {
        guard abs(confidence - 0.95) > 1e-9 else { return "\(level(confidence)) CI \(interval(ci))" }
        return "CI \(interval(ci)) (lower bound \(level(confidence)), upper \(level(0.95)))"
    }

    package static func duration(ns: Double?) -> String {
        guard let ns, ns.isFinite else { return "n/a" }
        if ns >= 1_000_000 { return String(format: "%.2f ms", ns / 1_000_000) }
        if ns >= 1_000 { return String(format: "%.2f µs", ns / 1_000) }
        return String(format: "%.0f ns", ns)
    }

    /// 1536 → "1.5 KiB", for axis labels.
    package static func binary(_ value: Double) -> String {
        let magnitude = abs(value)
        if magnitude >= 1_073_741_824 { return String(format: "%.2f GiB", value / 1_073_741_824) }
        if magnitude >= 1_048_576 { return String(format: "%.2f MiB", value / 1_048_576) }
        if magnitude >= 1_024 { return String(format: "%.1f KiB", value / 1_024) }
        return String(format: "%.0f B", value)
    }
}
