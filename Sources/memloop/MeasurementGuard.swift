import ArgumentParser
import Foundation
import JemallocStats
import Reporting

/// Turns allocator failures into one clear message on stderr and the documented exit code.
enum MeasurementGuard {
    /// Refuses to go on unless jemalloc serves this process.
    @discardableResult
    static func requireJemalloc() throws -> ActiveCheck {
        let check = try read { () throws(JemallocError) in try Jemalloc.checkActive() }
        guard check.isActive else { fail(JemallocError.notActive(check)) }
        return check
    }

    static func read<T>(_ body: () throws(JemallocError) -> T) throws -> T {
        do {
            return try body()
        } catch {
            fail(error)
        }
    }

    static func fail(_ error: JemallocError) -> Never {
        Diagnostics.error("\(error)")
        Diagnostics.exit(.measurementUnavailable)
    }
}

/// Messages on stderr and documented exits.
enum Diagnostics {
    static func error(_ message: String) {
        FileHandle.standardError.write(Data("error: \(message)\n".utf8))
    }

    static func note(_ message: String) {
        FileHandle.standardError.write(Data("\(message)\n".utf8))
    }

    static func exit(_ code: ExitStatus) -> Never {
        Foundation.exit(code.rawValue)
    }
}
