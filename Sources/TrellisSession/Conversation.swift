import TrellisChat
import TrellisLanguage
import TrellisEngine

/// One person's conversation, the same for every transport: the menu of dialogues (itself a
/// small dialogue run by the engine), the offer to resume an unfinished session, then the
/// chosen dialogue, with answers from an answers file filled in so only what it lacks is asked.
///
/// It does no I/O. Choosing a dialogue moves it to `.opening`: the caller reads that dialogue's
/// open session and the profile from its store and hands them to `opened`. Every engine step on
/// a dialogue adds to `journal`: the session steps and profile writes the caller must commit
/// before it shows the step's events.
public struct Conversation: Sendable {
    public enum Stage: Sendable, Equatable {
        case menu
        /// Waiting for the store's view of this dialogue (its open session, the profile).
        case opening(String)
        case resumeOffer
        case dialogue
        case over
    }

    /// What an input changed in the running dialogue's session, still to be committed.
    public struct Journal: Sendable, Equatable {
        public var dialogue: String
        public var target: Commit.Target
        public var steps: [SessionStep] = []
        public var writes: [ProfileWrite] = []
        public var finished = false
        public var waitingOn: String?

        public var isEmpty: Bool { steps.isEmpty && writes.isEmpty && !finished }
    }

    public let catalog: DialogueCatalog
    public private(set) var stage: Stage
    public private(set) var engine: Engine
    public private(set) var state: EngineState
    /// Answers to fill in without asking, by question id (repeated groups: a list of objects).
    public var prefill: [String: Value]
    let builtins: [String: Value]
    /// The most one answer may hold, in bytes (`Engine.maxAnswerBytes`).
    let maxAnswerBytes: Int
    /// The profile a dialogue starts from: the store's as `opened` last handed it in (a cache of
    /// the store's), or, with no store, the one the last dialogue ended with.
    public private(set) var baseProfile: Value
    /// The open session waiting behind the resume offer.
    var pending: (dialogue: Dialogue, point: ResumePoint)?
    /// The stored session the running dialogue appends to: `.existing` once stored (or resumed),
    /// `.new` until its first commit.
    public private(set) var target: Commit.Target?
    /// Steps and writes not yet taken for committing.
    var journal: Journal?
    /// What the start said, handed out once by `begin()`.
    var openingEvents: [Event] = []

    /// Starts at the menu, or opening `dialogueId` when one is named.
    public init(catalog: DialogueCatalog, dialogueId: String?, profile: Value = .object([]),
                builtins: [String: Value] = [:], prefill: [String: Value] = [:], unfinished: Set<String> = [],
                maxAnswerBytes: Int = Engine.defaultMaxAnswerBytes) {
        self.catalog = catalog
        self.maxAnswerBytes = maxAnswerBytes
        self.prefill = prefill
        self.builtins = builtins
        baseProfile = profile
        if let id = dialogueId, let dialogue = catalog.dialogue(id) {
            stage = .opening(dialogue.id)
            engine = Engine(catalog.program(dialogue), maxAnswerBytes: maxAnswerBytes)
            state = engine.start(profile: profile, builtins: builtins).0
        } else {
            stage = .menu
            engine = unfinished.isEmpty
                ? Engine(catalog.plainMenu ?? Program(Conversation.menu(catalog, unfinished: [])))
                : Engine(Conversation.menu(catalog, unfinished: unfinished))
            (state, openingEvents) = engine.start(profile: profile, builtins: builtins)
        }
    }

    /// The dialogue running now (the menu or the resume offer while choosing).
    public var dialogue: Dialogue { engine.dialogue }
    /// The profile with every answer saved so far.
    public var profile: Value { state.position.profile }
    public var isOver: Bool { stage == .over }
    /// The question waiting for an answer.
    public var currentPrompt: Prompt? {
        if case .opening = stage { return nil }
        return engine.prompt(for: state)
    }
    /// The dialogue being opened, while waiting for the store.
    public var opening: String? {
        if case .opening(let id) = stage { return id }
        return nil
    }

    /// The dialogue behind the resume offer, while it is asked.
    public var pendingDialogue: String? { pending?.dialogue.id }

    /// A dialogue's title by id (the id itself if the catalog has no such dialogue).
    public func catalogTitle(_ id: String) -> String { catalog.dialogue(id)?.title ?? id }

    /// True once the dialogue itself (not the menu) has finished.
    public var finishedDialogue: Bool { stage == .over && state.phase == .finished }

    /// The events of the start: greetings and the first question (nothing while opening).
    public mutating func begin() -> [Event] {
        let events = openingEvents
        openingEvents = []
        return settle(events)
    }

    public mutating func receive(_ input: Input) -> [Event] {
        switch stage {
        case .over, .opening: return []
        case .menu, .resumeOffer: break
        case .dialogue: return settle(step(input))
        }
        let (next, events) = engine.step(state, input)
        state = next
        return settle(events)
    }

