/// A value in an answer set or a site profile.
///
/// Exists so that answers, profile entries and JSON share one small, ordered, `Sendable`
/// model: the engine stores answers as `Value`s, templates and conditions read them, and the
/// transports print them as JSON without going through Foundation's untyped dictionaries.
/// Object keys keep their insertion order, so output is deterministic.
public enum Value: Sendable, Hashable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case list([Value])
    case object([(key: String, value: Value)])

    public static func == (lhs: Value, rhs: Value) -> Bool {
        switch (lhs, rhs) {
        case (.null, .null): return true
        case let (.bool(a), .bool(b)): return a == b
        case let (.number(a), .number(b)): return a == b
        case let (.string(a), .string(b)): return a == b
        case let (.list(a), .list(b)): return a == b
        case let (.object(a), .object(b)):
            return a.count == b.count && zip(a, b).allSatisfy { $0.key == $1.key && $0.value == $1.value }
        default: return false
        }
    }

    public func hash(into hasher: inout Hasher) {
        switch self {
        case .null: hasher.combine(0)
        case .bool(let b): hasher.combine(1); hasher.combine(b)
        case .number(let n): hasher.combine(2); hasher.combine(n)
        case .string(let s): hasher.combine(3); hasher.combine(s)
        case .list(let l): hasher.combine(4); hasher.combine(l)
        case .object(let o):
            hasher.combine(5)
            for entry in o { hasher.combine(entry.key); hasher.combine(entry.value) }
        }
    }

    /// The member named `key` of an object, or nil.
    public subscript(key: String) -> Value? {
        guard case .object(let entries) = self else { return nil }
        return entries.first(where: { $0.key == key })?.value
    }

    /// Follows a dotted path such as `backbone.structure` through nested objects.
    public func value(at path: [String]) -> Value? {
        var current = self
        for part in path {
            guard let next = current[part] else { return nil }
            current = next
        }
        return current
    }

    /// Returns a copy with `newValue` stored at `path`, creating objects on the way and
    /// replacing any non-object found in the way.
    public func setting(_ newValue: Value, at path: [String]) -> Value {
        guard let first = path.first else { return newValue }
        var entries: [(key: String, value: Value)]
        if case .object(let existing) = self { entries = existing } else { entries = [] }
        let rest = Array(path.dropFirst())
        if let index = entries.firstIndex(where: { $0.key == first }) {
            entries[index].value = entries[index].value.setting(newValue, at: rest)
        } else {
            entries.append((key: first, value: Value.null.setting(newValue, at: rest)))
        }
        return .object(entries)
    }

    /// Returns a copy without the value at `path` (and without objects left empty on the way,
    /// so removing the only value written under a new path leaves the profile as it was).
    public func removing(at path: [String]) -> Value {
        guard let first = path.first, case .object(var entries) = self,
              let index = entries.firstIndex(where: { $0.key == first }) else { return self }
        if path.count == 1 {
            entries.remove(at: index)
        } else {
            let inner = entries[index].value.removing(at: Array(path.dropFirst()))
            if case .object(let members) = inner, members.isEmpty {
                entries.remove(at: index)
            } else {
                entries[index].value = inner
            }
        }
        return .object(entries)
    }

    /// True for values a condition treats as "yes": true, a non-zero number, a non-empty
    /// string, list or object.
    public var isTruthy: Bool {
        switch self {
        case .null: return false
        case .bool(let b): return b
        case .number(let n): return n != 0
        case .string(let s): return !s.isEmpty
        case .list(let l): return !l.isEmpty
        case .object(let o): return !o.isEmpty
        }
    }

    /// The plain text a person would read for this value.
    public var plainText: String {
        switch self {
        case .null: return ""
        case .bool(let b): return b ? "yes" : "no"
        case .number(let n): return Value.format(n)
        case .string(let s): return s
        case .list(let l): return l.map(\.plainText).joined(separator: ", ")
        case .object(let o): return o.map { "\($0.key): \($0.value.plainText)" }.joined(separator: "; ")
        }
    }

    /// Formats a number without a trailing `.0` when it is whole.
    public static func format(_ n: Double) -> String {
        if n.isFinite, n == n.rounded(), abs(n) < 1e15 { return String(Int64(n)) }
        return String(n)
    }

    public var stringValue: String? { if case .string(let s) = self { return s } else { return nil } }
    public var listValue: [Value]? { if case .list(let l) = self { return l } else { return nil } }
    public var objectValue: [(key: String, value: Value)]? { if case .object(let o) = self { return o } else { return nil } }
}
