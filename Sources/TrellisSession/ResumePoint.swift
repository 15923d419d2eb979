import TrellisLanguage
import TrellisEngine

/// Where an open session stands, folded from its stored steps: the answers that still count,
/// in order, the question it waits on, and the profile it started from. Because the engine is
/// deterministic, replaying the answers from that profile rebuilds its state exactly.
///
/// It is a view of `StoredSession.steps`, never stored itself: `back` takes the last answer
/// off (keeping it in `later`, to offer again), `restart` clears them all.
public struct ResumePoint: Sendable, Equatable {
    public struct Entry: Sendable, Equatable {
        public var question: String
        public var given: String
        /// As a person reads it; nil for steps that did not keep it (migrated ones).
        public var display: String?
        /// Nil for a skip (and for migrated steps, which kept only the typed text).
        public var value: Value?
        public var skipped: Bool

        public init(question: String, given: String, display: String? = nil, value: Value? = nil, skipped: Bool = false) {
            self.question = question
            self.given = given
            self.display = display
            self.value = value
            self.skipped = skipped
        }

        /// The engine's form of an answer kept to offer again.
        public var later: EngineState.Later {
            EngineState.Later(questionId: question, given: skipped ? "" : given, display: display ?? given,
                              value: skipped ? nil : (value ?? .string(given)))
        }
    }

    public var session: SessionRef
    public var dialogue: String
    public var log: [Entry]
    /// Answers taken back by `back` steps and not given again since, in the order given: the
    /// engine offers them as defaults when their questions come again (`EngineState.later`).
    public var later: [EngineState.Later]
    public var question: String?
    public var initialProfile: Value

    public init(_ stored: StoredSession) {
        var log: [Entry] = []
        var later: [EngineState.Later] = []
        for step in stored.steps {
            switch step.kind {
            case .answer, .skip:
                EngineState.Later.useUp(&later, answering: step.question)
                log.append(Entry(question: step.question, given: step.given, display: step.display, value: step.value, skipped: step.kind == .skip))
            case .back: if let last = log.popLast() { later.insert(last.later, at: 0) }
            case .restart: log.removeAll(); later.removeAll()
            case .abandon: break
            }
        }
        self.later = later
        session = SessionRef(id: stored.id, steps: stored.steps.count)
        dialogue = stored.dialogue
        self.log = log
        question = stored.waitingOn
        initialProfile = stored.initialProfile
    }
}
