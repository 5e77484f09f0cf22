import Foundation

/// `summary.json`: the run's verdicts, figures and settings for programs (`RunSummary`).
package struct SummaryJSONFormat: ReportFormat {
    package init() {}
    package var fileName: String { "summary.json" }
    package func render(_ bundle: ReportBundle) throws -> Data? { try bundle.summary.json() }
}
