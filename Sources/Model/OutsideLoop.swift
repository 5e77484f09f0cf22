/// A loop MemLoop does not contain: any program that speaks the loop protocol
/// (`Reports/PROTOCOL.md`). MemLoop starts it once per arm, in a process of its own, tells
/// it through the environment which arm it is, how long to run and where to write its
/// samples, and puts jemalloc in charge of it.
package struct OutsideLoop: Codable, Sendable, Equatable {
    /// The program and its arguments. A command given as one string runs through
    /// `/bin/sh -c`, so that quoting and pipes work as in a terminal.
    package var arguments: [String]
    /// Measured iterations, after the warm-up.
    package var iterations: Int
    /// Iterations run and sampled first, flagged `warmup=1`, left out of the analysis.
    /// Runtimes such as TensorFlow need far more than the reference loop's 10.
    package var warmUp: Int
    /// An arm still running after this many seconds is stopped (SIGTERM, then SIGKILL)
    /// and reported as failed; `nil` waits as long as it takes.
    package var armTimeoutSeconds: Double?
    /// Which iterations the loop samples (`auto` by default: within a share of its time).
    package var sampleSpacing: SampleSpacing
    /// Bytes the `clear` arm leaks per iteration on purpose (`MEMLOOP_INJECT_LEAK_BYTES`,
    /// which the probe honours), to prove that a gate fails on the user's own loop. Not
    /// part of what the loop is: never stored in a summary's loop or a baseline.
    package var injectLeakBytes = 0

    package init(arguments: [String], iterations: Int = 100, warmUp: Int = 10, armTimeoutSeconds: Double? = nil, sampleSpacing: SampleSpacing = .auto) {
        self.arguments = arguments
        self.iterations = iterations
        self.warmUp = warmUp
        self.armTimeoutSeconds = armTimeoutSeconds
        self.sampleSpacing = sampleSpacing
    }

    private enum CodingKeys: String, CodingKey {
        case arguments, iterations, warmUp, armTimeoutSeconds, sampleSpacing
    }

    /// Baselines written before sampling could be spaced have no `sampleSpacing`: `auto`.
    package init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        arguments = try container.decode([String].self, forKey: .arguments)
        iterations = try container.decode(Int.self, forKey: .iterations)
        warmUp = try container.decode(Int.self, forKey: .warmUp)
        armTimeoutSeconds = try container.decodeIfPresent(Double.self, forKey: .armTimeoutSeconds)
        sampleSpacing = try container.decodeIfPresent(SampleSpacing.self, forKey: .sampleSpacing) ?? .auto
    }

    /// A loop given as one shell command line.
    package init(shellCommand: String, iterations: Int = 100, warmUp: Int = 10, armTimeoutSeconds: Double? = nil) {
        self.init(arguments: ["/bin/sh", "-c", shellCommand], iterations: iterations, warmUp: warmUp, armTimeoutSeconds: armTimeoutSeconds)
    }

    /// The command as a user would type it.
    package var displayCommand: String {
        if arguments.count == 3, arguments[0] == "/bin/sh", arguments[1] == "-c" { return arguments[2] }
        return arguments.map { $0.contains(" ") ? "'\($0)'" : $0 }.joined(separator: " ")
    }

    /// Iterations run in all, warm-up included (`Int.max` when the sum would overflow, so
    /// that validation refuses absurd counts instead of trapping on them).
    package var totalIterations: Int {
        let (total, overflow) = warmUp.addingReportingOverflow(iterations)
        return overflow ? .max : total
    }

    /// What is wrong with this loop's settings, if anything, in words a user can act on.
    package func problems(naming: SettingNaming = .property) -> [String] {
        var problems: [String] = []
        let (iterationsName, warmUpName) = (naming.name("iterations"), naming.name("warmUp"))
        if arguments.isEmpty || arguments.last?.isEmpty == true { problems.append("the loop's command is empty") }
        if arguments.contains(where: { $0.utf8.contains(0) }) {
            // execve takes C strings: everything after a NUL would silently not run.
            problems.append("the loop's command contains a NUL character (\\u0000), which no command line can hold; remove it")
        }
        if iterations < 5 { problems.append("\(iterationsName) must be at least 5 (the analysis needs 5 samples), got \(iterations)") }
        if iterations > RunConfig.maximumSamples { problems.append("\(iterationsName) must be at most \(RunConfig.maximumSamples), got \(iterations)") }
        if warmUp < 0 || warmUp > RunConfig.maximumSamples {
            problems.append("\(warmUpName) must be between 0 and \(RunConfig.maximumSamples), got \(warmUp)")
        }
        if case let .every(every) = sampleSpacing, every < 1 {
            problems.append("\(naming.name("sampleEvery")) must be auto or a whole number of at least 1, got \(every)")
        } else if iterations >= 5, iterations / sampleSpacing.largestGap(iterations: iterations) < 5 {
            problems.append("\(iterationsName) / \(naming.name("sampleEvery")) gives fewer than 5 analysed samples; the analysis needs at least 5")
        }
        if let timeout = armTimeoutSeconds, !(timeout > 0 && timeout.isFinite) {
            problems.append("\(naming.name("armTimeoutSeconds")) must be a positive number of seconds, got \(timeout)")
        }
        if injectLeakBytes < 0 || injectLeakBytes > RunConfig.maximumInjectedLeakBytes {
            problems.append("\(naming.name("injectLeakBytes")) must be between 0 and \(RunConfig.maximumInjectedLeakBytes), got \(injectLeakBytes)")
        }
        return problems
    }

    /// The protocol version MemLoop speaks (`Reports/PROTOCOL.md`). Version 2 tells the
    /// loop its arm's role (`MEMLOOP_CLEARS`, `MEMLOOP_BUILDS`) instead of leaving clients
    /// to derive it from the arm's name; `MEMLOOP_ARM` is still set, as the label of the
    /// `arm` column, so a version 1 client keeps working.
    package static let protocolVersion = 2

    /// The protocol's environment variables for one arm (besides the allocator's).
    package func environment(arm: Arm, samplesPath: String) -> [String: String] {
        var environment = [
            "MEMLOOP_PROTOCOL": String(Self.protocolVersion),
            "MEMLOOP_ARM": arm.rawValue,
            "MEMLOOP_CLEARS": arm.clears ? "1" : "0",
            "MEMLOOP_BUILDS": arm.builds ? "1" : "0",
            "MEMLOOP_ITERATIONS": String(iterations),
            "MEMLOOP_WARMUP": String(warmUp),
            "MEMLOOP_SAMPLES": samplesPath,
        ].merging(sampleSpacing.environment(iterations: iterations)) { first, _ in first }
        if arm.clears && injectLeakBytes > 0 { environment[Self.injectLeakVariable] = String(injectLeakBytes) }
        return environment
    }

    /// The variable that asks a loop's `clear` arm to leak bytes per iteration on purpose.
    package static let injectLeakVariable = "MEMLOOP_INJECT_LEAK_BYTES"
}
