import TrellisChat
import TrellisLanguage
import TrellisStore

/// `trellis overview [--json] [--format markdown|text] [--output FILE]`: every site of the
/// store in one table (`ProgramOverview`).
struct OverviewCommand {
    let arguments: Arguments

    static let spec = CommandSpec(synopsis: "overview", brief: "every site of the store in one table", summary: "Every site of the store in one table: model, phase, readiness gaps, partly in place and not sure, open and overdue actions, inductions and those awaiting follow-up, backbone conflicts, last activity; then the totals.",
                                  options: [.json, .value("format", "markdown|text", "a Markdown table, or the same as plain text (without it: columns lined up for a terminal)"), .output, .data, .dialogues])

    init(_ words: [String]) throws(Arguments.UsageError) {
        arguments = try Arguments(words, Self.spec)
        if !arguments.positional.isEmpty {
            throw .init(message: "overview takes no site: it reports every site of the store (trellis profile SITE shows one)")
        }
    }

    func run() throws -> ExitStatus {
        let store = try DataFolder.open(arguments)
        let (sites, today) = try store.siteSnapshots()
        let catalog = DialogueCatalog.load(paths: [CommandLine.dialoguesFolder(arguments)])
        let overview = ProgramOverview(sites: sites.map { ($0.id, $0.name, $0.profile, $0.lastActivity) }, vocabulary: .init(catalog), today: today)
        let now = Store.now()
        let text: String
        if arguments.flags.contains("json") {
            text = JSON.encode(overview.json()) + "\n"
        } else if let format = try DocumentFormat.parse(arguments), arguments.values["format"] != nil {
            text = format.render(overview.markdown(date: now))
        } else {
            text = overview.text()
        }
        try PrivateFile.deliver(text, output: arguments.values["output"])
        return .success
    }
}
