import Foundation
import TrellisLanguage

/// The Markdown report a coordinator hands to a steering committee: the site profile in
/// sections, the site's actions, every consideration not yet in place with the note on what
/// would help, the allocation matrix, and the documents the dialogues produced.
///
/// Option keys are shown as the labels the dialogues gave them, and answers as the
/// questions that asked them, both learned from the dialogue catalog.
public struct ProfileReport: Sendable {
    /// What the dialogues say about each profile path: option labels and the question's words.
    public struct Vocabulary: Sendable {
        var labels: [String: [String: String]] = [:]
        var questions: [String: String] = [:]

        public init(_ catalog: DialogueCatalog) {
            for dialogue in catalog.dialogues {
                for question in dialogue.questions {
                    guard let save = question.save else { continue }
                    add(save.joined(separator: "."), question)
                }
                for group in dialogue.repeatGroups {
                    guard let save = group.save else { continue }
                    Dialogue.walk(group.body) { if case .ask(let q) = $0 { self.add(save.joined(separator: ".") + "." + q.id, q) } }
                }
            }
        }

        mutating func add(_ path: String, _ question: Question) {
            if !question.options.isEmpty {
                labels[path, default: [:]].merge(question.options.map { ($0.key, $0.label) }) { first, _ in first }
            }
            if let words = question.prompt.literalText { questions[path] = words }
        }

        /// The entry for `path`, matching `{name}` segments of a dialogue's path to any segment.
        func lookup<T>(_ table: [String: T], _ path: String) -> T? {
            if let exact = table[path] { return exact }
            let parts = path.split(separator: ".")
            return table.first { pattern, _ in
                let pieces = pattern.split(separator: ".")
                return pieces.count == parts.count && zip(pieces, parts).allSatisfy { $0.contains("{") || $0 == $1 }
            }?.value
        }

        func question(at path: String) -> String? { lookup(questions, path) }

        /// How a value reads: a choice's label, or the answer as typed, escaped for Markdown
        /// (labels come from the dialogue files and are written as Markdown already).
        func text(_ value: Value, at path: String) -> String {
            let map = lookup(labels, path) ?? [:]
            switch value {
            case .string(let s): return map[s] ?? MarkdownText.escape(s, atLineStart: false)
            case .list(let items): return items.map { text($0, at: path) }.joined(separator: ", ")
            default: return MarkdownText.escape(value.plainText, atLineStart: false)
            }
        }
    }

    public var siteId: String
    public var siteName: String
    public var profile: Value
    public var vocabulary: Vocabulary
    /// When the report was made (the caller's clock), printed under the title.
    public var date: String

    public init(siteId: String, siteName: String, profile: Value, vocabulary: Vocabulary, date: String) {
        self.siteId = siteId
        self.siteName = siteName
        self.profile = profile
        self.vocabulary = vocabulary
        self.date = date
    }

    /// Top-level profile keys with a section of their own.
    static let featured = ["site", "partners", "backbone", "actions", "considerations", "next_steps",
                           "functions", "functions_holders", "responses", "documents"]

    public func markdown() -> String {
        var out = "# \(MarkdownText.escape(profile.value(at: ["site", "name"])?.plainText ?? siteName, atLineStart: false)): site profile\n\n"
        out += "Site id `\(siteId)`, report made \(date).\n"
        if let site = profile["site"]?.objectValue, !site.isEmpty {
            out += "\n## The site\n\n"
            for (key, value) in site { out += "- **\(Self.words(key)):** \(vocabulary.text(value, at: "site.\(key)"))\n" }
        }
        if let partners = profile["partners"]?.listValue, !partners.isEmpty {
            out += "\n## Core partners\n\n"
            for partner in partners {
                let name = partner["name"].map { MarkdownText.escape($0.plainText, atLineStart: false) } ?? "(unnamed)"
                let details = (partner.objectValue ?? []).filter { $0.key != "name" && $0.value != .null }
                    .map { vocabulary.text($0.value, at: "partners.\($0.key)") }
                out += "- **\(name)**" + (details.isEmpty ? "" : ": " + details.joined(separator: "; ")) + "\n"
            }
        }
        if let backbone = profile["backbone"], backbone != .object([]) {
            out += "\n## Backbone\n\n" + list(backbone, path: "backbone", depth: 0)
        }
        if profile["actions"]?.objectValue?.isEmpty == false {
            // Overdue against the report's own date: the day it is handed over.
            out += "\n## Actions\n\n" + ActionList(profile: profile).markdown(today: String(date.prefix(10)))
        }
        out += gaps()
        let spread = ResponseSpread(profile: profile)
        if !spread.questions.isEmpty {
            out += "\n## Answers by person\n\n" + spread.markdown()
        }
        let matrix = AllocationMatrix(profile: profile)
        if !matrix.capacities.isEmpty {
            out += "\n## Who holds the backbone's tasks\n\n" + matrix.markdown()
            if let review = profile.value(at: ["functions", "review_when"])?.plainText, !review.isEmpty {
                out += "\n**Next review of this map:** " + MarkdownText.escape(review, atLineStart: false) + "\n"
            }
        }
        let others = (profile.objectValue ?? []).filter { !Self.featured.contains($0.key) }
        if !others.isEmpty {
            out += "\n## Other answers\n\n"
            for (key, value) in others {
                out += "### \(Self.words(key))\n\n" + list(value, path: key, depth: 0) + "\n"
            }
        }
        let documents = Self.documents(in: profile)
        if !documents.isEmpty {
            out += "\n## Documents\n"
            for text in documents { out += "\n" + Self.demote(text).trimmingCharacters(in: .newlines) + "\n" }
        }
        return out
    }

