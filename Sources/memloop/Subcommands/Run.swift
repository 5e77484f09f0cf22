import ArgumentParser
import Foundation
import Harness
import Reporting

/// The demonstration: both arms, every iteration sampled, verdicts and reports.
struct Run: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Build models in a loop with and without clearSession(), sample jemalloc every iteration, and give a verdict per arm.",
        discussion: """
            Each arm runs in its own child process (unless --in-process), so one arm's allocator state cannot colour \
            the other's. Writes samples.csv, summary.json, summary.md and memory.svg to the output folder. \
            Progress goes to stderr when it is a terminal; stdout holds only the result table.
            """
    )

    @OptionGroup var options: RunOptions

    @Option(parsing: .upToNextOption, help: "Arms to run, in order: clear, noclear.")
    var arms: [Arm] = [.clear, .noclear]

    @Option(help: "Folder for the reports (created if missing; existing reports are replaced whole).")
    var output = "Reports/latest"

    @Flag(name: .customLong("in-process"), help: "Run the arms one after the other in this process instead of one child process each.")
    var inProcess = false

    func validate() throws {
        if arms.isEmpty { throw ValidationError("--arms needs at least one of: clear, noclear") }
        if Set(arms).count != arms.count { throw ValidationError("--arms lists an arm twice") }
    }

    func run() throws {
        MeasurementGuard.requireJemalloc()
        let folder = Diagnostics.outputFolder(output)
        let results = ArmExecution.run(arms: arms, config: options.config, isolated: !inProcess)
        let bundle = ReportBundle(results: results, epsilon: options.epsilon)
        do { try bundle.write(to: folder) } catch { Diagnostics.fail(.outputFailed, "\(error)") }
        print(ResultTable.text(bundle.analysis))
        print("Reports: \(folder.path)/{samples.csv,summary.json,summary.md,memory.svg}")
        ArmExecution.exitIfInterrupted(wrote: folder)
        if let control = bundle.analysis.positiveControl, !control.passed {
            Diagnostics.fail(.measurementBroken, "positive control failed: \(control.message)")
        }
    }
}
