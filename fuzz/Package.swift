// swift-tools-version:6.0
// Coverage-guided fuzzing of the core and the parsers, with libFuzzer and AddressSanitizer; kept
// apart from the library's package so that a normal build never needs the fuzzer runtime.
//   scripts/fuzz 60            (every harness for 60 s; see the script)
import PackageDescription

let package = Package(
    name: "ProfileImageKitFuzz",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(name: "ProfileImageKit", path: ".."),
        .package(url: "https://github.com/vapor/multipart-kit", from: "4.5.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.65.0"),
    ],
    targets: [
        // LLVMFuzzerRunDriver, which -sanitize=fuzzer links, seen from Swift.
        .target(name: "FuzzDriver"),
        .target(name: "FuzzSupport", dependencies: ["FuzzDriver"]),
        .executableTarget(
            name: "fuzz-validate",
            dependencies: ["FuzzSupport", .product(name: "ProfileImage", package: "ProfileImageKit")],
            path: "Sources/FuzzValidate"),
        .executableTarget(
            name: "fuzz-pipeline",
            dependencies: ["FuzzSupport", .product(name: "ProfileImage", package: "ProfileImageKit")],
            path: "Sources/FuzzPipeline"),
        .executableTarget(
            name: "fuzz-parsers",
            dependencies: [
                "FuzzSupport",
                .product(name: "ProfileImage", package: "ProfileImageKit"),
                .product(name: "ProfileUpload", package: "ProfileImageKit"),
                .product(name: "ProfileImageBatch", package: "ProfileImageKit"),
                .product(name: "MultipartKit", package: "multipart-kit"),
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            path: "Sources/FuzzParsers"),
    ]
)
