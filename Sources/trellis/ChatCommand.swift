import Foundation
import TrellisChat
import TrellisEngine
import TrellisLanguage
import TrellisServer
import TrellisStore

/// `trellis chat`: one conversation on standard input and output, in text or JSON lines.
///
/// When input is not a terminal (a script), the first refused answer ends the run with
/// status 4 and a message naming the input line and the question, so a mistake never
/// shifts every later answer onto the wrong question.
struct ChatCommand {
    let arguments: Arguments
    let json: Bool
    let interactive: Bool

    init(_ words: [String]) throws(Arguments.UsageError) {
        arguments = try Arguments(words, options: ["site", "as", "answers", "output", "dialogues", "data"],
                                  flags: ["json", "print-profile", "interactive", "resume", "restart"])
        if arguments.flags.contains("resume") && arguments.flags.contains("restart") {
            throw .init(message: "--resume and --restart cannot both be given")
        }
        if arguments.positional.count > 1 {
            throw .init(message: "chat takes one dialogue id, got: " + arguments.positional.joined(separator: " "))
        }
        json = arguments.flags.contains("json")
        interactive = arguments.flags.contains("interactive") || Output.inputIsTerminal
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
        let catalog = DialogueCatalog.load(paths: [folder])
        CommandLine.printDiagnostics(catalog.diagnostics)
        let requested = arguments.positional.first
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
            switch loadAnswers(path) {
            case .success(let answers): prefill = answers
            case .failure(let problem):
                Output.err("trellis: answers file \(path): \(problem.message)\n")
                return .invalidInput
            }
        }

        var store: Store?
        var profile = Value.object([])
        var sessions: [String: ResumePoint] = [:]
        if let site {
            do {
                let opened = try DataFolder.open(arguments)
                if try opened.site(site) == nil {
                    _ = try opened.createSite(site, name: site.rawValue)
                    Output.err("trellis: created site '\(site)' in \(DataFolder.path(arguments)); 'trellis site code \(site)' gives it an access code for the server\n")
                }
                profile = try opened.profile(site)
                for session in try opened.openSessions(site: site, person: person) {
                    sessions[session.dialogue] = ResumePoint(log: session.log, question: session.question, initialProfile: session.initialProfile)
                }
                store = opened
            } catch {
                Output.err("trellis: \(error)\n")
                return .failure
            }
        }
        if arguments.flags.contains("resume") { prefill[Conversation.resumeId] = .bool(true) }
        if arguments.flags.contains("restart") { prefill[Conversation.resumeId] = .bool(false) }

