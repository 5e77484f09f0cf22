import Foundation
import Model
import TestSupport
import Testing

@testable import Analysis

/// Extra columns of `samples.csv` are metrics of the loop's own: read, kept in order,
/// empty cells as "not recorded", and every bad header or cell refused on its line.
@Suite struct UserMetricsCSVTests {
    static let device = Metric(rawValue: "device_bytes")!

    @Test func anExtraColumnIsAUserMetricWithItsValuesAndItsGaps() throws {
        let series = try SamplesCSV.read(data: UserMetricFixtures.data("device_growing"), file: "device_growing.csv")
        #expect(series.map(\.arm) == ["clear", "noclear", "control"])
        for arm in series {
            #expect(arm.userMetrics == [Self.device])
            #expect(arm.metrics.keys.sorted() == [.liveBytes, .allocated, Self.device], "the built-ins first, in their order")
            #expect(arm.metrics[Self.device]?.count == 45)
        }
        let clear = try #require(series[0].metrics[Self.device])
        #expect(clear[0] == 268_435_456 && clear[44] == 268_435_456 + 44 * 4096)
        let noclear = try #require(series[1].metrics[Self.device])
        #expect(noclear.indices.filter { noclear[$0].isNaN } == Array(stride(from: 3, to: 45, by: 5)), "an empty cell is a sample without a value")
        #expect(series[2].metrics[Self.device]?.allSatisfy { $0 == 268_435_456 } == true)
    }

    @Test func aUserMetricIsWrittenBackWithItsEmptyCellsAndReadsTheSame() throws {
        let series = try SamplesCSV.read(data: UserMetricFixtures.data("device_growing"), file: "g.csv")
        let text = SamplesCSV.render(series: series)
        #expect(text.hasPrefix("arm,iteration,models_built,elapsed_ns,live_bytes,allocated,warmup,loop_ns,device_bytes\n"))
        #expect(text.contains("\nnoclear,3,4,4006000,2048,8388608,1,4000000,\n"))
        let again = try SamplesCSV.read(text, file: "again.csv")
        #expect(SamplesCSV.render(series: again) == text)
        #expect(again.map(\.iterations) == series.map(\.iterations))
    }

    @Test func decimalAndNegativeValuesAreAcceptedAndSixteenColumnsAreTheLimit() throws {
        let names = (1...16).map { "m\($0)" }
        let header = "arm,iteration,models_built,live_bytes," + names.joined(separator: ",")
        let rows = (0..<6).map { i in "a,\(i),\(i + 1),5," + names.map { _ in "-\(i).25" }.joined(separator: ",") }
        let series = try SamplesCSV.read(([header] + rows).joined(separator: "\n"), file: "x.csv")
        #expect(series[0].userMetrics.map(\.rawValue) == names.sorted())
        #expect(series[0].metrics[Metric(rawValue: "m7")!] == [-0.25, -1.25, -2.25, -3.25, -4.25, -5.25])
    }

