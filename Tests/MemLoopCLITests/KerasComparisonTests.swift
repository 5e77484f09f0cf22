import Foundation
import Testing

/// The Keras side runs only where Scripts/keras_setup.sh installed TensorFlow; these
/// tests use a fixture recorded with it: tf-keras 2.21, the unbuilt seed model, 1,000
/// iterations after 50 of warm-up through the probe (`Reports/keras/tf-keras/unbuilt`).
@Suite struct KerasComparisonTests {
    var fixtures: URL { MemLoopBinary.packageRoot.appendingPathComponent("Tests/Fixtures") }

    @Test func analyzeReadsARealKerasRecording() throws {
        let folder = try MemLoopBinary.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let output = try MemLoopBinary.run([
            "analyze", fixtures.appendingPathComponent("keras_unbuilt_tf_keras_2.21.csv").path, "--primary", "allocated", "--output", folder.path,
        ])
        #expect(output.status == 0, "\(output.stderr)")
        #expect(output.stdout.contains("Verdicts on allocated"))
        let summary = try Summary.read(folder.appendingPathComponent("summary.json"))
        #expect(summary.arm("noclear")?.primary.metric == "allocated")
        #expect(summary.arm("clear")?.verdict == "GROWING", "tf-keras keeps ~34 B per clear_session()")
        #expect(summary.arm("clear").map { abs($0.primary.bytesPerIteration - 33.7) < 0.1 } == true)
        #expect(summary.arm("noclear")?.verdict == "CONSTANT", "an unbuilt model leaves nothing once garbage is collected")
        #expect(summary.arm("control")?.primary.ci95 == [0, 0])
        #expect(summary.positiveControl?.enforced == false, "no census: reported, not enforced")
    }

    @Test func compareDrawsKerasAndMemLoopSideBySide() throws {
        let folder = try MemLoopBinary.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let output = try MemLoopBinary.run([
            "compare", fixtures.appendingPathComponent("keras_unbuilt_tf_keras_2.21.csv").path,
            fixtures.appendingPathComponent("memloop_unbuilt.csv").path, "--label", "keras", "--label", "memloop", "--output", folder.path,
        ])
        #expect(output.status == 0, "\(output.stderr)")
        for arm in ["keras/clear", "keras/noclear", "keras/control", "memloop/clear", "memloop/noclear"] {
            #expect(output.stdout.contains(arm), "missing \(arm)")
        }
        #expect(output.stdout.contains("memloop/clear    CONSTANT"))
        let svg = try String(contentsOf: folder.appendingPathComponent("memory.svg"), encoding: .utf8)
        #expect(svg.contains("keras/clear: GROWING"))
        let summary = try Summary.read(folder.appendingPathComponent("summary.json"))
        #expect(summary.positiveControl?.enforced == true, "memloop/noclear has a census: found by role, not by its label")
        #expect(summary.positiveControl?.passed == false, "keras/noclear is CONSTANT")
        #expect(svg.contains("Growth since warm-up"))
    }

    @Test func compareNeedsTwoFilesAndDistinctLabels() throws {
        let one = try MemLoopBinary.run(["compare", fixtures.appendingPathComponent("memloop_unbuilt.csv").path])
        #expect(one.status == 64)
        #expect(one.stderr.contains("at least two CSV files"))
        let same = try MemLoopBinary.run(["compare", "a/x.csv", "a/y.csv"])
        #expect(same.status == 64)
        #expect(same.stderr.contains("labels must differ"))
    }

    @Test func theKerasScriptSaysHowToInstallWhatIsMissing() throws {
        let folder = try MemLoopBinary.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        // -S: no site packages, so TensorFlow is missing even where it is installed.
        let output = try MemLoopBinary.runProcess(
            URL(fileURLWithPath: "/usr/bin/env"),
            [
                "python3", "-S", MemLoopBinary.packageRoot.appendingPathComponent("Scripts/keras_loop.py").path,
                "--single-arm", "clear", "--iterations", "5", "--output", folder.appendingPathComponent("k.csv").path,
            ],
            environment: ["LD_PRELOAD": "/usr/lib/x86_64-linux-gnu/libjemalloc.so.2", "PYTHONMALLOC": "malloc"]
        )
        #expect(output.status == 1, "\(output.stderr)")
        #expect(output.stderr.contains("tf-keras is not installed"))
        #expect(output.stderr.contains("Scripts/keras_setup.sh"))
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("k.csv").path))
    }
}
