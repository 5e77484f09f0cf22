import Foundation

/// `Tests/Fixtures/user-metrics/`: two recordings of one loop shape with a metric of the
/// loop's own, `device_bytes` (5 warm-up + 40 measured iterations per arm; `live_bytes`
/// 2048 and `allocated` 8 MiB flat throughout).
///
/// - `device_growing.csv`: `device_bytes` grows by exactly 4096 per iteration (one model
///   each) in `clear` and `noclear`, stays at 256 MiB in `control`; `noclear` leaves the
///   cell empty on every fifth sample (iterations 3, 8, 13, …).
/// - `device_flat.csv`: the same with `device_bytes` flat in every arm.
package enum UserMetricFixtures {
    /// Growth of `device_bytes` per iteration and per model in `device_growing.csv`.
    package static let deviceBytesPerModel = 4096.0

    package static func url(_ name: String) -> URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/user-metrics/\(name).csv")
    }

    package static func data(_ name: String) throws -> Data { try Data(contentsOf: url(name)) }
}
