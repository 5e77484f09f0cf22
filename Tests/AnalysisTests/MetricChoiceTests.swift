import Analysis
import Model
import TestSupport
import Testing

@Suite struct MetricChoiceTests {
    /// live_bytes and stats.allocated move together (sampleResult keeps them 30,000 apart).
    @Test func oneThreadDecidesOnLiveBytes() {
        let series = [ArmSeries(sampleResult(.clear, count: 40, slope: 64))]
        let choice = MetricChoice.choose(for: series)
        #expect(choice.metric == .liveBytes)
        #expect(choice.crossThreadBytes == 0)
        #expect(choice.reason.contains("no other thread"))
    }

    /// A worker thread keeps 64 B/iteration: the loop thread sees none of it.
    @Test func otherThreadsAtWorkDecideOnStatsAllocated() {
        var worker = ArmSeries(sampleResult(.clear, count: 40, slope: 0))
        worker.metrics[.allocated] = worker.metrics[.allocated]!.indices.map { 180_000 + 64 * Double($0) }
        let flat = ArmSeries(sampleResult(.control, count: 40, slope: 0))
        let choice = MetricChoice.choose(for: [worker, flat])
        #expect(choice.metric == .allocated, "one arm with other threads at work decides for all")
        #expect(choice.crossThreadBytes == Double(64 * 37))
        #expect(choice.reason.contains("other threads allocated or freed"))
        let analysis = RunAnalysis(series: [worker, flat])
        #expect(analysis.arms.map(\.primary.metric) == [.allocated, .allocated])
        #expect(analysis.arm(.clear)?.verdict == .growing && analysis.arm(.clear)?.primary.bytesPerIteration == 64)
        #expect(RunAnalysis(series: [worker], settings: DecisionSettings(primary: .liveBytes)).arm(.clear)?.primary.metric == .liveBytes, "--primary overrides")
    }

    @Test func aSmallDisagreementIsStillOneThread() {
        var series = ArmSeries(sampleResult(.clear, count: 40, slope: 0))
        series.metrics[.allocated]![20] += MetricChoice.agreementBytes
        #expect(MetricChoice.choose(for: [series]).metric == .liveBytes)
        series.metrics[.allocated]![20] += 1
        #expect(MetricChoice.choose(for: [series]).metric == .allocated)
    }
}
