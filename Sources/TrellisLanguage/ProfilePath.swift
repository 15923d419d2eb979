/// Profile paths such as `backbone.host`, which may hold segments filled from answers:
/// `roles.{role_title}.reports_to` keeps one entry per role, keyed by the slug of the
/// `role_title` answer ("Site Coordinator" → `site-coordinator`).
///
/// It exists so that a dialogue run several times (one role, one person each time) keeps
/// every run's answers side by side instead of overwriting the last.
public enum ProfilePath {
    /// Parses `a.b.{answer}.c`; nil when a segment is neither a name nor `{name}`.
    public static func parse(_ text: String) -> [String]? {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        guard !parts.isEmpty, parts.first != "profile" else { return nil }
        for part in parts {
            if let name = dynamicName(part) {
                guard Reference.isName(name) else { return nil }
            } else if !Reference.isName(part) {
                return nil
            }
        }
        return parts
    }

    /// The answer id a `{name}` segment names, nil for a plain segment.
    public static func dynamicName(_ segment: String) -> String? {
        guard segment.hasPrefix("{"), segment.hasSuffix("}"), segment.count > 2 else { return nil }
        return String(segment.dropFirst().dropLast())
    }

    /// Fills each `{name}` segment with the slug of that answer (`unnamed` when it has none).
    public static func resolve(_ path: [String], in environment: Environment, at location: SourceLocation) -> [String] {
        path.map { segment in
            guard let name = dynamicName(segment) else { return segment }
            let value = environment.resolve(Reference(parts: [name], location: location))?.plainText ?? ""
            let slugged = slug(value)
            return slugged.isEmpty ? "unnamed" : slugged
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
