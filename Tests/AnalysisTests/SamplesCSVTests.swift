import Foundation
import GraphCore
import GrowthAnalysis
import Harness
import JemallocStats
import Model
import TestSupport
import Testing

@testable import Analysis

@Suite struct SamplesCSVTests {
    @Test func headerIsTheDocumentedSchemaInOrder() {
        let text = SamplesCSV.render(series: [ArmSeries(sampleResult(.clear, count: 3, slope: 0))])
        #expect(
            text.split(separator: "\n").first
                == "arm,iteration,models_built,elapsed_ns,live_bytes,allocated,active,resident,mapped,retained,metadata,graph_nodes,arena_used_bytes,arena_reserved_bytes,name_entries,warmup,loop_ns"
        )
        #expect(text.split(separator: "\n").count == 4)
    }

    @Test func writtenCSVReadsBackAsTheSameSeries() throws {
        let results = [sampleResult(.clear, count: 20, slope: 0), sampleResult(.noclear, count: 20, slope: 356)]
        let series = try SamplesCSV.read(SamplesCSV.render(series: results.map(ArmSeries.init)), file: "x.csv")
        #expect(series == results.map(ArmSeries.init))
    }

    @Test func metricValuesAreWrittenInFullAndFractionalBytesAreRefused() throws {
        let text = "arm,iteration,models_built,live_bytes\n" + (0..<10).map { "keras,\($0),\($0 + 1),\(100 + 16 * $0)" }.joined(separator: "\n")
        let series = try SamplesCSV.read(text, file: "k.csv")
        let written = SamplesCSV.render(series: series)
        #expect(written.split(separator: "\n").dropFirst().first == "keras,0,1,100,0")
        #expect(try SamplesCSV.read(written, file: "again.csv").first?.metrics[.liveBytes] == series.first?.metrics[.liveBytes])
        #expect(SamplesCSV.metricCell(1_024) == "1024" && SamplesCSV.metricCell(-3) == "-3" && SamplesCSV.metricCell(0.5) == "0.5")
        #expect(throws: SamplesCSV.ReadError.self) { try SamplesCSV.read(text.replacingOccurrences(of: ",100\n", with: ",100.25\n"), file: "f.csv") }
    }

    @Test func analysisOfTheCSVMatchesTheAnalysisOfTheRun() throws {
        let results = [sampleResult(.clear, count: 30, slope: 0), sampleResult(.noclear, count: 30, slope: 356)]
        let direct = RunAnalysis(series: results.map(ArmSeries.init))
        let viaCSV = RunAnalysis(series: try SamplesCSV.read(SamplesCSV.render(series: results.map(ArmSeries.init)), file: "x.csv"))
        #expect(direct == viaCSV)
        #expect(direct.arm("clear")?.verdict == .constant)
        #expect(direct.arm("noclear")?.verdict == .growing)
        #expect(direct.arm("noclear")?.primary.bytesPerModel == 356)
        #expect(direct.positiveControl?.passed == true)
    }

    @Test func minimalColumnsInAnyOrderAreAccepted() throws {
        let text = "live_bytes,models_built,arm,iteration\n" + (0..<10).map { "\(100 + 16 * $0),\($0 + 1),keras,\($0)" }.joined(separator: "\n")
        let series = try SamplesCSV.read(text, file: "k.csv")
        #expect(series.count == 1)
        #expect(series[0].metrics.keys.sorted() == [.liveBytes])
        #expect(series[0].elapsedNs == nil)
    }

    @Test func warmUpOptionAppliesWithoutAWarmupColumn() throws {
        let text = "arm,iteration,models_built,live_bytes\n" + (0..<10).map { "a,\($0),\($0 + 1),5" }.joined(separator: "\n")
        let series = try SamplesCSV.read(text, file: "k.csv", warmUp: 3)
        #expect(series[0].warmup == [true, true, true] + Array(repeating: false, count: 7))
    }

    static let malformed: [(String, String, Int?)] = [
        ("", "the file is empty", nil),
        ("   \n\n", "the file is empty", nil),
        ("a,b,c\n1,2,3\n", "no \"arm\" column", 1),
        ("arm,iteration,models_built\nx,1,1\n", "no metric column", 1),
        ("arm,iteration,models_built,live_bytes\n", "no rows", nil),
        ("arm,iteration,models_built,live_bytes\nx,0,1,5\nx,1,2,6\nx,2,3\n", "live_bytes cell is empty", 4),
        ("arm,iteration,models_built,live_bytes\nx,0,1,5\nx,1,2,lots\n", "\"lots\" is not a decimal number", 3),
        ("arm,iteration,models_built,live_bytes\nx,0,1,5\nx,one,2,6\n", "\"one\" is not a whole number", 3),
        ("arm,iteration,models_built,live_bytes\nx,0,1,5\nx,1,2,0x10\n", "the live_bytes cell \"0x10\" is not a decimal number", 3),
        ("arm,iteration,models_built,live_bytes\nx,0,1,5\nx,1,2,6.5\n", "the live_bytes cell \"6.5\" is not a whole number; bytes are counted whole", 3),
        ("arm,iteration,models_built,live_bytes\nx,0,1,5\nx,0x1,2,6\n", "the iteration cell \"0x1\" is not a whole number", 3),
        ("arm,iteration,models_built,live_bytes\nx,0,1,5\nx,1,2,6\nx,1,3,7\n", "does not increase", 4),
        ("arm,iteration,models_built,live_bytes\nx,0,1,5\n", "single row", 2),
        ("arm,iteration,arm,models_built,live_bytes\nx,0,x,1,5\n", "appears twice", 1),
    ]

    @Test(arguments: malformed)
    func malformedInputGivesAClearErrorWithItsLine(text: String, message: String, line: Int?) {
        #expect {
            try SamplesCSV.read(text, file: "bad.csv")
        } throws: { error in
            guard let error = error as? SamplesCSV.ReadError else { return false }
            return error.line == line && error.message.contains(message) && error.description.hasPrefix("bad.csv")
        }
    }
}
