import ArgumentParser
import MemLoop

/// The analysis of a samples CSV written by `run` or by another tool.
struct Analyze: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Analyse a samples CSV (from `run` or another tool) and write summary.json, summary.md and memory.svg.",
        discussion: """
            The CSV needs the columns arm, iteration and models_built and at least one metric column \
            (live_bytes, allocated, …); further columns named like device_bytes are metrics of the loop's own, \
            analysed and charted beside them; see Reports/README.md. Samples marked warmup=1 are left out; \
            without a warmup column, --warm-up sets how many first iterations to leave out.
            """
    )

    @Argument(help: "The samples CSV to analyse.")
    var file: String

    @Option(help: "Folder for the reports (default: an 'analysis' folder beside the CSV).")
    var output: String?

    @OptionGroup var decision: DecisionOptions

    @Option(name: .customLong("warm-up"), help: "Iterations to leave out when the CSV has no warmup column.")
    var warmUp = 0

    func validate() throws {
        if warmUp < 0 { throw ValidationError("--warm-up must be at least 0, got \(warmUp)") }
    }

    func run() throws {
        try SamplesReport.analyze(file: file, output: output, warmUp: warmUp, settings: decision.settings())
    }
}
