import Foundation

/// `memory.svg`: each arm's memory against iteration (`MemorySVG`).
package struct MemoryChartFormat: ReportFormat {
    package init() {}
    package var fileName: String { "memory.svg" }
    package func render(_ bundle: ReportBundle) -> Data? { Data(bundle.svg.utf8) }
}
