import TrellisLanguage

/// What one input committed before anything it led to is shown: the session's new steps, the
/// profile writes they made, and where the session now waits. The one commit type, built by
/// the session reducer and carried out by any `SessionPersistence`.
public struct Commit: Sendable, Equatable {
    public enum Target: Sendable, Equatable {
        /// Append to a stored session that must have exactly `steps` steps now.
        case existing(SessionRef)
        /// Begin a new session from this profile; `replacing` (an open session of the same
        /// person and dialogue) gets an `abandon` step in the same transaction.
        case new(initialProfile: Value, replacing: SessionRef?)
    }

    public var site: SiteID
    public var person: String
    public var dialogue: String
    public var target: Target
    public var steps: [SessionStep]
    public var writes: [ProfileWrite]
    /// True when this commit finishes the dialogue: the session is then closed for good.
    public var finished: Bool
    /// The question the session waits on after this commit (nil when finished).
    public var waitingOn: String?

    public init(site: SiteID, person: String, dialogue: String, target: Target, steps: [SessionStep],
                writes: [ProfileWrite], finished: Bool, waitingOn: String?) {
        self.site = site
        self.person = person
        self.dialogue = dialogue
        self.target = target
        self.steps = steps
        self.writes = writes
        self.finished = finished
        self.waitingOn = waitingOn
    }
}

/// Why a commit was not stored. `conflict` means another writer moved the session on (or opened
/// the same dialogue) since this one read it: nothing was written, and retrying is pointless.
public struct CommitFailure: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String
    public var conflict: Bool

    public init(message: String, conflict: Bool = false) {
        self.message = message
        self.conflict = conflict
    }

    public var description: String { message }
}

/// A session as a store reads it back: its starting profile and all its steps, oldest first.
public struct StoredSession: Sendable, Equatable {
    public enum Status: String, Sendable {
        case open, finished, abandoned
    }

    public var id: Int64
    public var person: String
    public var dialogue: String
    public var initialProfile: Value
    public var steps: [SessionStep]
    public var status: Status
    public var waitingOn: String?
    public var startedAt: String
    public var updatedAt: String

    public init(id: Int64, person: String, dialogue: String, initialProfile: Value, steps: [SessionStep],
                status: Status, waitingOn: String?, startedAt: String = "", updatedAt: String = "") {
        self.id = id
        self.person = person
        self.dialogue = dialogue
        self.initialProfile = initialProfile
        self.steps = steps
        self.status = status
        self.waitingOn = waitingOn
        self.startedAt = startedAt
        self.updatedAt = updatedAt
    }
}
