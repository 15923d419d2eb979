/// Profile paths such as `backbone.host`, which may hold segments filled from answers:
/// `roles.{role_title}.reports_to` keeps one entry per role, keyed by the slug of the
/// `role_title` answer ("Site Coordinator" → `site-coordinator`).
///
/// It exists so that a dialogue run several times (one role, one person each time) keeps
/// every run's answers side by side instead of overwriting the last.
public enum ProfilePath {
    /// Parses `a.b.{answer}.c` or `a.induction-{answer}-time.c`; nil when a segment is not a
    /// name once its `{name}` pieces are filled in.
    public static func parse(_ text: String) -> [String]? {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        guard !parts.isEmpty, parts.first != "profile" else { return nil }
        for part in parts where names(in: part) == nil { return nil }
        return parts
    }

    /// The answer ids a segment's `{name}` pieces name, in order: `[]` for a plain name,
    /// `["who"]` for `{who}` or `induction-{who}-time`; nil when the segment is neither (an
    /// unclosed brace, an empty or nested one, or other characters).
    public static func names(in segment: String) -> [String]? {
        guard segment.utf8.contains(where: { $0 == 0x7B || $0 == 0x7D }) else { return Reference.isName(segment) ? [] : nil }
        var found: [String] = []
        var literal = ""
        var current: String?
        for character in segment {
            switch (character, current) {
            case ("{", nil): current = ""
            case ("}", let name?):
                guard Reference.isName(name) else { return nil }
                found.append(name)
                // A filled-in piece reads as letters: what stands around it must make a name.
                literal += "x"
                current = nil
            case ("{", _), ("}", nil): return nil
            case (_, .some(let name)): current = name + String(character)
            case (_, nil): literal.append(character)
            }
        }
        guard current == nil, Reference.isName(literal) else { return nil }
        return found
    }

    /// Fills each `{name}` piece with the slug of that answer (`unnamed` when it has none).
    public static func resolve(_ path: [String], in environment: Environment, at location: SourceLocation) -> [String] {
        path.map { segment in
            guard segment.utf8.contains(0x7B) else { return segment }
            var out = ""
            var current: String?
            for character in segment {
                if character == "{" {
                    current = ""
                } else if character == "}", let name = current {
                    let value = environment.resolve(Reference(parts: [name], location: location))?.plainText ?? ""
                    let slugged = slug(value)
                    out += slugged.isEmpty ? "unnamed" : slugged
                    current = nil
                } else if current != nil {
                    current!.append(character)
                } else {
                    out.append(character)
                }
            }
            return out
        }
    }

    /// Lower-case letters and digits, other runs of characters turned into single `-`.
    public static func slug(_ text: String) -> String {
        var result = ""
        var pendingDash = false
        for scalar in text.lowercased().unicodeScalars {
            if scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) {
                if pendingDash && !result.isEmpty { result.append("-") }
                result.unicodeScalars.append(scalar)
                pendingDash = false
            } else {
                pendingDash = true
            }
        }
        return result
    }
}
