import Foundation
import Model

/// What the figures were measured on.
public struct RunEnvironment: Codable, Sendable, Equatable {
    public var jemallocVersion: String?
    public var swiftVersion: String
    public var buildConfiguration: String
    public var host: String
    public var operatingSystem: String
    public var processors: Int
    /// `process` when each arm ran in its own child process, `in-process` otherwise, `csv` for `analyze`.
    public var isolation: String

    public static func current(jemallocVersion: String?, isolation: String) -> RunEnvironment {
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
