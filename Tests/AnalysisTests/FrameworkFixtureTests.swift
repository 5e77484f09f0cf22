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
    static func analysis(_ name: String) throws -> RunAnalysis {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        let url = root.appendingPathComponent("Fixtures/frameworks/\(name).csv")
        return RunAnalysis(series: try SamplesCSV.read(data: Data(contentsOf: url), file: url.lastPathComponent))
    }

    /// Clean loops: nothing retained per iteration in any arm, and the control passes.
    @Test(arguments: ["torch_sequential", "jax_mlp", "keras3_jax_built"])
    func cleanLoopsDoNotGrow(name: String) throws {
        let analysis = try Self.analysis(name)
        #expect(analysis.failedControls.isEmpty, "\(name): \(analysis.negativeControl?.message ?? "")")
        #expect(analysis.negativeControl?.passed == true)
        for arm in analysis.arms { #expect(arm.verdict != .growing, "\(name) \(arm.arm): \(arm.primary.bytesPerModel) \(arm.primary.ci95)") }
    }

    /// Planted leaks (each model, or each iteration's parameters, kept in a list).
    @Test(arguments: [("torch_sequential_leak", 42_000.0...43_500.0), ("jax_mlp_leak", 41_500.0...43_000.0)])
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
