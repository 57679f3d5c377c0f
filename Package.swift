// swift-tools-version:6.1
import PackageDescription

/// Atelier: a self-hosted server for live, remote co-development workshops.
///
/// Layers (arrows point down only; see docs/architecture.md, "Layers"):
/// `atelier` → `AtelierServer` → (`AtelierTransport` → `CLibWebSockets`), (`AtelierStore`),
/// (the activities in `Plugins/` → `AtelierEngine` → `AtelierKit` → `AtelierJSON`).
/// Activities depend on `AtelierKit` only; the engine never sees the transport or the store.

/// The activity modules, one folder each in `Plugins/` (docs/activities/README.md): adding
/// one is a line here and a line in `Sources/AtelierServer/Activities.swift`.
let activities = [
    "Briefing",
    "FollowUp",
    "PeerConsultation",
    "ThemeRound",
    "Voting",
]

let package = Package(
    name: "Atelier",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "atelier", targets: ["atelier"]),
        .library(name: "AtelierTransport", targets: ["AtelierTransport"]),
        .library(name: "AtelierServer", targets: ["AtelierServer"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-collections", from: "1.6.0"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(
            url: "https://github.com/apple/swift-configuration", from: "1.4.0",
            traits: [.defaults, "YAML", "CommandLineArguments"]),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.1"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
    ],
    targets: [
        .systemLibrary(
            name: "CLibWebSockets",
            pkgConfig: "libwebsockets",
            providers: [.apt(["libwebsockets-dev"])]
        ),
        .systemLibrary(
            name: "CQREncode",
            pkgConfig: "libqrencode",
            providers: [.apt(["libqrencode-dev"])]
        ),
        // JSON values, a fast parser and writer, tree coders; Kit re-exports it for plugins.
        .target(name: "AtelierJSON"),
        .target(name: "AtelierKit", dependencies: ["AtelierJSON"]),
        .target(
            name: "AtelierEngine",
            dependencies: ["AtelierKit", .product(name: "DequeModule", package: "swift-collections")]),
        // Cohorts: territories, members, the plan of sessions; pure like the engine.
        .target(name: "AtelierCohort", dependencies: ["AtelierKit"]),
        .target(
            name: "AtelierStore",
            dependencies: [
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
            ]
        ),
        .target(
            name: "AtelierTransport",
            dependencies: [
                "CLibWebSockets",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
            ]
        ),
        .target(
            name: "AtelierServer",
            dependencies: [
                "AtelierTransport",
                "CQREncode",
                .product(name: "DequeModule", package: "swift-collections"),
                "AtelierEngine",
                "AtelierKit",
                "AtelierCohort",
                "AtelierStore",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Yams", package: "Yams"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Configuration", package: "swift-configuration"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ] + activities.map { .target(name: $0) }
        ),
        .executableTarget(
            name: "atelier",
            dependencies: [
                "AtelierServer",
                "AtelierStore",
                "AtelierTransport",
                "Voting",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // The JSON micro-benchmark (`bench/json_codec.py` runs it), in no product.
        .executableTarget(name: "AtelierJSONBenchmark", dependencies: ["AtelierJSON"], path: "bench/json"),
        // The tally benchmark (`bench/tally.py` runs it), in no product.
        .executableTarget(name: "AtelierTallyBenchmark", dependencies: ["AtelierKit", "Voting"], path: "bench/tally"),
        // The replay benchmark (`bench/replay.py` runs it), in no product.
        .executableTarget(
            name: "AtelierReplayBenchmark", dependencies: ["AtelierEngine", "AtelierKit", "Briefing", "ThemeRound"],
            path: "bench/replay"),
        .testTarget(
            name: "AtelierEngineTests",
            dependencies: [
                "AtelierEngine", "AtelierKit", "TestSupport",
                .product(name: "PropertyBased", package: "swift-property-based"),
            ] + activities.map { .target(name: $0) }
        ),
        .testTarget(name: "AtelierCohortTests", dependencies: ["AtelierCohort", "AtelierKit"]),
        .testTarget(
            name: "AtelierJSONTests",
            dependencies: ["AtelierJSON", "TestSupport", .product(name: "PropertyBased", package: "swift-property-based")]
        ),
        // What several test targets share (temporary directories), in no product.
        .target(
            name: "TestSupport",
            dependencies: ["AtelierJSON", .product(name: "PropertyBased", package: "swift-property-based")],
            path: "Tests/TestSupport"),
        .testTarget(
            name: "AtelierStoreTests",
            dependencies: ["AtelierStore", "TestSupport", .product(name: "GRDB", package: "GRDB.swift")]
        ),
        .testTarget(
            name: "AtelierTransportTests",
            dependencies: ["AtelierTransport"]
        ),
        .testTarget(
            name: "AtelierServerTests",
            dependencies: ["AtelierServer", "AtelierTransport", "AtelierEngine", "AtelierKit", "AtelierStore", "TestSupport"],
            exclude: ["Golden"]
        ),
    ],
    swiftLanguageModes: [.v6]
)

// Each activity: a target of its own in `Plugins/`, importing `AtelierKit` only.
package.targets += activities.map { .target(name: $0, dependencies: ["AtelierKit"], path: "Plugins/\($0)") }
