import TrellisChat
import TrellisEngine
import TrellisLanguage

/// Everything one person's session holds, for every transport: the sign-in stage (TCP only),
/// the conversation, which of the person's dialogues are unfinished, the output mode, and what
/// the session is waiting on. `reduce` is the only thing that changes it.
public struct SessionState: Sendable {
    public struct Configuration: Sendable {
        public enum Transport: Sendable, Equatable {
            /// Sign in first (site, code, name); after a dialogue, back to the menu.
            case tcp
            /// The site and person are given; the session ends with the dialogue.
            case standardInput
        }

        public var transport: Transport
        public var catalog: DialogueCatalog
        /// Standard input: the site answers are stored for (nil: nothing is stored) and who answers.
        public var site: SiteID?
        public var person: String
        /// Standard input: the dialogue to open at once (nil: the menu).
        public var dialogue: String?
        /// Answers to fill in without asking, by question id.
        public var prefill: [String: Value]
        /// A script's run: the first refused input ends the session (status 4), so a mistake
        /// never shifts every later answer onto the wrong question.
        public var strict: Bool
        /// Built-in names given to dialogues beside `site` and `person`.
        public var builtins: [String: Value]
        /// The most one answer may hold, in UTF-8 bytes (a long text's lines counted together).
        public var maxAnswerBytes = Engine.defaultMaxAnswerBytes
        /// Human text is wrapped to this many columns to begin with (nil: never wrapped); over
        /// TCP a telnet client's window size (NAWS) replaces it.
        public var width: Int? = Renderer.defaultWidth

        public init(transport: Transport, catalog: DialogueCatalog, site: SiteID? = nil, person: String = "",
                    dialogue: String? = nil, prefill: [String: Value] = [:], strict: Bool = false, builtins: [String: Value] = [:]) {
            self.transport = transport
            self.catalog = catalog
            self.site = site
            self.person = person
            self.dialogue = dialogue
            self.prefill = prefill
            self.strict = strict
            self.builtins = builtins
        }

        public static func tcp(catalog: DialogueCatalog, maxAnswerBytes: Int = Engine.defaultMaxAnswerBytes) -> Configuration {
            var configuration = Configuration(transport: .tcp, catalog: catalog)
            configuration.maxAnswerBytes = maxAnswerBytes
            return configuration
        }
    }

    public enum Stage: Sendable, Equatable {
        /// Asking one of the sign-in questions (site, code, name).
        case signIn(BuiltinQuestion)
        case conversation
        /// Signed in for the program: the overview of every site, read-only.
        case program
        case closed(SessionEnd)
    }

    /// The effect the session waits on before it takes another line.
    public enum Awaiting: Sendable, Equatable {
        case verify, load, open, delay
        /// A commit; `before` is the conversation as it was before the input, restored if the
        /// commit fails, and `events` what the input led to, shown once the commit is stored.
        /// Boxed (`indirect`), so the wait costs a pointer to copy and to keep: inline, every
        /// session state carried room for a second conversation, and copies of the state
        /// (reading `isBusy` from another module made one) copied it field by field.
        indirect case commit(before: Conversation, events: [Event], finished: Bool)

        public static func == (a: Awaiting, b: Awaiting) -> Bool {
            switch (a, b) {
            case (.verify, .verify), (.load, .load), (.open, .open), (.delay, .delay), (.commit, .commit): return true
            default: return false
            }
        }
    }

    public static let maxCodeFailures = 3
    public static let wrongCodeDelay = 1000

    public let configuration: Configuration
    public internal(set) var mode: Renderer.Mode
    /// The columns human text is wrapped to: the configuration's, until the client reports its own.
    public internal(set) var width: Int?
    public internal(set) var stage: Stage
    /// The sign-in question being asked, as a one-question dialogue run by the engine.
    var signIn: (engine: Engine, state: EngineState)?
    public internal(set) var site: SiteID?
    public internal(set) var person: String
    /// Who the sign-in proved (TCP); nil on standard input, where whoever can read the store
    /// is trusted as a coordinator.
    public internal(set) var identity: Identity?
    var failures = 0
    public internal(set) var conversation: Conversation?
    /// The dialogues the person has an open session of: read from the store at sign-in, then
    /// kept up to date from each commit (a cache of the store's, for the menu's marks).
    public internal(set) var unfinished: Set<String> = []
    public internal(set) var awaiting: Awaiting?
    /// Lines that arrived while waiting, handled once the wait is over. Neither runner sends a
    /// line while the session waits (the server keeps them in the connection's inbox, and
    /// `InlineRunner` finishes each wait before the next line), so this only keeps the rule
    /// for any other runner: no line is lost or read early.
    var queued: [String] = []
    /// Taken over on another connection while waiting: handled once the wait is over.
    var detachPending: String?
    /// Lines and refusals received, for messages that name the line.
    public internal(set) var lineNumber = 0
    /// The documents the current dialogue produced (for `chat --output`).
    public internal(set) var documents: [(title: String, text: String)] = []

    public init(_ configuration: Configuration, mode: Renderer.Mode = .human) {
        self.configuration = configuration
        self.mode = mode
        width = configuration.width
        site = configuration.site
        person = configuration.person
        stage = configuration.transport == .tcp ? .signIn(.site) : .conversation
    }

    /// True while an effect's result is awaited: a transport reads no more lines until it is not.
    @inlinable public var isBusy: Bool {
        if case .none = awaiting { return false }
        return true
    }
    public var isClosed: Bool {
        if case .closed = stage { return true }
        return false
    }
    /// Over TCP in human mode, what follows the output when the session waits for a line, so a
    /// person at `nc` or `telnet` sees where to type (scripts in JSON mode get none).
    public static let promptMarker = "> "

    var showsPromptMarker: Bool { configuration.transport == .tcp && mode == .human }

    /// True when answers are stored (TCP always; standard input with a site).
    var persistent: Bool { configuration.transport == .tcp || configuration.site != nil }

    /// The question waiting for an answer.
    public var currentPrompt: Prompt? {
        if let conversation { return conversation.currentPrompt }
        return signIn.flatMap { $0.engine.prompt(for: $0.state) }
    }

    /// The built-in names dialogues read: given by standard input's options, or the signed-in
    /// site and person over TCP.
    var builtins: [String: Value] {
        var names = configuration.builtins
        if configuration.transport == .tcp, let site {
            names["site"] = .string(site.rawValue)
            names["person"] = .string(person)
            names["person_role"] = .string((identity?.role ?? .coordinator).rawValue)
            // Yes only when the name came from a personal code's record, not from typing.
            if case .person = identity { names["signed_in"] = .bool(true) } else { names["signed_in"] = .bool(false) }
        }
        return names
    }

    /// The dialogues this person may run: all of them for a coordinator, those written
    /// `for: everyone` for staff. The menu offers these, and no other can be opened.
    var catalog: DialogueCatalog {
        guard identity?.role == .staff else { return configuration.catalog }
        return configuration.catalog.filter { $0.audience == .everyone }
    }

    func render(_ events: [Event]) -> String {
        Renderer(mode, width: width).render(events, dialogue: conversation?.dialogue.id ?? "login")
    }
}
