import ArgumentParser
import MemLoop
import Model

/// The child process of an isolated reference-loop arm (`run`, `gate`, `calibrate`, `sweep`,
/// attribution's profiled pass): measures one arm and writes its result (`ArmResultFile`).
struct ArmWorker: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: ChildProcesses.armSubcommand,
        abstract: "Measure one arm and write its samples as JSON (used by the measuring commands).",
        shouldDisplay: false
    )

    @Argument var arm: Arm
    @Option var config: String
    @Option var output: String
    @Flag var progress = false

    func run() throws {
        try ChildProcesses.measureArm(arm, configJSON: config, output: output, progress: progress)
    }
}
