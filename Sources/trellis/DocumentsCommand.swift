import TrellisLanguage
import TrellisStore

/// `trellis documents SITE [--json]`: every document saved for the site, a line each: its path,
/// title, the version the profile holds (of how many), when, by whom and in which dialogue it
/// was written, and whether it is approved. `--json` prints one JSON object a line.
struct DocumentsCommand {
    let arguments: Arguments

    static let spec = CommandSpec(synopsis: "documents SITE", brief: "every document saved for a site: version, date, writer, approved or draft",
                                  summary: "Every document saved for a site, one a line: its path, title, version (of how many), when, by whom and in which dialogue that version was written, and its status: approved, or draft. With --json, one JSON object a line with the keys path, title, dialogue, person, date, version, versions, status, approved_by, approved_at and approvals.",
                                  options: [.json, .data])

    init(_ words: [String]) throws(Arguments.UsageError) {
        arguments = try Arguments(words, Self.spec)
        if arguments.positional.count > 1 {
            throw .init(message: "documents takes only a site, got: " + arguments.positional.joined(separator: " ")
                        + " ('trellis document SITE PATH' prints one)")
        }
    }

    func run() throws -> ExitStatus {
        let (store, site, _) = try DataFolder.openSite(arguments)
        SavedDocument.printList(try SavedDocument.all(store, site), site: site, json: arguments.flags.contains("json"))
        return .success
    }
}
