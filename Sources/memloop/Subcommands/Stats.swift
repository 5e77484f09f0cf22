import ArgumentParser
import JemallocStats
import MemLoop
import Model

/// Prints the allocator's identity and its current statistics.
struct Stats: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show jemalloc's version, configuration and current statistics (or why it is not in charge)."
    )

    @Flag(help: "Purge every arena first, so resident and mapped drop to what is really held.")
    var purge = false

    func run() throws {
        let check = try MeasurementGuard.requireJemalloc()
        let info = try MeasurementGuard.read { () throws(JemallocError) in try Jemalloc.info() }
        let stats = try MeasurementGuard.read { () throws(JemallocError) in try Jemalloc.snapshot(purge: purge) }
        let live = try MeasurementGuard.read { () throws(JemallocError) in try Jemalloc.threadCounters().liveBytes }
        print(StatsReport.render(info: info, check: check, stats: stats, threadLiveBytes: live))
    }
}
