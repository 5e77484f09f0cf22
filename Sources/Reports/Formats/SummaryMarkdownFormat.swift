import Foundation

/// `summary.md`: the result table and its notes, for people (and CI job summaries).
package struct SummaryMarkdownFormat: ReportFormat {
    package init() {}
    package var fileName: String { "summary.md" }
    package func render(_ bundle: ReportBundle) -> Data? { Data(bundle.markdown.utf8) }
}
