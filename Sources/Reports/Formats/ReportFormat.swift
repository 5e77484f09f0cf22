import Foundation

/// One file of a run's reports: its name, and how it is made from the run's `ReportBundle`.
///
/// The bundle writes every format in `ReportBundle.formats`, together or not at all, and
/// the commands' "Reports: …" line lists the files it wrote, so a new format (an HTML
/// page, say) is one type conforming here plus its entry in that list.
package protocol ReportFormat: Sendable {
    /// The file's name in the output folder.
    var fileName: String { get }
    /// The file's contents; `nil` when the bundle has nothing for this format (an
    /// analysis of existing samples rewrites no `samples.csv`).
    func render(_ bundle: ReportBundle) throws -> Data?
}
