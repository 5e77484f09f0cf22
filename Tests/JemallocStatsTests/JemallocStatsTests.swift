import GrowthAnalysis
import JemallocStats
import Model
import TestSupport
import Testing

/// Readings of the test process's own allocator. Thread counters are per thread, so these
/// tests may run beside others; process-wide statistics are read inside exit tests,
/// which run alone in a child process.
@Suite(.serialized) struct JemallocStatsTests {
    @Test func jemallocIsTheAllocatorOfTheTestProcess() throws {
        let check = try Jemalloc.checkActive()
        #expect(check.isActive, "\(check.explanation)")
        #expect(check.observedBytes >= Jemalloc.activeProbeBytes)
        try Jemalloc.requireActive()
    }

    @Test func infoNamesVersionAndConfiguration() throws {
        let info = try Jemalloc.info()
        #expect(info.version.hasPrefix("5."))
        #expect(info.configStats, "statistics are compiled in")
        #expect(info.optNarenas > 0)
    }

    @Test(arguments: [1, 8, 16, 17, 100, 1_000, 4_000, 10_000, 100_000, 1 << 20])
    func arrayMovesLiveBytesByExactlyItsAllocationSize(count: Int) throws {
        let counters = try Jemalloc.threadCounters()
        _ = [UInt8](repeating: 1, count: 3)  // warm the generic's metadata
        let expected = try Jemalloc.allocationSize(for: count + 32)  // 32-byte array header
        let before = counters.liveBytes
        let array = [UInt8](repeating: 1, count: count)
        let after = counters.liveBytes
        withExtendedLifetime(array) {}
        #expect(after - before == Int64(expected))
    }

    /// The first iterations are a warm-up: the Swift runtime may take a fresh 16 KiB page
    /// for type metadata on first use of a generic path (seen at iteration 1 here).
    @Test func aSixteenByteLeakPerIterationFitsSixteenOnThreadLiveBytes() throws {
        let counters = try Jemalloc.threadCounters()
        let warmUp = 20, iterations = 1_000
        var kept: [UnsafeMutableRawPointer] = []
        kept.reserveCapacity(warmUp + iterations)
        var samples = [Double](repeating: 0, count: warmUp + iterations)
        for i in 0..<(warmUp + iterations) {
            kept.append(UnsafeMutableRawPointer.allocate(byteCount: 16, alignment: 8))
            samples[i] = Double(counters.liveBytes)
        }
        for pointer in kept { pointer.deallocate() }
        let fit = try GrowthFit(x: (0..<iterations).map(Double.init), y: Array(samples.dropFirst(warmUp)))
        #expect(fit.theilSen.slope == 16)
        #expect(fit.leastSquares.slope == 16)
        #expect(fit.leastSquares.rSquared == 1)
    }

    @Test func aLeakFreeLoopWithAllocationNoiseFitsZero() throws {
        let counters = try Jemalloc.threadCounters()
        let iterations = 1_000
        var samples = [Double](repeating: 0, count: iterations)
        var sizes = NoiseGenerator(seed: 3)
        for i in 0..<iterations {
            let block = UnsafeMutableRawPointer.allocate(byteCount: Int(sizes.next() % 4_000) + 1, alignment: 8)
            block.deallocate()
            samples[i] = Double(counters.liveBytes)
        }
        let fit = try GrowthFit(x: (0..<iterations).map(Double.init), y: samples)
        #expect(fit.theilSen.slope == 0)
        #expect(fit.ci95PerUnit == 0...0)
    }

    @Test func takingASnapshotAllocatesNothing() throws {
        let counters = try Jemalloc.threadCounters()
        _ = try Jemalloc.snapshot()  // first use resolves the keys
        _ = try Jemalloc.snapshot(purge: true)
        let allocatedBefore = counters.allocated
        for _ in 0..<100 { _ = try Jemalloc.snapshot() }
        _ = try Jemalloc.snapshot(purge: true)
        #expect(counters.allocated == allocatedBefore)
    }

    @Test func readingThreadLiveBytesAllocatesNothing() throws {
        let counters = try Jemalloc.threadCounters()
        let before = counters.allocated
        var sum: Int64 = 0
        for _ in 0..<1_000 { sum &+= counters.liveBytes }
        #expect(counters.allocated == before)
        #expect(sum != 0)
    }

    @Test func snapshotFiguresAreConsistent() throws {
        let stats = try Jemalloc.snapshot(purge: true)
        #expect(stats.allocated > 0)
        #expect(stats.allocated <= stats.active)
        #expect(stats.active <= stats.resident + stats.retained + stats.mapped)
        #expect(stats.active <= stats.mapped)
        #expect(stats.metadata > 0)
        #expect(stats.smallNRequests > 0)
    }

    @Test func profilingOffNamesTheSettingThatTurnsItOn() {
        let message = JemallocError.profilingOff.description
        #expect(message.contains("MALLOC_CONF=prof:true,prof_active:true"), "\(message)")
        #expect(!message.contains("ENOENT"), "\(message)")
        #expect(!message.contains("--enable-stats"), "\(message)")
    }

    /// In a child process, alone: a 16-byte leak per iteration moves flushed
    /// `stats.allocated` by exactly 16 bytes per iteration, and a clean loop by 0.
    @Test func flushedStatsAllocatedFitsSixteenAloneInAProcess() async {
        await #expect(processExitsWith: .success) {
            let iterations = 1_000
            var kept: [UnsafeMutableRawPointer] = []
            kept.reserveCapacity(iterations + 20)
            var leaking = [Double](repeating: 0, count: iterations)
            var clean = [Double](repeating: 0, count: iterations)
            let x = (0..<iterations).map(Double.init)
            for _ in 0..<20 {  // warm-up
                kept.append(UnsafeMutableRawPointer.allocate(byteCount: 16, alignment: 8))
                _ = try Jemalloc.snapshot()
            }
            for i in 0..<iterations {
                kept.append(UnsafeMutableRawPointer.allocate(byteCount: 16, alignment: 8))
                leaking[i] = Double(try Jemalloc.snapshot().allocated)
            }
            for i in 0..<iterations {
                let block = UnsafeMutableRawPointer.allocate(byteCount: 64 + i % 512, alignment: 8)
                block.deallocate()
                clean[i] = Double(try Jemalloc.snapshot().allocated)
            }
            let leak = try GrowthFit(x: x, y: leaking), flat = try GrowthFit(x: x, y: clean)
            guard leak.theilSen.slope == 16, leak.leastSquares.slope == 16, flat.theilSen.slope == 0 else {
                fatalError("stats.allocated slopes: leak \(leak.theilSen.slope)/\(leak.leastSquares.slope), clean \(flat.theilSen.slope)")
            }
        }
    }
}
