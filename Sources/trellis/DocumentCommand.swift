import TrellisChat
import TrellisLanguage
import TrellisStore

/// `trellis document SITE [PATH] [--format markdown|text] [--output FILE]`: the documents the
/// dialogues saved in a site's profile. Without PATH, lists them as `trellis documents` does;
/// with PATH (as listed, e.g. `documents.position_description`), prints that one, as Markdown
/// or as plain text for a word processor, with a status line under its heading: which version,
/// when, by whom, in which dialogue, and whether it is approved. Every time a dialogue writes a
/// document again, the history keeps the one it replaced: `--versions` lists them, `--version N`
/// prints one, `--diff` shows what changed. `--approve --as NAME` records that NAME approved the
/// version the profile holds.
struct DocumentCommand {
    let arguments: Arguments

    static let spec = CommandSpec(synopsis: "document SITE [PATH]", brief: "the documents saved for a site; one, as Markdown or text; approve one", summary: "The documents saved in a site's profile, as 'trellis documents' lists them; with PATH (as listed), that one, with a line under its heading saying which version it is, when, by whom and in which dialogue it was written, and whether it is approved.",
                                  options: [.value("format", "markdown|text", "Markdown as the dialogues write it (the default), or plain text that pastes cleanly into a word processor"),
                                            .flag("versions", "with PATH: list every version, oldest first, with when, who and which dialogue wrote it, and who approved it"),
                                            .value("version", "N", "with PATH: print version N (1 is the oldest) instead of the latest; with --approve, approve only if N is still the one in the profile"),
                                            .flag("diff", "with PATH: what changed from the version before (the latest, or --version N) to it"),
                                            .flag("approve", "with PATH and --as: record that NAME approved the latest version (a version written later is a draft again)"),
                                            .value("as", "NAME", "with --approve: who approves it"),
                                            .output, .data])
    let format: DocumentFormat

    init(_ words: [String]) throws(Arguments.UsageError) {
        arguments = try Arguments(words, Self.spec)
        format = try DocumentFormat.parse(arguments) ?? .markdown
        if arguments.positional.count > 2 {
            throw .init(message: "document takes a site and one document path, got: " + arguments.positional.joined(separator: " "))
        }
        if arguments.flags.contains("approve") {
            guard let name = arguments.values["as"], !name.trimmingCharacters(in: .whitespaces).isEmpty, name.count <= 80 else {
                throw .init(message: "--approve needs --as NAME: the name of the person who approves the document (1 to 80 characters, in quotes if it has spaces), recorded with the approval")
            }
            guard arguments.positional.count == 2 else {
                throw .init(message: "--approve needs the document's PATH: trellis document SITE PATH --approve --as NAME ('trellis documents SITE' lists the paths)")
            }
            let others = ["versions", "diff"].filter(arguments.flags.contains) + ["format", "output"].filter { arguments.values[$0] != nil }
            if !others.isEmpty {
                throw .init(message: "--approve approves the latest version and prints nothing else; give it without " + others.map { "--" + $0 }.joined(separator: ", "))
            }
            if let text = arguments.values["version"], Int(text) == nil {
                throw .init(message: "--version takes the number of the version being approved, as 'trellis document SITE PATH --versions' lists them, not '\(text)'")
            }
        } else if arguments.values["as"] != nil {
            throw .init(message: "--as names who approves, and goes with --approve")
        }
    }

    func run() throws -> ExitStatus {
        let (store, site, _) = try DataFolder.openSite(arguments)
        let documents = try SavedDocument.all(store, site)
        guard arguments.positional.count == 2 else {
            SavedDocument.printList(documents, site: site, json: false)
            return .success
        }
        let wanted = arguments.positional[1]
        guard let document = documents.first(where: { $0.path == wanted }) else {
            let known = documents.map(\.path)
            Output.err("trellis: no document at '\(wanted)' for \(site.rawValue); "
                       + (known.isEmpty ? "the site has none saved yet\n" : "the documents are: " + known.joined(separator: ", ") + "\n"))
            return .usage
        }
        if arguments.flags.contains("approve") {
            return try approve(document, store, site)
        }
        let all = document.versions
        if arguments.flags.contains("versions") {
            for v in all {
                let mark = v.number == document.current && document.current != all.count ? "  (the one in the profile now)" : ""
                Output.out("\(v.number)  \(v.at)  \(v.person)  \(v.dialogue)  \(document.status(of: v.number))\(mark)\n")
            }
            return .success
        }
        var chosen = document.current
        if let text = arguments.values["version"] {
            guard let n = Int(text), (1...document.count).contains(n) else {
                throw Arguments.UsageError(message: "--version takes a number from 1 to \(document.count) for \(wanted) ('--versions' lists them)")
            }
            chosen = n
        }
        if arguments.flags.contains("diff") {
            guard chosen > 1, let after = document.version(chosen), let before = document.version(chosen - 1) else {
                Output.out("Version \(chosen) of \(wanted) is the first: there is nothing before it to compare.\n")
                return .success
            }
            Output.out("What changed from version \(chosen - 1) (\(before.at), \(before.person)) to version \(chosen) (\(after.at), \(after.person)):\n\n")
            let lines = LineDiff.lines(from: before.text, to: after.text)
            if !lines.contains(where: { !$0.hasPrefix("  ") }) { Output.out("Nothing: the two are the same.\n") }
            // Only the changes, each with a line either side to place it.
            for (i, line) in lines.enumerated() where !line.hasPrefix("  ") || lines[max(0, i - 1)...min(lines.count - 1, i + 1)].contains(where: { !$0.hasPrefix("  ") }) {
                Output.out(line + "\n")
            }
            return .success
        }
        try PrivateFile.deliver(format.render(document.printed(chosen)), output: arguments.values["output"])
        return .success
    }

    /// Records that `--as` approved the version the profile holds, unless they already had.
    func approve(_ document: SavedDocument, _ store: Store, _ site: SiteID) throws -> ExitStatus {
        let person = (arguments.values["as"] ?? "").trimmingCharacters(in: .whitespaces)
        let n = document.current
        // `--version N` says which version the approver read: if a dialogue has written another
        // since, nothing is approved, so no one approves a text they have not seen.
        if let text = arguments.values["version"], let read = Int(text), read != n {
            Output.err("trellis: version \(read) of \(document.path) is not the one in the profile now (version \(n) is); nothing was approved. "
                       + "Read it with 'trellis document \(site.rawValue) \(document.path)', then approve it with --version \(n).\n")
            return .usage
        }
        let (approval, isNew) = try store.approveDocument(site, path: document.path, version: n, sequence: document.version(n)?.sequence,
                                                           person: person)
        guard isNew else {
            Output.out("\(person) already approved version \(n) of \(document.path) on \(SavedDocument.day(approval.at)); nothing changed.\n")
            return .success
        }
        let approved = SavedDocument(path: document.path, title: document.title, text: document.text, versions: document.versions,
                                     approvals: document.approvals + [approval], current: n)
        Output.out("\(person) approved version \(n) of \(document.path) (\(document.title)).\n\(approved.line)\n")
        return .success
    }
}
