import TrellisLanguage

/// Where an open session stands, folded from its stored steps: the answers that still count,
/// in order, the question it waits on, and the profile it started from. Because the engine is
/// deterministic, replaying the answers from that profile rebuilds its state exactly.
///
/// It is a view of `StoredSession.steps`, never stored itself: `back` takes the last answer
/// off, `restart` clears them all.
public struct ResumePoint: Sendable, Equatable {
    public struct Entry: Sendable, Equatable {
        public var question: String
        public var given: String

        public init(question: String, given: String) {
            self.question = question
            self.given = given
        }
    }

    public var session: SessionRef
    public var dialogue: String
    public var log: [Entry]
    public var question: String?
    public var initialProfile: Value

    public init(_ stored: StoredSession) {
        var log: [Entry] = []
        for step in stored.steps {
            switch step.kind {
            case .answer, .skip: log.append(Entry(question: step.question, given: step.given))
            case .back: if !log.isEmpty { log.removeLast() }
            case .restart: log.removeAll()
            case .abandon: break
            }
        }
        session = SessionRef(id: stored.id, steps: stored.steps.count)
        dialogue = stored.dialogue
        self.log = log
        question = stored.waitingOn
        initialProfile = stored.initialProfile
    }
}
