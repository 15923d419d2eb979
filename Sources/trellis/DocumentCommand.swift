import TrellisChat
import TrellisLanguage
import TrellisStore

/// `trellis document SITE [PATH] [--format markdown|text] [--output FILE]`: the documents the
/// dialogues saved in a site's profile. Without PATH, lists them (path, title, how many
/// versions, when and by whom the latest was made); with PATH (as listed, e.g.
/// `documents.position_description`), prints that one, as Markdown or as plain text for a word
/// processor. Every time a dialogue writes a document again, the history keeps the one it
/// replaced: `--versions` lists them, `--version N` prints one, `--diff` shows what changed.
struct DocumentCommand {
    let arguments: Arguments

    static let spec = CommandSpec(synopsis: "document SITE [PATH]", brief: "the documents saved for a site; one, as Markdown or text", summary: "The documents saved in a site's profile, each with its path and title; with PATH (as listed), that one.",
                                  options: [.value("format", "markdown|text", "Markdown as the dialogues write it (the default), or plain text that pastes cleanly into a word processor"),
                                            .flag("versions", "with PATH: list every version, oldest first, with when, who and which dialogue wrote it"),
                                            .value("version", "N", "with PATH: print version N (1 is the oldest) instead of the latest"),
                                            .flag("diff", "with PATH: what changed from the version before (the latest, or --version N) to it"),
                                            .output, .data])
    let format: DocumentFormat

    init(_ words: [String]) throws(Arguments.UsageError) {
        arguments = try Arguments(words, Self.spec)
        format = try DocumentFormat.parse(arguments) ?? .markdown
        if arguments.positional.count > 2 {
            throw .init(message: "document takes a site and one document path, got: " + arguments.positional.joined(separator: " "))
        }
    }

    func run() throws -> ExitStatus {
        let (store, site, _) = try DataFolder.openSite(arguments)
        let documents = ProfileReport.documentPaths(in: try store.profile(site))
        guard arguments.positional.count == 2 else {
            if documents.isEmpty { Output.out("No documents saved for \(site.rawValue) yet.\n") }
            for document in documents {
                let versions = try versions(store, site, document.path)
                let latest = versions.last.map { ", latest \(String($0.at.prefix(10))) by \($0.person)" } ?? ""
                Output.out("\(document.path)  \(document.title)  (version \(max(1, versions.count))\(latest))\n")
            }
            return .success
        }
        let wanted = arguments.positional[1]
        guard let document = documents.first(where: { $0.path == wanted }) else {
            let known = documents.map(\.path)
            Output.err("trellis: no document at '\(wanted)' for \(site.rawValue); "
                       + (known.isEmpty ? "the site has none saved yet\n" : "the documents are: " + known.joined(separator: ", ") + "\n"))
            return .usage
        }
        let all = try versions(store, site, wanted)
        if arguments.flags.contains("versions") {
            for (n, v) in all.enumerated() { Output.out("\(n + 1)  \(v.at)  \(v.person)  \(v.dialogue)\n") }
            return .success
        }
        var chosen = all.count
        if let text = arguments.values["version"] {
            guard let n = Int(text), (1...max(1, all.count)).contains(n) else {
                throw Arguments.UsageError(message: "--version takes a number from 1 to \(all.count) for \(wanted) ('--versions' lists them)")
            }
            chosen = n
        }
        let body = all.isEmpty ? document.text : all[chosen - 1].text
        if arguments.flags.contains("diff") {
            guard chosen > 1 else {
                Output.out("Version \(chosen) of \(wanted) is the first: there is nothing before it to compare.\n")
                return .success
            }
            let before = all[chosen - 2]
            Output.out("What changed from version \(chosen - 1) (\(before.at), \(before.person)) to version \(chosen) (\(all[chosen - 1].at), \(all[chosen - 1].person)):\n\n")
            let lines = LineDiff.lines(from: before.text, to: body)
            if !lines.contains(where: { !$0.hasPrefix("  ") }) { Output.out("Nothing: the two are the same.\n") }
            // Only the changes, each with a line either side to place it.
            for (i, line) in lines.enumerated() where !line.hasPrefix("  ") || lines[max(0, i - 1)...min(lines.count - 1, i + 1)].contains(where: { !$0.hasPrefix("  ") }) {
                Output.out(line + "\n")
            }
            return .success
        }
        let text = format.render(body.hasSuffix("\n") ? body : body + "\n")
        try PrivateFile.deliver(text, output: arguments.values["output"])
        return .success
    }

    /// Every version of the document at `path`, oldest first: each write of it by a dialogue
    /// (the writes `/back` and `/restart` make to put an earlier one back are not new versions).
    func versions(_ store: Store, _ site: SiteID, _ path: String) throws -> [(text: String, at: String, person: String, dialogue: String)] {
        try store.history(site, path: path).compactMap { entry in
            guard entry.path == path, entry.question != "back", entry.question != "restart",
                  case .string(let text)? = entry.value, text.hasPrefix("# ") else { return nil }
            return (text, entry.at, entry.person, entry.dialogue)
        }
    }
}
