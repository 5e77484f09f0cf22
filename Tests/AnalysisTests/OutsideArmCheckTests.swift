import Analysis
import Foundation
import Model
import Testing

@Suite struct OutsideArmCheckTests {
    let loop = OutsideLoop(arguments: ["/bin/true"], iterations: 5, warmUp: 0)

    func run(_ samples: Data?) -> OutsideArmRun {
        OutsideArmRun(arm: .clear, samples: samples, termination: .exited(0), stderrTail: "", wallNs: 1)
    }

    func csv(invalidByteOnRow row: Int? = nil) -> Data {
        var data = Data("arm,iteration,models_built,warmup,live_bytes\n".utf8)
        for iteration in 0..<loop.totalIterations {
            data.append(Data("clear,\(iteration),\(iteration + 1),0,\(1000 + iteration)".utf8))
            if iteration == row { data.append(0xFF) }
            data.append(Data("\n".utf8))
        }
        return data
    }

    @Test func wellFormedSamplesGiveTheArmsSeries() throws {
        let series = try OutsideArmCheck.series(of: run(csv()), loop: loop, interrupted: false)
        #expect(series.arm == "clear")
        #expect(series.count == loop.totalIterations)
    }

    @Test func noSamplesFileIsReportedAsMissing() {
        do {
            _ = try OutsideArmCheck.series(of: run(nil), loop: loop, interrupted: false)
            Issue.record("an arm without a samples file was accepted")
        } catch {
            #expect(error.message.contains("wrote no samples file") && error.message.contains("add the probe's three lines"), "\(error)")
        }
    }

    @Test func anInvalidUTF8ByteIsReportedAsMalformedWithItsLine() {
        do {
            _ = try OutsideArmCheck.series(of: run(csv(invalidByteOnRow: 2)), loop: loop, interrupted: false)
            Issue.record("a samples file with an invalid UTF-8 byte was accepted")
        } catch {
            #expect(error.line == 4, "\(error)")  // the header, then rows 0, 1 and 2
            #expect(error.message.contains("not UTF-8 text"), "\(error)")
            #expect(!error.message.contains("wrote no samples file"), "\(error)")
        }
    }

    /// Rows at these iterations of a loop of 20 measured after 2 of warm-up.
    func spaced(_ iterations: [Int]) -> Data {
        var data = Data("arm,iteration,models_built,warmup,live_bytes\n".utf8)
        for iteration in iterations { data.append(Data("clear,\(iteration),\(iteration + 1),\(iteration < 2 ? 1 : 0),1000\n".utf8)) }
        return data
    }

    @Test func spacedRowsWithinTheLargestGapAreAccepted() throws {
        let loop = OutsideLoop(arguments: ["/bin/true"], iterations: 20, warmUp: 2, sampleSpacing: .every(4))
        let series = try OutsideArmCheck.series(of: run(spaced([0, 4, 8, 12, 16, 20])), loop: loop, interrupted: false)
        #expect(series.iterations == [0, 4, 8, 12, 16, 20])
        #expect(series.warmup == [true, false, false, false, false, false])
        let dense = try OutsideArmCheck.series(of: run(spaced(Array(0..<22))), loop: loop, interrupted: false)
        #expect(dense.count == 22, "a loop may sample more often than it must (one that ignores MEMLOOP_SAMPLE_EVERY)")
    }

    @Test(
        arguments: [
            ([0, 4, 9, 12, 16, 20], "row 3 is iteration 9 after 4: a row at least every 4 iterations (--sample-every 4), in order"),
            ([0, 8, 4, 12, 16, 20], "iteration 4 of arm \"clear\" does not increase (previous 8)"),
            ([0, 4, 4, 8, 12, 16, 20], "does not increase (previous 4)"),
            ([1, 4, 8, 12, 16, 20], "the first row is iteration 1, expected 0"),
            ([0, 4, 8, 12, 16], "the last row is iteration 16, but the loop runs 22 iterations"),
            ([0, 4, 8, 12, 16, 20, 22], "row 7 is iteration 22, but the loop runs 22"),
        ] as [([Int], String)])
    func spacedRowsOutsideTheRulesAreRefused(iterations: [Int], message: String) {
        let loop = OutsideLoop(arguments: ["/bin/true"], iterations: 20, warmUp: 2, sampleSpacing: .every(4))
        do {
            _ = try OutsideArmCheck.series(of: run(spaced(iterations)), loop: loop, interrupted: false)
            Issue.record("rows at \(iterations) were accepted")
        } catch {
            #expect(error.message.contains(message), "\(error)")
        }
    }

    @Test func anInterruptedArmMayEndEarly() throws {
        let loop = OutsideLoop(arguments: ["/bin/true"], iterations: 20, warmUp: 2, sampleSpacing: .every(4))
        let series = try OutsideArmCheck.series(of: run(spaced([0, 4, 8])), loop: loop, interrupted: true)
        #expect(series.count == 3)
    }
}
