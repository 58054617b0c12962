// swift-tools-version:6.1
// Micro-benchmarks of each stage, with ordo-one/package-benchmark, kept apart from the library's
// own package so that its dependency graph stays small. Run from this folder:
//   swift package benchmark
//   swift package benchmark baseline update main && swift package benchmark baseline compare main
import PackageDescription

let package = Package(
    name: "ProfileImageKitBenchmarks",
    dependencies: [
        // Named, because a path dependency is otherwise known by its folder name.
        .package(name: "ProfileImageKit", path: ".."),
        .package(url: "https://github.com/ordo-one/package-benchmark", from: "1.38.1", traits: ["MallocInterposer"]),
    ],
    targets: [
        .executableTarget(
            name: "ProfileImageBenchmarks",
            dependencies: [
                .product(name: "Benchmark", package: "package-benchmark"),
                .product(name: "ProfileImage", package: "ProfileImageKit"),
                .product(name: "ProfileUpload", package: "ProfileImageKit"),
            ],
            path: "Benchmarks/ProfileImageBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "package-benchmark")]
        ),
        // A service's load through the async, bounded API: benchmarks/service-load.sh runs it.
        .executableTarget(
            name: "service-load",
            dependencies: [.product(name: "ProfileImage", package: "ProfileImageKit")],
            path: "Benchmarks/ServiceLoad"
        ),
    ]
)
