import Analysis
import Foundation
import GrowthAnalysis
import Model
import Testing

/// Real samples from framework loops (`Examples/python/torch_loop.py`, `jax_loop.py`,
/// `seed_loop.py --api keras3` on JAX; `Reports/frameworks/<name>/`, 200 iterations after
/// 30 of warm-up, copied to `Tests/Fixtures/frameworks/`), re-analysed without any
/// framework installed: the verdicts stay what is true of each loop.
@Suite struct FrameworkFixtureTests {
    /// The arms of `Tests/Fixtures/frameworks/<name>.csv`.
    static func series(_ name: String) throws -> [ArmSeries] {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        let url = root.appendingPathComponent("Fixtures/frameworks/\(name).csv")
        return try SamplesCSV.read(data: Data(contentsOf: url), file: url.lastPathComponent)
    }

    static func analysis(_ name: String) throws -> RunAnalysis { RunAnalysis(series: try series(name)) }

    /// The run as `--until-decided` judges it at the standard schedule's last look.
    static func analysisAtTheLastLook(_ name: String) throws -> RunAnalysis {
        let series = try series(name)
        let alpha = LookSchedule.standard.alpha(look: LookSchedule.standard.looks.count - 1)
        return RunAnalysis(series: series, alphas: Dictionary(uniqueKeysWithValues: series.map { ($0.arm, alpha) }))
    }

    /// Clean loops: the clear arm does not grow and the control passes. (JAX's noclear arm,
    /// which never clears JAX's caches, read 0 to 19 B/iteration in four runs; Keras 3's
    /// noclear arm is wide: bounded here, not called clean.)
    @Test(arguments: ["torch_sequential", "jax_mlp", "keras3_jax_built", "keras3_jax_built_until"])
    func cleanLoopsDoNotGrow(name: String) throws {
        let analysis = try Self.analysis(name)
        #expect(analysis.failedControls.isEmpty, "\(name): \(analysis.negativeControl?.message ?? "")")
        #expect(analysis.negativeControl?.passed == true)
        for arm in analysis.arms where arm.role != .noclear || !name.hasPrefix("jax") {
            #expect(arm.verdict != .growing, "\(name) \(arm.arm): \(arm.primary.bytesPerModel) \(arm.primary.ci95)")
        }
        if let noclear = analysis.arm(.noclear) { #expect(noclear.primary.ci95.upper < 128, "\(name): \(noclear.primary.ci95)") }
    }

    /// Keras 3 on JAX, 1,280 iterations: its heap holds levels and jumps by up to 22 KiB
    /// between neighbours. At 95% the interval bounds the slope to a few bytes per model.
    /// At the last look's level (0.05 / 2^7) nothing bounds the lower end, so no look can
    /// stop on GROWING there — but the upper bound, which decides "does not grow" once at
    /// the last look, stays at 95%: the arm is CONSTANT within 4 B/model, never CONSTANT
    /// by a tolerance as wide as the steepest pair.
    @Test func aSpikyRuntimeHeapIsBoundedByBlocksOrUndecided() throws {
        let clear = try #require(try Self.series("keras3_jax_built_until").first { $0.arm == "clear" })
        let kept = clear.warmup.indices.filter { !clear.warmup[$0] }
        let values = try #require(clear.metrics[.allocated])
        let (x, y) = (kept.map { Double(clear.iterations[$0]) }, kept.map { values[$0] })
        let sen = TheilSen(x: x, y: y)
        #expect(sen.isBounded && sen.isLowerBounded)
        #expect(sen.ci95High < 32 && sen.ci95Low > -32, "\(sen)")
        let bothAtTheLookLevel = try GrowthFit(x: x, y: y, alpha: 0.05 / 128)
        #expect(!bothAtTheLookLevel.theilSen.isBounded && !bothAtTheLookLevel.theilSen.isLowerBounded)
        #expect(bothAtTheLookLevel.verdict(epsilon: 1e6) == .inconclusive)
        let lastLook = try GrowthFit(x: x, y: y, alpha: 0.05 / 128, upperAlpha: 0.05)
        #expect(lastLook.theilSen.isBounded && !lastLook.theilSen.isLowerBounded)
        #expect(lastLook.theilSen.ci95High == sen.ci95High, "the upper bound is the 95% one")
        #expect(lastLook.verdict(epsilon: GrowthTolerance.standard.epsilon(for: lastLook)) == .constant)
        #expect(GrowthTolerance.standard.epsilon(for: lastLook) < 8, "ε follows the 95% upper bound, not the steepest pair")
    }

    /// The same arm as `--until-decided` judges it at its last look (the seventh, 0.05 / 2^7):
    /// decided as not growing, at most a few bytes per model at 95%.
    @Test func aCleanRuntimeArmIsDecidedAtTheLastLook() throws {
        let analysis = try Self.analysisAtTheLastLook("keras3_jax_built_until")
        let lastLook = LookSchedule.standard.alpha(look: LookSchedule.standard.looks.count - 1)
        let clear = try #require(analysis.arm(.clear))
        #expect(clear.verdict.isNotGrowing, "\(clear.verdict) \(clear.primary.ci95)")
        #expect((clear.primary.growsAtMostBytesPerModel ?? .infinity) < 8, "\(clear.primary.ci95)")
        #expect(abs(clear.confidence - (1 - lastLook)) < 1e-12)
    }

    /// A second Keras 3 on JAX run to the last look (`memloop run --until-decided --warm-up 30
    /// --command "KERAS_BACKEND=jax .venv-jax/bin/python Examples/python/seed_loop.py --api
    /// keras3 --model built"`): its heap settles slowly, 24 B/iteration in the first half of
    /// 1,280 iterations and 2 in the second. At 95% that first half reads GROWING (SLOWING);
    /// at the last look's level it must not — a look's GROWING, by the slope or by the
    /// first half, is always at the level spent on it.
    @Test func growthThatSlowsIsJudgedAtTheLooksLevel() throws {
        let atLastLook = try Self.analysisAtTheLastLook("keras3_jax_built_until_slowing")
        let clear = try #require(atLastLook.arm(.clear))
        #expect(clear.verdict != .growing, "\(clear.verdict) \(clear.primary.ci95) \(String(describing: clear.shape))")
        #expect(atLastLook.negativeControl?.passed == true)
    }

    /// Planted leaks (each model, or each iteration's parameters, kept in a list).
    @Test(arguments: [
        ("torch_sequential_leak", 42_000.0...43_500.0), ("jax_mlp_leak", 41_500.0...43_000.0),
        ("keras3_jax_built_leak", 236_000.0...241_000.0), ("keras3_torch_built_leak", 261_000.0...267_000.0),
    ])
    func plantedLeaksGrow(name: String, expected: ClosedRange<Double>) throws {
        let analysis = try Self.analysis(name)
        for role in [Arm.clear, .noclear] {
            let arm = try #require(analysis.arm(role))
            #expect(arm.verdict == .growing && expected.contains(arm.primary.bytesPerModel), "\(name) \(arm.arm): \(arm.primary.bytesPerModel)")
        }
        #expect(analysis.negativeControl?.passed == true)
    }

    /// XLA allocates and frees on worker threads: the data says so, and stats.allocated decides.
    @Test(arguments: ["jax_mlp", "jax_mlp_leak", "keras3_jax_built"])
    func jaxRunsDecideOnTheProcessWideCount(name: String) throws {
        let analysis = try Self.analysis(name)
        #expect(analysis.primaryChoice.metric == .allocated)
        #expect((analysis.primaryChoice.crossThreadBytes ?? 0) > MetricChoice.agreementBytes)
    }
}
