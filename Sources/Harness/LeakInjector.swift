#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Leaks a known number of bytes per iteration, on purpose and kept alive, so that a
/// run can prove it detects a leak of that size (calibration and the gate's self-test).
///
/// The pointers go into storage reserved before the measured window, so keeping them
/// allocates nothing but the leak itself. They are freed when the injector is. Blocks
/// come from `malloc` itself (jemalloc's smallest class is 8 bytes); Swift's
/// `UnsafeMutableRawPointer.allocate` would round small requests up to 16.
final class LeakInjector {
    private let bytes: Int
    private var blocks: [UnsafeMutableRawPointer] = []

    init(bytesPerIteration: Int, iterations: Int) {
        bytes = bytesPerIteration
        if bytes > 0 { blocks.reserveCapacity(iterations) }
    }

    /// Never inlined: heap-profile attribution names the function an allocation came from,
    /// and the injected leak must show up as `LeakInjector.leak()`, not as its caller.
    @inline(never)
    func leak() {
        guard bytes > 0 else { return }
        blocks.append(malloc(bytes)!)
    }

    deinit {
        for block in blocks { free(block) }
    }
}