    /// The store's view of the dialogue being opened: the profile as it stands and the person's
    /// open session of it, if any. Offers to resume that session, or starts the dialogue.
    public mutating func opened(profile: Value, session: StoredSession?) -> [Event] {
        guard case .opening(let id) = stage, let dialogue = catalog.dialogue(id) else { return [] }
        baseProfile = profile
        let point = session.map(ResumePoint.init)
        if let point, !point.log.isEmpty {
            pending = (dialogue, point)
            engine = Engine(Conversation.resumeOffer(dialogue, point))
            stage = .resumeOffer
            let events: [Event]
            (state, events) = engine.start(profile: profile, builtins: builtins)
            return settle(events)
        }
        return settle(enter(dialogue, replacing: point?.session))
    }

    /// The journal so far, for committing; the conversation forgets it.
    public mutating func takeJournal() -> Journal? {
        defer { journal = nil }
        guard var taken = journal, !taken.isEmpty else { return nil }
        taken.waitingOn = engine.waitingId(state)
        return taken
    }

    /// The commit of the journal taken last is stored as `session`: later steps append to it.
    public mutating func committed(_ session: SessionRef) {
        target = .existing(session)
    }

    /// Starts `dialogue` afresh as a new session (leaving `replacing` behind at its first commit).
    mutating func enter(_ dialogue: Dialogue, replacing: SessionRef?) -> [Event] {
        engine = Engine(catalog.program(dialogue), maxAnswerBytes: maxAnswerBytes)
        stage = .dialogue
        let target = Commit.Target.new(initialProfile: baseProfile, replacing: replacing)
        self.target = target
        let events: [Event]
        (state, events) = engine.start(profile: baseProfile, builtins: builtins)
        record(from: baseProfile, to: state, steps: [], events: events)
        return events
    }

    /// Rebuilds the state of an open session by replaying its answers. If the dialogue file
    /// changed, the replay goes as far as the old answers still fit: when the question the
    /// session was on still exists, the person carries on from there (answering anything new on
    /// the way), in a new session holding the answers that fit; when it is gone, Trellis says so
    /// and starts the dialogue afresh.
    mutating func resume(_ dialogue: Dialogue, _ point: ResumePoint) -> [Event] {
        engine = Engine(catalog.program(dialogue), maxAnswerBytes: maxAnswerBytes)
        stage = .dialogue
        var (replayed, lastEvents) = engine.start(profile: point.initialProfile, builtins: builtins)
        var consumed = 0
        for entry in point.log {
            guard replayed.phase == .running, engine.waitingId(replayed) == entry.question else { break }
            let (next, events) = engine.step(replayed, .answer(entry.given, questionId: entry.question))
            if events.contains(where: { if case .rejected = $0 { return true } else { return false } }) { break }
            replayed = next
            lastEvents = events
            consumed += 1
        }
        // Answers that no longer replay, and those taken back before leaving, are offered again
        // as defaults when their questions come.
        replayed.later = point.log[consumed...].map(\.later) + point.later
        // What was said just before the question (often what it refers to) is said again.
        let leadIn = lastEvents[((lastEvents.lastAnswerIndex ?? -1) + 1)...].filter { if case .say = $0 { true } else { false } }
        if consumed == point.log.count, let prompt = engine.prompt(for: replayed), prompt.id == point.question {
            state = replayed
            target = .existing(point.session)
            return [.say("Welcome back. Resuming \(dialogue.title) where you left off, with your \(consumed) earlier answer\(consumed == 1 ? "" : "s") kept.")]
                + leadIn + [.ask(prompt)]
        }
        let ids = Set(dialogue.questions.map(\.id) + dialogue.repeatGroups.map(\.id))
        if consumed > 0, let saved = point.question, ids.contains(saved), replayed.phase == .running, let prompt = engine.prompt(for: replayed) {
            state = replayed
            // The old session's later answers no longer fit: a new session holds the ones that do,
            // so the next resume replays cleanly. The profile already holds what they wrote.
            target = .new(initialProfile: point.initialProfile, replacing: point.session)
            journal = Journal(dialogue: dialogue.id, target: target!, steps: replayed.history.map(Conversation.step))
            return [.say("Welcome back. \(dialogue.title) has changed since you started it, so a question or two may be new or asked again; "
                         + "your first \(consumed) answer\(consumed == 1 ? " is" : "s are") kept"
                         + (consumed < point.log.count ? ", and the others are offered again where their questions come." : "."))]
                + leadIn + [.ask(prompt)]
        }
        return [.say("\(dialogue.title) has changed since you started it, so it starts again from the beginning.")]
            + enter(dialogue, replacing: point.session)
    }

    /// One engine step on the running dialogue, journaled.
    mutating func step(_ input: Input) -> [Event] {
        let before = state
        let (next, events) = engine.step(state, input)
        state = next
        var steps: [SessionStep] = []
        if events.contains(.restarted) {
            steps.append(SessionStep(kind: .restart))
            steps += next.history.map(Conversation.step)
        } else if next.history.count < before.history.count {
            steps += before.history[next.history.count...].reversed().map { SessionStep(kind: .back, question: $0.questionId) }
        } else if next.history.count > before.history.count {
            steps += next.history[before.history.count...].map(Conversation.step)
        }
        let undo = events.contains(.restarted) ? "restart" : "back"
        record(from: before.position.profile, to: next, steps: steps, events: events, undo: undo)
        return events
    }

