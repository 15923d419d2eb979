import TrellisChat
import TrellisLanguage

/// `trellis lint [FILE|DIR]...`: prints every problem as `file:line:column: error: …` and
/// exits 3 when any file has an error.
struct LintCommand {
    let arguments: Arguments

    static let spec = CommandSpec(synopsis: "lint [FILE|DIR]...", brief: "check dialogue files", summary: "Checks dialogue files (the dialogues folder when none is named) and lists each problem as FILE:LINE:COLUMN: error: with a hint. Status 3 when any file has an error.",
                                  options: [.dialogues])

    init(_ words: [String]) throws(Arguments.UsageError) {
        arguments = try Arguments(words, Self.spec)
    }

    func run() -> ExitStatus {
        let paths = arguments.positional.isEmpty ? [CommandLine.dialoguesFolder(arguments)] : arguments.positional
        let catalog = DialogueCatalog.load(paths: paths)
        CommandLine.printDiagnostics(catalog.diagnostics)
        let errors = catalog.diagnostics.filter { $0.severity == .error }.count
        let warnings = catalog.diagnostics.count - errors
        let summary = "\(catalog.dialogues.count) dialogue\(catalog.dialogues.count == 1 ? "" : "s") ok, \(errors) error\(errors == 1 ? "" : "s"), \(warnings) warning\(warnings == 1 ? "" : "s")\n"
        if errors > 0 {
            Output.err(summary)
            return .invalidDialogue
        }
        Output.out(summary)
        return .success
    }
}
