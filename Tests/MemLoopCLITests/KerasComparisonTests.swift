import Foundation
import TestSupport
import Testing

/// The Keras side runs only where Scripts/keras_setup.sh installed TensorFlow; these
/// tests use a fixture recorded with it: tf-keras 2.21, the unbuilt seed model, 1,000
/// iterations after 50 of warm-up through the probe (`Reports/keras/tf-keras/unbuilt`).
@Suite struct KerasComparisonTests {
    var fixtures: URL { MemLoopBinary.packageRoot.appendingPathComponent("Tests/Fixtures") }

    @Test func analyzeReadsARealKerasRecording() throws {
        let folder = try TestFolder.create(prefix: "memloop-cli")
        defer { try? FileManager.default.removeItem(at: folder) }
        let result = try InProcessCommand.run([
            "analyze", fixtures.appendingPathComponent("keras_unbuilt_tf_keras_2.21.csv").path, "--primary", "allocated", "--output", folder.path,
        ])
        #expect(result.outcome == .success, "\(result)")
        #expect(result.stdout.contains("Verdicts on allocated"))
        let summary = try Summary.read(folder.appendingPathComponent("summary.json"))
        #expect(summary.arm("noclear")?.primary.metric == "allocated")
        #expect(summary.arm("clear")?.verdict == "GROWING", "tf-keras keeps ~34 B per clear_session()")
        #expect(summary.arm("clear").map { abs($0.primary.bytesPerIteration - 33.7) < 0.1 } == true)
        #expect(summary.arm("noclear")?.verdict == "CONSTANT", "an unbuilt model leaves nothing once garbage is collected")
        #expect(summary.arm("control")?.primary.ci95 == [0, 0])
        #expect(summary.positiveControl?.enforced == false, "no census: reported, not enforced")
    }

    @Test func compareDrawsKerasAndMemLoopSideBySide() throws {
        let folder = try TestFolder.create(prefix: "memloop-cli")
        defer { try? FileManager.default.removeItem(at: folder) }
        let result = try InProcessCommand.run([
            "compare", fixtures.appendingPathComponent("keras_unbuilt_tf_keras_2.21.csv").path,
            fixtures.appendingPathComponent("memloop_unbuilt.csv").path, "--label", "keras", "--label", "memloop", "--output", folder.path,
        ])
        #expect(result.outcome == .success, "\(result)")
        #expect(result.stdout.contains("memloop/clear    CONSTANT"), "\(result.stdout)")
        let summary = try Summary.read(folder.appendingPathComponent("summary.json"))
        for arm in ["keras/clear", "keras/noclear", "keras/control", "memloop/clear", "memloop/noclear"] {
            #expect(summary.arm(arm) != nil, "missing \(arm): \(summary.arms.map(\.arm))")
        }
        #expect(summary.arm("memloop/clear")?.verdict == "CONSTANT")
        #expect(summary.arm("keras/clear")?.verdict == "GROWING")
        #expect(summary.arms.allSatisfy { $0.primary.metric == "allocated" }, "compare decides on allocated by default")
        #expect(summary.positiveControl?.enforced == true, "memloop/noclear has a census: found by role, not by its label")
        #expect(summary.positiveControl?.passed == false, "keras/noclear is CONSTANT")
        let svg = try ParsedXML.parse(folder.appendingPathComponent("memory.svg"))
        #expect(svg.name == "svg")
        let texts = svg.elements(named: "text").map(\.allText)
        #expect(texts.contains { $0.hasPrefix("Growth since warm-up") }, "\(texts)")
        #expect(texts.contains { $0.hasPrefix("keras/clear: GROWING") }, "the legend gives each arm's verdict: \(texts)")
        #expect(texts.contains { $0.hasPrefix("memloop/clear: CONSTANT") }, "\(texts)")
    }

