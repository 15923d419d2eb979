import TrellisChat
import TrellisLanguage
import TrellisStore

/// `trellis profile SITE [--json]`: the site's profile as it stands.
struct ProfileCommand {
    let arguments: Arguments

    init(_ words: [String]) throws(Arguments.UsageError) {
        arguments = try Arguments(words, options: ["data", "dialogues"], flags: ["json"])
    }

    func run() throws -> ExitStatus {
        let site = try DataFolder.site(arguments.positional.first)
        let store = try DataFolder.open(arguments)
        guard let record = try store.site(site) else { throw StoreError.noSuchSite(site.rawValue) }
        let profile = try store.profile(site)
        if arguments.flags.contains("json") {
            Output.out(JSON.encodePretty(profile) + "\n")
        } else {
            let catalog = DialogueCatalog.load(paths: [CommandLine.dialoguesFolder(arguments)])
            let report = ProfileReport(siteId: site.rawValue, siteName: record.name, profile: profile,
                                       vocabulary: .init(catalog), date: Store.now())
            Output.out(report.markdown())
        }
        return .success
    }
}

/// `trellis history SITE [--path P] [--json]`: every answer, oldest first, with who and when.
struct HistoryCommand {
    let arguments: Arguments

    init(_ words: [String]) throws(Arguments.UsageError) {
        arguments = try Arguments(words, options: ["data", "path"], flags: ["json"])
    }

    func run() throws -> ExitStatus {
        let site = try DataFolder.site(arguments.positional.first)
        let store = try DataFolder.open(arguments)
        guard try store.site(site) != nil else { throw StoreError.noSuchSite(site.rawValue) }
        for entry in try store.history(site, path: arguments.values["path"]) {
            if arguments.flags.contains("json") {
                Output.out(JSON.encode(.object([
                    ("seq", .number(Double(entry.sequence))), ("at", .string(entry.at)), ("person", .string(entry.person)),
                    ("dialogue", .string(entry.dialogue)), ("question", .string(entry.question)), ("path", .string(entry.path)),
                    ("value", entry.value), ("previous", entry.previous ?? .null),
                ])) + "\n")
            } else {
                let was = entry.previous.map { " (was \(JSON.encode($0)))" } ?? ""
                Output.out("\(entry.at)  \(entry.person)  \(entry.dialogue)/\(entry.question)  \(entry.path) = \(JSON.encode(entry.value))\(was)\n")
            }
        }
        return .success
    }
}

/// `trellis export SITE --format json|markdown [--output FILE]`.
struct ExportCommand {
    let arguments: Arguments

    init(_ words: [String]) throws(Arguments.UsageError) {
        arguments = try Arguments(words, options: ["data", "format", "output", "dialogues"], flags: [])
        guard ["json", "markdown"].contains(arguments.values["format"] ?? "markdown") else {
            throw .init(message: "--format takes json or markdown")
        }
    }

    func run() throws -> ExitStatus {
        let site = try DataFolder.site(arguments.positional.first)
        let store = try DataFolder.open(arguments)
        guard let record = try store.site(site) else { throw StoreError.noSuchSite(site.rawValue) }
        let profile = try store.profile(site)
        let text: String
        if arguments.values["format"] == "json" {
            text = JSON.encodePretty(.object([("site", .string(site.rawValue)), ("name", .string(record.name)),
                                              ("exported_at", .string(Store.now())), ("profile", profile)])) + "\n"
        } else {
            let catalog = DialogueCatalog.load(paths: [CommandLine.dialoguesFolder(arguments)])
            text = ProfileReport(siteId: site.rawValue, siteName: record.name, profile: profile,
                                 vocabulary: .init(catalog), date: Store.now()).markdown()
        }
        if let path = arguments.values["output"] {
            try text.write(toFile: path, atomically: true, encoding: .utf8)
            Output.err("Wrote \(path)\n")
        } else {
            Output.out(text)
        }
        return .success
    }
}
