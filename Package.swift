// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "ProfileImageKit",
    products: [
        .library(name: "ProfileImage", targets: ["ProfileImage"]),
        .library(name: "ProfileUpload", targets: ["ProfileUpload"]),
        .library(name: "ProfileAPIStandIn", targets: ["ProfileAPIStandIn"]),
        .executable(name: "profile-image", targets: ["profile-image"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/vapor/multipart-kit", from: "4.7.1"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
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
        .target(
            name: "CProfileImageShims",
            dependencies: ["CLibJPEG", "CLibPNG"]
        ),
        .target(name: "CProfileImageKernels"),
        .target(
            name: "ProfileImage",
            dependencies: ["CProfileImageShims", "CProfileImageKernels"]
        ),
        .target(
            name: "ProfileUpload",
            dependencies: [
                "ProfileImage",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ]
        ),
        .target(
            name: "ProfileAPIStandIn",
            dependencies: [
                "ProfileImage",
                "ProfileUpload",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "MultipartKit", package: "multipart-kit"),
            ]
        ),
        .executableTarget(
            name: "profile-image",
            dependencies: [
                "ProfileImage",
                "ProfileUpload",
                "ProfileAPIStandIn",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .testTarget(
            name: "ProfileImageTests",
            dependencies: ["ProfileImage", "CProfileImageKernels"],
            resources: [.copy("Fixtures")]
        ),
        .testTarget(
            name: "ProfileUploadTests",
            dependencies: [
                "ProfileUpload",
                "ProfileAPIStandIn",
                .product(name: "MultipartKit", package: "multipart-kit"),
            ],
            exclude: ["Oracles"]
        ),
        .testTarget(
            name: "ProfileImageCLITests",
            dependencies: ["profile-image", "ProfileAPIStandIn"]
        ),
    ]
)
