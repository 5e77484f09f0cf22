import Analysis
import Foundation
import Harness
import Model
import Reports
import Synchronization

/// A loop whose arms `ArmExecution.measure` runs.
package enum MeasuredLoop {
    /// GraphCore's reference loop; `isolated`: each arm in a child process of its own.
    case reference(RunConfig, isolated: Bool)
    /// The user's loop, each arm in a process of its own under jemalloc.
    case outside(OutsideLoop)
}

/// Runs arms in child processes or in this one, turning failures into `CommandFailure`s.
package enum ArmExecution {
    /// Runs the reference loop's arms in order; after SIGINT/SIGTERM it returns the
    /// results so far (the interrupted arm's partial samples included) and runs no further arm.
    package static func run(arms: [Arm], config: RunConfig, isolated: Bool) throws(CommandFailure) -> [ArmResult] {
        let progress = isatty(2) == 1
        installInterruptionHandling(isolated: isolated)
        var results: [ArmResult] = []
        for arm in arms where !Interruption.isRequested {
            do {
                let result = try run(arm, config: config, isolated: isolated, progress: progress)
                results.append(result)
                // A child stopped by a signal this process did not see is an interruption too.
                if result.interrupted { Interruption.request() }
            } catch  where error.status == .interrupted {
                break  // stopped before it sampled: the arms so far are the run's
            }
        }
        return results
    }

    /// Runs an outside loop's arms, each in its own process, and checks what each wrote;
    /// after SIGINT/SIGTERM it returns the series so far and runs no further arm.
    package static func run(arms: [Arm], loop: OutsideLoop) throws(CommandFailure) -> [ArmSeries] {
        let library = try jemallocLibrary()
        installInterruptionHandling(isolated: true)
        var series: [ArmSeries] = []
        for arm in arms where !Interruption.isRequested {
            guard let armSeries = try run(arm, loop: loop, library: library) else { break }
            series.append(armSeries)
        }
        return series
    }

    /// Measures a loop's arms — in one go, or look by look when `schedule` is given — and
    /// builds its reports (marked interrupted after a signal).
    /// - Returns: the reports; the reference loop's results or an outside loop's series
    ///   (the other empty).
    /// - Throws: `.interrupted` when a signal stopped the run before any arm finished.
    package static func measure(
        _ loop: MeasuredLoop, arms: [Arm], settings: DecisionSettings
    ) throws(CommandFailure) -> (bundle: ReportBundle, results: [ArmResult], series: [ArmSeries]) {
        let bundle: ReportBundle
        var results: [ArmResult] = []
        var series: [ArmSeries] = []
        switch (loop, settings.looks) {
        case let (.reference(config, isolated), schedule?):
            let decided = try untilDecided(arms: arms, config: config, isolated: isolated, schedule: schedule, settings: settings)
            results = decided.results
            bundle = ReportBundle(results: results, settings: settings, alphas: decided.alphas, interrupted: Interruption.isRequested)
        case let (.reference(config, isolated), nil):
            results = try run(arms: arms, config: config, isolated: isolated)
            bundle = ReportBundle(results: results, settings: settings, interrupted: Interruption.isRequested)
        case let (.outside(outside), schedule?):
            let decided = try untilDecided(arms: arms, loop: outside, schedule: schedule, settings: settings)
            series = decided.series
            bundle = ReportBundle(outside: series, loop: outside, settings: settings, interrupted: Interruption.isRequested, alphas: decided.alphas)
        case let (.outside(outside), nil):
            series = try run(arms: arms, loop: outside)
            bundle = ReportBundle(outside: series, loop: outside, settings: settings, interrupted: Interruption.isRequested)
        }
        guard !results.isEmpty || !series.isEmpty else {
            throw CommandFailure(.interrupted, "interrupted before any arm finished: nothing to report")
        }
        if let primary = settings.primary, let absence = MetricChoice.absence(of: primary, in: series) {
            throw CommandFailure(.invalidInput, "the loop's samples cannot be decided on --primary \(primary.rawValue): \(absence)")
        }
        if case let .outside(outside) = loop, !Interruption.isRequested { try checkInjectedLeak(outside, bundle.analysis) }
        return (bundle, results, series)
    }

    /// A leak injected into an outside loop (`MEMLOOP_INJECT_LEAK_BYTES`) must show in its
    /// clear arm: a loop that does not honour the variable (one that does not use the
    /// probe) would otherwise let a gate meant to prove that it fails pass instead.
    static func checkInjectedLeak(_ loop: OutsideLoop, _ analysis: RunAnalysis) throws(CommandFailure) {
        guard loop.injectLeakBytes > 0, let clear = analysis.arm(.clear) else { return }
        let grew = clear.primary.bytesPerIteration
        // jemalloc rounds a request up to its size class: the arm grows by at least it.
        guard !(grew >= 0.9 * Double(loop.injectLeakBytes)) else { return }
        throw CommandFailure(
            .armFailed,
            "the clear arm grew \(Format.number(grew)) B/iteration, less than the \(loop.injectLeakBytes) B/iteration injected: the loop does not "
                + "honour \(OutsideLoop.injectLeakVariable) (the probe's loop() does, from version 0.2; a loop of your own leaks that many bytes "
                + "per clear iteration when it is set), so this run cannot prove that a leak is caught")
    }

    /// One arm of an outside loop: started through the `_exec` trampoline under jemalloc,
    /// its exit judged, its samples checked.
    /// - Parameters:
    ///   - extraEnvironment: added to the protocol's (attribution's profiled pass).
    ///   - pass: how messages name the run, e.g. "the profiled pass: ".
    /// - Returns: the arm's series; `nil` when a signal stopped it before it wrote any.
    package static func run(
        _ arm: Arm, loop: OutsideLoop, library: String, extraEnvironment: [String: String] = [:], pass: String = ""
    ) throws(CommandFailure) -> ArmSeries? {
        let outcome: OutsideArmRun
        do {
            outcome = try OutsideArmProcess.run(arm, loop: loop, jemallocLibrary: library, launcher: executableURL, extraEnvironment: extraEnvironment)
        } catch {
            throw CommandFailure(.armFailed, "\(pass)\(error)")
        }
        // Only a signal MemLoop passed on interrupts an arm: a loop that exits 130 by
        // itself has failed.
        let interrupted = Interruption.isRequested
        if case .exited(ExitStatus.measurementUnavailable.rawValue) = outcome.termination {
            throw CommandFailure(
                .measurementUnavailable,
                "\(pass)the \(arm.rawValue) arm exited 3: jemalloc is not in charge of the loop (preloaded \(library)); "
                    + "see the loop's message above, and check `memloop stats`"
            )
        }
        if !interrupted, let failure = outcome.failure {
            throw CommandFailure(.armFailed, "\(pass)the \(arm.rawValue) arm of `\(loop.displayCommand)` failed: \(failure)")
        }
        do {
            var series = try OutsideArmCheck.series(of: outcome, loop: loop, interrupted: interrupted)
            series.loopWarnings = outcome.probeWarnings
            return series
        } catch {
            if interrupted { return nil }  // stopped before it could write: keep the arms that finished
            throw CommandFailure(.armFailed, "\(pass)the \(arm.rawValue) arm of `\(loop.displayCommand)` wrote unusable samples: \(error)")
        }
    }

    /// The system's `libjemalloc.so.2`, to preload into outside loops: located once per
    /// process (it may read `/proc/self/maps` and start `ldconfig`), however many looks
    /// and profiled passes ask.
    package static func jemallocLibrary() throws(CommandFailure) -> String {
        guard let library = locatedLibrary else {
            throw CommandFailure(.measurementUnavailable, "no libjemalloc.so.2 found to put in charge of the loop; \(JemallocLibrary.installHint)")
        }
        return library
    }

    private static let locatedLibrary = JemallocLibrary.locate()

    private static let handlersInstalled = Mutex(false)

    /// Isolated arms: the parent ignores the signals itself and passes them on to the
    /// running child. In-process arms: the loop watches the flag directly.
    package static func installInterruptionHandling(isolated: Bool) {
        handlersInstalled.withLock { installed in
            guard !installed else { return }
            installed = true
            if isolated { ArmProcess.forwardInterruptions() } else { Interruption.install() }
        }
    }

    /// After the reports are written: the failure a signal-stopped run ends with.
    package static func interruption(wrote folder: URL) -> CommandFailure? {
        guard Interruption.isRequested else { return nil }
        return CommandFailure(.interrupted, "interrupted: the samples taken so far are in \(folder.path) (summary marked \"interrupted\": true)")
    }

    /// After the reports are written: the failure a run whose controls failed ends with.
    package static func controlFailure(_ analysis: RunAnalysis) -> CommandFailure? {
        let failed = analysis.failedControls
        guard !failed.isEmpty else { return nil }
        let lines = failed.map { "\($0.kind == .positive ? "positive" : "negative") control failed: \($0.message)" }
        return CommandFailure(.measurementBroken, lines.joined(separator: "\nerror: "))
    }

    /// One arm of the reference loop, through `MemoryLoop.measure` as every arm.
    /// - Parameter environment: with `isolated`: added to the child's (attribution's profiled pass).
    static func run(
        _ arm: Arm, config: RunConfig, isolated: Bool, progress: Bool, environment: [String: String] = [:]
    ) throws(CommandFailure) -> ArmResult {
        do throws(HarnessError) {
            return try MemoryLoop(reference: config).measure(
                arm, childExecutable: isolated ? executableURL : nil, showProgress: progress, environment: environment)
        } catch {
            throw CommandFailure(error)
        }
    }

    /// This executable, to start the arms' child processes.
    package static var executableURL: URL {
        if let path = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
            return URL(fileURLWithPath: path)
        }
        return URL(fileURLWithPath: CommandLine.arguments[0]).standardizedFileURL
    }
}
