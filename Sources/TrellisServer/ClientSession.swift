import TrellisChat
import TrellisEngine
import TrellisLanguage
import TrellisStore

/// One TCP client's conversation as a pure state machine: lines in, actions out.
///
/// It greets, asks for the site, its access code and the person's name (each an ordinary
/// one-question dialogue run by the engine), then hands over to a `Conversation` with the
/// menu or the offer to resume. Anything slow (checking a code, loading a profile, committing
/// an answer) is an action the server carries out off the loop; the session waits for its
/// result before reading the next line, so a question never goes out before the answer
/// before it is on disk. No sockets, threads or clocks here: the server owns those.
struct ClientSession {
    enum Action: Equatable {
        /// Text to write to the client, already rendered for its mode.
        case send(String)
        case verify(site: SiteID, code: String)
        case load(site: SiteID, person: String)
        case persist(Store.Record)
        /// Wait this long, then call `delayEnded()` (after a wrong access code).
        case delay(milliseconds: Int)
        /// Close once the output is written.
        case close(reason: String)
        /// A line for the server log.
        case log(event: String, fields: [String: String])
    }

    enum Stage: Equatable {
        case site, code, name, conversation, busy, closed
    }

    static let maxCodeFailures = 3
    static let wrongCodeDelay = 1000

    private(set) var mode: Renderer.Mode = .human
    private(set) var stage: Stage = .site
    private var login: (engine: Engine, state: EngineState)?
    private var site: SiteID?
    private var person = ""
    private var failures = 0
    private var catalog: DialogueCatalog
    private var conversation: Conversation?
    /// The conversation before the input being committed, restored if the commit fails.
    private var beforeCommit: Conversation?
    private var heldEvents: [Event] = []
    /// Lines that arrived while waiting on the store or a delay.
    private var queued: [String] = []

    init(catalog: DialogueCatalog) {
        self.catalog = catalog
    }

    var isBusy: Bool { stage == .busy }

    mutating func start() -> [Action] {
        [.send(render([.say("Welcome to Trellis. Send /json first for JSON lines, or just answer. Type /help at any question.")]))]
            + ask(.site)
    }

    /// Handles one line, or queues it while a slower step is under way.
    mutating func receive(_ line: String) -> [Action] {
        if stage == .busy {
            queued.append(line)
            return []
        }
        guard stage != .closed else { return [] }
        if line.trimmingCharacters(in: .whitespaces) == "/json" {
            mode = .json
            var actions: [Action] = [.send(render([.say("JSON mode on: one JSON object per line, as docs/protocol.md describes.")]))]
            if let prompt = currentPrompt { actions.append(.send(render([.ask(prompt)]))) }
            return actions
        }
        let input: Input
        if mode == .json {
            switch ClientLine.parse(line) {
            case .success(let parsed): input = parsed
            case .failure(let rejection): return [.send(render([.rejected(rejection)]))]
            }
        } else {
            input = .line(line)
        }
        if stage == .conversation { return converse(input) }
        return answerLogin(input)
    }

    /// A framing problem reported by the server (too long, invalid bytes): said, never stored.
    mutating func refuse(_ message: String, code: String) -> [Action] {
        [.send(render([.rejected(.init(code: code, message: message, expected: "Send a line of UTF-8 text without control characters."))]))]
    }

    var currentPrompt: Prompt? {
        if let conversation { return conversation.currentPrompt }
        return login.flatMap { $0.engine.prompt(for: $0.state) }
    }

    // MARK: Login

    private enum LoginQuestion: String {
        case site, code, name
    }

    private mutating func ask(_ question: LoginQuestion) -> [Action] {
        stage = question == .site ? .site : question == .code ? .code : .name
        let dialogue = ClientSession.loginDialogue(question)
        let engine = Engine(dialogue)
        let (state, events) = engine.start()
        login = (engine, state)
        return [.send(render(events))]
    }

    private mutating func answerLogin(_ input: Input) -> [Action] {
        guard var login else { return [] }
        let (next, events) = login.engine.step(login.state, input)
        login.state = next
        self.login = login
        if events.contains(.left) {
            stage = .closed
            return [.send(render([.say("Goodbye.")])), .close(reason: "quit")]
        }
        guard next.phase == .finished, let answer = next.position.answers[login.engine.dialogue.id]?.stringValue else {
            return [.send(render(events))]
        }
        switch stage {
        case .site:
            guard let id = SiteID(answer.lowercased()) else {
                return [.send(render([.rejected(.init(message: "'\(answer)' is not a site id.", expected: "Use the id your coordinator gave you: \(SiteID.rule)."))]))]
                    + ask(.site)
            }
            site = id
            return ask(.code)
        case .code:
            guard let site else { return ask(.site) }
            stage = .busy
            return [.verify(site: site, code: answer)]
        case .name:
            guard let site else { return ask(.site) }
            person = answer
            stage = .busy
            return [.load(site: site, person: answer)]
        default:
            return []
        }
    }

    /// The store's verdict on an access code.
    mutating func verified(_ ok: Bool) -> [Action] {
        let fields = ["site": site?.rawValue ?? ""]
        if ok {
            return [.log(event: "login", fields: fields)] + ask(.name) + drainQueue()
        }
        failures += 1
        if failures >= ClientSession.maxCodeFailures {
            stage = .closed
            return [.log(event: "login_refused", fields: fields.merging(["failures": "\(failures)"]) { a, _ in a }),
                    .send(render([.rejected(.init(code: "access_denied", message: "That access code is not right, and that was the last try.",
                                                  expected: "Ask your site's coordinator for the current code, then connect again."))])),
                    .close(reason: "wrong access codes")]
        }
        return [.log(event: "wrong_code", fields: fields.merging(["failures": "\(failures)"]) { a, _ in a }),
                .delay(milliseconds: ClientSession.wrongCodeDelay)]
    }

