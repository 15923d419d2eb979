/// What a person (or a script) sends the engine.
public enum Input: Sendable, Equatable {
    /// A typed line: a command when it starts with `/`, otherwise an answer (a line of a
    /// long-text answer until a line holding only `.`). `//text` is the answer `/text`.
    case line(String)
    /// A whole answer at once (the JSON protocol), optionally naming the question it is for.
    case answer(String, questionId: String?)
}

/// The commands every transport offers during a dialogue.
public enum Command: String, Sendable, CaseIterable {
    case help, back, skip, review, edit, status, restart, quit

    public var meaning: String {
        switch self {
        case .help: return "show help for this question and these commands"
        case .back: return "go back to the previous question"
        case .skip: return "skip this question (optional questions only)"
        case .review: return "list your answers so far, numbered"
        case .edit: return "change an earlier answer: /edit and its number in /review (or its question's id)"
        case .status: return "show where you are in the dialogue"
        case .restart: return "start this dialogue again from the beginning"
        case .quit: return "leave now; your progress is kept so you can resume"
        }
    }

    /// Only `/edit` takes a word after it (which answer).
    public var takesArgument: Bool { self == .edit }

    /// A command as typed, with what followed its word (empty for most).
    public struct Invocation: Sendable, Equatable {
        public var command: Command
        public var argument: String
    }

    /// The command a line names, nil when it is an ordinary answer; `.failure` carries an
    /// unknown command's word (or a command given an argument it does not take, as typed).
    public static func parse(_ line: String) -> Result<Invocation, UnknownCommand>? {
        let trimmed = line.drop { $0 == " " || $0 == "\t" }
        guard trimmed.hasPrefix("/"), !trimmed.hasPrefix("//") else { return nil }
        var text = trimmed.dropFirst().lowercased()
        while text.hasSuffix(" ") || text.hasSuffix("\t") { text.removeLast() }
        let word = text.prefix { $0 != " " && $0 != "\t" }
        let argument = text.dropFirst(word.count).drop { $0 == " " || $0 == "\t" }
        guard let command = Command(rawValue: String(word)) else { return .failure(UnknownCommand(word: "/" + text)) }
        guard argument.isEmpty || command.takesArgument else { return .failure(UnknownCommand(word: "/" + text, known: command)) }
        return .success(Invocation(command: command, argument: String(argument)))
    }

    public struct UnknownCommand: Error, Sendable, Equatable {
        public var word: String
        /// Set when the word is a command given something after it that it does not take.
        public var known: Command?

        public init(word: String, known: Command? = nil) {
            self.word = word
            self.known = known
        }
    }

    /// All commands with their meanings, for `/help` and for unknown commands.
    public static var list: [(command: String, meaning: String)] {
        allCases.map { ("/" + $0.rawValue, $0.meaning) }
    }
}
