import Analysis
import ArgumentParser
import Foundation
import MemLoop
import Model
import Reports

/// Several samples CSVs side by side: e.g. real Keras and MemLoop's own core.
struct Compare: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Analyse several samples CSVs side by side (e.g. Keras and MemLoop) in one table and one chart.",
        discussion: "Arms are labelled SOURCE/ARM; the chart shows each arm's growth since warm-up so that loops of very different sizes share an axis."
    )

    @Argument(help: "Samples CSVs to compare (from `run`, `run --command` or any tool writing the schema).")
    var files: [String]

    @Option(name: .customLong("label"), help: "A label per file, in order (default: the file's folder name).")
    var labels: [String] = []

    @Option(help: "Folder for summary.json, summary.md and memory.svg.")
    var output = "Reports/compare"

    @OptionGroup var tolerance: ToleranceOptions

    @Option(name: .customLong("warm-up"), help: "Iterations to leave out for files without a warmup column.")
    var warmUp = 0

    @OptionGroup var primaryOption: PrimaryOption
    var primary: Metric? { primaryOption.primary }

    func validate() throws {
        if files.count < 2 { throw ValidationError("compare needs at least two CSV files; for one, use `memloop analyze`") }
        if !labels.isEmpty && labels.count != files.count {
            throw ValidationError("give one --label per file (\(files.count)), or none")
        }
        if Set(resolvedLabels).count != files.count { throw ValidationError("labels must differ; pass --label for each file") }
        if warmUp < 0 { throw ValidationError("--warm-up must be at least 0, got \(warmUp)") }
    }

    var resolvedLabels: [String] {
        labels.isEmpty ? files.map { URL(fileURLWithPath: $0).deletingLastPathComponent().lastPathComponent } : labels
    }

    func run() throws {
        var all: [ArmSeries] = []
        for (file, label) in zip(files, resolvedLabels) {
            let series = try InputFile.samples(file, warmUp: warmUp)
            if let primary, let absence = MetricChoice.absence(of: primary, in: series) { throw CommandFailure(.invalidInput, "\(file): \(absence)") }
            all += series.map { series in
                var renamed = series
                renamed.arm = "\(label)/\(series.arm)"
                return renamed
            }
        }
        let folder = try Diagnostics.outputFolder(output)
        let bundle = ReportBundle(series: all, tolerance: tolerance.value, comparison: true, primary: primary)
        do { try bundle.write(to: folder) } catch { throw CommandFailure(.outputFailed, "\(error)") }
        print(ResultTable.text(bundle.analysis))
        print("Reports: \(folder.path)/{summary.json,summary.md,memory.svg}")
    }
}
