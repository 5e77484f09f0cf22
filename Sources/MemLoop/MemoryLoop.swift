import Analysis
import Foundation
import Harness
import Model
import Reports

/// A Swift loop to measure: a body run once per iteration in each arm, and how long to run it.
///
/// The body is told its arm and does what the arm asks: reset when `arm.clears`, build
/// when `arm.builds`. The `control` arm neither resets nor builds, so it measures the
/// harness and the loop's own machinery — it must stay CONSTANT.
///
/// ```swift
/// import MemLoop
///
/// @Test func buildingModelsDoesNotGrow() throws {
///     let report = try MemoryLoop(iterations: 100) { arm in
///         if arm.clears { MyFramework.reset() }
///         if arm.builds { _ = try MyFramework.buildModel() }
///     }.run()
///     #expect(report.clear.verdict == .constant, "\(report.clear)")
/// }
/// ```
///
/// - Important: the arms run one after the other on the calling thread — in this process,
///   or each in a child process forked from it (``Isolation-swift.enum/processPerArm``):
///   the verdicts read that thread's live bytes (`thread.allocated − thread.deallocated`),
///   exact for a loop on one thread. A body that hands work to other threads should use
///   `primary: .allocated` (process-wide), and must not be isolated if it relies on threads
///   that exist before the fork. jemalloc must be the process's allocator: link the
///   `MemLoop` product (it links jemalloc) or preload `libjemalloc.so.2`.
public struct MemoryLoop {
    /// Where each arm runs.
    public enum Isolation: Sendable, Equatable, CustomStringConvertible {
        /// Every arm in this process, one after the other: what one arm builds, caches or
        /// leaks is still there when the next arm starts, and stays after `run()`.
        case none
        /// Each arm in a child process forked from this one when the arm starts. Every arm
        /// starts from a copy of the process's state at `run()`: what one arm builds, caches
        /// or leaks cannot colour another arm's figures, and nothing the body does (globals
        /// it sets, memory it keeps) comes back to the caller's process.
        ///
        /// The body must be safe to run after `fork()`: only the calling thread exists in the
        /// child, so the body must not rely on threads that existed before the fork (dispatch
        /// queues, actors, thread pools), and expectations recorded in it (`#expect`) are
        /// lost with the child. A
        /// child forked from a multi-threaded process (a test runner is one) can block for
        /// ever on a lock another thread held at the fork; the loop's `armTimeout` kills it
        /// and reports it.
        case processPerArm

        /// `in-process`, or `process per arm (fork)`.
        public var description: String {
            switch self {
            case .none: return "in-process"
            case .processPerArm: return "process per arm (fork)"
            }
        }
    }

    /// Measured iterations per arm, after the warm-up.
    public var iterations: Int
    /// Iterations run and sampled first but left out of the analysis (caches, metadata).
    public var warmUp: Int
    /// How much growth per model counts (ε): automatic by default — at least 4 B/model,
    /// more where the loop's memory is noisy — or fixed (`.fixed(64)`, or parsed from
    /// "1 MB per 1000 models"). GROWING needs the interval above ε; "does not grow" its
    /// upper bound at most ε.
    public var tolerance: GrowthTolerance {
        get { settings.tolerance }
        set { settings.tolerance = newValue }
    }
    /// The metric that decides verdicts; `nil` chooses: the calling thread's live bytes
    /// when the arms run in this process (the host's other threads are not the loop's),
    /// and with `.processPerArm` the data's choice — live bytes, or process-wide
    /// `stats.allocated` when other threads allocate.
    public var primary: Metric? {
        get { settings.primary }
        set { settings.primary = newValue }
    }
    /// What decides the verdicts — `tolerance` and `primary` are its fields — as the one
    /// value the analysis takes. A loop measured in one go leaves `looks` nil.
    public var settings: DecisionSettings
    /// Models one iteration builds, so that figures are also given per model.
    public var modelsPerIteration: Int
    /// The arms to run, in order.
    public var arms: [Arm]
    /// Where each arm runs: in this process (`.none`) or in a forked child of its own.
    public var isolation: Isolation
    /// Seconds an isolated arm may take before its child process is killed and `run()`
    /// throws; `nil` waits for ever. Unused without isolation.
    public var armTimeout: Double?
    let body: (Arm) throws -> Void
    /// GraphCore's reference loop with these settings (layers, units, reset mode, seed,
    /// injected leak) instead of `body`: the loop whose growth the census predicts.
    let reference: RunConfig?

    /// - Parameters:
    ///   - iterations: measured iterations per arm, after the warm-up (at least 5).
    ///   - warmUp: iterations run first and left out of the analysis.
    ///   - tolerance: how much growth per model counts (``GrowthTolerance``).
    ///   - primary: the metric that decides verdicts; `nil` lets the data choose.
    ///   - modelsPerIteration: models one iteration builds.
    ///   - arms: the arms to run, in order.
    ///   - isolation: `.none` runs every arm in this process; `.processPerArm` runs each in
    ///     a child process forked from this one (see ``Isolation-swift.enum``).
    ///   - armTimeout: with isolation, the seconds an arm may take (finite, > 0) before its
    ///     child is killed; `nil` waits for ever.
    ///   - body: one iteration of the loop; it may throw, which stops the run.
    public init(
        iterations: Int = 100, warmUp: Int = 10, tolerance: GrowthTolerance = .standard, primary: Metric? = nil,
        modelsPerIteration: Int = 1, arms: [Arm] = Arm.allCases, isolation: Isolation = .none, armTimeout: Double? = 600,
        body: @escaping (Arm) throws -> Void
    ) {
        self.iterations = iterations
        self.warmUp = warmUp
        settings = DecisionSettings(tolerance: tolerance, primary: primary)
        self.modelsPerIteration = modelsPerIteration
        self.arms = arms
        self.isolation = isolation
        self.armTimeout = armTimeout
        self.body = body
        reference = nil
    }

