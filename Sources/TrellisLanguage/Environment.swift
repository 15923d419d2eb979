/// What names mean while a condition is tested or a template is rendered: the answers given
/// so far, the site profile, the built-in names (`person`, `site`) and, inside a loop or a
/// repeated group, the current item.
///
/// The engine builds one for each evaluation; the language only reads it, which keeps
/// conditions and templates pure functions of their inputs.
public struct Environment: Sendable {
    /// The answers of this dialogue, an object keyed by question id.
    public var answers: Value
    /// The site profile as it stands, including answers already saved by this dialogue.
    public var profile: Value
    /// Built-in names such as `person` (who is answering) and `site` (the site id).
    public var builtins: [String: Value]
    /// Loop items, innermost last. A name is looked up in these first.
    public var locals: [Value]
    /// For choice questions: question id → option key → label, so a placeholder shows the
    /// label a person chose rather than its key.
    public var labels: [String: [String: String]]

    public init(answers: Value = .object([]), profile: Value = .object([]), builtins: [String: Value] = [:],
                locals: [Value] = [], labels: [String: [String: String]] = [:]) {
        self.answers = answers
        self.profile = profile
        self.builtins = builtins
        self.locals = locals
        self.labels = labels
    }

    /// The value a reference names, or nil when nothing is known for it yet.
    public func resolve(_ reference: Reference) -> Value? {
        let parts = reference.parts
        if parts == ["."] { return locals.last }
        if reference.isProfile {
            let path = reference.profilePath
            // `{name}` parts are filled in as a save path's are, so a read finds what was saved.
            let resolved = path.contains(where: { $0.contains("{") }) ? ProfilePath.resolve(path, in: self, at: reference.location) : path
            return Environment.follow(profile, resolved)
        }
        for item in locals.reversed() {
            if let found = item[parts[0]] { return Environment.follow(found, Array(parts.dropFirst())) }
        }
        if let builtin = builtins[parts[0]] { return Environment.follow(builtin, Array(parts.dropFirst())) }
        guard let answer = answers[parts[0]] else { return nil }
        return Environment.follow(answer, Array(parts.dropFirst()))
    }

    /// The text a person should read for a reference: option labels for choice answers,
    /// `yes`/`no` for booleans, items joined with commas for lists.
    public func display(_ reference: Reference) -> String {
        guard let value = resolve(reference) else { return "" }
        return reference.parts.count == 1 ? displayText(of: value, answering: reference.root) : value.plainText
    }

    /// How `value` reads as the answer to question `questionId`: a choice's label, not its key.
    public func displayText(of value: Value, answering questionId: String) -> String {
        guard let labels = labels[questionId] else { return value.plainText }
        switch value {
        case .string(let key): return labels[key] ?? key
        case .list(let keys): return keys.map { labels[$0.plainText] ?? $0.plainText }.joined(separator: ", ")
        default: return value.plainText
        }
    }

    /// Follows a path through objects; through a list, it maps over the items, so
    /// `partners.name` gives the list of every partner's name.
    static func follow(_ value: Value, _ path: [String]) -> Value? {
        guard let first = path.first else { return value }
        let rest = Array(path.dropFirst())
        switch value {
        case .object:
            guard let next = value[first] else { return nil }
            return follow(next, rest)
        case .list(let items):
            return .list(items.compactMap { follow($0, path) })
        default:
            return nil
        }
    }
}
