import ArgumentParser
import MemLoop
import Model

/// Measures a loop: the reference loop, or the user's own with `--command`.
struct Run: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run a loop in three arms (clear, noclear, control), sample jemalloc every iteration, and give a verdict per arm.",
        discussion: """
            Without --command: MemLoop's reference loop (the seed's Keras loop re-created over GraphCore), whose \
            growth the census predicts, so the noclear arm must grow as predicted (positive control).

            With --command "CMD" (run through /bin/sh -c) or after `--` (CMD ARGS…): your loop, started once per arm \
            in its own process under jemalloc (LD_PRELOAD, PYTHONMALLOC=malloc), told its arm and counts through the \
            environment (MEMLOOP_ARM, MEMLOOP_ITERATIONS, MEMLOOP_WARMUP, MEMLOOP_SAMPLES; Reports/PROTOCOL.md). \
            A Python loop needs three lines with Probe/memloop_probe.py.

            The control arm builds nothing and must stay CONSTANT (negative control): otherwise the harness or the \
            runtime retains memory and the run exits 7. Writes samples.csv, summary.json, summary.md and memory.svg. \
            Progress goes to stderr; stdout holds only the result table.
            """
    )

    @OptionGroup var options: RunOptions

    @Option(parsing: .upToNextOption, help: "Arms to run, in order: clear, noclear, control.")
    var arms: [Arm] = Arm.allCases

    @Option(help: "Folder for the reports (created if missing; existing reports are replaced whole).")
    var output = "Reports/latest"

    @Flag(name: .customLong("in-process"), help: "Run the reference loop's arms one after the other in this process instead of one child process each.")
    var inProcess = false

    @Option(help: ArgumentHelp("Your loop, as one shell command line (run through /bin/sh -c), e.g. \"python3 my_loop.py\".", valueName: "command"))
    var command: String?

    @Option(
        name: .customLong("arm-timeout"),
        help: ArgumentHelp("With a command: stop an arm still running after this many seconds (exit 8).", valueName: "seconds"))
    var armTimeout: Double?

    @OptionGroup var decision: DecisionOptions

    @OptionGroup var looks: LookOptions

    @OptionGroup var attribution: AttributionOptions

    @Option(
        name: .customLong("inject-leak-bytes"),
        help: ArgumentHelp(
            "Leak this many bytes per iteration on purpose in the clear arm, to see a known leak measured and attributed: the reference loop in LeakInjector.leak; a command through MEMLOOP_INJECT_LEAK_BYTES, which the probe honours (a loop that does not is refused, exit 8).",
            valueName: "bytes"))
    var injectLeakBytes = 0

    @Argument(parsing: .postTerminator, help: ArgumentHelp("Your loop as a program and its arguments, after `--`.", valueName: "command"))
    var commandArguments: [String] = []

    func validate() throws {
        if arms.isEmpty { throw ValidationError("--arms needs at least one of: clear, noclear, control") }
        if Set(arms).count != arms.count { throw ValidationError("--arms lists an arm twice") }
        if command != nil && !commandArguments.isEmpty { throw ValidationError("give the loop either with --command or after --, not both") }
        if command?.trimmingCharacters(in: .whitespaces).isEmpty == true { throw ValidationError("--command is empty; give the loop's command line") }
        if let armTimeout, !(armTimeout > 0 && armTimeout.isFinite) {
            throw ValidationError("--arm-timeout must be a positive number of seconds, got \(armTimeout)")
        }
        if outsideLoop == nil {
            if armTimeout != nil { throw ValidationError("--arm-timeout applies to a loop given with --command or after --") }
        } else if inProcess {
            throw ValidationError("--in-process applies to the reference loop; a command always runs in processes of its own")
        }
        if outsideLoop == nil, let primary = decision.primary, primary.isUser {
            throw ValidationError(
                "--primary \(primary.rawValue) names a metric of a loop's own, which the reference loop does not record; "
                    + "name one of \(Metric.builtIns.map(\.rawValue).joined(separator: ", ")), or run a loop that writes a \(primary.rawValue) column (--command)"
            )
        }
        if outsideLoop == nil {
            let problems = referenceConfig.problems(naming: .flag)
            if !problems.isEmpty { throw ValidationError(problems.joined(separator: "\n")) }
        }
        let referenceOnly = options.referenceLoopFlagsGiven
        if outsideLoop != nil, !referenceOnly.isEmpty {
            throw ValidationError(
                "\(referenceOnly.joined(separator: ", ")) \(referenceOnly.count == 1 ? "applies" : "apply") to the reference loop only: your command "
                    + "builds its own models. Set them in your loop (its own arguments); for several models per iteration, pass "
                    + "models_per_iteration to the probe's loop()")
        }
        if attribution.kinds.contains(.python) && outsideLoop == nil {
            throw ValidationError("--attribute python applies to a Python loop given with --command or after --")
        }
        if attribution.binary != nil && outsideLoop == nil { throw ValidationError("--attribute-binary applies to a loop given with --command or after --") }
        if !attribution.kinds.isEmpty && inProcess { throw ValidationError("--attribute needs the arms in child processes; leave out --in-process") }
        if let problems = outsideLoop?.problems(naming: .flag), !problems.isEmpty { throw ValidationError(problems.joined(separator: "\n")) }
        if let schedule = looks.schedule, outsideLoop == nil {
            // The schedule itself is LookOptions'; the reference loop must also fit its last look.
            let problems = referenceConfig.with { $0.iterations = schedule.maxIterations }.problems(naming: .flag)
            if !problems.isEmpty { throw ValidationError(problems.joined(separator: "\n")) }
        }
    }

    /// The reference loop's settings, the injected leak included.
    var referenceConfig: RunConfig { options.config.with { $0.injectLeakBytes = injectLeakBytes } }

    /// The user's loop, when one is given.
    var outsideLoop: OutsideLoop? {
        let base: OutsideLoop
        if let command {
            base = OutsideLoop(shellCommand: command)
        } else if !commandArguments.isEmpty {
            base = OutsideLoop(arguments: commandArguments)
        } else {
            return nil
        }
        var loop = base
        loop.iterations = options.iterations
        loop.warmUp = options.warmUp
        loop.armTimeoutSeconds = armTimeout
        loop.sampleSpacing = options.sampleEvery
        loop.injectLeakBytes = injectLeakBytes
        return loop
    }

    func run() throws {
        let loop: MeasuredLoop = if let outside = outsideLoop { .outside(outside) } else { .reference(referenceConfig, isolated: !inProcess) }
        try LoopRun(loop: loop, arms: arms, settings: decision.settings(looks: looks.schedule), attribution: attribution.settings, output: output).run()
    }
}
