import MemLoop
import Testing
import ToyFramework

@Suite(.serialized) struct MemoryTests {
    @Test func buildingModelsWithResetDoesNotGrow() throws {
        _ = ToyFramework.buildModel()  // first use: the registry's storage and runtime metadata
        ToyFramework.reset()
        let report = try MemoryLoop(iterations: 100, warmUp: 20) { arm in
            if arm.clears { ToyFramework.reset() }
            if arm.builds { _ = ToyFramework.buildModel() }
        }.run()
        ToyFramework.reset()
        #expect(report.clear.verdict == .constant, "\(report.clear)")
        #expect(report.control.verdict == .constant, "\(report.control)")
        #expect(report.noclear.verdict == .growing, "\(report.noclear)")
    }

    @Test func aCacheThatResetForgetsIsFound() throws {
        LeakyFramework.prepare(capacity: 1_000)
        let report = try MemoryLoop(iterations: 100) { arm in
            if arm.clears { LeakyFramework.reset() }
            if arm.builds { LeakyFramework.buildModel() }
        }.run()
        // The Markdown report travels with the test's results (kept when `swift test` is
        // given --attachments-path); `report.write(to:)` keeps the CSV and chart as well.
        Attachment.record(report.markdown, named: "leaky-framework.md")
        // An [UInt8] of 80 bytes is 112 bytes with its header: jemalloc's 112-byte class.
        #expect(report.clear.verdict == .growing, "\(report.clear)")
        #expect(report.clear.bytesPerIteration == 112, "\(report.clear)")
        #expect(report.control.verdict == .constant, "\(report.control)")
    }
}
