import Foundation
import Model
import TestSupport
import Testing

@testable import Analysis
@testable import Reports

/// Report formats are values: the bundle writes each format's file, and says which.
@Suite struct ReportFormatTests {
    @Test func aRunWritesEveryFormatAndAnAnalysisNoSamples() throws {
        let folder = try TestFolder.create(prefix: "formats")
        defer { try? FileManager.default.removeItem(at: folder) }
        let results = [sampleResult(.clear, count: 30, slope: 0), sampleResult(.noclear, count: 30, slope: 356)]
        let run = ReportBundle(results: results, settings: .standard)
        let written = try run.write(to: folder.appendingPathComponent("run"), extra: [("extra.txt", Data("x".utf8))])
        #expect(written.map(\.lastPathComponent) == ReportBundle.formats.map(\.fileName) + ["extra.txt"])
        #expect(ReportBundle.formats.map(\.fileName) == ["samples.csv", "summary.json", "summary.md", "memory.svg"])
        for (format, url) in zip(ReportBundle.formats, written) {
            #expect(try Data(contentsOf: url) == format.render(run), "\(format.fileName)")
        }
        let analysis = ReportBundle(series: results.map(ArmSeries.init), settings: .standard)
        let analysed = try analysis.write(to: folder.appendingPathComponent("analysis"))
        #expect(analysed.map(\.lastPathComponent) == ["summary.json", "summary.md", "memory.svg"], "an analysis rewrites no samples.csv")
        #expect(
            ReportBundle.listing(analysed, in: folder.appendingPathComponent("analysis"))
                == "\(folder.appendingPathComponent("analysis").path)/{summary.json,summary.md,memory.svg}")
    }
}
