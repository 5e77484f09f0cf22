import JemallocStats
import Reporting

/// Turns allocator failures into one clear message on stderr and the documented exit code.
enum MeasurementGuard {
    /// Refuses to go on unless jemalloc serves this process.
    @discardableResult
    static func requireJemalloc() -> ActiveCheck {
        let check: ActiveCheck
        do { check = try Jemalloc.checkActive() } catch { fail(error) }
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
        Diagnostics.fail(.measurementUnavailable, "\(error)")
    }
}
