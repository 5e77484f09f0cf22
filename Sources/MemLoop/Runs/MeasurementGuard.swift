import JemallocStats
import Model

/// Turns allocator failures into the documented failure.
package enum MeasurementGuard {
    /// Refuses to go on unless jemalloc serves this process.
    @discardableResult
    package static func requireJemalloc() throws(CommandFailure) -> ActiveCheck {
        let check: ActiveCheck
        do { check = try Jemalloc.checkActive() } catch { throw failure(error) }
        guard check.isActive else { throw failure(JemallocError.notActive(check)) }
        return check
    }

    package static func read<T>(_ body: () throws(JemallocError) -> T) throws(CommandFailure) -> T {
        do { return try body() } catch { throw failure(error) }
    }

    private static func failure(_ error: JemallocError) -> CommandFailure {
        CommandFailure(.measurementUnavailable, "\(error)")
    }
}
