import TrellisLanguage
import TrellisEngine

/// One person's conversation, the same for every transport: the menu of dialogues (itself
/// a small dialogue run by the engine), the offer to resume an unfinished one, then the
/// chosen dialogue, with answers from an answers file filled in so only what it lacks is asked.
///
/// Transports feed it inputs, render the events it returns and persist `progress`; it does no I/O.
public struct Conversation: Sendable {
    public enum Stage: Sendable, Equatable {
        case menu
        case resumeOffer
        case dialogue
        case over
    }

    public static let menuId = "dialogue"
    public static let resumeId = "resume"

    public let catalog: DialogueCatalog
    public private(set) var stage: Stage
    public private(set) var engine: Engine
    public private(set) var state: EngineState
    /// Answers to fill in without asking, by question id (repeated groups: a list of objects).
    public var prefill: [String: Value]
    /// Unfinished conversations by dialogue id, offered for resuming.
    var sessions: [String: ResumePoint]
    let builtins: [String: Value]
    let startProfile: Value
    /// The dialogue waiting behind the resume offer.
    var pending: Dialogue?
    /// What the start said, handed out once by `begin()`.
    var opening: [Event]

    /// Starts with the dialogue `dialogueId`, or the menu when it is nil.
    public init(catalog: DialogueCatalog, dialogueId: String?, profile: Value = .object([]),
                builtins: [String: Value] = [:], prefill: [String: Value] = [:], sessions: [String: ResumePoint] = [:]) {
        self.catalog = catalog
        self.prefill = prefill
        self.builtins = builtins
        self.startProfile = profile
        self.sessions = sessions
        let first = dialogueId.flatMap { catalog.dialogue($0) }
        (engine, stage, pending) = first.map { Conversation.entry(to: $0, sessions: sessions) }
            ?? (Engine(Conversation.menu(catalog, unfinished: Set(sessions.keys))), .menu, nil)
        (state, opening) = engine.start(profile: profile, builtins: builtins)
    }

    /// The dialogue running now (the menu or the resume offer while choosing).
    public var dialogue: Dialogue { engine.dialogue }
    /// The profile with every answer saved so far.
    public var profile: Value { state.position.profile }
    public var isOver: Bool { stage == .over }
    /// The question waiting for an answer.
    public var currentPrompt: Prompt? { engine.prompt(for: state) }

    /// What a store keeps to resume this conversation; nil outside a dialogue.
    public var progress: ResumePoint? {
        guard stage == .dialogue || (stage == .over && dialogue.id != "menu" && dialogue.id != "resume") else { return nil }
        return ResumePoint(log: state.history.map { ($0.questionId, $0.given) }, question: currentPrompt?.id,
                           initialProfile: state.initialProfile)
    }

    /// True once the dialogue itself (not the menu) has finished.
    public var finishedDialogue: Bool { stage == .over && state.phase == .finished }

    /// The events of the start: greetings and the first question.
    public mutating func begin() -> [Event] {
        let events = opening
        opening = []
        return settle(events)
    }

    public mutating func receive(_ input: Input) -> [Event] {
        guard stage != .over else { return [] }
        let (next, events) = engine.step(state, input)
        state = next
        return settle(events)
    }

    /// Starts `dialogue`, first offering to resume it when an unfinished session exists.
    mutating func enter(_ dialogue: Dialogue) -> [Event] {
        (engine, stage, pending) = Conversation.entry(to: dialogue, sessions: sessions)
        let events: [Event]
        (state, events) = engine.start(profile: startProfile, builtins: builtins)
        return events
    }

    /// The engine that begins `dialogue`: the offer to resume when an unfinished session
    /// exists (with the dialogue waiting behind it), otherwise the dialogue itself.
    static func entry(to dialogue: Dialogue, sessions: [String: ResumePoint]) -> (Engine, Stage, Dialogue?) {
        if let point = sessions[dialogue.id], !point.log.isEmpty {
            return (Engine(resumeOffer(dialogue, point)), .resumeOffer, dialogue)
        }
        return (Engine(dialogue), .dialogue, nil)
    }