    /// GraphCore's reference loop — the seed's `Sequential` of `Dense` layers, with a census
    /// beside every reading — through the same API: `memloop run`, `gate`, `calibrate` and
    /// `sweep` measure the reference loop's arms here.
    package init(reference config: RunConfig, isolation: Isolation = .none) {
        iterations = config.iterations
        warmUp = config.warmUp
        settings = .standard
        modelsPerIteration = config.modelsPerIteration
        arms = Arm.allCases
        self.isolation = isolation
        armTimeout = nil
        body = { _ in }
        reference = config
    }

    /// Runs every arm and analyses them.
    ///
    /// With ``Isolation-swift.enum/processPerArm``, SIGINT or SIGTERM reaching an arm's child
    /// process (a Ctrl-C reaches the whole foreground process group) stops that arm at its
    /// next iteration with the samples it took: the report holds the arms so far and is
    /// marked ``MemoryReport/interrupted``. The child dies with this process if this one
    /// is killed.
    /// - Throws: `MemoryLoopError` when the settings are invalid, jemalloc is not in
    ///   charge, or the body throws; with isolation, also when an arm's child process
    ///   timed out or died (`armFailed`).
    /// - Complexity: `arms.count × (warmUp + iterations)` calls of the body, each followed
    ///   by a flushed allocator snapshot (about 7 µs).
    public func run() throws(MemoryLoopError) -> MemoryReport {
        var problems: [String] = []
        if arms.isEmpty { problems.append("arms must not be empty") }
        if Set(arms).count != arms.count { problems.append("arms lists an arm twice") }
        problems += settings.problems()
        if settings.looks != nil { problems.append("settings.looks applies to `memloop run --until-decided`; a MemoryLoop measures its iterations in one go") }
        if let primary, !primary.isAllocatorReading { problems.append("primary must be an allocator reading, got \(primary.rawValue)") }
        if let armTimeout, !(armTimeout > 0 && armTimeout.isFinite) {
            problems.append("armTimeout must be a finite number of seconds > 0, got \(armTimeout)")
        }
        problems += config.problems()
        guard problems.isEmpty else { throw .invalidLoop(problems) }
        var results: [ArmResult] = []
        for arm in arms {
            let result: ArmResult
            do {
                result = try measure(arm)
            } catch {
                throw MemoryLoopError(error, arm: arm)
            }
            results.append(result)
            // Stopped by SIGINT/SIGTERM: its samples so far are reported, no further arm runs.
            if result.interrupted { break }
        }
        return MemoryReport(bundle: ReportBundle(results: results, settings: decidingSettings), isolation: isolation)
    }

    /// The metric that decides: the caller's, else — in this process — the calling
    /// thread's live bytes, since every other thread of the host process (a test runner,
    /// a server) would show in process-wide `stats.allocated` as the loop's; else (a
    /// forked arm, whose only thread is the loop's) the data's choice (`MetricChoice`).
    package var decidingMetric: Metric? {
        primary ?? (isolation == .none ? .liveBytes : nil)
    }

    /// `settings` with the metric that decides filled in (`decidingMetric`).
    var decidingSettings: DecisionSettings {
        var settings = settings
        settings.primary = decidingMetric
        return settings
    }

    /// Measures one arm where `isolation` says — the one path every arm takes, whether
    /// `run()`, a `memloop` command (attribution's profiled pass included) or an `_arm`
    /// child process asked for it.
    /// - Parameters:
    ///   - childExecutable: the reference loop only: run the arm in a fresh process of this
    ///     executable (`memloop _arm`) rather than in this one or a fork of it.
    ///   - showProgress: a progress line on stderr when it is a terminal.
    ///   - environment: with `childExecutable`: variables added to the child's environment,
    ///     e.g. `MALLOC_CONF` for attribution's profiled pass.
    package func measure(
        _ arm: Arm, childExecutable: URL? = nil, showProgress: Bool = false, environment: [String: String] = [:]
    ) throws(HarnessError) -> ArmResult {
        if let executable = childExecutable, reference != nil {
            return try ArmProcess.run(arm, config: config, executable: executable, showProgress: showProgress, environment: environment)
        }
        let config = config
        let inThisProcess = { () throws(HarnessError) -> ArmResult in
            if reference != nil {
                return try ArmRunner.run(arm, config: config, showProgress: showProgress)
            }
            return try ArmRunner.run(arm, config: config, showProgress: showProgress, body: body)
        }
        switch isolation {
        case .none: return try inThisProcess()
        case .processPerArm: return try ArmFork.run(arm, config: config, timeoutSeconds: armTimeout, measure: inThisProcess)
        }
    }

    /// The harness's configuration for these settings: the reference loop's own, or a
    /// closure's (whose other fields the harness ignores), with this loop's counts.
    var config: RunConfig {
        var config = reference ?? RunConfig()
        config.iterations = iterations
        config.warmUp = warmUp
        config.modelsPerIteration = modelsPerIteration
        return config
    }
}
