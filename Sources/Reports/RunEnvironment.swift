import Foundation
import Model

/// What the figures were measured on.
package struct RunEnvironment: Codable, Sendable, Equatable {
    package var jemallocVersion: String?
    package var swiftVersion: String
    package var buildConfiguration: String
    package var host: String
    package var operatingSystem: String
    package var processors: Int
    /// Where the arms ran (`process`, `in-process`, or `csv` for samples read from files).
    package var isolation: Isolation

    /// Where a run's arms ran, as `summary.json` writes it.
    package enum Isolation: String, Codable, Sendable {
        /// Each arm in a child process of its own.
        case process
        /// Every arm in the measuring process.
        case inProcess = "in-process"
        /// Samples read from CSV files (`analyze`, `compare`): nothing ran.
        case csv
    }

    package static func current(jemallocVersion: String?, isolation: Isolation) -> RunEnvironment {
        RunEnvironment(
            jemallocVersion: jemallocVersion,
            swiftVersion: compilerVersion,
            buildConfiguration: buildConfiguration,
            host: ProcessInfo.processInfo.hostName,
            operatingSystem: ProcessInfo.processInfo.operatingSystemVersionString,
            processors: ProcessInfo.processInfo.activeProcessorCount,
            isolation: isolation
        )
    }

    /// The compiler's language version, to the minor version.
    static var compilerVersion: String {
        #if compiler(>=6.4)
        return "6.4 or later"
        #elseif compiler(>=6.3)
        return "6.3"
        #elseif compiler(>=6.2)
        return "6.2"
        #elseif compiler(>=6.1)
        return "6.1"
        #else
        return "6.0"
        #endif
    }

    static var buildConfiguration: String {
        #if DEBUG
        return "debug"
        #else
        return "release"
        #endif
    }
}
