import Analysis
import Foundation
import Model
import Reports

/// `memloop analyze` and `memloop compare`: reports from samples CSVs already written
/// (by `run`, or by any tool writing the schema), which are never rewritten.
package enum SamplesReport {
    /// One CSV's arms analysed; reports in `output`, by default an `analysis` folder beside the file.
    package static func analyze(file: String, output: String?, warmUp: Int, settings: DecisionSettings) throws(CommandFailure) {
        let series = try InputFile.samples(file, warmUp: warmUp)
        if let primary = settings.primary, let absence = MetricChoice.absence(of: primary, in: series) {
            throw CommandFailure(.invalidInput, "\(file): \(absence)")
        }
        let folder = try Diagnostics.outputFolder(output ?? URL(fileURLWithPath: file).deletingLastPathComponent().appendingPathComponent("analysis").path)
        try write(ReportBundle(series: series, settings: settings), to: folder)
    }

    /// Several CSVs side by side, each arm labelled `label/arm`.
    package static func compare(files: [String], labels: [String], output: String, warmUp: Int, settings: DecisionSettings) throws(CommandFailure) {
        var all: [ArmSeries] = []
        for (file, label) in zip(files, labels) {
            let series = try InputFile.samples(file, warmUp: warmUp)
            if let primary = settings.primary, let absence = MetricChoice.absence(of: primary, in: series) {
                throw CommandFailure(.invalidInput, "\(file): \(absence)")
            }
            all += series.map { series in
                var renamed = series
                renamed.arm = "\(label)/\(series.arm)"
                return renamed
            }
        }
        let folder = try Diagnostics.outputFolder(output)
        try write(ReportBundle(series: all, settings: settings, comparison: true), to: folder)
    }

    private static func write(_ bundle: ReportBundle, to folder: URL) throws(CommandFailure) {
        let files: [URL]
        do { files = try bundle.write(to: folder) } catch { throw CommandFailure(.outputFailed, "\(error)") }
        print(ResultTable.text(bundle.analysis))
        print("Reports: \(ReportBundle.listing(files, in: folder))")
    }
}