    /// The pause after a wrong code is over: say so and ask again.
    mutating func delayEnded() -> [Action] {
        let left = ClientSession.maxCodeFailures - failures
        return [.send(render([.rejected(.init(code: "access_denied", message: "That access code is not right.",
                                              expected: "Check it with your coordinator and type it again (\(left) tr\(left == 1 ? "y" : "ies") left)."))]))]
            + ask(.code) + drainQueue()
    }

    /// The site's profile and the person's unfinished sessions: the conversation can begin.
    mutating func loaded(profile: Value, sessions: [String: ResumePoint]) -> [Action] {
        guard let site else { return [] }
        var conversation = Conversation(catalog: catalog, dialogueId: nil, profile: profile,
                                        builtins: ["site": .string(site.rawValue), "person": .string(person)], sessions: sessions)
        login = nil
        stage = .conversation
        let events = conversation.begin()
        self.conversation = conversation
        return [.log(event: "session_start", fields: ["site": site.rawValue, "person": person]), .send(render(events))] + drainQueue()
    }

    /// The store could not be read at login.
    mutating func failed(_ message: String) -> [Action] {
        stage = .closed
        return [.send(render([.rejected(.init(code: "store_error", message: message, expected: "Please try again later."))])),
                .close(reason: "store error")]
    }

    // MARK: Conversation

    private mutating func converse(_ input: Input) -> [Action] {
        guard var conversation, let site else { return [] }
        let before = conversation
        let events = conversation.receive(input)
        self.conversation = conversation
        if conversation.state != before.state || conversation.stage != before.stage,
           let record = Store.Record(site: site, person: person, conversation: conversation, events: events) {
            beforeCommit = before
            heldEvents = events
            stage = .busy
            return [.persist(record)]
        }
        return deliver(events)
    }

    /// The commit of the last answer finished: show what it led to.
    mutating func persisted(_ error: String?) -> [Action] {
        let events = heldEvents
        heldEvents = []
        stage = .conversation
        if let error, let before = beforeCommit {
            conversation = before
            beforeCommit = nil
            var refused: [Event] = [.rejected(.init(code: "not_saved", message: "Your answer was not saved: \(error)",
                                                    expected: "Nothing earlier was lost; answer again in a moment."))]
            if let prompt = before.currentPrompt { refused.append(.ask(prompt)) }
            return [.log(event: "commit_failed", fields: ["error": error]), .send(render(refused))] + drainQueue()
        }
        beforeCommit = nil
        return deliver(events) + drainQueue()
    }

    private mutating func deliver(_ events: [Event]) -> [Action] {
        guard let conversation else { return [] }
        var actions: [Action] = [.send(render(events))]
        if events.contains(.left) {
            stage = .closed
            let farewell = conversation.progress == nil ? "Goodbye." : "Your answers are saved. Connect again to carry on."
            actions += [.send(render([.say(farewell)])), .close(reason: "quit")]
        } else if conversation.isOver {
            actions.append(.log(event: "dialogue_finished", fields: ["site": site?.rawValue ?? "", "dialogue": conversation.dialogue.id]))
            // Back to the menu, with the profile as it now stands.
            var next = Conversation(catalog: catalog, dialogueId: nil, profile: conversation.profile,
                                    builtins: ["site": .string(site?.rawValue ?? ""), "person": .string(person)])
            actions.append(.send(render(next.begin())))
            self.conversation = next
        }
        return actions
    }

    /// Handles the lines that arrived while waiting, until one starts another wait.
    private mutating func drainQueue() -> [Action] {
        var actions: [Action] = []
        while stage != .busy, stage != .closed, !queued.isEmpty {
            actions += receive(queued.removeFirst())
        }
        return actions
    }

    /// The server is stopping: say so (answers already committed are kept).
    mutating func shutdown() -> [Action] {
        stage = .closed
        return [.send(render([.say("Trellis is shutting down now. Your answers are saved; connect again later to carry on.")])),
                .close(reason: "shutdown")]
    }

    /// The client was silent too long.
    mutating func idle(seconds: Int) -> [Action] {
        stage = .closed
        return [.send(render([.say("Nothing has arrived for \(seconds) seconds, so this connection is closing. Your answers are saved; connect again to carry on.")])),
                .close(reason: "idle")]
    }

    func render(_ events: [Event]) -> String {
        Renderer(mode).render(events, dialogue: conversation?.dialogue.id ?? "login")
    }

    /// The login questions, each a one-question dialogue for the engine.
    private static func loginDialogue(_ question: LoginQuestion) -> Dialogue {
        let place = SourceLocation(file: "(login)", line: 1, column: 1)
        let text: String
        var length: ClosedRange<Int>
        switch question {
        case .site: text = "Which site are you with? Type its site id (for example riverbend)."; length = 1...64
        case .code: text = "What is the site's access code?"; length = 1...128
        case .name: text = "What is your name?"; length = 1...80
        }
        var q = Question(id: question.rawValue, kind: .text, prompt: Template(literal: text), location: place)
        q.length = length
        return Dialogue(id: question.rawValue, title: "Sign in", purpose: "", file: "(login)",
                        sections: [Section(name: question.rawValue, body: [.ask(q)], location: place)], location: place)
    }
}