    /// Rebuilds the state of an unfinished session by replaying its answers. If the dialogue
    /// file changed, the replay goes as far as the old answers still fit: when the question
    /// the session was on still exists, the person carries on from there (answering anything
    /// new on the way); when it is gone, Trellis says so and starts the dialogue afresh.
    mutating func resume(_ dialogue: Dialogue, _ point: ResumePoint) -> [Event] {
        engine = Engine(dialogue)
        stage = .dialogue
        var (replayed, _) = engine.start(profile: point.initialProfile, builtins: builtins)
        var consumed = 0
        for entry in point.log {
            guard replayed.phase == .running, engine.prompt(for: replayed)?.id == entry.question else { break }
            let (next, events) = engine.step(replayed, .answer(entry.given, questionId: entry.question))
            if events.contains(where: { if case .rejected = $0 { return true } else { return false } }) { break }
            replayed = next
            consumed += 1
        }
        if consumed == point.log.count, let prompt = engine.prompt(for: replayed), prompt.id == point.question {
            state = replayed
            return [.say("Welcome back. Resuming \(dialogue.title) where you left off, with your \(consumed) earlier answer\(consumed == 1 ? "" : "s") kept."),
                    .ask(prompt)]
        }
        let ids = Set(dialogue.questions.map(\.id) + dialogue.repeatGroups.map(\.id))
        if consumed > 0, let saved = point.question, ids.contains(saved), replayed.phase == .running, let prompt = engine.prompt(for: replayed) {
            state = replayed
            return [.say("Welcome back. \(dialogue.title) has changed since you started it, so a question or two may be new or asked again; "
                         + "your first \(consumed) answer\(consumed == 1 ? " is" : "s are") kept."),
                    .ask(prompt)]
        }
        let events: [Event]
        (state, events) = engine.start(profile: startProfile, builtins: builtins)
        return [.say("\(dialogue.title) has changed since you started it, so it starts again from the beginning.")] + events
    }

    /// Moves from the menu or the resume offer into the dialogue, fills in prefilled
    /// answers, and notes the end.
    mutating func settle(_ events: [Event]) -> [Event] {
        var output = events
        if stage == .menu, output.last == .finished, case .string(let id)? = state.position.answers[Conversation.menuId],
           let chosen = catalog.dialogue(id) {
            output.removeLast()
            output += enter(chosen)
        }
        if stage == .resumeOffer, output.last == .finished, let dialogue = pending {
            output.removeLast()
            pending = nil
            if state.position.answers[Conversation.resumeId] == .bool(true), let point = sessions[dialogue.id] {
                output += resume(dialogue, point)
            } else {
                sessions[dialogue.id] = nil
                output += enter(dialogue)
            }
        }
        if stage == .dialogue || stage == .resumeOffer, case .ask(let prompt)? = output.last, let text = prefilled(prompt) {
            output.removeLast()
            let (next, answered) = engine.step(state, .answer(text, questionId: prompt.id))
            if case .rejected(let rejection)? = answered.first {
                output.append(.rejected(.init(code: "invalid_prefill",
                                              message: "The answers file's value for '\(prompt.id)' was refused: \(rejection.message)",
                                              expected: rejection.expected)))
                output.append(.ask(prompt))
                prefill[prompt.id] = nil
                return output
            }
            state = next
            return output + settle(answered)
        }
        if output.contains(.finished) || output.contains(.left) { stage = .over }
        return output
    }

    /// The answers file's answer to `prompt`, written as a person would type it.
    func prefilled(_ prompt: Prompt) -> String? {
        if let group = prompt.group, let items = prefill[group]?.listValue {
            if prompt.id == group { return items.count > (prompt.item ?? 0) ? "yes" : "no" }
            guard let item = prompt.item, item >= 1, item <= items.count, let value = items[item - 1][prompt.id] else { return nil }
            return AnswerParser.text(of: value)
        }
        guard prompt.group == nil || prompt.id != prompt.group, let value = prefill[prompt.id] else { return nil }
        return AnswerParser.text(of: value)
    }

    static let place = SourceLocation(file: "(built in)", line: 1, column: 1)

    /// A dialogue of one question, built in code rather than read from a file.
    static func single(_ id: String, _ question: Question) -> Dialogue {
        Dialogue(id: id, title: id == "menu" ? "Menu" : "Resume", purpose: "", file: "(built in)",
                 sections: [Section(name: id, body: [.ask(question)], location: place)], location: place)
    }

    /// The menu: a one-question dialogue whose options are the catalog's dialogues.
    static func menu(_ catalog: DialogueCatalog, unfinished: Set<String>) -> Dialogue {
        var question = Question(id: menuId, kind: .choice, prompt: Template(literal: "Which dialogue would you like to start?"),
                                location: place)
        question.options = catalog.dialogues.map {
            .init(key: $0.id, label: $0.title + (unfinished.contains($0.id) ? " (unfinished)" : ""), location: place)
        }
        question.help = Template(literal: catalog.dialogues.map { "\($0.title): \($0.purpose)" }.joined(separator: "\n"))
        return single("menu", question)
    }

    /// The offer to resume: a yes/no question naming how far the person got.
    static func resumeOffer(_ dialogue: Dialogue, _ point: ResumePoint) -> Dialogue {
        let count = point.log.count
        var question = Question(id: resumeId, kind: .yesNo, prompt: Template(literal:
            "You have an unfinished \(dialogue.title) with \(count) answer\(count == 1 ? "" : "s") given. Resume where you left off? (no starts again)"),
                                location: place)
        question.help = Template(literal: "Yes continues at the question you were on, with your answers kept. No starts the dialogue again from the beginning.")
        return single("resume", question)
    }
}
