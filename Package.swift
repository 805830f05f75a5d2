// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "warroom",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "warroom", targets: ["warroom"]),
        .library(name: "WarRoomCore", targets: ["WarRoomCore"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/LebJe/TOMLKit", from: "0.6.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
    ],
    targets: [
        .systemLibrary(
            name: "CNcursesw",
            pkgConfig: "ncursesw",
            providers: [.apt(["libncurses-dev"])]
        ),
        .target(
            name: "WarRoomCore",
            dependencies: [
                .product(name: "TOMLKit", package: "TOMLKit"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        .target(
            name: "WarRoomUI",
            dependencies: ["WarRoomCore"]
        ),
        .executableTarget(
            name: "warroom",
            dependencies: [
                "WarRoomCore", "WarRoomUI", "CNcursesw",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // A driver for the reliability tests (concurrent library writers, crashes, a stuck lock holder).
        .executableTarget(name: "wr-torture", dependencies: ["WarRoomCore"]),
        .testTarget(name: "WarRoomCoreTests", dependencies: ["WarRoomCore"]),
        .testTarget(name: "WarRoomUITests", dependencies: ["WarRoomUI", "WarRoomCore"]),
    ]
)
