import Foundation
import TrellisChat
import TrellisLanguage

extension CommandLine {
    static let usage = """
    Usage: trellis COMMAND [OPTIONS]

    Commands:
      chat [DIALOGUE]         hold a dialogue on standard input and output (the menu if no DIALOGUE)
      dialogues               list the dialogues with their titles and purposes
      lint [FILE|DIR]...      check dialogue files (default: the dialogues folder)
      help                    show this text

    Common options:
      --dialogues DIR         where the dialogue files are (default: ./dialogues, or $TRELLIS_DIALOGUES)

    chat options:
      --site SITE             the site id (a-z, 0-9 and -, up to 64 characters)
      --as NAME               who is answering
      --json                  speak JSON lines instead of text (docs/protocol.md)
      --answers FILE          a JSON object of answers by question id; only what it lacks is asked
      --output FILE           write the documents the dialogue produces to FILE
      --print-profile         print the site profile as JSON when the dialogue finishes
      --interactive           ask again after a refused answer even when input is not a terminal

    Exit status: 0 finished, 1 failure, 2 usage error, 3 invalid dialogue files,
    4 refused scripted input, 5 input ended before the dialogue finished, 6 left with /quit.

    """

    static func run(_ words: [String]) -> ExitStatus {
        guard let command = words.first else {
            Output.err(usage)
            return .usage
        }
        let rest = Array(words.dropFirst())
        do {
            switch command {
            case "chat": return try ChatCommand(rest).run()
            case "lint": return try LintCommand(rest).run()
            case "dialogues": return try DialoguesCommand(rest).run()
            case "help", "--help", "-h":
                Output.out(usage)
                return .success
            default:
                Output.err("trellis: unknown command '\(command)'\n\n" + usage)
                return .usage
            }
        } catch {
            Output.err("trellis: \(error.message)\nRun 'trellis help' for the commands and options.\n")
            return .usage
        }
    }

    /// The dialogues folder: `--dialogues`, then `$TRELLIS_DIALOGUES`, then `./dialogues`.
    static func dialoguesFolder(_ arguments: Arguments) -> String {
        arguments.values["dialogues"] ?? ProcessInfo.processInfo.environment["TRELLIS_DIALOGUES"] ?? "dialogues"
    }

    static func printDiagnostics(_ diagnostics: [Diagnostic]) {
        for diagnostic in diagnostics { Output.err(diagnostic.description + "\n") }
    }
}
