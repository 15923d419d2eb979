import TrellisChat
import TrellisLanguage

/// `trellis dialogues [--json]`: the dialogues on offer, with titles and purposes.
struct DialoguesCommand {
    let arguments: Arguments

    static let spec = CommandSpec(synopsis: "dialogues", brief: "list the dialogues with their titles and purposes", summary: "The dialogues, each with its id, title and purpose.", options: [.json, .dialogues])

    init(_ words: [String]) throws(Arguments.UsageError) {
        arguments = try Arguments(words, Self.spec)
        if let extra = arguments.positional.first { throw .init(message: "unexpected '\(extra)'") }
    }

    func run() -> ExitStatus {
        let catalog = DialogueCatalog.load(paths: [CommandLine.dialoguesFolder(arguments)])
        CommandLine.printDiagnostics(catalog.diagnostics)
        if arguments.flags.contains("json") {
            for d in catalog.dialogues {
                Output.out(JSON.encode(.object([("id", .string(d.id)), ("title", .string(d.title)), ("purpose", .string(d.purpose))])) + "\n")
            }
        } else {
            let width = (catalog.dialogues.map(\.id.count).max() ?? 0) + 2
            for d in catalog.dialogues {
                Output.out(d.id + String(repeating: " ", count: width - d.id.count) + d.title + "\n"
                           + String(repeating: " ", count: width) + d.purpose + "\n")
            }
        }
        return catalog.diagnostics.hasErrors ? .invalidDialogue : .success
    }
}
