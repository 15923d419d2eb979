import TrellisChat
import TrellisLanguage
import TrellisStore

/// `trellis overview [--json] [--format markdown|text] [--output FILE]`: every site of the
/// store in one table (`ProgramOverview`).
struct OverviewCommand {
    let arguments: Arguments

    init(_ words: [String]) throws(Arguments.UsageError) {
        arguments = try Arguments(words, options: ["data", "format", "output", "dialogues"], flags: ["json"])
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
