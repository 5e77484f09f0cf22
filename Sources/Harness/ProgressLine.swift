#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Progress on stderr, written from inside the measured loop without allocating: the
/// line is composed in a buffer reserved up front and written with `write(2)`.
/// It only writes when stderr is a terminal, at most every 1% of the run.
final class ProgressLine {
    private var buffer: [UInt8]
    private let prefixCount: Int
    private let total: Int
    private let step: Int
    private let enabled: Bool

    init(label: String, total: Int, enabled: Bool) {
        self.total = total
        self.enabled = enabled && isatty(2) == 1
        step = max(1, total / 100)
        buffer = Array("\r[\(label)] ".utf8)
        prefixCount = buffer.count
        buffer.reserveCapacity(prefixCount + 64)
    }

    @inline(__always)
    func update(_ done: Int) {
        guard enabled, done % step == 0 || done == total else { return }
        buffer.removeSubrange(prefixCount...)
        append(done)
        buffer.append(UInt8(ascii: "/"))
        append(total)
        for byte in " iterations".utf8 { buffer.append(byte) }
        buffer.withUnsafeBytes { _ = write(2, $0.baseAddress, $0.count) }
    }

    func finish() {
        guard enabled else { return }
        _ = write(2, "\n", 1)
    }

    private func append(_ value: Int) {
        var divisor = 1
        while divisor <= value / 10 { divisor *= 10 }
        var rest = value
        while divisor > 0 {
            buffer.append(UInt8(ascii: "0") + UInt8(rest / divisor))
            rest %= divisor
            divisor /= 10
        }
    }
}
