import Analysis
import Foundation
import Harness
import Model
import Reports

/// `memloop run`: measures a loop's arms, finds where they grow when asked, writes the
/// reports and prints the table. The CLI parses flags into one of these and calls `run()`.
package struct LoopRun {
    package var loop: MeasuredLoop
    package var arms: [Arm]
    package var settings: DecisionSettings
    package var attribution: AttributionSettings
    /// Folder of the reports (created if missing; existing reports are replaced whole).
    package var output: String

    package init(loop: MeasuredLoop, arms: [Arm], settings: DecisionSettings, attribution: AttributionSettings, output: String) {
        self.loop = loop
        self.arms = arms
        self.settings = settings
        self.attribution = attribution
        self.output = output
    }

    /// - Throws: exit 7 when a control failed (after writing the reports), 130 after a
    ///   signal, and whatever stopped the measurement.
    package func run() throws(CommandFailure) {
        // The reference loop measures in this executable: refuse before anything (the output
        // folder and attribution's checks included) when jemalloc is not in charge. An
        // outside loop checks its own.
        if case .reference = loop { try MeasurementGuard.requireJemalloc() }
        let folder = try Diagnostics.outputFolder(output)
        let tools = attribution.kinds.isEmpty ? nil : try AttributionPass.preflight(kinds: attribution.kinds)
        let measured = try ArmExecution.measure(loop, arms: arms, settings: settings)
        var bundle = measured.bundle
        var outcome: AttributionPass.Outcome?
        if let tools, !Interruption.isRequested {
            switch loop {
            case let .reference(config, _):
                outcome = try AttributionPass.reference(
                    results: measured.results, analysis: bundle.analysis, config: config, settings: settings, options: attribution, tools: tools)
            case let .outside(outside):
                outcome = try AttributionPass.outside(
                    series: measured.series, analysis: bundle.analysis, loop: outside, settings: settings, options: attribution, tools: tools)
            }
        }
        if let outcome {
            bundle.summary.attribution = outcome.report
            bundle.markdown += outcome.report.markdown
        }
        let files: [URL]
        do { files = try bundle.write(to: folder, extra: outcome?.files ?? []) } catch { throw CommandFailure(.outputFailed, "\(error)") }
        let attributionFiles = Set((outcome?.files ?? []).map(\.0))
        print(ResultTable.text(bundle.analysis))
        print("Reports: \(ReportBundle.listing(files.filter { !attributionFiles.contains($0.lastPathComponent) }, in: folder))")
        if let outcome {
            print("")
            print(outcome.report.consoleText)
            print("Attribution: \(folder.path)/{\(outcome.files.map(\.0).joined(separator: ","))}")
        }
        if let failure = ArmExecution.interruption(wrote: folder) ?? ArmExecution.controlFailure(bundle.analysis) { throw failure }
    }
}
