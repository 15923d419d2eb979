/// A name in a condition or a placeholder: an earlier answer (`model`), a field of one
/// (`partners.name`), a profile value (`profile.site.model`), or a field of the current item
/// inside a loop or repeated group.
///
/// It exists so the linter can check every name against what the dialogue sets, and the
/// engine can resolve names the same way in conditions, templates and option lists.
public struct Reference: Sendable, Hashable, CustomStringConvertible {
    /// The words of the dotted name, e.g. `["profile", "site", "model"]`.
    public var parts: [String]
    public var location: SourceLocation

    public init(parts: [String], location: SourceLocation) {
        self.parts = parts
        self.location = location
    }

    /// True for `profile.…` names, which read the site profile rather than this dialogue's answers.
    public var isProfile: Bool { parts.first == "profile" }
    /// The path inside the profile, for `profile.…` names.
    public var profilePath: [String] { Array(parts.dropFirst()) }
    /// The first word: the answer id, `profile`, a built-in name or `.` for the loop item itself.
    public var root: String { parts.first ?? "" }

    public var description: String { parts.joined(separator: ".") }

    /// The answer ids that `{name}` parts of a profile path read, in order:
    /// `profile.actions.{which}.owner` reads `which`.
    public var dynamicNames: [String] { isProfile ? parts.dropFirst().flatMap { ProfilePath.names(in: $0) ?? [] } : [] }

    /// Parses `a.b.c` (words of letters, digits, `_` and `-`) or `.` (the current loop item).
    /// After `profile.`, a part may be `{name}`, filled in from an answer as a `save` path is:
    /// that is how a dialogue reads back the entry a choice picked (`profile.actions.{which}.what`).
    public static func parse(_ text: String, at location: SourceLocation) -> Reference? {
        if text == "." { return Reference(parts: ["."], location: location) }
        let parts = text.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        guard !parts.isEmpty else { return nil }
        for (index, part) in parts.enumerated() {
            if index > 0, parts[0] == "profile", let names = ProfilePath.names(in: part), !names.isEmpty { continue }
            guard isName(part) else { return nil }
        }
        return Reference(parts: parts, location: location)
    }

    /// A word that can be an id or a path part: starts with a letter, then letters, digits, `_` or `-`.
    public static func isName(_ text: some StringProtocol) -> Bool {
        guard let first = text.unicodeScalars.first, isLetter(first) else { return false }
        return text.unicodeScalars.allSatisfy { isLetter($0) || ($0.value >= 0x30 && $0.value <= 0x39) || $0 == "_" || $0 == "-" }
    }

    /// ASCII letters are decided by comparison; only other scalars ask Unicode's properties,
    /// which cost far more (names are checked many times while loading dialogues).
    static func isLetter(_ scalar: Unicode.Scalar) -> Bool {
        let v = scalar.value
        if v < 0x80 { return (v >= 0x41 && v <= 0x5A) || (v >= 0x61 && v <= 0x7A) }
        return scalar.properties.isAlphabetic
    }
}
