// swift-tools-version:6.0
// Trellis: guided dialogues for Schools as Community Platforms, over stdin or TCP.
// No package dependencies: only the toolchain's own modules.
import PackageDescription

let package = Package(
    name: "Trellis",
    products: [
        .executable(name: "trellis", targets: ["trellis"]),
        .library(name: "TrellisLanguage", targets: ["TrellisLanguage"]),
        .library(name: "TrellisEngine", targets: ["TrellisEngine"]),
        .library(name: "TrellisChat", targets: ["TrellisChat"]),
        .library(name: "TrellisStore", targets: ["TrellisStore"]),
        .library(name: "TrellisServer", targets: ["TrellisServer"]),
    ],
    targets: [
        // The dialogue language: values, JSON, parser, linter, conditions, templates. Pure.
        .target(name: "TrellisLanguage", linkerSettings: [.linkedLibrary("m")]),
        // The engine: a pure step function (state, input) -> (state, events).
        .target(name: "TrellisEngine", dependencies: ["TrellisLanguage"]),
        // System C libraries, each behind a module map and wrapped once in TrellisStore.
        .systemLibrary(name: "CSQLite", path: "Sources/CSQLite"),
        .systemLibrary(name: "CCrypt", path: "Sources/CCrypt"),
        .systemLibrary(name: "CEpoll", path: "Sources/CEpoll"),
        // The store: site profiles in SQLite, answer history, sessions, access codes.
        .target(name: "TrellisStore", dependencies: ["CSQLite", "CCrypt", "TrellisLanguage"]),
        // Conversations at the edge: client lines -> inputs, events -> human or JSON text.
        .target(name: "TrellisChat", dependencies: ["TrellisEngine", "TrellisLanguage"]),
        // The TCP server: an epoll event loop, line framing, sessions, a store thread.
        .target(name: "TrellisServer", dependencies: ["CEpoll", "TrellisChat", "TrellisEngine", "TrellisLanguage", "TrellisStore"]),
        // The command-line tool, thin over the libraries.
        .executableTarget(name: "trellis", dependencies: ["TrellisChat", "TrellisEngine", "TrellisLanguage", "TrellisStore", "TrellisServer"]),
        // Measures the core's cost per answer (BENCHMARKS.md); not part of the tool.
        .executableTarget(name: "trellis-bench", dependencies: ["TrellisChat", "TrellisEngine"]),
        .testTarget(name: "TrellisLanguageTests", dependencies: ["TrellisLanguage"]),
        .testTarget(name: "TrellisEngineTests", dependencies: ["TrellisEngine", "TrellisLanguage"]),
        .testTarget(name: "TrellisChatTests", dependencies: ["TrellisChat", "TrellisEngine", "TrellisLanguage"]),
        .testTarget(name: "TrellisStoreTests", dependencies: ["TrellisStore", "TrellisLanguage"]),
        .testTarget(name: "TrellisServerTests", dependencies: ["TrellisServer", "TrellisStore", "TrellisLanguage"]),
        .testTarget(name: "trellisTests", dependencies: ["trellis", "TrellisStore", "TrellisLanguage"]),
    ]
)
