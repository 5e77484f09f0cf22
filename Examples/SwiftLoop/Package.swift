// swift-tools-version:6.0
import PackageDescription

/// A package outside MemLoop that depends on it by path, as a user's package would, and
/// measures its own loop in `swift test` (run by MemLoop's Scripts/test.sh).
let package = Package(
    name: "SwiftLoop",
    platforms: [.macOS(.v15)],
    dependencies: [.package(name: "MemLoop", path: "../..")],
    targets: [
        .target(name: "ToyFramework"),
        .testTarget(name: "ToyFrameworkTests", dependencies: ["ToyFramework", .product(name: "MemLoop", package: "MemLoop")]),
    ],
    swiftLanguageModes: [.v6]
)
