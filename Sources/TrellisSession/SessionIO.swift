import TrellisLanguage

/// What reaches a session: lines and framing refusals from its transport, and the results of
/// the effects it asked for (a code checked, a profile loaded, a dialogue opened, a commit done
/// or failed, a pause over), plus the transport's own news (idle, shutdown, input ended, the
/// dialogue taken over on another connection).
public enum SessionInput: Sendable {
    /// The transport is ready: greet (TCP) or begin (standard input).
    case start
    case line(String)
    /// A line the framer refused before it became text.
    case framing(FramingProblem)
    /// The code's check: who it signs in, or nil for a wrong code.
    case verified(Identity?)
    /// The code was not checked: too many have been tried from this client's address, or for
    /// this site, lately; a check would be allowed again in about this many seconds.
    case throttled(seconds: Int)
    /// The sign-in data: the site's profile and the person's open sessions.
    case loaded(profile: Value, sessions: [StoredSession])
    /// The program's overview: every site, and today's date (`YYYY-MM-DD`) to judge overdue by.
    case overview(sites: [SiteSnapshot], today: String)
    /// The dialogue asked for by `open`: the profile now and the person's open session of it.
    case opened(profile: Value, session: StoredSession?)
    case committed(Result<SessionRef, CommitFailure>)
    /// A store read (sign-in, opening) failed.
    case storeFailed(String)
    case delayEnded
    case idle(seconds: Int)
    case shutdown
    case inputEnded
    /// The same person opened this dialogue on another connection, which now owns it.
    case detached(dialogue: String)
    /// The client's window is this many columns wide (telnet NAWS): human text wraps to it.
    case windowWidth(Int)
}

/// What a framer refuses: a line over the limit, or bytes that are not acceptable text.
public enum FramingProblem: Sendable, Equatable {
    case tooLong(limit: Int)
    case invalid(String)
}

/// What a session asks its transport to do. A transport carries these out in order and feeds
/// the results back as inputs; it decides nothing itself.
public enum SessionEffect: Sendable, Equatable {
    /// Text to write, already rendered for the session's mode.
    case emit(String)
    case verify(site: SiteID, code: String)
    case load(site: SiteID, person: String)
    /// Read every site for the program's overview; answer with `overview`.
    case loadOverview
    /// Read the person's open session of `dialogue` and the profile; from now on this session
    /// owns that dialogue (a TCP server detaches any other connection of the same person in it).
    case open(site: SiteID, person: String, dialogue: String)
    /// Store this before anything more is shown; answer with `committed`.
    case commit(Commit)
    /// Ask the client not to show what is typed (a telnet client stops echoing it) until
    /// `hideInput(false)`: while an access code is typed. A transport without echo control
    /// ignores it.
    case hideInput(Bool)
    /// Wait, then send `delayEnded` (after a wrong access code).
    case delay(milliseconds: Int)
    /// Close once the output is written.
    case close(SessionEnd)
    /// A line for the server log.
    case log(event: String, fields: [String: String])
}

/// Why a session ended: a TCP server logs it, standard input turns it into an exit status.
public enum SessionEnd: Sendable, Equatable {
    case finished
    case quit
    /// Input ended at this question (nil: not in a question).
    case inputEnded(question: String?)
    /// A scripted run's input was refused: the message names the line and the question.
    case refused(String)
    /// The store failed; the message says how.
    case failed(String)
    case accessDenied
    case idle
    case shutdown

    /// A few words for a log line.
    public var reason: String {
        switch self {
        case .finished: return "finished"
        case .quit: return "quit"
        case .inputEnded: return "input ended"
        case .refused: return "refused input"
        case .failed: return "store error"
        case .accessDenied: return "wrong access codes"
        case .idle: return "idle"
        case .shutdown: return "shutdown"
        }
    }
}
