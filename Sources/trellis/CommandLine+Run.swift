import Foundation
import TrellisChat
import TrellisLanguage
import TrellisStore

extension CommandLine {
    static let usage = """
    Usage: trellis COMMAND [OPTIONS]

    Commands:
      chat [DIALOGUE]         hold a dialogue on standard input and output (the menu if no DIALOGUE)
      dialogues               list the dialogues with their titles and purposes
      lint [FILE|DIR]...      check dialogue files (default: the dialogues folder)
      graph DIALOGUE          the dialogue's flow as Graphviz DOT (trellis graph ID | dot -Tsvg > ID.svg)
      serve                   the TCP server (see below)
      site create SITE --name NAME   create a site and print its access code (once)
      site list               list the sites
      site code SITE          replace a site's shared access code and print the new one (once);
                              --retire ends the shared code, so only personal codes sign in
      person add SITE "NAME" --role coordinator|staff
                              give a person a code of their own and print it (once)
      person list SITE [--json]   the people with codes at a site
      person code SITE "NAME"     replace a person's code and print the new one (once)
      person remove SITE "NAME"   end a person's code (their answers stay in the history)
      profile SITE [--json]   show a site's profile
      actions SITE [--open] [--json]   the site's actions: what, owner, due date, status
      history SITE [--path P] [--json]   every answer, skip, /back and /restart of every session,
                              oldest first, with who, when and the profile writes each made
      export SITE --format json|markdown|text [--output FILE]   the profile as JSON or a report
      document SITE [PATH] [--format markdown|text] [--output FILE]
                              the documents saved for a site; with PATH, that one (text:
                              plain text that pastes cleanly into a word processor)
      responses SITE [--json]  the answers gathered one per person, side by side, with who has
                              not answered yet and a reminder to send them
      overview [--json] [--format markdown|text] [--output FILE]
                              every site of the store: model, phase, readiness gaps, open and
                              overdue actions, inductions, backbone conflicts, last activity
      backup FILE             a consistent copy of the whole store, safe while Trellis runs
      version                 the version (also --version)
      help                    show this text

    Common options:
      --dialogues DIR         where the dialogue files are (else $TRELLIS_DIALOGUES, ./dialogues,
                              or the ones installed beside trellis: BIN/../share/trellis/dialogues)
      --data DIR              where the store is (else $TRELLIS_DATA, ./trellis-data if it exists,
                              or $XDG_DATA_HOME/trellis, ~/.local/share/trellis)

    chat options:
      --site SITE             the site id (a-z, 0-9 and -, up to 64 characters); answers are
                              stored in its profile and unfinished dialogues can be resumed
      --as NAME               who is answering (default: your login name)
      --resume / --restart    answer the offer to resume an unfinished dialogue in advance
      --json                  speak JSON lines instead of text (docs/protocol.md)
      --answers FILE          a JSON object of answers by question id; only what it lacks is asked
      --output FILE           write the documents the dialogue produces to FILE
      --format markdown|text  how --output writes them (default markdown)
      --print-profile         print the site profile as JSON when the dialogue finishes
      --interactive           ask again after a refused answer even when input is not a terminal

    serve options (each also an environment variable, e.g. TRELLIS_PORT):
      --host H                address to listen on (default 127.0.0.1; put TLS in front for others)
      --port P                port (default 7447; 0 picks a free one)
      --max-clients N         connections at once (default 1024)
      --idle-timeout SECONDS  disconnect silent clients after this long (default 600)
      --max-line BYTES        longest line accepted (default 8192)
      --max-output BYTES      unread output after which a client is disconnected (default 1048576)
      --max-answer BYTES      the most one answer may hold, long text's lines together (default 65536)
      --log-level LEVEL       debug, info, warn or error (default info)

    Exit status: 0 finished, 1 failure (e.g. the store), 2 usage error, 3 invalid dialogue files,
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
            case "graph": return try GraphCommand(rest).run()
            case "site": return try SiteCommand(rest).run()
            case "person": return try PersonCommand(rest).run()
            case "serve": return try ServeCommand(rest).run()
            case "profile": return try ProfileCommand(rest).run()
            case "actions": return try ActionsCommand(rest).run()
            case "history": return try HistoryCommand(rest).run()
            case "export": return try ExportCommand(rest).run()
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
            Output.err("trellis: \(error.message)\nRun 'trellis help' for the commands and options.\n")
            return .usage
        } catch let error as StoreError {
            Output.err("trellis: \(error)\n")
            switch error {
            case .noSuchSite, .noSuchPerson, .personExists: return .usage
            default: break
            }
            return .failure
        } catch {
            Output.err("trellis: \((error as? CustomStringConvertible)?.description ?? error.localizedDescription)\n")
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
