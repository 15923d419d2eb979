import TrellisLanguage

/// Everything a conversation needs to continue: where it is, what has been answered and
/// what the profile holds, plus the history that `/back` walks.
///
/// It is a plain value: saving it is saving the conversation, and the same state with the
/// same input always gives the same result.
public struct EngineState: Sendable, Equatable {
    /// A point in the conversation: the instruction waiting for an answer and all values.
    public struct Position: Sendable, Equatable {
        public var pc: Int
        /// This dialogue's answers, an object keyed by question id.
        public var answers: Value
        /// Open repeated groups, innermost last.
        public var frames: [Frame]
        public var profile: Value
    }

    /// One open repeated group: the items finished so far and the one being answered.
    public struct Frame: Sendable, Equatable {
        public var groupId: String
        public var items: [Value]
        public var current: Value
    }

    /// An answered question and the position just before it was answered.
    public struct Entry: Sendable, Equatable {
        public var before: Position
        public var questionId: String
        public var prompt: String
        /// What the person gave, in the form they can type again (offered after `/back`).
        public var given: String
        /// The answer as a person reads it (option labels rather than keys).
        public var display: String
        /// The value stored; nil for a skipped question.
        public var value: Value?
    }

    /// An answer taken back by `/back` or `/edit`, kept to offer again.
    public struct Later: Sendable, Equatable {
        public var questionId: String
        /// As the person can type it again; empty or `/skip` for a skipped question.
        public var given: String
        /// As a person reads it (option labels rather than numbers).
        public var display: String
        /// Nil for a skipped question.
        public var value: Value?

        public init(questionId: String, given: String, display: String, value: Value?) {
            self.questionId = questionId
            self.given = given
            self.display = display
            self.value = value
        }

        init(_ entry: Entry) {
            self.init(questionId: entry.questionId, given: entry.given, display: entry.display, value: entry.value)
        }

        var skipped: Bool { value == nil || given.isEmpty || given == "/skip" }

        /// An answer to `id` uses up its earlier answer, with any before it: their questions
        /// were passed by. The engine and the resume point fold (`ResumePoint`) both keep it so.
        public static func useUp(_ later: inout [Later], answering id: String) {
            if let used = later.firstIndex(where: { $0.questionId == id }) { later.removeSubrange(...used) }
        }
    }

    public enum Phase: String, Sendable, Equatable {
        case running, finished, left
    }

    public var position: Position
    public var history: [Entry] = []
    public var phase: Phase = .running
    /// Lines of a long-text answer typed so far, before the closing `.`.
    public var buffer: [String]?
    /// Answers given beyond the present position and taken back by `/back` or `/edit`, in the
    /// order they were given: each is offered as the default when its question comes again, and
    /// while `replaying` it is taken without asking. Answering a question takes its entry (and
    /// any before it, whose questions the new answers passed by) off the front.
    public var later: [Later] = []
    /// After `/edit`: once the changed answer is taken, the later answers that still fit are
    /// taken again without asking, so only what the change made necessary is asked.
    public var replaying = false
    /// The profile as it was when the dialogue started, restored by `/restart`.
    public var initialProfile: Value
    /// `/restart` was typed once and waits for a second `/restart` to take everything back;
    /// any other input clears it.
    public var restartPending = false
    /// Answers refused in a row at the question now waiting (reset when another is asked).
    public var refusals = 0
    /// Built-in names (`person`, `site`).
    public var builtins: [String: Value]

    /// Questions answered so far.
    public var answeredCount: Int { history.count }
}
