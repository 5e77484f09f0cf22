// swift-tools-version: 6.1
// MemLoop beside ordo-one/package-benchmark on the seed's loop. A separate package, so
// that MemLoop itself never depends on package-benchmark: Scripts/peer_compare.sh builds
// and runs it. Traits: only MallocInterposer (its malloc/free counters); the default
// RuntimeInterposer trait is left off.
import PackageDescription

let package = Package(
    name: "PeerComparison",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(
            url: "https://github.com/ordo-one/benchmark.git",
            exact: "1.38.1",
            traits: ["MallocInterposer"]
        ),
        .package(name: "MemLoop", path: "../.."),
    ],
    targets: [
        .executableTarget(
            name: "SeedLoop",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "GraphCore", package: "MemLoop"),
            ],
            path: "Benchmarks/SeedLoop",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        // GraphCore's `add` idiom timed as a user's package links it (Scripts/bench_external.sh).
        .executableTarget(
            name: "AddIdiomTiming",
            dependencies: [.product(name: "GraphCore", package: "MemLoop")],
            path: "AddIdiomTiming"
        ),
    ],
    swiftLanguageModes: [.v6]
)
