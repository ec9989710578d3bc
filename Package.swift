// swift-tools-version:6.2
import Foundation
import PackageDescription

// Upcoming features we opt into everywhere, as swift-nio and hummingbird do.
let swiftSettings: [SwiftSetting] = [
    // https://github.com/swiftlang/swift-evolution/blob/main/proposals/0335-existential-any.md
    .enableUpcomingFeature("ExistentialAny"),
    // https://github.com/swiftlang/swift-evolution/blob/main/proposals/0444-member-import-visibility.md
    .enableUpcomingFeature("MemberImportVisibility"),
    // https://github.com/swiftlang/swift-evolution/blob/main/proposals/0409-access-level-on-imports.md
    .enableUpcomingFeature("InternalImportsByDefault"),
    // https://github.com/swiftlang/swift-evolution/blob/main/proposals/0461-async-function-isolation.md
    .enableUpcomingFeature("NonisolatedNonsendingByDefault"),
]

let package = Package(
    name: "intake",
    products: [
        .executable(name: "intake", targets: ["intake"])

    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-system", from: "1.8.1"),
        // The daemon's configuration file. toml++ underneath; about 25 s of a clean build.
        .package(url: "https://github.com/LebJe/TOMLKit", from: "0.6.0"),
        // Several hosts on one PostgreSQL ledger ([ledger] backend = "postgresql"), and the HTTP
        // listener for /metrics, /healthz and /readyz (NIOHTTP1, from swift-nio, which
        // postgres-nio brings anyway). See docs/scaling.md for what they add to a clean build.
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
    ],
    targets: [
        // MARK: - C system libraries

        .systemLibrary(
            name: "CPoppler",
            pkgConfig: "poppler-glib",
            providers: [.apt(["libpoppler-glib-dev"])]
        ),
        // Tesseract's C API header only: the library is not linked but loaded on first use by
        // CTesseractLoader, which defines the functions Intake calls (libtesseract-dev provides
        // the header; scripts/install-deps.sh installs it).
        .systemLibrary(name: "CTesseract"),
        .systemLibrary(
            name: "CLeptonica",
            pkgConfig: "lept",
            providers: [.apt(["libleptonica-dev"])]
        ),
        // The daemon's ledger: Debian's SQLite, not a Swift wrapper package (see docs/daemon.md).
        .systemLibrary(
            name: "CSQLite",
            pkgConfig: "sqlite3",
            providers: [.apt(["libsqlite3-dev"])]
        ),

        // A compiled C target only for the Linux calls Swift's Glibc module hides (CNIOLinux's role).
        .target(
            name: "CIntakeLinux",
            cSettings: [.define("_GNU_SOURCE")]
        ),

        // Leptonica has no fast small median filter, and its page buffers fault in a page at a time;
        // the image code of our own. LibraryShortcuts.c defines five functions of Leptonica, libpng
        // and libgomp that Tesseract calls; they are exported from every binary linking this target,
        // so that the dynamic linker gives them to libtesseract (which is loaded after start-up).
        .target(
            name: "CIntakeImage",
            dependencies: ["CLeptonica"],
            linkerSettings: [
                .unsafeFlags(
                    [
                        "pixOpenBrick", "png_set_compression_level", "GOMP_parallel_sections", "GOMP_sections_next",
                        "GOMP_sections_end_nowait",
                    ].flatMap { ["-Xlinker", "--export-dynamic-symbol=\($0)"] }
                )
            ]
        ),
        .target(
            name: "CTesseractLoader",
            dependencies: ["CTesseract"]
        ),

        // MARK: - Targets

        .target(
            name: "IntakeCore",
            dependencies: [
                .product(name: "Crypto", package: "swift-crypto")
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "IntakeText",
            dependencies: ["IntakeCore"],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "IntakeOCR",
            dependencies: [
                "IntakeCore", "CIntakeImage", "CIntakeLinux", "CTesseract", "CTesseractLoader", "CLeptonica",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "IntakePDF",
            dependencies: [
                "IntakeCore", "IntakePosix", "CPoppler",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "SystemPackage", package: "swift-system"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "IntakePosix",
            dependencies: [
                "IntakeCore", "CIntakeLinux",
                .product(name: "SystemPackage", package: "swift-system"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "IntakePipeline",
            dependencies: [
                "IntakeCore", "IntakeOCR", "IntakePDF", "IntakePosix", "IntakeText",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "SystemPackage", package: "swift-system"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "IntakeDaemon",
            dependencies: [
                "IntakeCore", "IntakeOCR", "IntakePipeline", "IntakePosix", "IntakeText", "CSQLite",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "SystemPackage", package: "swift-system"),
                .product(name: "TOMLKit", package: "TOMLKit"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ],
            swiftSettings: swiftSettings
        ),

        .target(
            name: "IntakeFuzzing",
            dependencies: ["IntakeCore", "IntakePDF", "IntakeText"],
            swiftSettings: swiftSettings
        ),

        // MARK: - Executables

        .executableTarget(
            name: "intake",
            dependencies: [
                "IntakeCore", "IntakeDaemon", "IntakePipeline", "IntakePosix", "IntakeText",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),

        // MARK: - Tests

        .target(
            name: "IntakeTestSupport",
            dependencies: ["IntakeCore"],
            path: "Tests/IntakeTestSupport",
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "IntakeCoreTests",
            dependencies: ["IntakeCore", "IntakeTestSupport"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "IntakePosixTests",
            dependencies: ["IntakePosix"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "IntakeTextTests",
            dependencies: ["IntakeCore", "IntakeText", "IntakeTestSupport"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "IntakePipelineTests",
            dependencies: [
                "IntakeCore", "IntakePipeline", "IntakeOCR", "IntakePDF", "IntakePosix", "IntakeText",
                "IntakeTestSupport", "IntakeFuzzing", "CIntakeImage", "CLeptonica",
                "intake",
                .product(name: "Logging", package: "swift-log"),
            ],
            exclude: ["Fixtures", "FuzzRegressions"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "IntakeDaemonTests",
            dependencies: [
                "IntakeCore", "IntakeDaemon", "IntakePipeline", "IntakePosix", "IntakeTestSupport",
                "intake",
            ],
            swiftSettings: swiftSettings
        ),
    ],
    swiftLanguageModes: [.v6]
)

// The libFuzzer targets (scripts/fuzz.sh), only when INTAKE_FUZZ is set: they are built with
// `-sanitize=fuzzer`, which supplies their `main`, and a normal build would not link them.
if ProcessInfo.processInfo.environment["INTAKE_FUZZ"] != nil {
    package.targets += [
        .target(name: "IntakeFuzzDriver"),
        .executableTarget(name: "ParserFuzzer", dependencies: ["IntakeFuzzDriver", "IntakeFuzzing"]),
        .executableTarget(name: "PDFFuzzer", dependencies: ["IntakeFuzzDriver", "IntakeFuzzing"]),
    ]
}
