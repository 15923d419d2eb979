import Foundation
import TrellisChat
import TrellisLanguage

/// `trellis graph DIALOGUE|FILE`: the dialogue's flow as Graphviz DOT (`DialogueGraph`), for
/// `dot -Tsvg` to draw.
struct GraphCommand {
    let arguments: Arguments

    static let spec = CommandSpec(synopsis: "graph DIALOGUE|FILE", brief: "a dialogue's flow as Graphviz DOT", summary: "The dialogue's flow as Graphviz DOT: trellis graph site-setup | dot -Tsvg > site-setup.svg. What nothing reaches is drawn grey and dashed.",
                                  options: [.dialogues])

    init(_ words: [String]) throws(Arguments.UsageError) {
        arguments = try Arguments(words, Self.spec)
        guard arguments.positional.count == 1 else { throw .init(message: "graph takes one dialogue id, e.g. trellis graph site-setup") }
    }

    func run() throws -> ExitStatus {
        let folder = CommandLine.dialoguesFolder(arguments)
        let name = arguments.positional[0]
        // A file is drawn as it parses, lint problems and all (a section nothing reaches is
        // drawn grey, which is what someone fixing it wants to see); they are listed on stderr.
        let path = name.hasSuffix(".dialogue") ? name : folder + "/" + name + ".dialogue"
        if let text = try? String(contentsOfFile: path, encoding: .utf8) {
            let (dialogue, diagnostics) = DialogueParser.parse(text, file: path)
            CommandLine.printDiagnostics(diagnostics + (dialogue.map { Linter.check($0) } ?? []))
            guard let dialogue else { return .invalidDialogue }
            Output.out(DialogueGraph(dialogue).dot())
            return .success
        }
        let catalog = DialogueCatalog.load(paths: [folder])
        guard let dialogue = catalog.dialogue(name) else {
            throw Arguments.UsageError(message: "no dialogue '\(name)' in \(folder); the dialogues are: " + catalog.dialogues.map(\.id).joined(separator: ", "))
        }
        Output.out(DialogueGraph(dialogue).dot())
        return .success
    }
}
