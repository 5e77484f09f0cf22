import Foundation

/// `summary.md`: the result table and its notes, for people (and CI job summaries).
public struct SummaryMarkdownFormat: ReportFormat {
    public init() {}
    public var fileName: String { "summary.md" }
    public func render(_ bundle: ReportBundle) -> Data? { Data(bundle.markdown.utf8) }
}
