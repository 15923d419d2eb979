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
        .library(name: "TrellisSession", targets: ["TrellisSession"]),
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
        .systemLibrary(name: "CTerminal", path: "Sources/CTerminal"),
        // At the edge: framing, client lines -> inputs, events -> human or JSON text, reports.
        .target(name: "TrellisChat", dependencies: ["TrellisEngine", "TrellisLanguage"]),
        // One person's session as one pure reducer, shared by standard input and TCP: sign-in,
        // menu, resuming, the dialogue, and what each input commits. Declares the persistence
        // protocol the store conforms to.
        .target(name: "TrellisSession", dependencies: ["TrellisChat", "TrellisEngine", "TrellisLanguage"]),
        // The store: site profiles in SQLite, the session events, answer history, access codes.
        .target(name: "TrellisStore", dependencies: ["CSQLite", "CCrypt", "TrellisLanguage", "TrellisSession"]),
        // The TCP server: an epoll event loop, line framing, a runner of session effects, store threads.
        .target(name: "TrellisServer", dependencies: ["CEpoll", "TrellisChat", "TrellisLanguage", "TrellisSession", "TrellisStore"]),
        // The command-line tool, thin over the libraries.
        .executableTarget(name: "trellis", dependencies: ["CTerminal", "TrellisChat", "TrellisEngine", "TrellisLanguage", "TrellisSession", "TrellisStore", "TrellisServer"]),
        // The benchmarks (BENCHMARKS.md): the core's cost per answer, and a TCP load client. Not part of the tool.
        .executableTarget(name: "trellis-bench", dependencies: ["TrellisChat", "TrellisEngine", "TrellisLanguage", "TrellisServer", "TrellisSession"]),
        .testTarget(name: "TrellisLanguageTests", dependencies: ["TrellisLanguage"]),
        .testTarget(name: "TrellisEngineTests", dependencies: ["TrellisEngine", "TrellisLanguage"]),
        .testTarget(name: "TrellisChatTests", dependencies: ["TrellisChat", "TrellisEngine", "TrellisLanguage"]),
        .testTarget(name: "TrellisSessionTests", dependencies: ["TrellisSession", "TrellisChat", "TrellisEngine", "TrellisLanguage"]),
        .testTarget(name: "TrellisStoreTests", dependencies: ["TrellisStore", "TrellisSession", "TrellisLanguage"]),
        .testTarget(name: "TrellisServerTests", dependencies: ["TrellisServer", "TrellisSession", "TrellisStore", "TrellisLanguage"]),
        .testTarget(name: "trellisTests", dependencies: ["trellis", "trellis-bench", "TrellisChat", "TrellisEngine", "TrellisSession", "TrellisStore", "TrellisLanguage"]),
    ]
)
