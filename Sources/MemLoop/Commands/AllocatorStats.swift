import Foundation
import JemallocStats
import Model

/// `memloop stats`: jemalloc's identity, configuration and current statistics, or why it
/// is not in charge.
package enum AllocatorStats {
    /// The text to print; `purge` empties every arena's dirty pages first.
    package static func text(purge: Bool) throws(CommandFailure) -> String {
        let check = try MeasurementGuard.requireJemalloc()
        let info = try MeasurementGuard.read { () throws(JemallocError) in try Jemalloc.info() }
        let stats = try MeasurementGuard.read { () throws(JemallocError) in try Jemalloc.snapshot(purge: purge) }
        let live = try MeasurementGuard.read { () throws(JemallocError) in try Jemalloc.threadCounters().liveBytes }
        return render(info: info, check: check, stats: stats, threadLiveBytes: live)
    }

    static func render(info: AllocatorInfo, check: ActiveCheck, stats: StatsSnapshot, threadLiveBytes: Int64) -> String {
        let rows: [(String, String)] = [
            ("allocator", "jemalloc \(info.version)"),
            ("active check", check.explanation),
            ("config.stats", "\(info.configStats)"),
            ("opt.tcache", "\(info.optTcache)"),
            ("opt.narenas", "\(info.optNarenas)"),
            ("opt.dirty_decay_ms", "\(info.optDirtyDecayMs)"),
            ("MALLOC_CONF", info.mallocConf ?? "(unset)"),
            ("stats.allocated", bytes(stats.allocated)),
            ("stats.active", bytes(stats.active)),
            ("stats.resident", bytes(stats.resident)),
            ("stats.mapped", bytes(stats.mapped)),
            ("stats.retained", bytes(stats.retained)),
            ("stats.metadata", bytes(stats.metadata)),
            ("small.nrequests", "\(stats.smallNRequests)"),
            ("large.nrequests", "\(stats.largeNRequests)"),
            ("thread live bytes", bytes(Int(threadLiveBytes))),
        ]
        let width = rows.map(\.0.count).max() ?? 0
        return rows.map { $0.0.padding(toLength: width, withPad: " ", startingAt: 0) + "  " + $0.1 }
            .joined(separator: "\n")
    }

    static func bytes(_ value: Int) -> String {
        "\(value) B (\(String(format: "%.1f", Double(value) / 1_048_576)) MiB)"
    }
}
