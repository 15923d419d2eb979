import Foundation
import TrellisChat
import TrellisEngine
import TrellisLanguage
import TrellisSession
import TrellisStore

/// `trellis chat`: one conversation on standard input and output, in text or JSON lines.
///
/// A thin runner of the session reducer (the same one the TCP server runs): it reads lines,
/// has `InlineRunner` carry out the effects in line (the store's answers become the next
/// input) and turns the session's end into an exit status. When input is not a terminal (a script), the first
/// refused answer ends the run with status 4 and a message naming the input line and the
/// question, so a mistake never shifts every later answer onto the wrong question.
struct ChatCommand {
    let arguments: Arguments

    static let spec = CommandSpec(synopsis: "chat [DIALOGUE]", brief: "hold a dialogue on standard input and output", summary: "Holds a dialogue on standard input and output (the menu when no DIALOGUE is named). Exit status: 0 finished, 1 failure, 2 usage error, 3 invalid dialogue files, 4 refused scripted input, 5 input ended before the dialogue finished, 6 left with /quit.",
                                  options: [
                                    .value("site", "SITE", "the site id (a-z, 0-9 and -, up to 64 characters); answers are stored in its profile and unfinished dialogues can be resumed"),
                                    .flag("create", "with --site: make the site if the store has none of that id (a terminal is asked instead; a script without it is refused)"),
                                    .value("as", "NAME", "who is answering (default: your login name)"),
                                    .flag("resume", "answer the offer to resume an unfinished dialogue with yes, in advance"),
                                    .flag("restart", "answer it with no, in advance"),
                                    .flag("json", "speak JSON lines instead of text (docs/protocol.md)"),
                                    .value("answers", "FILE", "a JSON object of answers by question id; only what it lacks is asked"),
                                    .value("output", "FILE", "write the documents the dialogue produces to FILE"),
                                    .value("format", "markdown|text", "how --output writes them (default markdown)"),
                                    .flag("print-profile", "print the site profile as JSON when the dialogue finishes"),
                                    .flag("interactive", "ask again after a refused answer even when input is not a terminal"),
                                    .value("width", "N", "wrap text at N columns, 0 for not at all (default: $COLUMNS, else the terminal's width, else 80)"),
                                    .data, .dialogues,
                                  ])
    let json: Bool
    let interactive: Bool
    /// `--width`: nil when not given (then the terminal decides), 0 for no wrapping.
    let width: Int?
    /// How `--output` writes the documents.
    let format: DocumentFormat

    init(_ words: [String]) throws(Arguments.UsageError) {
        arguments = try Arguments(words, Self.spec)
        if arguments.flags.contains("resume") && arguments.flags.contains("restart") {
            throw .init(message: "--resume and --restart cannot both be given")
        }
        if arguments.positional.count > 1 {
            throw .init(message: "chat takes one dialogue id, got: " + arguments.positional.joined(separator: " "))
        }
        format = try DocumentFormat.parse(arguments) ?? .markdown
        json = arguments.flags.contains("json")
        interactive = arguments.flags.contains("interactive") || Output.inputIsTerminal
        if let text = arguments.values["width"] {
            guard let n = Int(text), n == 0 || n >= TextWrap.minimumWidth else {
                throw .init(message: "--width takes 0 (no wrapping) or a number of columns from \(TextWrap.minimumWidth), got '\(text)'")
            }
            width = n
        } else {
            width = nil
        }
    }

    /// The dialogues a chat can offer. A chat that names its dialogue ends when that one does
    /// (standard input has no menu), so it reads only that dialogue's file when the folder has
    /// one named after it: reading and checking all of them was most of the start-up. Any
    /// other case (no such file, or a file whose id is another) reads the whole folder, which
    /// also says which dialogues there are.
    static func catalog(_ folder: String, for requested: String?) -> DialogueCatalog {
        if let requested, !requested.contains("/") {
            let file = (folder.hasSuffix("/") ? folder : folder + "/") + requested + "." + DialogueParser.fileExtension
            if FileManager.default.fileExists(atPath: file) {
                let one = DialogueCatalog.load(paths: [file])
                if one.dialogue(requested) != nil { return one }
            }
        }
        return DialogueCatalog.load(paths: [folder])
    }

