import Foundation
import TrellisChat
import TrellisLanguage
import TrellisStore

extension CommandLine {
    /// Every command's declaration, in the order `trellis help` lists them.
    static let commands: [CommandSpec] = [
        ChatCommand.spec, CheckAnswersCommand.spec, DialoguesCommand.spec, LintCommand.spec, GraphCommand.spec, ServeCommand.spec,
        SiteCommand.spec, PersonCommand.spec, ProfileCommand.spec, ActionsCommand.spec, ResponsesCommand.spec,
        DocumentsCommand.spec, DocumentCommand.spec, HistoryCommand.spec, ExportCommand.spec, OverviewCommand.spec, BackupCommand.spec,
    ]

    /// `trellis help`: made from the commands' declarations, so it lists what they accept.
    static var usage: String {
        var out = "Usage: trellis COMMAND [OPTIONS]\n\nCommands:\n"
        let width = (commands.map(\.synopsis.count).max() ?? 0) + 2
        for spec in commands {
            out += "  " + spec.synopsis + String(repeating: " ", count: max(2, width - spec.synopsis.count)) + spec.brief + "\n"
        }
        out += "  version" + String(repeating: " ", count: max(2, width - 7)) + "the version (also --version)\n"
        out += "  help" + String(repeating: " ", count: max(2, width - 4)) + "this text\n"
        out += "\n'trellis COMMAND --help' shows a command's options.\n"
        out += "\nExit status: 0 finished, 1 failure (e.g. the store), 2 usage error, 3 invalid dialogue files,\n"
        out += "4 refused scripted input, 5 input ended before the dialogue finished, 6 left with /quit.\n"
        return out
    }

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
            case "graph": return try GraphCommand(rest).run()
            case "check-answers": return try CheckAnswersCommand(rest).run()
            case "site": return try SiteCommand(rest).run()
            case "person": return try PersonCommand(rest).run()
            case "serve": return try ServeCommand(rest).run()
            case "profile": return try ProfileCommand(rest).run()
            case "actions": return try ActionsCommand(rest).run()
            case "history": return try HistoryCommand(rest).run()
            case "export": return try ExportCommand(rest).run()
            case "documents": return try DocumentsCommand(rest).run()
            case "document": return try DocumentCommand(rest).run()
            case "overview": return try OverviewCommand(rest).run()
            case "responses": return try ResponsesCommand(rest).run()
            case "backup": return try BackupCommand(rest).run()
            case "version", "--version":
                Output.out("trellis \(Trellis.version)\n")
                return .success
            case "help", "--help", "-h":
                Output.out(usage)
                return .success
            default:
                Output.err("trellis: unknown command '\(command)'\n\n" + usage)
                return .usage
            }
        } catch let error as Arguments.UsageError {
            if let help = error.help {
                Output.out(help)
                return .success
            }
            Output.err("trellis: \(error.message)\nRun 'trellis help' for the commands and options.\n")
            return .usage
        } catch let error as DataFolder.UnknownSite {
            Output.err("trellis: \(error)\n")
            return .usage
        } catch let error as StoreError {
            Output.err("trellis: \(error)\n")
            switch error {
            case .noSuchSite, .noSuchPerson, .personExists: return .usage
            default: break
            }
            return .failure
        } catch {
            // Every error here describes itself (on Linux any Error is CustomStringConvertible,
            // so a cast to it always succeeded and the compiler warned on every build).
            Output.err("trellis: \(error)\n")
            return .failure
        }
    }

    /// The dialogues folder (`DataFolder.dialogues` says where it is looked for).
    static func dialoguesFolder(_ arguments: Arguments) -> String {
        DataFolder.dialogues(arguments.values["dialogues"])
    }

    static func printDiagnostics(_ diagnostics: [Diagnostic]) {
        for diagnostic in diagnostics { Output.err(diagnostic.description + "\n") }
    }
}
