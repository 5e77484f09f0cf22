/// Leaks a known number of bytes per iteration, on purpose and kept alive, so that a
/// run can prove it detects a leak of that size (calibration and the gate's self-test).
///
/// The pointers go into storage reserved before the measured window, so keeping them
/// allocates nothing but the leak itself. They are freed when the injector is.
final class LeakInjector {
    private let bytes: Int
    private var blocks: [UnsafeMutableRawPointer] = []

    init(bytesPerIteration: Int, iterations: Int) {
        bytes = bytesPerIteration
        if bytes > 0 { blocks.reserveCapacity(iterations) }
    }

    @inline(__always)
    func leak() {
        guard bytes > 0 else { return }
        blocks.append(UnsafeMutableRawPointer.allocate(byteCount: bytes, alignment: 8))
    }

    deinit {
        for block in blocks { block.deallocate() }
    }
}