    func run() -> ExitStatus {
        var builtins: [String: Value] = [:]
        var site: SiteID?
        if let text = arguments.values["site"] {
            guard let id = SiteID(text) else { return usage("'\(text)' is not a valid site id: \(SiteID.rule)") }
            site = id
            builtins["site"] = .string(text)
        }
        let person = DataFolder.person(arguments)
        if let name = arguments.values["as"] { builtins["person"] = .string(name) }

        let folder = CommandLine.dialoguesFolder(arguments)
        let requested = arguments.positional.first
        let catalog = ChatCommand.catalog(folder, for: requested)
        CommandLine.printDiagnostics(catalog.diagnostics)
        if let requested, catalog.dialogue(requested) == nil {
            if catalog.diagnostics.hasErrors {
                Output.err("trellis: dialogue '\(requested)' cannot be started: fix the errors above ('trellis lint' lists them)\n")
                return .invalidDialogue
            }
            let known = catalog.dialogues.map(\.id).joined(separator: ", ")
            return usage("no dialogue '\(requested)' in \(folder); the dialogues are: \(known.isEmpty ? "(none)" : known)")
        }
        if catalog.dialogues.isEmpty {
            Output.err("trellis: no usable dialogues in \(folder)\n")
            return .invalidDialogue
        }

        var prefill: [String: Value] = [:]
        if let path = arguments.values["answers"] {
            do {
                let file = try AnswersFile(path: path)
                let dialogues = requested.flatMap { catalog.dialogue($0) }.map { [$0] } ?? catalog.dialogues
                if let unknown = file.unknownKeys(in: dialogues, dialogueId: requested) {
                    Output.err("trellis: answers file \(path): \(unknown)\n")
                    return .invalidInput
                }
                prefill = file.answers
            } catch {
                Output.err("trellis: answers file \(path): \(error.message)\n")
                return .invalidInput
            }
        }
        // An --output that cannot be written is found now, not after the whole dialogue.
        if let path = arguments.values["output"], let problem = PrivateFile.unwritable(path) {
            return usage("cannot write --output \(path): \(problem)")
        }

        var store: Store?
        if let site {
            do {
                let opened = try DataFolder.open(arguments)
                if try opened.site(site) == nil {
                    // A mistyped site id must not quietly start a new, empty site.
                    let folder = DataFolder.path(arguments)
                    guard arguments.flags.contains("create") || askToCreate(site, in: folder) else {
                        return usage(DataFolder.UnknownSite(site: site.rawValue, folder: folder, known: try opened.sites().map(\.id),
                                                            createFlag: true).description)
                    }
                    _ = try opened.createSite(site, name: site.rawValue)
                    Output.err("trellis: created site '\(site)' in \(folder); 'trellis site code \(site)' gives it an access code for the server\n")
                }
                store = opened
            } catch {
                Output.err("trellis: \(error)\n")
                return .failure
            }
        }
        if arguments.flags.contains("resume") { prefill[BuiltinQuestion.resume.rawValue] = .bool(true) }
        if arguments.flags.contains("restart") { prefill[BuiltinQuestion.resume.rawValue] = .bool(false) }

        var configuration = SessionState.Configuration(transport: .standardInput, catalog: catalog, site: site, person: person,
                                                       dialogue: requested, prefill: prefill, strict: !interactive, builtins: builtins)
        configuration.width = width == 0 ? nil : width ?? TerminalWidth.current()
        var runner = InlineRunner(SessionState(configuration, mode: json ? .json : .human), store: store)
        var input = StandardInput(maxLine: ChatCommand.maxLine)
        var next = SessionInput.start
        while true {
            let (output, end) = runner.feed(next)
            if !output.isEmpty { Output.out(output) }
            if let end { return finish(runner.state, end) }
            if interactive && Output.inputIsTerminal && runner.state.mode == .human { Output.out("> ") }
            switch input.next() {
            case .line(let text)?: next = .line(text)
            case .tooLong?: next = .framing(.tooLong(limit: ChatCommand.maxLine))
            case .invalid(let reason)?: next = .framing(.invalid(reason))
            case nil: next = .inputEnded
            }
        }
    }

    /// The longest line read from standard input.
    static let maxLine = 1 << 20

    /// The exit status for how the session ended, with what standard error and the files need.
    func finish(_ session: SessionState, _ end: SessionEnd) -> ExitStatus {
        switch end {
        case .finished: return finish(session)
        case .quit: return .left
        case .inputEnded(let question):
            Output.err("trellis: input ended before the dialogue finished\(question.map { " at question '\($0)'" } ?? "")\n")
            return .inputEnded
        case .refused(let message):
            Output.err("trellis: \(message)\n")
            return .invalidInput
        case .failed(let message):
            Output.err("trellis: \(message)\n")
            return .failure
        case .accessDenied, .idle, .shutdown:
            return .failure
        }
    }

    /// On a terminal, whether the person wants the missing site made; never asked of a script.
    func askToCreate(_ site: SiteID, in folder: String) -> Bool {
        guard Output.inputIsTerminal else { return false }
        Output.err("There is no site '\(site)' in \(folder) yet. Create it? (yes or no) ")
        guard let line = readLine() else { return false }
        return YesNo.parse(line) == true
    }

    func finish(_ session: SessionState) -> ExitStatus {
        let documents = session.documents
        let profile = session.conversation?.profile ?? .object([])
        if let path = arguments.values["output"] {
            let text = format.render(documents.map(\.text).joined(separator: "\n\n") + (documents.isEmpty ? "" : "\n"))
            do {
                try PrivateFile.write(text, to: path)
            } catch {
                Output.err("trellis: \(error)\n")
                return .failure
            }
        }
        if arguments.flags.contains("print-profile") {
            if json {
                Output.out(JSON.encode(.object([("type", .string("profile")), ("profile", profile)])) + "\n")
            } else {
                Output.out(JSON.encodePretty(profile) + "\n")
            }
        }
        return .success
    }

    func usage(_ message: String) -> ExitStatus {
        Output.err("trellis: \(message)\n")
        return .usage
    }
}

