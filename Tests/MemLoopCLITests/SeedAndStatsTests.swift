import Foundation
import TestSupport
import Testing

@Suite struct SeedAndStatsTests {
    @Test func namesPrintsTheSeedTranscript() throws {
        let output = try MemLoopBinary.run(["names"])
        #expect(output.exitStatus == .success)
        #expect(output.stdout == "dense_10\n1\ndense\n")
    }

    @Test func statsPrintsVersionAndTheSixStatistics() throws {
        let output = try MemLoopBinary.run(["stats", "--purge"])
        #expect(output.exitStatus == .success, "\(output.stderr)")
        #expect(output.stdout.contains("jemalloc 5."))
        #expect(output.stdout.contains("jemalloc is the active allocator"))
        for key in ["allocated", "active", "resident", "mapped", "retained", "metadata"] {
            #expect(output.stdout.contains("stats.\(key) "), "missing stats.\(key)")
        }
        let allocated = try #require(output.stdout.split(separator: "\n").first { $0.hasPrefix("stats.allocated ") }, "\(output.stdout)")
        let value = try #require(allocated.dropFirst("stats.allocated ".count).split(separator: " ").first.flatMap { Double($0) }, "\(allocated)")
        #expect(value > 0, "a zero is not a reading: \(allocated)")
    }

    /// A preloaded malloc takes the process away from jemalloc while mallctl still answers:
    /// `stats` must refuse with the documented code and the LD_PRELOAD hint, not print zeros.
    @Test func statsRefusesWhenAnotherAllocatorIsInCharge() throws {
        let folder = try TestFolder.create(prefix: "memloop-cli")
        defer { try? FileManager.default.removeItem(at: folder) }
        let shim = folder.appendingPathComponent("libc_malloc_shim.so")
        let source = MemLoopBinary.packageRoot.appendingPathComponent("Tests/Fixtures/libc_malloc_shim.c")
        let compiler = try MemLoopBinary.runProcess(
            URL(fileURLWithPath: "/usr/bin/env"), ["cc", "-shared", "-fPIC", "-O2", "-o", shim.path, source.path, "-ldl"]
        )
        try #require(compiler.status == 0, "a C compiler (cc) is needed to build the malloc shim for this test: \(compiler.stderr)")

        for command in [["stats"], ["run", "--iterations", "10", "--output", folder.appendingPathComponent("r").path]] {
            let output = try MemLoopBinary.run(command, environment: ["LD_PRELOAD": shim.path])
            #expect(output.exitStatus == .measurementUnavailable, "\(command): \(output.stderr)")
            #expect(output.stderr.contains("NOT the active allocator"))
            #expect(output.stderr.contains("LD_PRELOAD=/usr/lib/"))
            #expect(output.stdout.isEmpty, "nothing printed as if it were a measurement")
        }
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("r/summary.json").path))
    }
}
