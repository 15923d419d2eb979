import TrellisChat
import TrellisLanguage
import TrellisSession
import TrellisStore

/// `trellis profile SITE [--json]`: the site's profile as it stands.
struct ProfileCommand {
    let arguments: Arguments

    static let spec = CommandSpec(synopsis: "profile SITE", brief: "a site's profile", summary: "The site's profile as a readable report, or with --json the profile itself.", options: [.json, .data, .dialogues])

    init(_ words: [String]) throws(Arguments.UsageError) {
        arguments = try Arguments(words, Self.spec)
    }

    func run() throws -> ExitStatus {
        let (store, site, record) = try DataFolder.openSite(arguments)
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

/// `trellis history SITE [--path P] [--json]`: every session step (each answer given, with its
/// question id and session, every skip, `/back`, `/restart` and abandoned session), oldest
/// first, each with the profile writes it made and what they replaced. With `--path`, only the
/// profile writes at that path and under it.
struct HistoryCommand {
    let arguments: Arguments

    static let spec = CommandSpec(synopsis: "history SITE", brief: "every step of every session, with the writes each made", summary: "Every step of every session at the site (each answer, skip, /back, /restart and abandoned session), oldest first, with who, when and the profile writes each made.",
                                  options: [.value("path", "P", "only the profile writes at P and under it"), .json, .data])

    init(_ words: [String]) throws(Arguments.UsageError) {
        arguments = try Arguments(words, Self.spec)
    }

    func run() throws -> ExitStatus {
        let (store, site, _) = try DataFolder.openSite(arguments)
        let json = arguments.flags.contains("json")
        let writes = try store.history(site, path: arguments.values["path"])
        if arguments.values["path"] != nil {
            for write in writes { Output.out(json ? JSON.encode(.object(members(write))) + "\n" : line(write) + "\n") }
            return .success
        }
        var byStep: [Int64: [Store.HistoryEntry]] = [:]
        for write in writes { if let step = write.step { byStep[step, default: []].append(write) } }
        // Steps and the writes that belong to no step (made as a dialogue began, or stored
        // before schema 3), in time order.
        var items: [(at: String, order: Int, seq: Int64, text: String)] = []
        for entry in try store.steps(site) {
            let made = byStep[entry.sequence] ?? []
            let text: String
            if json {
                var object: [(key: String, value: Value)] = [
                    ("seq", .number(Double(entry.sequence))), ("at", .string(entry.at)), ("person", .string(entry.person)),
                    ("dialogue", .string(entry.dialogue)), ("session", .number(Double(entry.session))), ("step", .number(Double(entry.number))),
                    ("kind", .string(entry.step.kind.rawValue)),
                ]
                if !entry.step.question.isEmpty { object.append(("question", .string(entry.step.question))) }
                if entry.step.kind == .answer || entry.step.kind == .skip {
                    object += [("given", .string(entry.step.given)), ("value", entry.step.value ?? .null)]
                    if let display = entry.step.display { object.append(("display", .string(display))) }
                }
                object.append(("writes", .list(made.map { .object(writeMembers($0)) })))
                text = JSON.encode(.object(object))
            } else {
                let what: String
                switch entry.step.kind {
                case .answer: what = "\(entry.step.question) = \(entry.step.display ?? entry.step.given)"
                case .skip: what = "\(entry.step.question) skipped"
                case .back: what = "/back over \(entry.step.question)"
                case .restart: what = "/restart"
                case .abandon: what = "session left for a new one"
                }
                text = "\(entry.at)  \(entry.person)  \(entry.dialogue) #\(entry.session).\(entry.number)  \(what)"
                    + made.map { "\n    " + writeText($0) }.joined()
            }
            items.append((entry.at, 0, entry.sequence, text))
        }
        for write in writes where write.step == nil {
            items.append((write.at, 1, write.sequence, json ? JSON.encode(.object(members(write))) : line(write)))
        }
        for item in items.sorted(by: { ($0.at, $0.order, $0.seq) < ($1.at, $1.order, $1.seq) }) { Output.out(item.text + "\n") }
        return .success
    }

    func writeMembers(_ entry: Store.HistoryEntry) -> [(key: String, value: Value)] {
        [("path", .string(entry.path)), ("value", entry.value ?? .null), ("removed", .bool(entry.value == nil)),
         ("previous", entry.previous ?? .null), ("source", .string(entry.question))]
    }

    func members(_ entry: Store.HistoryEntry) -> [(key: String, value: Value)] {
        [("seq", .number(Double(entry.sequence))), ("at", .string(entry.at)), ("person", .string(entry.person)),
         ("dialogue", .string(entry.dialogue)), ("session", entry.session.map { .number(Double($0)) } ?? .null),
         ("kind", .string("write"))] + writeMembers(entry)
    }

    func writeText(_ entry: Store.HistoryEntry) -> String {
        let was = entry.previous.map { " (was \(JSON.encode($0)))" } ?? ""
        return entry.value.map { "\(entry.path) = \(JSON.encode($0))\(was)" } ?? "\(entry.path) removed\(was)"
    }

    func line(_ entry: Store.HistoryEntry) -> String {
        "\(entry.at)  \(entry.person)  \(entry.dialogue)/\(entry.question)  " + writeText(entry)
    }
}

/// `trellis export SITE --format json|markdown|text [--output FILE]`.
struct ExportCommand {
    let arguments: Arguments

    static let spec = CommandSpec(synopsis: "export SITE", brief: "the report for a steering committee, or the profile as JSON", summary: "The site for a steering committee: the report (site, partners, backbone, actions, considerations not in place, answers by person, the allocation matrix, documents), or the profile as JSON.",
                                  options: [.value("format", "json|markdown|text", "the profile as JSON with the site's id and name, the report in Markdown (the default), or the report as plain text"), .output, .data, .dialogues])

    init(_ words: [String]) throws(Arguments.UsageError) {
        arguments = try Arguments(words, Self.spec)
        format = try DocumentFormat.parse(arguments, others: ["json"])
    }

    /// Nil for `--format json`.
    let format: DocumentFormat?

    func run() throws -> ExitStatus {
        let (store, site, record) = try DataFolder.openSite(arguments)
        let profile = try store.profile(site)
        let text: String
        if format == nil {
            text = JSON.encodePretty(.object([("site", .string(site.rawValue)), ("name", .string(record.name)),
                                              ("exported_at", .string(Store.now())), ("profile", profile)])) + "\n"
        } else {
            let catalog = DialogueCatalog.load(paths: [CommandLine.dialoguesFolder(arguments)])
            text = format!.render(ProfileReport(siteId: site.rawValue, siteName: record.name, profile: profile,
                                                vocabulary: .init(catalog), date: Store.now()).markdown())
        }
        try PrivateFile.deliver(text, output: arguments.values["output"])
        return .success
    }
}
