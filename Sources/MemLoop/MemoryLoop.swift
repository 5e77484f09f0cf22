import Analysis
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
/// - Important: the arms run one after the other on the calling thread, in this process:
///   the verdicts read that thread's live bytes (`thread.allocated − thread.deallocated`),
///   exact for a loop on one thread. A body that hands work to other threads should use
///   `primary: .allocated` (process-wide). jemalloc must be the process's allocator: link
///   the `MemLoop` product (it links jemalloc) or preload `libjemalloc.so.2`.
public struct MemoryLoop {
    /// Measured iterations per arm, after the warm-up.
    public var iterations: Int
    /// Iterations run and sampled first but left out of the analysis (caches, metadata).
    public var warmUp: Int
    /// Tolerance ε in bytes per model: CONSTANT needs the 95% interval inside ±ε.
    public var epsilon: Double
    /// The metric that decides verdicts; `nil` takes thread live bytes.
    public var primary: Metric?
    /// Models one iteration builds, so that figures are also given per model.
    public var modelsPerIteration: Int
    /// The arms to run, in order.
    public var arms: [Arm]
    let body: (Arm) throws -> Void

    /// - Parameters:
    ///   - iterations: measured iterations per arm, after the warm-up (at least 5).
    ///   - warmUp: iterations run first and left out of the analysis.
    ///   - epsilon: tolerance ε in bytes per model.
    ///   - primary: the metric that decides verdicts; `nil` takes thread live bytes.
    ///   - modelsPerIteration: models one iteration builds.
    ///   - arms: the arms to run, in order.
    ///   - body: one iteration of the loop; it may throw, which stops the run.
    public init(
        iterations: Int = 100, warmUp: Int = 10, epsilon: Double = RunAnalysis.defaultEpsilon, primary: Metric? = nil,
        modelsPerIteration: Int = 1, arms: [Arm] = Arm.allCases, body: @escaping (Arm) throws -> Void
    ) {
        self.iterations = iterations
        self.warmUp = warmUp
        self.epsilon = epsilon
        self.primary = primary
        self.modelsPerIteration = modelsPerIteration
        self.arms = arms
        self.body = body
    }

    /// Runs every arm and analyses them.
    /// - Throws: `MemoryLoopError` when the settings are invalid, jemalloc is not in
    ///   charge, or the body throws.
    /// - Complexity: `arms.count × (warmUp + iterations)` calls of the body, each followed
    ///   by a flushed allocator snapshot (about 7 µs).
    public func run() throws(MemoryLoopError) -> MemoryReport {
        var problems: [String] = []
        if arms.isEmpty { problems.append("arms must not be empty") }
        if Set(arms).count != arms.count { problems.append("arms lists an arm twice") }
        if !(epsilon >= 0 && epsilon.isFinite) { problems.append("epsilon must be a finite number ≥ 0, got \(epsilon)") }
        if let primary, !primary.isAllocatorReading { problems.append("primary must be an allocator reading, got \(primary.rawValue)") }
        problems += config.problems()
        guard problems.isEmpty else { throw .invalidLoop(problems) }
        var results: [ArmResult] = []
        for arm in arms {
            do {
                results.append(try ArmRunner.run(arm, config: config, body: body))
            } catch {
                throw MemoryLoopError(error)
            }
        }
        return MemoryReport(bundle: ReportBundle(results: results, epsilon: epsilon, primary: primary))
    }

    /// The harness's configuration for these settings.
    var config: RunConfig {
        var config = RunConfig()
        config.iterations = iterations
        config.warmUp = warmUp
        config.modelsPerIteration = modelsPerIteration
        return config
    }
}
