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
            #expect(error.message.contains("wrote no samples file"), "\(error)")
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
}
