import TrellisLanguage

/// What the engine tells the world. Transports render events (as text or JSON lines) and
/// the store persists the `saved` ones; the engine itself never prints or writes.
public enum Event: Sendable, Equatable {
    case say(String)
    case ask(Prompt)
    /// The input was not accepted; the state did not move.
    case rejected(AnswerParser.Rejection)
    /// An answer was accepted (`display` is how a person reads it).
    case accepted(questionId: String, value: Value, display: String)
    /// An optional question was left without an answer (Enter or `/skip`).
    case skipped(questionId: String)
    /// A value was written into the site profile.
    case saved(path: [String], value: Value, source: String)
    case document(name: String, title: String, text: String)
    case help(questionHelp: String?, commands: [(command: String, meaning: String)])
    case review([Review])
    case status(title: String, step: Int, total: Int)
    case restarted
    /// `/quit`: the person left; the state is kept for resuming.
    case left
    case finished

    public static func == (lhs: Event, rhs: Event) -> Bool {
        switch (lhs, rhs) {
        case let (.say(a), .say(b)): return a == b
        case let (.ask(a), .ask(b)): return a == b
        case let (.rejected(a), .rejected(b)): return a == b
        case let (.accepted(a1, a2, a3), .accepted(b1, b2, b3)): return a1 == b1 && a2 == b2 && a3 == b3
        case let (.saved(a1, a2, a3), .saved(b1, b2, b3)): return a1 == b1 && a2 == b2 && a3 == b3
        case let (.document(a1, a2, a3), .document(b1, b2, b3)): return a1 == b1 && a2 == b2 && a3 == b3
        case let (.help(a1, a2), .help(b1, b2)):
            return a1 == b1 && a2.map { "\($0.command)\u{0}\($0.meaning)" } == b2.map { "\($0.command)\u{0}\($0.meaning)" }
        case let (.review(a), .review(b)): return a == b
        case let (.skipped(a), .skipped(b)): return a == b
        case let (.status(a1, a2, a3), .status(b1, b2, b3)): return a1 == b1 && a2 == b2 && a3 == b3
        case (.restarted, .restarted), (.left, .left), (.finished, .finished): return true
        default: return false
        }
    }
}

extension Array where Element == Event {
    /// Where the last answer (accepted or skipped) is: what follows it leads to the next question.
    public var lastAnswerIndex: Int? {
        lastIndex { if case .accepted = $0 { true } else if case .skipped = $0 { true } else { false } }
    }
}

/// A question as put to a person: its text rendered, its options numbered, and where it
/// stands in the dialogue.
public struct Prompt: Sendable, Equatable {
    public var id: String
    public var kind: Question.Kind
    public var text: String
    public var help: String?
    public var options: [Option]
    public var required: Bool
    /// 1-based number of this question among those asked.
    public var step: Int
    /// An estimate of how many questions the dialogue will ask in all.
    public var total: Int
    /// Taken when the answer is left empty.
    public var defaultText: String?
    /// The default as a person reads it (an option's label rather than its number); nil when
    /// it reads as it is typed.
    public var defaultDisplay: String?
    /// Inside a repeated group: the group and the 1-based item number.
    public var group: String?
    public var item: Int?
    public var length: ClosedRange<Int>?
    public var range: ClosedRange<Double>?

    public struct Option: Sendable, Equatable {
        public var key: String
        public var label: String
    }
}

/// One line of `/review`: a question and the answer given; `/edit` takes its 1-based number.
public struct Review: Sendable, Equatable {
    public var number: Int
    public var questionId: String
    public var prompt: String
    public var answer: String
}
