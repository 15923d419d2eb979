import TrellisLanguage
import TrellisEngine

/// One person's conversation, the same for every transport: the menu of dialogues (itself
/// a small dialogue run by the engine), then the chosen dialogue, with answers from an
/// answers file filled in so only what it lacks is asked.
///
/// Transports feed it inputs and render the events it returns; it does no I/O.
public struct Conversation: Sendable {
    public enum Stage: Sendable {
        case menu
        case dialogue
        case over
    }

    public static let menuId = "dialogue"

    public let catalog: DialogueCatalog
    public private(set) var stage: Stage
    public private(set) var engine: Engine
    public private(set) var state: EngineState
    /// Answers to fill in without asking, by question id (repeated groups: a list of objects).
    public var prefill: [String: Value]
    let builtins: [String: Value]
    let startProfile: Value
    /// What the start said, handed out once by `begin()`.
    var opening: [Event]

    /// Starts with the dialogue `dialogueId`, or the menu when it is nil.
    public init(catalog: DialogueCatalog, dialogueId: String?, profile: Value = .object([]),
                builtins: [String: Value] = [:], prefill: [String: Value] = [:]) {
        self.catalog = catalog
        self.prefill = prefill
        self.builtins = builtins
        self.startProfile = profile
        if let dialogueId, let dialogue = catalog.dialogue(dialogueId) {
            engine = Engine(dialogue)
            stage = .dialogue
        } else {
            engine = Engine(Conversation.menu(catalog))
            stage = .menu
        }
        (state, opening) = engine.start(profile: profile, builtins: builtins)
    }

    /// The dialogue running now (the menu while choosing).
    public var dialogue: Dialogue { engine.dialogue }
    /// The profile with every answer saved so far.
    public var profile: Value { state.position.profile }
    public var isOver: Bool { stage == .over }
    /// The question waiting for an answer.
    public var currentPrompt: Prompt? { engine.prompt(for: state) }

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

    /// Moves from the menu into the chosen dialogue, fills in prefilled answers, and notes the end.
    mutating func settle(_ events: [Event]) -> [Event] {
        var output = events
        if stage == .menu, output.last == .finished, case .string(let id)? = state.position.answers[Conversation.menuId],
           let chosen = catalog.dialogue(id) {
            output.removeLast()
            engine = Engine(chosen)
            stage = .dialogue
            let (fresh, startEvents) = engine.start(profile: startProfile, builtins: builtins)
            state = fresh
            output += startEvents
        }
        if stage == .dialogue, case .ask(let prompt)? = output.last, let text = prefilled(prompt) {
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
            return Conversation.typed(value)
        }
        guard prompt.group == nil || prompt.id != prompt.group, let value = prefill[prompt.id] else { return nil }
        return Conversation.typed(value)
    }

    static func typed(_ value: Value) -> String {
        switch value {
        case .list(let items): return items.map(\.plainText).joined(separator: ", ")
        default: return value.plainText
        }
    }

    /// The menu: a one-question dialogue whose options are the catalog's dialogues.
    static func menu(_ catalog: DialogueCatalog) -> Dialogue {
        let location = SourceLocation(file: "(menu)", line: 1, column: 1)
        var question = Question(id: menuId, kind: .choice, prompt: Template(literal: "Which dialogue would you like to start?"),
                                location: location)
        question.options = catalog.dialogues.map { .init(key: $0.id, label: $0.title, location: location) }
        question.help = Template(literal: catalog.dialogues.map { "\($0.title): \($0.purpose)" }.joined(separator: "\n"))
        return Dialogue(id: "menu", title: "Menu", purpose: "Choose a dialogue.", file: "(menu)",
                        sections: [Section(name: "menu", body: [.ask(question)], location: location)], location: location)
    }
}
