/// The site's action list: every gap, partly-in-place item, unassigned capacity, induction
/// follow-up and backbone conflict the dialogues turned into something to do, read from the
/// profile's `actions` folder.
///
/// The profile is the only owner of actions; this is a view of it, rebuilt each time, so
/// `trellis actions`, the export report and a document's `{{> actions}}` always agree.
/// Layout (docs/dialogue-format.md, "The action list"): `actions.KEY.what`, `.owner`, `.due`,
/// `.status` (`open`, `in-progress` or `done`) and `.source`.
public struct ActionList: Sendable {
    public struct Item: Sendable, Hashable {
        public var key: String
        public var what: String
        public var owner: String?
        /// A date as `YYYY-MM-DD`, as date questions keep it.
        public var due: String?
        public var status: Status
        public var source: String?

        /// True when the due date has passed (`today` as `YYYY-MM-DD`) and it is not done.
        public func isOverdue(today: String) -> Bool {
            guard let due, status != .done else { return false }
            return due < today
        }
    }

    public enum Status: String, Sendable, CaseIterable {
        case open
        case inProgress = "in-progress"
        case done

        /// How a person reads it.
        public var label: String {
            switch self {
            case .open: return "open"
            case .inProgress: return "in progress"
            case .done: return "done"
            }
        }
    }

    /// Open and in-progress actions first, each by due date (undated last), then done ones;
    /// within that, the order the dialogues wrote them.
    public var items: [Item]

    public init(profile: Value) {
        var found: [(Int, Item)] = []
        for (index, entry) in (profile["actions"]?.objectValue ?? []).enumerated() {
            guard let item = ActionList.item(entry.key, entry.value) else { continue }
            found.append((index, item))
        }
        items = found.sorted { a, b in
            let (x, y) = (a.1, b.1)
            if (x.status == .done) != (y.status == .done) { return y.status == .done }
            if x.due != y.due {
                guard let dx = x.due else { return false }
                guard let dy = y.due else { return true }
                return dx < dy
            }
            return a.0 < b.0
        }.map(\.1)
    }

    /// An entry with something to do in it; an entry without `what` (half-written by a
    /// dialogue that stopped) is shown by its key, so nothing in the profile is hidden.
    static func item(_ key: String, _ value: Value) -> Item? {
        guard case .object = value else { return nil }
        func text(_ field: String) -> String? {
            let t = value[field]?.plainText.trimmingBlankLines ?? ""
            return t.isEmpty ? nil : t
        }
        let status = text("status").flatMap { Status(rawValue: $0.lowercased()) } ?? .open
        return Item(key: key, what: text("what") ?? key, owner: text("owner"), due: text("due"),
                    status: status, source: text("source"))
    }

    public var open: [Item] { items.filter { $0.status != .done } }

    /// A Markdown list for a document or the export report; answers are escaped.
    /// With `today`, past-due open actions are marked overdue (documents leave it out: what is
    /// overdue changes with the day it is read, and a document is kept as written).
    public func markdown(today: String? = nil) -> String {
        guard !items.isEmpty else { return "No actions recorded yet.\n" }
        var out = ""
        for item in items {
            out += "- **" + MarkdownText.escape(item.what, atLineStart: false) + "**: " + details(item, today: today, escape: true) + "\n"
        }
        return out
    }

    /// What a person reads after the action itself: owner, due date, status and where it came from.
    public func details(_ item: Item, today: String?, escape: Bool) -> String {
        let e: (String) -> String = { escape ? MarkdownText.escape($0, atLineStart: false) : $0 }
        var parts: [String] = []
        parts.append(item.owner.map { "owner " + e($0) } ?? "no owner yet")
        if let due = item.due {
            parts.append("due " + due + (today.map { item.isOverdue(today: $0) } == true ? " (overdue)" : ""))
        } else {
            parts.append("no date yet")
        }
        parts.append(item.status.label)
        var text = parts.joined(separator: ", ")
        if let source = item.source { text += " (from " + e(source) + ")" }
        return text
    }

    /// Plain text for `trellis actions`: one action a line, details indented under it. Not
    /// numbered: the update-actions dialogue offers them in the order they were written, and
    /// two different numbers for one action would mislead.
    public func text(today: String) -> String {
        guard !items.isEmpty else { return "No actions recorded yet.\n" }
        var out = ""
        for item in items {
            out += "- " + item.what + "\n  " + details(item, today: today, escape: false) + "\n"
        }
        return out
    }

    /// For scripts: one object per action, every field present (null when unset).
    public func json(today: String) -> Value {
        .list(items.map { item in
            .object([("key", .string(item.key)), ("what", .string(item.what)),
                     ("owner", item.owner.map(Value.string) ?? .null), ("due", item.due.map(Value.string) ?? .null),
                     ("status", .string(item.status.rawValue)), ("overdue", .bool(item.isOverdue(today: today))),
                     ("source", item.source.map(Value.string) ?? .null)])
        })
    }
}
