// swift-tools-version:6.0
import PackageDescription

// Each product is a room a user can take alone: the core links no networking and no third-party
// package; the upload client adds only swift-log and swift-metrics' API; every driver (HTTP, SQLite, PostgreSQL) is a
// product of its own, so a service compiles only the ones it uses.
let package = Package(
    name: "ProfileImageKit",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "ProfileImage", targets: ["ProfileImage"]),
        .library(name: "ProfileUpload", targets: ["ProfileUpload"]),
        .library(name: "ProfileUploadAsyncHTTPClient", targets: ["ProfileUploadAsyncHTTPClient"]),
        .library(name: "ProfileQuotaSQLite", targets: ["ProfileQuotaSQLite"]),
        .library(name: "ProfileQuotaPostgres", targets: ["ProfileQuotaPostgres"]),
        .library(name: "ProfileImageBatch", targets: ["ProfileImageBatch"]),
        .library(name: "ProfileWorkQueuePostgres", targets: ["ProfileWorkQueuePostgres"]),
        .library(name: "ProfileAPITesting", targets: ["ProfileAPITesting"]),
        .executable(name: "profile-image", targets: ["profile-image"]),
        .executable(name: "profile-api-stand-in", targets: ["profile-api-stand-in"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.3.0"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.21.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.0.0"),
        .package(url: "https://github.com/vapor/multipart-kit", from: "4.5.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.0.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.65.0"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.21.0"),
    ],
    targets: [
        .systemLibrary(
            name: "CLibJPEG",
            pkgConfig: "libjpeg",
            providers: [.apt(["libjpeg62-turbo-dev"]), .brew(["jpeg-turbo"])]
        ),
        .systemLibrary(
            name: "CLibPNG",
            pkgConfig: "libpng",
            providers: [.apt(["libpng-dev"]), .brew(["libpng"])]
        ),
        .systemLibrary(
            name: "CLibWebP",
            pkgConfig: "libwebpdemux",
            providers: [.apt(["libwebp-dev"]), .brew(["webp"])]
        ),
        // HEIC through libde265 and AVIF through dav1d or aom: Debian's libheif links all three.
        .systemLibrary(
            name: "CLibHeif",
            pkgConfig: "libheif",
            providers: [.apt(["libheif-dev"]), .brew(["libheif"])]
        ),
        .systemLibrary(
            name: "CLibGif",
            pkgConfig: "libgif",
            providers: [.apt(["libgif-dev"]), .brew(["giflib"])]
        ),
        .systemLibrary(
            name: "CLibTIFF",
            pkgConfig: "libtiff-4",
            providers: [.apt(["libtiff-dev"]), .brew(["libtiff"])]
        ),
        .target(
            name: "CProfileImageShims",
            dependencies: ["CLibJPEG", "CLibPNG", "CLibWebP", "CLibHeif", "CLibGif", "CLibTIFF"]
        ),
        .systemLibrary(
            name: "CLcms2",
            pkgConfig: "lcms2",
            providers: [.apt(["liblcms2-dev"]), .brew(["little-cms2"])]
        ),
        .target(
            name: "CProfileImageColour",
            dependencies: ["CLcms2"]
        ),
        .target(name: "CProfileImageKernels"),
        .target(name: "CProfileImageVision"),
        .target(
            name: "ProfileImage",
            dependencies: ["CProfileImageShims", "CProfileImageColour", "CProfileImageKernels", "CProfileImageVision"]
        ),
        .target(
            name: "ProfileUpload",
            dependencies: [
                "ProfileImage",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
            ]
        ),
        .target(
            name: "ProfileUploadAsyncHTTPClient",
            dependencies: [
                "ProfileUpload",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ]
        ),
        .target(
            name: "ProfileQuotaSQLite",
            dependencies: [
                "ProfileUpload",
                .product(name: "GRDB", package: "GRDB.swift"),
            ]
        ),
        .target(
            name: "ProfileQuotaPostgres",
            dependencies: [
                "ProfileUpload",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(
            name: "ProfileAPITesting",
            dependencies: [
                "ProfileImage",
                "ProfileUpload",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "MultipartKit", package: "multipart-kit"),
            ]
        ),
        .target(
            name: "ProfileImageBatch",
            dependencies: ["ProfileImage", "ProfileUpload"]
        ),
        .target(
            name: "ProfileWorkQueuePostgres",
            dependencies: [
                "ProfileImageBatch",
                "ProfileQuotaPostgres",
                "ProfileUpload",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .executableTarget(
            name: "profile-image",
            dependencies: [
                "ProfileImage",
                "ProfileImageBatch",
                "ProfileUpload",
                "ProfileUploadAsyncHTTPClient",
                "ProfileQuotaSQLite",
                "ProfileQuotaPostgres",
                "ProfileWorkQueuePostgres",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .executableTarget(
            name: "profile-api-stand-in",
            dependencies: [
                "ProfileAPITesting",
                "ProfileUpload",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(
            name: "ProfileImageTests",
            dependencies: ["ProfileImage", "CProfileImageKernels", "CProfileImageVision"],
            resources: [.copy("Fixtures")]
        ),
        .testTarget(
            name: "ProfileUploadTests",
            dependencies: [
                "ProfileUpload",
                "ProfileUploadAsyncHTTPClient",
                "ProfileQuotaSQLite",
                "ProfileAPITesting",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "MultipartKit", package: "multipart-kit"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
                .product(name: "MetricsTestKit", package: "swift-metrics"),
            ],
            exclude: ["Oracles"]
        ),
        .testTarget(
            name: "ProfileQuotaStoreTests",
            dependencies: [
                "ProfileUpload", "ProfileQuotaSQLite", "ProfileQuotaPostgres",
                .product(name: "PostgresNIO", package: "postgres-nio"),
            ]
        ),
        .testTarget(
            name: "ProfileImageBatchTests",
            dependencies: ["ProfileImage", "ProfileImageBatch"]
        ),
        .testTarget(
            name: "ProfileWorkQueueTests",
            dependencies: [
                "ProfileImageBatch", "ProfileWorkQueuePostgres", "ProfileQuotaPostgres",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .testTarget(
            name: "ProfileImageCLITests",
            dependencies: [
                "profile-image", "profile-api-stand-in", "ProfileAPITesting", "ProfileQuotaPostgres",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
    ]
)
