import Analysis
import Foundation
import Model

/// Reads an input file (a samples CSV) for `analyze` and `compare`, refusing what is not
/// a readable regular file with a message that names the cause — never blocking on a FIFO.
package enum InputFile {
    package static func samples(_ path: String, warmUp: Int) throws(CommandFailure) -> [ArmSeries] {
        let data = try read(path)
        do { return try SamplesCSV.read(data: data, file: path, warmUp: warmUp) } catch { throw CommandFailure(.invalidInput, "\(error)") }
    }

    private static func read(_ path: String) throws(CommandFailure) -> Data {
        func fail(_ reason: String) -> CommandFailure {
            CommandFailure(.invalidInput, "cannot read \(path): \(reason); pass the path of a samples CSV (e.g. Reports/latest/samples.csv)")
        }
        do { return try RegularFile.read(path, limit: RegularFile.samplesLimit) } catch {
            switch error {
            case let .tooLarge(bytes, limit):
                throw fail(
                    "\(bytes / 1_048_576) MiB is more than the \(limit / 1_048_576) MiB this command reads; analyse a thinned CSV (e.g. every k-th iteration)")
            default: throw fail(error.reason)
            }
        }
    }
}
