// swift-tools-version:6.0
import PackageDescription

// A program that uses TargetingKit as any Swift package would: a dependency by path on the
// repository, the product by name. Scripts/test.sh builds and runs it (see README.md).
let package = Package(
    name: "LibraryClient",
    platforms: [.macOS(.v13)],
    dependencies: [
        .package(name: "targeting", path: "../.."),
    ],
    targets: [
        .executableTarget(name: "LibraryClient", dependencies: [
            .product(name: "TargetingKit", package: "targeting"),
        ]),
    ]
)
