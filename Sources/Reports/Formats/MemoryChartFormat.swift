import Foundation

/// `memory.svg`: each arm's memory against iteration (`MemorySVG`).
public struct MemoryChartFormat: ReportFormat {
    public init() {}
    public var fileName: String { "memory.svg" }
    public func render(_ bundle: ReportBundle) -> Data? { Data(bundle.svg.utf8) }
}