    /// A rendered Markdown document kept in the profile (a position description, an
    /// induction record): several lines starting with a heading.
    static func isDocument(_ value: Value) -> Bool {
        guard case .string(let text) = value else { return false }
        return text.hasPrefix("# ") && text.contains("\n")
    }

    /// Every document in the profile with the path it is kept at and its title (its first
    /// line without the `# `), in profile order: what `trellis document` lists.
    public static func documentPaths(in value: Value, at path: [String] = []) -> [(path: String, title: String, text: String)] {
        switch value {
        case .string(let text):
            guard isDocument(value) else { return [] }
            let title = text.split(separator: "\n", maxSplits: 1).first.map { String($0.dropFirst(2)) } ?? ""
            return [(path.joined(separator: "."), PlainText.inline(title), text)]
        case .object(let members):
            return members.flatMap { documentPaths(in: $0.value, at: path + [$0.key]) }
        default:
            return []
        }
    }

    /// Every document in the profile, wherever a dialogue saved it, in profile order.
    static func documents(in value: Value) -> [String] {
        switch value {
        case .string(let text): return isDocument(value) ? [text] : []
        case .object(let members): return members.flatMap { documents(in: $0.value) }
        case .list(let items): return items.flatMap { documents(in: $0) }
        default: return []
        }
    }

    /// The considerations not in place (partly, a gap, or not sure), with the question that
    /// raised each and the note on what would help (`next_steps`, at the same phase and item).
    func gaps() -> String {
        guard let phases = profile["considerations"]?.objectValue, !phases.isEmpty else { return "" }
        let labels = ["gap": "A gap", "partly": "Partly in place", "not-sure": "Not sure"]
        var lines: [String] = []
        for (phase, items) in phases {
            for (item, value) in items.objectValue ?? [] {
                guard let label = labels[value.plainText.lowercased()] else { continue }
                let path = "considerations.\(phase).\(item)"
                let question = vocabulary.question(at: path) ?? Self.words(item)
                lines.append("- **\(label)** (\(phaseName(phase))): \(question)")
                if let note = profile.value(at: ["next_steps", phase, item])?.plainText.trimmingBlankLines, !note.isEmpty {
                    lines.append("  What would help: " + Self.continued(MarkdownText.escape(note, atLineStart: false), "  "))
                }
            }
        }
        return "\n## Considerations not yet in place\n\n" + (lines.isEmpty ? "None: every consideration answered is in place.\n" : lines.joined(separator: "\n") + "\n")
    }

    /// A phase as its option label reads, without the explanation in brackets:
    /// `pre-establishment` → "Pre-establishment".
    func phaseName(_ key: String) -> String {
        let label = vocabulary.text(.string(key), at: "site.phase")
        guard label != key else { return Self.words(key) }
        return label.split(separator: "(").first.map { $0.trimmingCharacters(in: .whitespaces) } ?? label
    }

    func list(_ value: Value, path: String, depth: Int) -> String {
        let indent = String(repeating: "  ", count: depth)
        switch value {
        case .object(let members):
            // Documents have their own section; empty lists and unanswered values say nothing.
            let shown = members.filter { !Self.isDocument($0.value) && $0.value != .null && $0.value != .list([]) }
            return shown.map { key, member in
                let nested = member.objectValue != nil || member.listValue?.contains { $0.objectValue != nil } == true
                if nested {
                    return "\(indent)- **\(Self.name(key, of: member)):**\n" + list(member, path: "\(path).\(key)", depth: depth + 1)
                }
                return "\(indent)- **\(Self.words(key)):** " + Self.continued(vocabulary.text(member, at: "\(path).\(key)"), indent) + "\n"
            }.joined()
        case .list(let items):
            return items.map { item in
                guard let members = item.objectValue?.filter({ $0.value != .null }), let first = members.first else {
                    return "\(indent)- " + Self.continued(vocabulary.text(item, at: path), indent) + "\n"
                }
                // An item reads as its first answer, with the others under it.
                let head = "\(indent)- " + Self.continued(vocabulary.text(first.value, at: "\(path).\(first.key)"), indent) + "\n"
                return head + list(.object(Array(members.dropFirst())), path: path, depth: depth + 1)
            }.joined()
        default:
            return "\(indent)- \(vocabulary.text(value, at: path))\n"
        }
    }

    /// The heading for an entry saved under a name made from an answer (`roles.site-coordinator`):
    /// the answer itself when the entry holds it ("Site Coordinator"), otherwise the key in words.
    static func name(_ key: String, of entry: Value) -> String {
        let original = entry.objectValue?.first { member in
            guard case .string(let text) = member.value else { return false }
            return ProfilePath.slug(text) == key
        }
        return original.map { MarkdownText.escape($0.value.plainText, atLineStart: false) } ?? words(key)
    }

    /// Text of several lines, its later lines indented to stay inside a list item.
    static func continued(_ text: String, _ indent: String) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false).joined(separator: "\n" + indent + "  ")
    }

    /// `backbone_host` → `Backbone host`; a short key such as `fte` is an abbreviation: `FTE`.
    static func words(_ key: String) -> String {
        if key.count <= 3, key.allSatisfy(\.isLetter) { return key.uppercased() }
        let spaced = key.replacingOccurrences(of: "_", with: " ").replacingOccurrences(of: "-", with: " ")
        return spaced.prefix(1).uppercased() + spaced.dropFirst()
    }

    /// Pushes a document's headings two levels down so it sits under the report's own.
    static func demote(_ text: String) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false).map { line in
            line.hasPrefix("#") ? "##" + line : String(line)
        }.joined(separator: "\n")
    }
}
