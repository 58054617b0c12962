// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "ProfileImageKit",
    products: [
        .library(name: "ProfileImage", targets: ["ProfileImage"]),
        .executable(name: "profile-image", targets: ["profile-image"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2")
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
        .executableTarget(
            name: "profile-image",
            dependencies: [
                "ProfileImage",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(
            name: "ProfileImageTests",
            dependencies: ["ProfileImage", "CProfileImageKernels"],
            resources: [.copy("Fixtures")]
        ),
        .testTarget(
            name: "ProfileImageCLITests",
            dependencies: ["profile-image"]
        ),
    ]
)
