import Foundation
import Harness
import JemallocStats
import Model
import Reports

/// `memloop bench`: speed and memory figures of the reference loop and the sampler,
/// written as bench.json and bench.md.
package struct BenchRun {
    package var repeats: Int
    package var longRunModels: Int
    package var output: String

    package init(repeats: Int, longRunModels: Int, output: String) {
        self.repeats = repeats
        self.longRunModels = longRunModels
        self.output = output
    }

    package func run() throws(CommandFailure) {
        try MeasurementGuard.requireJemalloc()
        let folder = try Diagnostics.outputFolder(output)
        #if DEBUG
        Diagnostics.note("warning: this is a debug build; figures are not comparable (build with -c release)")
        #endif
        let benchmarks = Benchmarks(repeats: repeats, longRunModels: longRunModels)
        let figures: [BenchFigure]
        do {
            figures = try benchmarks.run { Diagnostics.note("  \($0)") }
        } catch {
            throw CommandFailure(error)
        }
        let report = BenchReport(figures: figures, jemallocVersion: try? Jemalloc.info().version)
        try Diagnostics.write(
            [
                ("bench.json", report.json),
                ("bench.md", { Data(report.markdown.utf8) }),
            ], in: folder)
        print(report.markdown)
    }
}