    @Test func analyzeWritesItsReportsBesideTheCSVByDefault() throws {
        let folder = try TestFolder.create(prefix: "memloop-cli")
        defer { try? FileManager.default.removeItem(at: folder) }
        let csv = folder.appendingPathComponent("samples.csv")
        try FileManager.default.copyItem(at: fixtures.appendingPathComponent("memloop_unbuilt.csv"), to: csv)
        let result = try InProcessCommand.run(["analyze", csv.path])
        #expect(result.outcome == .success, "\(result)")
        let analysis = folder.appendingPathComponent("analysis")
        let summary = try Summary.read(analysis.appendingPathComponent("summary.json"))
        #expect(summary.arms.map(\.arm) == ["clear", "noclear"])
        #expect(summary.arms.map(\.verdict) == ["CONSTANT", "GROWING"])
        #expect(summary.arm("noclear")?.primary.metric == "live_bytes", "live_bytes decides when the CSV has it")
        #expect(summary.positiveControl?.enforced == true && summary.positiveControl?.passed == true, "the census predicts MemLoop's noclear arm")
        #expect(summary.negativeControl == nil, "no control arm in the CSV")
        let svg = try ParsedXML.parse(analysis.appendingPathComponent("memory.svg"))
        let legends = svg.elements(named: "text").map(\.allText)
        #expect(legends.contains { $0.hasPrefix("noclear: GROWING") }, "\(legends)")
        #expect(legends.contains { $0.hasPrefix("Memory against iteration") }, "\(legends)")
        let markdown = try String(contentsOf: analysis.appendingPathComponent("summary.md"), encoding: .utf8)
        #expect(markdown.contains("GROWING"))
    }

    @Test(
        arguments: [
            (["compare", "Tests/Fixtures/memloop_unbuilt.csv"], "at least two CSV files; for one, use `memloop analyze`"),
            (["compare", "a/x.csv", "a/y.csv"], "labels must differ"),
            (["compare", "a/x.csv", "b/y.csv", "--label", "only"], "give one --label per file (2), or none"),
            (["compare", "a/x.csv", "b/y.csv", "--warm-up=-1"], "--warm-up must be at least 0, got -1"),
            (["compare", "a/x.csv", "b/y.csv", "--primary", "Bogus"], "Bogus"),
            (["analyze", "x.csv", "--warm-up=-3"], "--warm-up must be at least 0, got -3"),
            (["analyze", "x.csv", "--epsilon=inf"], "is not a tolerance"),
        ] as [([String], String)])
    func compareAndAnalyzeRefuseBadArgumentsAsUsage(arguments: [String], message: String) throws {
        let result = try InProcessCommand.run(arguments)
        #expect(result.status == .usage, "\(arguments): \(result)")
        #expect(result.message.contains(message), "\(result.message)")
    }

    @Test func theKerasScriptSaysHowToInstallWhatIsMissing() throws {
        let folder = try TestFolder.create(prefix: "memloop-cli")
        defer { try? FileManager.default.removeItem(at: folder) }
        // -S: no site packages, so TensorFlow is missing even where it is installed.
        let output = try MemLoopBinary.runProcess(
            URL(fileURLWithPath: "/usr/bin/env"),
            [
                "python3", "-S", MemLoopBinary.packageRoot.appendingPathComponent("Examples/python/seed_loop.py").path,
                "--api", "tf-keras", "--arm", "clear", "--iterations", "5", "--output", folder.appendingPathComponent("k.csv").path,
            ],
            environment: ["LD_PRELOAD": "/usr/lib/x86_64-linux-gnu/libjemalloc.so.2", "PYTHONMALLOC": "malloc"]
        )
        // The script's own code 1 ("Keras/TensorFlow not installed"), not one of memloop's.
        #expect(output.status == 1, "\(output.stderr)")
        #expect(output.stderr.contains("tf-keras is not installed"))
        #expect(output.stderr.contains("Scripts/keras_setup.sh"))
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("k.csv").path))
    }
}
