import Foundation

/// `summary.json`: the run's verdicts, figures and settings for programs (`RunSummary`).
public struct SummaryJSONFormat: ReportFormat {
    public init() {}
    public var fileName: String { "summary.json" }
    public func render(_ bundle: ReportBundle) throws -> Data? { try bundle.summary.json() }
}
