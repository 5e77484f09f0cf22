import Foundation
import Model
import TestSupport
import Testing

@testable import Analysis
@testable import Reports

#if canImport(FoundationXML)
import FoundationXML
#endif

/// A loop's own metric shows where the built-in ones do: `summary.json`'s per-metric
/// fits, a table of its own in the terminal and Markdown reports, a panel of the chart.
@Suite struct UserMetricReportTests {
    static let device = Metric(rawValue: "device_bytes")!

    static func bundle(_ name: String, primary: Metric? = nil) throws -> (ReportBundle, [ArmSeries]) {
        let series = try SamplesCSV.read(data: UserMetricFixtures.data(name), file: "\(name).csv")
        return (ReportBundle(series: series, settings: DecisionSettings(tolerance: .fixed(4), primary: primary)), series)
    }

    @Test func summaryJSONHoldsTheFitOfEachArm() throws {
        let (bundle, _) = try Self.bundle("device_growing")
        let json = try #require(try JSONSerialization.jsonObject(with: bundle.summary.json()) as? [String: Any])
        let arms = try #require(json["arms"] as? [[String: Any]])
        var perModel: [String: Double] = [:]
        for arm in arms {
            let metrics = try #require(arm["metrics"] as? [[String: Any]])
            #expect(metrics.compactMap { $0["metric"] as? String } == ["live_bytes", "allocated", "device_bytes"])
            let device = try #require(metrics.last)
            #expect(device["unit"] as? String == "bytes")
            perModel[arm["arm"] as? String ?? "?"] = device["perModel"] as? Double
            #expect((arm["primary"] as? [String: Any])?["metric"] as? String == "live_bytes")
        }
        #expect(perModel == ["clear": 4096, "noclear": 4096, "control": 0])
    }

    @Test func theTablesListTheLoopsOwnMetricPerArm() throws {
        let (bundle, _) = try Self.bundle("device_growing")
        let text = ResultTable.text(bundle.analysis)
        #expect(text.contains("The loop's own metrics, per model:"), "\(text)")
        let rows = text.split(separator: "\n").filter { $0.contains("device_bytes (bytes)") }
        #expect(rows.count == 3, "\(text)")
        #expect(rows.first?.contains("GROWING") == true && rows.first?.contains("4096.0 [4096.0, 4096.0]") == true, "\(rows)")
        #expect(rows.last?.hasPrefix("control") == true && rows.last?.contains("CONSTANT") == true, "\(rows)")
        #expect(bundle.markdown.contains("### The loop's own metrics (per model)"))
        #expect(bundle.markdown.contains("| clear | device_bytes (bytes) | GROWING | 4096.0 | 4096.0 [4096.0, 4096.0] | 4096.0 |"), "\(bundle.markdown)")
        // Without a metric of the loop's own, the reports are as they were.
        let plain = ReportBundle(
            series: try SamplesCSV.read(data: UserMetricFixtures.data("device_flat"), file: "f.csv").map {
                var series = $0
                series.metrics[Self.device] = nil
                return series
            }, settings: DecisionSettings(tolerance: .fixed(4)))
        #expect(!ResultTable.text(plain.analysis).contains("loop's own") && !plain.markdown.contains("loop's own"))
    }

    @Test func theChartHasAPanelForTheLoopsOwnMetric() throws {
        let (bundle, series) = try Self.bundle("device_growing")
        let svg = bundle.svg
        #expect(svg.contains(">device_bytes (recorded by the loop)</text>"))
        #expect(svg.contains(">clear: GROWING, 4096.0 bytes/model</text>"))
        #expect(svg.contains(">control: CONSTANT, 0.0 bytes/model</text>"))
        #expect(svg.components(separatedBy: "<polyline").count - 1 == 3 * 3, "live_bytes, allocated and device_bytes, three arms each")
        #expect(!svg.lowercased().contains("nan"), "samples without a value are left out of the line")
        #expect(XMLParser(data: Data(svg.utf8)).parse(), "well-formed SVG")
        // Relative (compare's chart): growth since warm-up, from the first recorded value.
        let relative = MemorySVG.render(series: series, analysis: bundle.analysis, title: "t", relative: true)
        #expect(relative.contains(">device_bytes (recorded by the loop)</text>") && !relative.lowercased().contains("nan"))
    }
}