    /// Adds a step's session steps and profile writes to the journal.
    mutating func record(from old: Value, to next: EngineState, steps: [SessionStep], events: [Event], undo: String = "back") {
        guard let target else { return }
        var sources: [[String]: String] = [:]
        for case .saved(let path, _, let source) in events { sources[path] = source }
        // The engine changes the profile only by saving (which says so) or by going back to an
        // earlier position (`/back`, `/restart`); otherwise there is nothing to compare.
        let undid = steps.contains { $0.kind == .back || $0.kind == .restart }
        let writes = sources.isEmpty && !undid ? [] : ProfileDiff.writes(from: old, to: next.position.profile, sources: sources, otherwise: undo)
        let finished = events.contains(.finished) && next.phase == .finished
        guard !steps.isEmpty || !writes.isEmpty || finished else { return }
        var journal = self.journal ?? Journal(dialogue: engine.dialogue.id, target: target)
        journal.steps += steps
        journal.writes += writes
        journal.finished = journal.finished || finished
        self.journal = journal
    }

    static func step(_ entry: EngineState.Entry) -> SessionStep {
        SessionStep(kind: entry.value == nil ? .skip : .answer, question: entry.questionId, given: entry.given,
                    value: entry.value, display: entry.display)
    }

    /// Moves from the menu or the resume offer into the dialogue, fills in prefilled
    /// answers, and notes the end.
    mutating func settle(_ events: [Event]) -> [Event] {
        var output = events
        if stage == .menu, output.last == .finished, case .string(let id)? = state.position.answers[BuiltinQuestion.menu.rawValue],
           let chosen = catalog.dialogue(id) {
            output.removeLast()
            stage = .opening(chosen.id)
            return output
        }
        if stage == .resumeOffer, output.last == .finished, let (dialogue, point) = pending {
            output.removeLast()
            pending = nil
            if state.position.answers[BuiltinQuestion.resume.rawValue] == .bool(true) {
                output += resume(dialogue, point)
            } else {
                output += enter(dialogue, replacing: point.session)
            }
        }
        if stage == .dialogue || stage == .resumeOffer, case .ask(let prompt)? = output.last, let text = prefilled(prompt) {
            output.removeLast()
            let answered: [Event]
            if stage == .dialogue {
                answered = step(.answer(text, questionId: prompt.id))
            } else {
                (state, answered) = engine.step(state, .answer(text, questionId: prompt.id))
            }
            if case .rejected(let rejection)? = answered.first {
                output.append(.rejected(.init(code: "invalid_prefill",
                                              message: "The answers file's value for '\(prompt.id)' was refused: \(rejection.message)",
                                              expected: rejection.expected)))
                output.append(.ask(prompt))
                prefill[prompt.id] = nil
                return output
            }
            return output + settle(answered)
        }
        if output.contains(.finished) || output.contains(.left) {
            stage = .over
            baseProfile = state.position.profile
        }
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
    static func single(_ id: String, title: String, _ question: Question) -> Dialogue {
        Dialogue(id: id, title: title, purpose: "", file: "(built in)",
                 sections: [Section(name: id, body: [.ask(question)], location: place)], location: place)
    }

    /// `catalog` with its plain menu compiled, for a transport that runs many sessions on it.
    public static func withMenu(_ catalog: DialogueCatalog) -> DialogueCatalog {
        var prepared = catalog
        prepared.plainMenu = Program(menu(catalog, unfinished: []))
        return prepared
    }

    /// The menu: a one-question dialogue whose options are the catalog's dialogues.
    static func menu(_ catalog: DialogueCatalog, unfinished: Set<String>) -> Dialogue {
        var question = Question(id: BuiltinQuestion.menu.rawValue, kind: .choice,
                                prompt: Template(literal: "Which dialogue would you like to start?"), location: place)
        question.options = catalog.dialogues.map {
            .init(key: $0.id, label: $0.title + (unfinished.contains($0.id) ? " (unfinished)" : ""), location: place)
        }
        question.help = Template(literal: catalog.dialogues.map { "\($0.title): \($0.purpose)" }.joined(separator: "\n"))
        return single("menu", title: "Menu", question)
    }

    /// The offer to resume: a yes/no question naming how far the person got.
    static func resumeOffer(_ dialogue: Dialogue, _ point: ResumePoint) -> Dialogue {
        let count = point.log.count
        var question = Question(id: BuiltinQuestion.resume.rawValue, kind: .yesNo, prompt: Template(literal:
            "You have an unfinished \(dialogue.title) with \(count) answer\(count == 1 ? "" : "s") given. Resume where you left off? (no starts again)"),
                                location: place)
        question.help = Template(literal: "Yes continues at the question you were on, with your answers kept. No starts the dialogue again from the beginning.")
        return single("resume", title: "Resume", question)
    }
}