    static let base = "arm,iteration,models_built,live_bytes"
    static let refused: [(String, String, Int)] = [
        (base + ",Device Bytes\nx,0,1,5,1\nx,1,2,5,1\n", "column \"Device Bytes\" is neither a column MemLoop knows nor a valid name", 1),
        (base + ",gpu-mem\nx,0,1,5,1\nx,1,2,5,1\n", "name it with lowercase letters, digits and _, starting with a letter", 1),
        (base + ",9lives\nx,0,1,5,1\nx,1,2,5,1\n", "column \"9lives\" is neither", 1),
        (base + ",\(String(repeating: "a", count: 65))\nx,0,1,5,1\nx,1,2,5,1\n", "at most 64 characters", 1),
        (base + ",Live_Bytes\nx,0,1,5,1\nx,1,2,5,1\n", "(did you mean live_bytes?)", 1),
        (
            base + ",device_bytes,device_bytes\nx,0,1,5,1,1\nx,1,2,5,1,1\n",
            "column \"device_bytes\" appears twice in the header; give each column its own name", 1
        ),
        (
            base + ",device_bytes,live_bytes\nx,0,1,5,1,1\nx,1,2,5,1,1\n",
            "column \"live_bytes\" appears twice in the header; live_bytes is a metric MemLoop reads itself (bytes), so give the loop's own column another name",
            1
        ),
        (
            base + "," + (1...17).map { "m\($0)" }.joined(separator: ",") + "\n",
            "the header has 17 metric columns of the loop's own (m1, m2, m3, m4, m5, m6, m7, m8, m9, m10, m11, m12, m13, m14, m15, m16, m17); at most 16",
            1
        ),
        (
            base + ",device_bytes\nx,0,1,5,1\nx,1,2,5,lots\n",
            "the device_bytes cell \"lots\" is not a number; a metric of the loop's own holds a decimal number", 3
        ),
        (base + ",device_bytes\nx,0,1,5,0x10\nx,1,2,5,1\n", "the device_bytes cell \"0x10\" is not a number", 2),
        (base + ",device_bytes\nx,0,1,5,nan\nx,1,2,5,1\n", "the device_bytes cell \"nan\" is not a number", 2),
        (base + ",device_bytes\nx,0,1,5,1e400\nx,1,2,5,1\n", "the device_bytes cell \"1e400\" is not a number", 2),
        (base + ",device_bytes\nx,0,1,5,1e19\nx,1,2,5,1\n", "the device_bytes cell \"1e19\" is out of range", 2),
    ]

    @Test(arguments: refused)
    func aBadUserColumnOrCellIsRefusedOnItsLine(text: String, message: String, line: Int) {
        #expect {
            try SamplesCSV.read(text, file: "bad.csv")
        } throws: { error in
            guard let error = error as? SamplesCSV.ReadError else { return false }
            return error.line == line && error.message.contains(message)
        }
    }

    @Test func userMetricNamesAreLowercaseAndNeverAKnownColumn() {
        #expect(Metric(rawValue: "device_bytes")?.isUser == true)
        #expect(Metric(rawValue: "allocated") == .allocated && Metric.allocated.isUser == false)
        for name in ["arm", "iteration", "warmup", "loop_ns", "elapsed_ns", "models_built", "Device", "", "a-b", "_x"] {
            #expect(Metric(rawValue: name) == nil, "\(name)")
        }
        #expect(Metric(rawValue: String(repeating: "a", count: 64)) != nil && Metric(rawValue: String(repeating: "a", count: 65)) == nil)
        #expect(Metric(rawValue: "device_bytes")?.isBytes == true && Metric(rawValue: "device_bytes")?.unit == "bytes")
        #expect(Metric(rawValue: "open_files")?.isBytes == false && Metric(rawValue: "open_files")?.unit == "units")
        // Messages say a count's own unit, not bytes (the gate's baseline rules).
        #expect(Metric(rawValue: "open_files")?.perModel == "units/model")
        #expect(Metric(rawValue: "device_bytes")?.perModel == "B/model" && Metric.graphNodes.perModel == "nodes/model")
    }

    /// The built-ins keep their names, order and JSON; a loop's own metric sorts after them.
    @Test func builtInsKeepTheirNamesOrderAndJSON() throws {
        #expect(
            Metric.builtIns.map(\.rawValue) == [
                "live_bytes", "allocated", "active", "resident", "mapped", "retained", "metadata", "graph_nodes", "arena_used_bytes",
                "arena_reserved_bytes", "name_entries",
            ])
        let device = Self.device
        let zeta = Metric(rawValue: "a_count")!
        #expect([device, .nameEntries, zeta, .liveBytes].sorted() == [.liveBytes, .nameEntries, zeta, device])
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let json = String(decoding: try encoder.encode([Metric.allocated: 1, device: 2]), as: UTF8.self)
        #expect(json == #"{"allocated":1,"device_bytes":2}"#, "a dictionary keyed by metric is a JSON object, as before")
        #expect(String(decoding: try encoder.encode([Metric.liveBytes]), as: UTF8.self) == #"["live_bytes"]"#)
        #expect(try JSONDecoder().decode([Metric].self, from: Data(#"["graph_nodes","device_bytes"]"#.utf8)) == [.graphNodes, device])
        #expect(throws: DecodingError.self) { try JSONDecoder().decode([Metric].self, from: Data(#"["Not A Metric"]"#.utf8)) }
    }
}
