import Foundation
import TestSupport
import Testing

@Suite struct BenchAndSweepTests {
    @Test func sweepWritesOneRowPerConfigurationAndACostModel() throws {
        let folder = try TestFolder.create(prefix: "memloop-cli")
        defer { try? FileManager.default.removeItem(at: folder) }
        let output = try MemLoopBinary.run([
            "sweep", "--layers", "10", "20", "--units", "10", "--models-per-iteration", "10", "--iterations", "30", "--output", folder.path,
        ])
        #expect(output.exitStatus == .success, "\(output.stderr)")
        let csv = try ParsedCSV.read(folder.appendingPathComponent("sweep.csv"))
        #expect(
            csv.columns == [
                "layers", "units", "models_per_iteration", "input_size", "parameters", "noclear_bytes_per_model", "noclear_verdict",
                "clear_bytes_per_model", "clear_verdict", "us_per_model",
            ])
        #expect(csv.rows.count == 4, "2 layer counts × built/unbuilt")
        #expect(Set(csv.column("layers")) == ["10", "20"])
        #expect(csv.column("noclear_verdict").allSatisfy { $0 == "GROWING" }, "\(csv.rows)")
        #expect(csv.column("clear_verdict").allSatisfy { $0 == "CONSTANT" }, "\(csv.rows)")
        #expect(output.stdout.contains("Cost model (noclear arm): bytes/model ≈"))
    }

    @Test func benchWritesEveryFigureWithTargets() throws {
        let folder = try TestFolder.create(prefix: "memloop-cli")
        defer { try? FileManager.default.removeItem(at: folder) }
        let output = try MemLoopBinary.run(["bench", "--repeats", "1", "--long-run-models", "20000", "--output", folder.path])
        #expect(output.exitStatus == .success, "\(output.stderr)")
        let object = try JSONSerialization.jsonObject(with: Data(contentsOf: folder.appendingPathComponent("bench.json"))) as? [String: Any]
        let figures = object?["figures"] as? [[String: Any]] ?? []
        let names = figures.compactMap { $0["name"] as? String }
        for expected in [
            "ns per model: unbuilt seed model, clear", "full flushed snapshot", "thread live-bytes read",
            "clearSession(.keepCapacity) with 1000 nodes", "time per model at the end ÷ at the start",
            "bytes of state per built seed model (input 10), census used",
        ] {
            #expect(names.contains(expected), "missing \(expected)")
        }
        let census = figures.first { $0["name"] as? String == "bytes of state per built seed model (input 10), census used" }
        #expect(census?["median"] as? Double == 4_752, "11 records + 1,100 floats")
    }
}
