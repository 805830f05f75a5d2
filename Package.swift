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
        // No `pkgConfig:` here: ncursesw's headers and libraries sit on the default paths on
        // Debian, and the only flags pkg-config adds (-D_DEFAULT_SOURCE -D_XOPEN_SOURCE=600) are
        // ones SwiftPM refuses with a "prohibited flag(s)" warning on every build. The shim header
        // defines what is needed instead; scripts/setup.sh installs libncurses-dev.
        .systemLibrary(name: "CNcursesw"),
        // Display widths from Unicode's data (libutf8proc-dev) rather than a hand-typed table.
        .systemLibrary(name: "CUtf8proc"),
        // A journal on PostgreSQL through libpq (libpq-dev), as ncursesw is reached: see Sources/CLibpq/shim.h.
        .systemLibrary(name: "CLibpq"),
        .target(
            name: "WarRoomCore",
            dependencies: [
                "CUtf8proc", "CLibpq",
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
        // What every test target shares: locations, scratch directories, journal line builders,
        // the one process runner and the tmux driver. Not a product; only the test targets use it.
        .target(name: "WarRoomTestSupport", dependencies: ["WarRoomCore"], path: "Tests/WarRoomTestSupport"),
        // Fixtures, goldens and snapshots are read by path from the source tree, not bundled.
        .testTarget(
            name: "WarRoomCoreTests", dependencies: ["WarRoomCore", "WarRoomTestSupport"],
            exclude: ["Fixtures", "Goldens"]),
        .testTarget(
            name: "WarRoomUITests", dependencies: ["WarRoomUI", "WarRoomCore", "WarRoomTestSupport"],
            exclude: ["Fixtures", "Snapshots"]),
    ]
)
