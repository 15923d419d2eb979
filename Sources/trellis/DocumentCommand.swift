import TrellisChat
import TrellisLanguage
import TrellisStore

/// `trellis document SITE [PATH] [--format markdown|text] [--output FILE]`: the documents the
/// dialogues saved in a site's profile. Without PATH, lists them (path and title); with PATH
/// (as listed, e.g. `documents.position_description`), prints that one, as Markdown or as plain
/// text for a word processor.
struct DocumentCommand {
    let arguments: Arguments

    static let spec = CommandSpec(synopsis: "document SITE [PATH]", brief: "the documents saved for a site; one, as Markdown or text", summary: "The documents saved in a site's profile, each with its path and title; with PATH (as listed), that one.",
                                  options: [.value("format", "markdown|text", "Markdown as the dialogues write it (the default), or plain text that pastes cleanly into a word processor"), .output, .data])
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
            for document in documents { Output.out("\(document.path)  \(document.title)\n") }
            return .success
        }
        let wanted = arguments.positional[1]
        guard let document = documents.first(where: { $0.path == wanted }) else {
            let known = documents.map(\.path)
            Output.err("trellis: no document at '\(wanted)' for \(site.rawValue); "
                       + (known.isEmpty ? "the site has none saved yet\n" : "the documents are: " + known.joined(separator: ", ") + "\n"))
            return .usage
        }
        let text = format.render(document.text.hasSuffix("\n") ? document.text : document.text + "\n")
        try PrivateFile.deliver(text, output: arguments.values["output"])
        return .success
    }
}
