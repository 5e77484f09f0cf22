// The seed's loop under package-benchmark, in the four variants that
// Scripts/peer_compare.sh puts to both tools:
//
//   clean     clearSession(), then build Sequential(10 × Dense(10))
//   noclear   build only: every model stays in the global graph
//   leak16    clean, plus 16 bytes malloc'ed and kept per iteration
//   leak1024  clean, plus 1,024 bytes malloc'ed and kept per iteration
//
// There is one benchmark, "seed-loop", and PEER_VARIANT picks its body, so that a
// baseline taken on `clean` is compared with each variant under the same name (a
// baseline check matches benchmarks by name). One benchmark iteration is one loop
// iteration; 100 are measured after package-benchmark's default warm-up. Every other
// setting is package-benchmark's default: metrics (with the MallocInterposer trait:
// wall clock, CPU, malloc/free counts, malloc bytes, malloc − free, memoryLeakedBytes,
// throughput, instructions, peak resident memory) and thresholds.

import Benchmark
import GraphCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

enum Variant: String {
    case clean, noclear, leak16, leak1024

    var clears: Bool { self != .noclear }

    var leakBytes: Int {
        switch self {
        case .leak16: 16
        case .leak1024: 1_024
        case .clean, .noclear: 0
        }
    }
}

/// Blocks leaked on purpose, kept reachable in storage reserved before any measurement,
/// so that keeping them allocates nothing but the leak itself.
final class LeakStore: @unchecked Sendable {
    let capacity = 1 << 16
    let blocks: UnsafeMutablePointer<UnsafeMutableRawPointer?>
    var count = 0

    init() {
        blocks = .allocate(capacity: capacity)
        blocks.initialize(repeating: nil, count: capacity)
    }

    @inline(__always)
    func leak(_ bytes: Int) {
        let block = malloc(bytes)
        if count < capacity {
            blocks[count] = block
            count += 1
        }
    }
}

let leakStore = LeakStore()

@inline(never)
func buildSeedModel() {
    let model = try! Sequential((0..<10).map { _ in Dense(10) })
    blackHole(model)
}

let benchmarks: @Sendable () -> Void = {
    let name = getenv("PEER_VARIANT").map { String(cString: $0) } ?? "clean"
    guard let variant = Variant(rawValue: name) else {
        fatalError("PEER_VARIANT must be clean, noclear, leak16 or leak1024, not \(name)")
    }
    let clears = variant.clears
    let leakBytes = variant.leakBytes
    // No tags: they become part of the name, and the variants must share one name.

    Benchmark(
        "seed-loop",
        configuration: .init(
            maxDuration: .seconds(60),
            maxIterations: 100
        ),
        closure: { _ in
            if clears { clearSession() }
            buildSeedModel()
            if leakBytes > 0 { leakStore.leak(leakBytes) }
        },
        setup: { clearSession() }
    )
}
