// swift-tools-version:6.0
import PackageDescription

// An upload service as people build one: it takes the library's products by path, so its graph
// holds only what a service uses (no CLI, no work queue, no argument parser).
let package = Package(
    name: "AvatarService",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "avatar-service", targets: ["avatar-service"])
    ],
    dependencies: [
        .package(name: "ProfileImageKit", path: "../.."),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/vapor/multipart-kit", from: "4.7.1"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
    ],
    targets: [
        .target(
            name: "AvatarService",
            dependencies: [
                .product(name: "ProfileImage", package: "ProfileImageKit"),
                .product(name: "ProfileUpload", package: "ProfileImageKit"),
                .product(name: "ProfileUploadAsyncHTTPClient", package: "ProfileImageKit"),
                .product(name: "ProfileQuotaPostgres", package: "ProfileImageKit"),
                .product(name: "ProfileQuotaSQLite", package: "ProfileImageKit"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "MultipartKit", package: "multipart-kit"),
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            resources: [.copy("Resources")]
        ),
        .executableTarget(
            name: "avatar-service",
            dependencies: [
                "AvatarService",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ]
        ),
        .testTarget(
            name: "AvatarServiceTests",
            dependencies: [
                "AvatarService",
                .product(name: "ProfileAPITesting", package: "ProfileImageKit"),
                .product(name: "ProfileImage", package: "ProfileImageKit"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ],
            resources: [.copy("Photos")]
        ),
    ]
)
