import TrellisLanguage

/// One thing a person did in a dialogue session: an answer, a skip, `/back`, `/restart`, or
/// leaving the session behind (declining to resume it). These are the events a store appends
/// and never rewrites; where a session stands (`ResumePoint`) is a view folded from them.
public struct SessionStep: Sendable, Equatable {
    public enum Kind: String, Sendable, CaseIterable {
        /// An accepted answer (`value` is what was stored; nil only for steps migrated from
        /// stores that kept just the typed text).
        case answer
        /// An optional question left unanswered (`/skip`, or Enter with no default).
        case skip
        /// `/back` over the answer to `question`: it no longer counts.
        case back
        /// `/restart`: every earlier step of the session no longer counts.
        case restart
        /// The session was left behind for a new one (the person declined to resume it, or the
        /// dialogue changed under it). Nothing follows it.
        case abandon
    }

    public var kind: Kind
    /// The question answered, skipped or gone back over; empty for restart and abandon.
    public var question: String
    /// What the person gave, in the form they can type again (replayed on resume).
    public var given: String
    public var value: Value?
    /// The answer as a person reads it (option labels rather than keys).
    public var display: String?

    public init(kind: Kind, question: String = "", given: String = "", value: Value? = nil, display: String? = nil) {
        self.kind = kind
        self.question = question
        self.given = given
        self.value = value
        self.display = display
    }
}

/// One value written into (or removed from) a site profile.
public struct ProfileWrite: Sendable, Equatable {
    public var path: [String]
    /// Nil when the value is removed (the inverse of a write that `/back` or `/restart` undid).
    public var value: Value?
    /// The question id, document name or `set` that wrote it, or `back`/`restart` for an undo.
    public var source: String

    public init(path: [String], value: Value?, source: String) {
        self.path = path
        self.value = value
        self.source = source
    }
}

/// A stored session and how far its events go: commits name it with the number of steps they
/// expect it to have, so two writers can never interleave (the second is refused).
public struct SessionRef: Sendable, Hashable {
    public var id: Int64
    public var steps: Int

    public init(id: Int64, steps: Int) {
        self.id = id
        self.steps = steps
    }
}
