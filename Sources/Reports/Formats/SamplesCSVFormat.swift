import Foundation

/// `samples.csv`: every sample of every arm of a run, in the loop protocol's columns, so
/// that `memloop analyze` can re-read the run.
public struct SamplesCSVFormat: ReportFormat {
    public init() {}
    public var fileName: String { "samples.csv" }
    public func render(_ bundle: ReportBundle) -> Data? { bundle.samplesCSV.map { Data($0.utf8) } }
}
