// swift-tools-version:6.0
import Foundation
import PackageDescription

/// `MEMLOOP_NO_JEMALLOC=1` builds without jemalloc. Sanitizers (ASan, TSan) and
/// valgrind replace malloc; linking jemalloc beside them crashes with mixed
/// allocators, so sanitizer runs use this build. Every measuring command then
/// refuses with a clear error instead of printing zeros.
let withoutJemalloc = ProcessInfo.processInfo.environment["MEMLOOP_NO_JEMALLOC"] == "1"

/// `MEMLOOP_STATIC_JEMALLOC=/path/to/jemalloc.o` links jemalloc into the executable from
/// that relocatable object instead of `libjemalloc.so.2` (Scripts/wheel.sh makes it from
/// `libjemalloc_pic.a` with `ld -r --whole-archive`, and builds with `--static-swift-stdlib`).
/// An object, not the archive: `--static-swift-stdlib` links with `--exclude-libs ALL`,
/// which would make an archive's `malloc` local to the executable, so that glibc and
/// libstdc++ kept their own malloc and freed jemalloc's blocks (a crash). The object's
/// `malloc`, `free`, … are exported and replace the C library's in the whole process.
let staticJemalloc = ProcessInfo.processInfo.environment["MEMLOOP_STATIC_JEMALLOC"].flatMap { $0.isEmpty ? nil : $0 }

var jemallocDependencies: [Target.Dependency] = []
var jemallocSettings: [SwiftSetting] = []
var jemallocTargets: [Target] = []
if withoutJemalloc {
    jemallocSettings.append(.define("MEMLOOP_NO_JEMALLOC"))
} else {
    jemallocDependencies.append("CJemalloc")
    jemallocTargets.append(
        staticJemalloc == nil
            ? .systemLibrary(name: "CJemalloc", pkgConfig: "jemalloc", providers: [.apt(["libjemalloc-dev"])])
            : .systemLibrary(name: "CJemalloc", path: "Sources/CJemalloc/static")
    )
}

/// Invariant checks after every arena mutation in debug builds (tests), never in release.
let graphCoreSettings: [SwiftSetting] = [
    .define("GRAPHCORE_INTERNAL_CHECKS", .when(configuration: .debug))
]

let package = Package(
    name: "MemLoop",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "memloop", targets: ["memloop"]),
        .library(name: "GraphCore", targets: ["GraphCore"]),
        .library(name: "MemLoop", targets: ["MemLoop"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/x-sheep/swift-property-based.git", from: "2.0.1"),
        .package(url: "https://github.com/swiftlang/swift-docc-plugin", from: "1.5.0"),
        // OrderedDictionary: the samples reader keeps a loop's own metric columns in header
        // order and arms in the order they first appear (Sources/Analysis/SeriesAccumulator.swift).
        .package(url: "https://github.com/apple/swift-collections.git", from: "1.6.0"),
    ],
    targets: jemallocTargets + [
        .target(name: "GraphCore", swiftSettings: graphCoreSettings),
        .target(name: "Model"),
        .target(
            name: "JemallocStats",
            dependencies: jemallocDependencies + ["Model"],
            swiftSettings: jemallocSettings,
            linkerSettings: staticJemalloc.map { [.unsafeFlags(["-Xlinker", $0])] } ?? []
        ),
        .target(name: "GrowthAnalysis"),
        .target(name: "Harness", dependencies: ["Model", "GraphCore", "JemallocStats"]),
        // Above the value model: analysis of samples, the reports written from it, and
        // the gate's policy; none of them links jemalloc.
        .target(
            name: "Analysis",
            dependencies: ["Model", "GrowthAnalysis", .product(name: "OrderedCollections", package: "swift-collections")]
        ),
        .target(name: "Reports", dependencies: ["Analysis", "Model", "GrowthAnalysis"]),
        .target(name: "GatePolicy", dependencies: ["Analysis", "Reports", "Model", "GrowthAnalysis"]),
        // The library: the public API (MemoryLoop, MemoryReport) and, as `package`, the runs
        // the CLI's commands call (arms in processes, until-decided, attribution).
        .target(
            name: "MemLoop",
            dependencies: ["Model", "GraphCore", "Harness", "JemallocStats", "Analysis", "Reports", "GatePolicy", "GrowthAnalysis"]
        ),
        .executableTarget(
            name: "memloop",
            dependencies: [
                // A thin client of the library: it parses flags and calls MemLoop.
                "MemLoop", "Model", .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .target(name: "TestSupport", dependencies: ["GrowthAnalysis", "GraphCore", "Model"], path: "Tests/TestSupport"),
        .testTarget(
            name: "GraphCoreTests",
            dependencies: ["GraphCore", .product(name: "PropertyBased", package: "swift-property-based")],
            swiftSettings: graphCoreSettings
        ),
        .testTarget(name: "JemallocStatsTests", dependencies: ["Model", "JemallocStats", "GrowthAnalysis", "TestSupport"]),
        .testTarget(
            name: "GrowthAnalysisTests",
            dependencies: ["GrowthAnalysis", "TestSupport", .product(name: "PropertyBased", package: "swift-property-based")]
        ),
        .testTarget(name: "HarnessTests", dependencies: ["Model", "Harness", "GraphCore", "JemallocStats"]),
        .testTarget(
            name: "AnalysisTests",
            dependencies: [
                "Model", "Analysis", "Reports", "Harness", "GraphCore", "GrowthAnalysis", "JemallocStats", "TestSupport",
                .product(name: "PropertyBased", package: "swift-property-based"),
            ]
        ),
        .testTarget(name: "ReportsTests", dependencies: ["Model", "Analysis", "Reports", "GraphCore", "GrowthAnalysis", "TestSupport"]),
        .testTarget(name: "GatePolicyTests", dependencies: ["Model", "Analysis", "Reports", "GatePolicy", "Harness", "GrowthAnalysis", "TestSupport"]),
        .testTarget(name: "MemLoopCLITests", dependencies: ["memloop", "MemLoop", "Harness", "Model", "TestSupport"]),
        .testTarget(name: "MemLoopTests", dependencies: ["MemLoop", "Model", "GraphCore", "TestSupport"]),
    ],
    swiftLanguageModes: [.v6]
)
