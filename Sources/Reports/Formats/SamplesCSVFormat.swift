import Foundation

/// `samples.csv`: every sample of every arm of a run, in the loop protocol's columns, so
/// that `memloop analyze` can re-read the run.
package struct SamplesCSVFormat: ReportFormat {
    package init() {}
    package var fileName: String { "samples.csv" }
    package func render(_ bundle: ReportBundle) -> Data? { bundle.samplesCSV.map { Data($0.utf8) } }
}
