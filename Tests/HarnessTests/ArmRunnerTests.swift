import GraphCore
import Harness
import Model
import Testing

/// The runner drives the process-wide graph and reads the allocator, so each test runs
/// alone in a child process (an exit test) where no other test shares either.
@Suite struct ArmRunnerTests {
    @Test func clearArmHoldsConstantStateAndLiveBytes() async {
        await #expect(processExitsWith: .success) {
            var config = RunConfig()
            config.iterations = 50
            let result = try ArmRunner.run(.clear, config: config)
            let measured = result.samples.filter { !$0.warmup }
            precondition(result.samples.count == 60, "one sample per iteration")
            precondition(Set(measured.map(\.census.nodes)) == [11], "each iteration holds one model of 11 nodes")
            precondition(Set(measured.map(\.liveBytes)).count == 1, "live bytes constant: \(Set(measured.map(\.liveBytes)))")
            precondition(result.samples.last?.modelsBuilt == 60)
        }
    }

    @Test func noclearArmGrowsByTheCensus() async {
        await #expect(processExitsWith: .success) {
            var config = RunConfig()
            config.iterations = 200
            config.modelsPerIteration = 3
            let result = try ArmRunner.run(.noclear, config: config)
            let first = result.samples[config.warmUp], last = result.samples.last!
            let models = Double(last.modelsBuilt - first.modelsBuilt)
            let seen = Double(last.liveBytes - first.liveBytes) / models
            let census = Double(last.census.arenaReservedBytes - first.census.arenaReservedBytes) / models
            precondition(last.census.nodes == 210 * 3 * 11, "every model stays in the graph")
            precondition(Double(last.census.arenaUsedBytes - first.census.arenaUsedBytes) / models == 352, "11 records of 32 bytes per model")
            precondition(abs(seen - census) <= 1, "jemalloc sees \(seen) B/model, census reserved \(census)")
        }
    }

    @Test func injectedLeakShowsExactlyInTheClearArm() async {
        await #expect(processExitsWith: .success) {
            var config = RunConfig()
            config.iterations = 50
            config.injectLeakBytes = 64
            let result = try ArmRunner.run(.clear, config: config)
            let measured = result.samples.filter { !$0.warmup }
            let steps = Set(zip(measured, measured.dropFirst()).map { $1.liveBytes - $0.liveBytes })
            precondition(steps == [64], "each iteration adds exactly the 64 leaked bytes: \(steps)")
        }
    }

    @Test func invalidConfigurationIsRefusedBeforeMeasuring() {
        var config = RunConfig()
        config.iterations = 0
        #expect {
            try ArmRunner.run(.clear, config: config)
        } throws: { error in
            guard case let .invalidConfig(problems) = error as? HarnessError else { return false }
            return problems == ["iterations must be at least 1, got 0"]
        }
    }
}
