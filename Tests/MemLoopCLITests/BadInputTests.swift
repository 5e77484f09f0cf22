import Foundation
import TestSupport
import Testing

@Suite struct BadInputTests {
    static let hugeSweep: [String] = {
        let values = (1...40).map { String($0) }
        return ["sweep", "--layers"] + values + ["--units"] + values
    }()

    @Test(
        arguments: [
            (["run", "--iterations", "0"], "--iterations must be at least 1, got 0"),
            (["run", "--iterations=-5"], "--iterations must be at least 1"),
            (["run", "--iterations", "abc"], "abc"),
            (["run", "--models-per-iteration", "1000000000"], "--models-per-iteration must be at most"),
            (["run", "--input-size", "0"], "--input-size must be at least 1"),
            (["run", "--epsilon=-1"], "is not a tolerance"),
            (["sweep", "--epsilon=nan"], "is not a tolerance"),
            (["gate", "--epsilon=-2"], "is not a tolerance"),
            (["run", "--arms", "sideways"], "sideways"),
            (["analyze"], "Missing expected argument"),
            (["frobnicate"], "frobnicate"),
            (["run", "--sample-every", "0"], "The value '0' is invalid for '--sample-every <k|auto>'"),
            (["run", "--input-size", "1000000", "--units", "1000"], "MiB (110 iterations × 1 models of 10 layers), more than 80% of this machine's"),
            (["run", "--models-per-iteration", "10000000", "--layers", "1000"], "more than 80% of this machine's"),
            (BadInputTests.hugeSweep, "the grid has 6400 configurations; at most 1000"),
            (["gate", "--metric-tolerance", "live_bytes=inf,0"], "must look like live_bytes=0.05,4"),
            (["gate", "--metric-tolerance", "resident=0.1,8"], "with a gated metric"),
            (["gate", "--tolerance", "loose"], "loose"),
            (["run", "--output", ""], "the output folder is empty"),
        ] as [([String], String)])
    func invalidArgumentsExitWithUsageCode(arguments: [String], message: String) throws {
        let result = try InProcessCommand.run(arguments)
        #expect(result.status == .usage, "\(arguments): \(result)")
        #expect(result.message.contains(message), "\(result.message)")
    }

    /// What `main()` makes of a usage error, seen from outside: the message on stderr, the
    /// status, nothing on stdout — for a parse error, a validation error and a refusal in `run()`.
    @Test(arguments: [
        (["run", "--iterations", "abc"], "abc"),
        (["run", "--iterations", "0"], "Error: --iterations must be at least 1, got 0"),
        (["run", "--output", ""], "error: the output folder is empty"),
    ])
    func aUsageErrorPrintsItsMessageOnStderrOnly(arguments: [String], message: String) throws {
        let output = try MemLoopBinary.run(arguments)
        #expect(output.exitStatus == .usage, "\(arguments): \(output.stderr)")
        #expect(output.stderr.contains(message), "\(output.stderr)")
        #expect(output.stdout.isEmpty)
    }

    @Test func anOutputFolderThatIsAFileIsRefusedAndKept() throws {
        let folder = try TestFolder.create(prefix: "memloop-cli")
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("taken")
        try Data("precious".utf8).write(to: file)
        for arguments in [["run", "--iterations", "10"], ["analyze", Self.fixture("memloop_unbuilt.csv")]] {
            let result = try InProcessCommand.run(arguments + ["--output", file.path])
            #expect(result.status == .outputFailed, "\(arguments): \(result)")
            #expect(result.message.contains("it is a file, not a folder"), "\(result.message)")
            #expect(try String(contentsOf: file, encoding: .utf8) == "precious")
        }
    }

    @Test func anOutputFolderThatCannotBeCreatedIsRefused() throws {
        let result = try InProcessCommand.run(["run", "--iterations", "10", "--output", "/proc/memloop-cannot-be-here/reports"])
        #expect(result.status == .outputFailed, "\(result)")
        #expect(result.message.contains("the folder cannot be created"))
        #expect(result.message.contains("choose another --output folder"))
        #expect(!result.stdout.contains("Reports:"), "no reports announced")
    }

