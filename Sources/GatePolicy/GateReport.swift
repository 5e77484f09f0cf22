import Analysis
import Foundation
import Model
import Reports

/// The gate's outputs: a console table, `gate.json`, JUnit XML and a Markdown section.
package enum GateReport {
    package static func text(_ result: GateResult) -> String {
        let rows =
            [["rule", "result", "measured", "limit", "detail"]]
            + result.rules.map {
                [$0.id.rawValue, $0.outcome.rawValue.uppercased(), Format.number($0.measured), $0.limit.map { Format.number($0) } ?? "-", $0.message]
            }
        var lines = [TextTable.render(rows), ""]
        let verdict = result.passed ? "PASSED" : "FAILED"
        lines.append("Gate \(verdict) for scenario \(result.scenario) (tolerance preset \(result.thresholds.name)); exit status \(result.status.rawValue).")
        if !result.regressions.isEmpty { lines.append("Regressions: \(result.regressions.joined(separator: ", ")).") }
        if !result.improvements.isEmpty {
            lines.append("Improvements: \(result.improvements.joined(separator: ", ")) — consider `memloop gate --update-baseline`.")
        }
        return lines.joined(separator: "\n")
    }

    /// The gate's files beside the run's reports: `gate.json`, `junit.xml`, and `gate.md`
    /// (the gate's table above the run's).
    package static func files(_ result: GateResult, runMarkdown: String) throws -> [(String, Data)] {
        [
            ("gate.json", try json(result)),
            ("junit.xml", Data(junit(result).utf8)),
            ("gate.md", Data((markdown(result) + "\n" + runMarkdown).utf8)),
        ]
    }

    package static func json(_ result: GateResult) throws -> Data {
        return try ReportJSON.encode(result)
    }

    /// One test case per rule, so CI systems list them; failures carry the message.
    package static func junit(_ result: GateResult) -> String {
        let failures = result.rules.filter { $0.outcome == .fail }.count
        let skipped = result.rules.filter { $0.outcome == .inconclusive }.count
        var xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        xml += "<testsuites name=\"memloop gate\" tests=\"\(result.rules.count)\" failures=\"\(failures)\" skipped=\"\(skipped)\">\n"
        xml +=
            "  <testsuite name=\"memloop.gate.\(XMLText.escape(result.scenario))\" tests=\"\(result.rules.count)\" failures=\"\(failures)\" skipped=\"\(skipped)\">\n"
        for rule in result.rules {
            xml += "    <testcase classname=\"memloop.gate.\(XMLText.escape(result.scenario))\" name=\"\(XMLText.escape(rule.id.rawValue))\">"
            switch rule.outcome {
            case .pass: xml += "<system-out>\(XMLText.escape(rule.message))</system-out>"
            case .fail: xml += "<failure message=\"\(XMLText.escape(rule.message))\">\(XMLText.escape(rule.description))</failure>"
            case .inconclusive: xml += "<skipped message=\"inconclusive: \(XMLText.escape(rule.message))\"/>"
            }
            xml += "</testcase>\n"
        }
        return xml + "  </testsuite>\n</testsuites>\n"
    }

    package static func markdown(_ result: GateResult) -> String {
        var lines = ["## MemLoop gate: \(result.scenario) — \(result.passed ? "passed" : "FAILED (exit \(result.status.rawValue))")", ""]
        lines.append("| rule | result | measured (B/model) | limit | detail |")
        lines.append("|---|---|---|---|---|")
        for rule in result.rules {
            let mark = rule.outcome == .pass ? "✅ pass" : (rule.outcome == .fail ? "❌ fail" : "⚠️ inconclusive")
            lines.append("| `\(rule.id)` | \(mark) | \(Format.number(rule.measured)) | \(rule.limit.map { Format.number($0) } ?? "-") | \(rule.message) |")
        }
        return lines.joined(separator: "\n") + "\n"
    }

}
