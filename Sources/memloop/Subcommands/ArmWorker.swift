import ArgumentParser
import Foundation
import Harness
import MemLoop
import Model
import Reports

/// The child process of an isolated reference-loop arm (`run`, `gate`, `calibrate`, `sweep`,
/// attribution's profiled pass): measures one arm and writes its result (`ArmResultFile`).
struct ArmWorker: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: ArmProcess.subcommand,
        abstract: "Measure one arm and write its samples as JSON (used by the measuring commands).",
        shouldDisplay: false
    )

    @Argument var arm: Arm
    @Option var config: String
    @Option var output: String
    @Flag var progress = false

    func run() throws {
        guard ParentWatch.dieWithParent() else { throw CommandFailure(.armFailed, "the parent process is gone") }
        Interruption.install()
        let decoded: RunConfig
        do {
            decoded = try JSONDecoder().decode(RunConfig.self, from: Data(config.utf8))
        } catch {
            throw CommandFailure(.usage, "--config is not a run configuration: \(error)")
        }
        let result: ArmResult
        do throws(HarnessError) {
            result = try MemoryLoop(reference: decoded).measure(arm, showProgress: progress)
        } catch {
            throw CommandFailure(error)
        }
        do {
            let url = URL(fileURLWithPath: output)
            let (json, samples) = try ArmResultFile.encode(result)
            try AtomicFile.write([(ArmResultFile.samplesURL(for: url), samples), (url, json)])
        } catch {
            throw CommandFailure(.outputFailed, "\(error)")
        }
        if result.interrupted { throw CommandFailure(.interrupted, "") }
    }
}