    @Test(arguments: [
        ["analyze", BadInputTests.fixture("memloop_unbuilt.csv"), "--output", ""],
        [
            "compare", BadInputTests.fixture("memloop_unbuilt.csv"), BadInputTests.fixture("memloop_unbuilt.csv"), "--label", "a", "--label", "b", "--output",
            "",
        ],
    ])
    func anEmptyOutputFolderIsAUsageErrorForTheReadersToo(arguments: [String]) throws {
        // Not the current directory: an empty name is a mistake, as it is for `run`.
        let result = try InProcessCommand.run(arguments)
        #expect(result.status == .usage, "\(arguments): \(result)")
        #expect(result.message.contains("the output folder is empty"), "\(result.message)")
        #expect(!result.stdout.contains("Reports:"), "no reports announced")
    }

    static func fixture(_ name: String) -> String {
        MemLoopBinary.packageRoot.appendingPathComponent("Tests/Fixtures/\(name)").path
    }

    @Test(arguments: [
        ("", "the file is empty"),
        ("a,b\n1,2\n", "no \"arm\" column"),
        ("arm,iteration,models_built,live_bytes\nx,0,1,5\nx,1,2,6\nx,2,3\n", "bad.csv:4: the live_bytes cell is empty"),
        ("arm,iteration,models_built,live_bytes\nx,0,1,5\nx,1,2,zz\n", "bad.csv:3:"),
        ("arm,iteration,models_built,live_bytes\nx,0,1,5\n", "single row"),
    ])
    func malformedCSVExitsWithInvalidInputAndWritesNothing(text: String, message: String) throws {
        let folder = try TestFolder.create(prefix: "memloop-cli")
        defer { try? FileManager.default.removeItem(at: folder) }
        let csv = folder.appendingPathComponent("bad.csv")
        try Data(text.utf8).write(to: csv)
        let result = try InProcessCommand.run(["analyze", csv.path])
        #expect(result.status == .invalidInput, "\(result)")
        #expect(result.message.contains(message), "\(result.message)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["bad.csv"])
    }

    @Test func aMissingCSVSaysWhatToPass() throws {
        let result = try InProcessCommand.run(["analyze", "/nonexistent/samples.csv"])
        #expect(result.status == .invalidInput, "\(result)")
        #expect(result.message.contains("cannot read /nonexistent/samples.csv"))
        #expect(result.message.contains("pass the path of a samples CSV"))
    }

    @Test func helpExplainsTheCommandsAndExitCodes() throws {
        let root = try MemLoopBinary.run(["--help"])
        #expect(root.exitStatus == .success)
        for text in ["run", "analyze", "names", "stats", "Exit codes", "3 jemalloc is not the active allocator"] {
            #expect(root.stdout.contains(text), "--help lacks \(text)")
        }
        #expect(!root.stdout.contains("_arm"), "the child-process command stays hidden")
        let run = try MemLoopBinary.run(["run", "--help"])
        for option in ["--iterations", "--models-per-iteration", "--input-size", "--reset-mode", "--warm-up", "--epsilon", "--output", "--in-process"] {
            #expect(run.stdout.contains(option), "run --help lacks \(option)")
        }
    }

    @Test func aClosedOrFullStderrKeepsTheDocumentedExitStatus() throws {
        for redirect in ["2>&-", "2>/dev/full"] {
            let shell = try MemLoopBinary.runProcess(
                URL(fileURLWithPath: "/bin/sh"), ["-c", "'\(MemLoopBinary.url.path)' analyze /nonexistent.csv \(redirect)"]
            )
            #expect(shell.exitStatus == .invalidInput, "\(redirect): \(shell.status)")
        }
    }