        var conversation = Conversation(catalog: catalog, dialogueId: requested, profile: profile, builtins: builtins,
                                        prefill: prefill, sessions: sessions)
        var documents: [(title: String, text: String)] = []
        var lineNumber = 0
        var input = StandardInput()
        var before = conversation
        var events = conversation.begin()
        while true {
            if let store, let site, conversation.state != before.state || conversation.stage != before.stage {
                events = persist(events, &conversation, before: before, store: store, site: site, person: person)
            }
            emit(events, conversation: conversation)
            for case .document(_, let title, let text) in events { documents.append((title, text)) }
            if let refused = events.firstRejection, !interactive {
                let question = conversation.currentPrompt.map { "question '\($0.id)'" } ?? "the dialogue"
                let place = refused.code == "invalid_prefill" ? "answers file" : "line \(lineNumber)"
                Output.err("trellis: \(place): the answer to \(question) was refused: \(refused.text)\n")
                return .invalidInput
            }
            if events.contains(.left) {
                if let site, store != nil, !json {
                    Output.out("Your answers so far are saved. To carry on later: trellis chat \(conversation.dialogue.id) --site \(site)\n")
                }
                return .left
            }
            if events.contains(.finished) && conversation.isOver { return finish(conversation, documents) }
            if interactive && !json && Output.inputIsTerminal { Output.out("> ") }
            guard let frame = input.next() else {
                let question = conversation.currentPrompt.map { " at question '\($0.id)'" } ?? ""
                if json { Output.out(JSONRenderer.error(code: "input_ended", text: "Input ended before the dialogue finished\(question).") + "\n") }
                Output.err("trellis: input ended before the dialogue finished\(question)\n")
                return .inputEnded
            }
            lineNumber += 1
            before = conversation
            let line: String
            switch frame {
            case .line(let text): line = text
            case .tooLong:
                events = [.rejected(.init(code: "line_too_long", message: "That line is longer than 1 MiB, so it was ignored.",
                                          expected: "Send shorter lines; for long text, send several lines and end with a line holding only '.'."))]
                continue
            case .invalid(let reason):
                events = [.rejected(.init(code: "invalid_text", message: reason + " It was ignored.",
                                          expected: "Send UTF-8 text without control characters."))]
                continue
            }
            if json {
                switch ClientLine.parse(line) {
                case .success(let input): events = conversation.receive(input)
                case .failure(let rejection): events = [.rejected(rejection)]
                }
            } else {
                events = conversation.receive(.line(line))
            }
        }
    }

    /// Commits what the last input changed (profile writes and the session) before anything
    /// is shown. If the store refuses, the conversation goes back to where it was and the
    /// person is told their answer was not saved.
    func persist(_ events: [Event], _ conversation: inout Conversation, before: Conversation,
                 store: Store, site: SiteID, person: String) -> [Event] {
        guard let record = Store.Record(site: site, person: person, conversation: conversation, events: events) else { return events }
        do {
            try store.record([record])
            return events
        } catch {
            conversation = before
            var refused: [Event] = [.rejected(.init(code: "not_saved", message: "Your answer was not saved: \(error)",
                                                    expected: "Nothing earlier was lost; answer again once the problem is fixed."))]
            if let prompt = conversation.currentPrompt { refused.append(.ask(prompt)) }
            return refused
        }
    }

    func emit(_ events: [Event], conversation: Conversation) {
        let text = Renderer(json ? .json : .human).render(events, dialogue: conversation.dialogue.id)
        if !text.isEmpty { Output.out(text) }
    }

    func finish(_ conversation: Conversation, _ documents: [(title: String, text: String)]) -> ExitStatus {
        if let path = arguments.values["output"] {
            let text = documents.map(\.text).joined(separator: "\n\n") + (documents.isEmpty ? "" : "\n")
            do {
                try text.write(toFile: path, atomically: true, encoding: .utf8)
            } catch {
                Output.err("trellis: cannot write \(path): \(error.localizedDescription)\n")
                return .failure
            }
        }
        if arguments.flags.contains("print-profile") {
            if json {
                Output.out(JSON.encode(.object([("type", .string("profile")), ("profile", conversation.profile)])) + "\n")
            } else {
                Output.out(JSON.encodePretty(conversation.profile) + "\n")
            }
        }
        return .success
    }

    struct AnswersFileError: Error { var message: String }

    func loadAnswers(_ path: String) -> Result<[String: Value], AnswersFileError> {
        guard let data = FileManager.default.contents(atPath: path) else { return .failure(.init(message: "cannot be read")) }
        guard let text = String(data: data, encoding: .utf8) else { return .failure(.init(message: "is not UTF-8 text")) }
        let value: Value
        do { value = try JSON.decode(text) } catch { return .failure(.init(message: "is not valid JSON: \(error.message)")) }
        guard let members = value.objectValue else {
            return .failure(.init(message: "must be a JSON object from question id to answer, e.g. {\"site_name\": \"Riverbend\"}"))
        }
        return .success(Dictionary(members.map { ($0.key, $0.value) }, uniquingKeysWith: { _, last in last }))
    }

    func usage(_ message: String) -> ExitStatus {
        Output.err("trellis: \(message)\n")
        return .usage
    }
}

extension Array where Element == Event {
    var firstRejection: AnswerParser.Rejection? {
        for case .rejected(let r) in self { return r }
        return nil
    }
}
