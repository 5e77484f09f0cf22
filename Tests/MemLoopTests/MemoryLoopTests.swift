import Foundation
import GraphCore
import MemLoop
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// The library's public API, as a Swift user's test would call it. Serialized: the
/// reference loop's session is process-wide.
@Suite(.serialized) struct MemoryLoopTests {
    @Test func theSeedLoopThroughThePublicAPI() throws {
        let report = try MemoryLoop(iterations: 100) { arm in
            if arm.clears { clearSession() }
            if arm.builds { _ = try Sequential((0..<10).map { _ in Dense(10) }) }
        }.run()
        clearSession()
        #expect(report.clear.verdict == .constant, "\(report.clear)")
        #expect(report.clear.interval == 0...0)
        #expect(report.noclear.verdict == .growing, "\(report.noclear)")
        #expect(abs(report.noclear.bytesPerModel - 356) < 12, "11 records of 32 B plus chunk headers: \(report.noclear)")
        #expect(report.control.verdict == .constant, "\(report.control)")
        #expect(report.controlsPassed)
        #expect(report.negativeControl?.passed == true)
    }

    @Test func aLoopThatLeaksIsGrowingByItsLeak() throws {
        // Blocks kept in storage reserved before the loop: the only growth is the leak.
        var kept: [UnsafeMutableRawPointer] = []
        kept.reserveCapacity(400)
        defer { kept.forEach { free($0) } }
        let report = try MemoryLoop(iterations: 100, arms: [.clear, .control]) { arm in
            if arm.builds { kept.append(malloc(100)!) }  // jemalloc serves 100 B from its 112-byte class
        }.run()
        #expect(report.clear.verdict == .growing)
        #expect(report.clear.bytesPerIteration == 112, "\(report.clear)")
        #expect(report.clear.description.hasPrefix("clear: GROWING, 112.0 B/iteration [112.0, 112.0]"))
        #expect(report.control.verdict == .constant)
        #expect(report.arm(.noclear) == nil)
    }

    @Test func aReportIsWrittenLikeTheCommandsReports() throws {
        let report = try MemoryLoop(iterations: 20, warmUp: 2) { _ in }.run()
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("memloop-api-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let files = try report.write(to: folder)
        #expect(files.map(\.lastPathComponent) == ["samples.csv", "summary.json", "summary.md", "memory.svg"])
        let csv = try String(contentsOf: folder.appendingPathComponent("samples.csv"), encoding: .utf8)
        #expect(!csv.contains("graph_nodes"), "a closure's loop has no census columns")
        #expect(report.arms.map(\.verdict) == [.constant, .constant, .constant])
        #expect(report.table.contains("control  CONSTANT"))
    }

    @Test func invalidSettingsAndAThrowingBodyAreTypedErrors() throws {
        #expect(throws: MemoryLoopError.self) { try MemoryLoop(iterations: 0) { _ in }.run() }
        #expect(throws: MemoryLoopError.self) { try MemoryLoop(epsilon: -1) { _ in }.run() }
        struct Boom: Error {}
        do {
            _ = try MemoryLoop(iterations: 10) { arm in if arm == .noclear { throw Boom() } }.run()
            Issue.record("the body's error must stop the run")
        } catch {
            #expect(error == .bodyThrew(.noclear, "Boom()"))
        }
    }
}
