import Foundation
import GrowthAnalysis
import Model
import TestSupport
import Testing

@testable import Analysis
@testable import Reports

/// Memory that rose early in the window and then held is read from where it settled;
/// growth that goes on, lasts, or starts late is not.
@Suite struct SettlingTests {
    /// One arm of `n` measured iterations: `value(i)` plus uniform noise of ±`noise`.
    static func arm(_ n: Int, noise: Double = 256, seed: UInt64 = 3, value: (Int) -> Double) -> ArmSeries {
        var generator = NoiseGenerator(seed: seed)
        let y = (0..<n).map { value($0) + generator.uniform(in: -noise...noise) }
        return ArmSeries(
            arm: "clear", iterations: Array(0..<n), modelsBuilt: (0..<n).map { $0 + 1 }, elapsedNs: nil, warmup: Array(repeating: false, count: n),
            metrics: [.liveBytes: y.map { $0.rounded() }])
    }

    static func verdict(_ series: ArmSeries) -> ArmAnalysis { RunAnalysis(series: [series]).arms[0] }

    /// 64 KiB over the first 15% of the window, then flat: CONSTANT, SETTLED, read from a
    /// start at most a quarter in, and the rise reported.
    @Test func aCacheThatFillsEarlyIsReadFromWhereItSettled() throws {
        let analysis = RunAnalysis(series: [Self.arm(1_000) { i in 65_536 * min(1, Double(i) / 150) }])
        let arm = analysis.arms[0]
        #expect(arm.verdict == .constant, "\(arm.primary)")
        #expect(arm.shape?.kind == .settled)
        let settling = try #require(arm.settling)
        #expect(settling.afterIteration > 0 && settling.afterIteration <= 250)
        #expect(settling.rise > 30_000, "\(settling)")
        #expect(arm.primary.ci95.upper <= arm.primary.epsilon ?? 0)
        let text = ResultTable.text(analysis)
        #expect(text.contains("from there on it does not grow"), "\(text)")
    }

    /// A steady leak, a leak that starts at 60% of the window, and a cache that fills for
    /// 40% of it are not settled: every stretch read still grows. None reads as "does not
    /// grow": the late leak bends the series, its interval is wide (18 [−3, 66] B), and an
    /// ε that followed that width (69) would have called it CONSTANT; the step noise caps ε
    /// at 27, so it is INCONCLUSIVE — a gate cannot pass on it.
    @Test(arguments: ["steady 16 B", "from 60%", "filling for 40%"])
    func growthThatGoesOnIsNotSettled(name: String) {
        let arm = Self.verdict(
            Self.arm(1_000) { i in
                switch name {
                case "steady 16 B": 16 * Double(i)
                case "from 60%": i < 600 ? 0 : 64 * Double(i - 600)
                default: 65_536 * min(1, Double(i) / 400)
                }
            })
        #expect(arm.settling == nil, "\(name)")
        #expect(!arm.verdict.isNotGrowing, "\(name): \(arm.verdict) \(arm.primary)")
        if name != "from 60%" { #expect(arm.verdict == .growing, "\(name): \(arm.verdict) \(arm.primary)") }
        #expect((arm.primary.epsilon ?? .infinity) < 30, "\(name): ε \(arm.primary.epsilon ?? .nan)")
    }

    /// A clean series stays as it was read: nothing to settle.
    @Test func aFlatSeriesIsNotSettled() {
        let arm = Self.verdict(Self.arm(1_000) { _ in 0 })
        #expect(arm.verdict == .constant)
        #expect(arm.settling == nil)
        #expect(arm.shape?.kind != .settled)
    }

    /// Real: Keras 3 on the torch backend, 1,000 iterations after 50 of warm-up, rises by
    /// 64 KiB over its first 150 and is flat to the byte after. Over the whole window it is
    /// INCONCLUSIVE; read from where it settled, CONSTANT.
    @Test func kerasThreeOnTorchSettles() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        let url = root.appendingPathComponent("Fixtures/frameworks/keras3_torch_built_settling.csv")
        let series = try SamplesCSV.read(data: Data(contentsOf: url), file: url.lastPathComponent)
        let clear = try #require(RunAnalysis(series: series).arm(.clear))
        #expect(clear.verdict == .constant, "\(clear.primary)")
        #expect(clear.shape?.kind == .settled)
        let settling = try #require(clear.settling)
        #expect(settling.afterIteration <= 50 + 250)
        #expect(clear.fit(.liveBytes)?.verdict == .inconclusive, "the whole window alone cannot tell")
    }

    /// A spike on the second-to-last sample, gone on the last, is no lasting change at the
    /// end; a step on the last sample still is.
    @Test func aSpikeAtTheEndIsNotALastingChange() throws {
        let x = (0..<200).map(Double.init)
        var spiked = Array(repeating: 1_000_000.0, count: 200)
        spiked[198] += 30_000
        #expect(try GrowthFit(x: x, y: spiked).verdict(epsilon: 4) == .constant)
        var stepped = Array(repeating: 1_000_000.0, count: 200)
        stepped[199] += 30_000
        #expect(try GrowthFit(x: x, y: stepped).verdict(epsilon: 4) == .inconclusive)
    }
}

/// The end check's transient range: the highest (lowest) level `run` points in a row reached.
@Suite struct ExcursionTests {
    static func naive(_ y: [Double], run: Int, up: Bool) -> Double {
        guard y.count >= run else { return up ? -.infinity : .infinity }
        let levels = (0...(y.count - run)).map { i in up ? y[i..<(i + run)].min()! : y[i..<(i + run)].max()! }
        return up ? levels.max()! : levels.min()!
    }

    @Test(arguments: [1, 2, 3, 4, 8, 17])
    func theSlidingWindowAgreesWithTheDefinition(run: Int) {
        var generator = NoiseGenerator(seed: UInt64(run))
        for length in [1, 2, 5, 16, 40, 101] {
            let y = (0..<length).map { _ in (generator.uniform(in: -50...50)).rounded() }
            for up in [true, false] {
                #expect(GrowthFit.excursion(y, run: run, up: up) == Self.naive(y, run: run, up: up), "\(length) \(run) \(up)")
            }
        }
    }

    /// A runtime whose heap spikes by tens of KiB for a sample now and then: a spike on the
    /// very last sample is within its own transient range, not a lasting change.
    @Test func aSpikeOnTheLastSampleOfASpikySeriesIsNotALastingChange() throws {
        let x = (0..<400).map(Double.init)
        var y = Array(repeating: 1_000_000.0, count: 400)
        for i in stride(from: 7, to: 390, by: 23) { y[i] += 40_000 }
        y[399] += 30_000
        #expect(try GrowthFit(x: x, y: y).verdict(epsilon: 4) == .constant)
        // Higher than any spike before it: it may be the first chunk of a leak.
        y[399] += 60_000
        #expect(try GrowthFit(x: x, y: y).verdict(epsilon: 4) == .inconclusive)
    }
}