    @Test func inputsThatAreNotRegularFilesOrLackThePrimaryMetricAreRefusedWithExit5() throws {
        let folder = try TestFolder.create(prefix: "memloop-cli")
        defer { try? FileManager.default.removeItem(at: folder) }
        let onlyLive = folder.appendingPathComponent("live.csv")
        let rows = (0..<6).map { "clear,\($0),\($0 + 1),5" }.joined(separator: "\n")
        try Data("arm,iteration,models_built,live_bytes\n\(rows)\n".utf8).write(to: onlyLive)
        let latin1 = folder.appendingPathComponent("latin1.csv")
        try Data([0x61, 0x72, 0x6d, 0xe9, 0x0a]).write(to: latin1)
        let fifo = folder.appendingPathComponent("fifo.csv")
        #expect(mkfifo(fifo.path, 0o644) == 0)
        // 1.5 GiB, sparse: refused by its size before a byte is read (the cap every samples reader shares).
        let huge = folder.appendingPathComponent("huge.csv")
        #expect(FileManager.default.createFile(atPath: huge.path, contents: nil))
        let handle = try FileHandle(forWritingTo: huge)
        try handle.truncate(atOffset: 3 << 29)
        try handle.close()
        let cases: [([String], String)] = [
            (["analyze", folder.path], "it is a folder"),
            (["analyze", "/dev/null"], "not a regular file"),
            (["analyze", fifo.path], "not a regular file (a FIFO, socket or device)"),
            (["analyze", huge.path], "1536 MiB is more than the 1024 MiB this command reads"),
            (["compare", huge.path, onlyLive.path, "--label", "a", "--label", "b"], "1536 MiB is more than the 1024 MiB this command reads"),
            (["analyze", latin1.path], "not UTF-8 text"),
            (["compare", onlyLive.path, onlyLive.path, "--label", "a", "--label", "b", "--primary", "allocated"], "has no allocated column to decide on"),
        ]
        for (arguments, message) in cases {
            let result = try InProcessCommand.run(arguments + ["--output", folder.appendingPathComponent("out").path])
            #expect(result.status == .invalidInput, "\(arguments): \(result)")
            #expect(result.message.contains(message), "\(arguments): \(result.message)")
        }
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("out").path), "nothing written for a refused input")
        // Without --primary the data chooses: the only byte metric both files have.
        let live = try InProcessCommand.run([
            "compare", onlyLive.path, onlyLive.path, "--label", "a", "--label", "b", "--output", folder.appendingPathComponent("ok").path,
        ])
        #expect(live.outcome == .success, "\(live)")
        let summary = try Summary.read(folder.appendingPathComponent("ok/summary.json"))
        #expect(summary.arms.map(\.arm) == ["a/clear", "b/clear"])
        #expect(summary.arms.allSatisfy { $0.primary.metric == "live_bytes" && $0.verdict == "CONSTANT" })
    }

    @Test func aLowOpenFileLimitIsRaisedOrRefusedNeverACrash() throws {
        let binary = MemLoopBinary.url.path
        let folder = try TestFolder.create(prefix: "memloop-cli")
        defer { try? FileManager.default.removeItem(at: folder) }
        let soft = try MemLoopBinary.runProcess(
            URL(fileURLWithPath: "/bin/sh"), ["-c", "ulimit -Sn 100 && '\(binary)' run --iterations 10 --arms clear --output '\(folder.path)/soft'"])
        #expect(soft.exitStatus == .success, "a soft limit is raised to the hard one: \(soft.stderr)")
        for limit in [200, 10] {
            let hard = try MemLoopBinary.runProcess(
                URL(fileURLWithPath: "/bin/sh"), ["-c", "ulimit -n \(limit) && '\(binary)' run --iterations 10 --output '\(folder.path)'"])
            #expect(hard.exitStatus == .usage, "\(limit): \(hard.stderr)")
            #expect(hard.stderr.contains("the open-file limit (ulimit -n) is \(limit)"))
        }
    }
}
