/// A test on answers and profile values: `model is hybrid`, `partners_count >= 3`,
/// `profile.backbone.host is set`, `roles has data and not urgent`.
///
/// It exists so that "show this only when…" and "go to a section when…" are written the same
/// way everywhere, parsed once (with places for errors) and evaluated purely.
public indirect enum Condition: Sendable, Hashable {
    /// The reference has a "yes" value: true, a non-empty answer.
    case truthy(Reference)
    /// `is set` / `is not set`: whether any answer or profile value exists.
    case isSet(Reference)
    case compare(Reference, Comparison, Literal)
    case not(Condition)
    case and(Condition, Condition)
    case or(Condition, Condition)

    public enum Comparison: String, Sendable, Hashable {
        case equal = "is"
        case notEqual = "is not"
        case has = "has"
        case less = "<"
        case lessOrEqual = "<="
        case greater = ">"
        case greaterOrEqual = ">="
    }

    /// A constant on the right of a comparison: a word, a quoted string or a number.
    public struct Literal: Sendable, Hashable {
        public var text: String
        public init(_ text: String) { self.text = text }
        public var number: Double? { Double(text) }
    }

    /// Every reference the condition reads, in the order written, for the linter.
    /// (Walked with a stack of its own, in time linear in the size of the condition.)
    public var references: [Reference] {
        var found: [Reference] = []
        var pending: [Condition] = [self]
        while let next = pending.popLast() {
            switch next {
            case .truthy(let r), .isSet(let r), .compare(let r, _, _): found.append(r)
            case .not(let c): pending.append(c)
            case .and(let a, let b), .or(let a, let b): pending.append(b); pending.append(a)
            }
        }
        return found
    }

    /// Whether the condition holds. Recursion is one call per level of the tree, which the
    /// parser bounds (`Limits.maxConditionDepth`, and balanced `and` / `or` chains).
    public func evaluate(in environment: Environment) -> Bool {
        switch self {
        case .truthy(let reference):
            return environment.resolve(reference)?.isTruthy ?? false
        case .isSet(let reference):
            guard let value = environment.resolve(reference) else { return false }
            return value != .null && value != .list([]) && value != .string("")
        case .compare(let reference, let comparison, let literal):
            guard let value = environment.resolve(reference) else { return comparison == .notEqual }
            return Condition.compare(value, comparison, literal)
        case .not(let inner):
            return !inner.evaluate(in: environment)
        case .and(let a, let b):
            return a.evaluate(in: environment) && b.evaluate(in: environment)
        case .or(let a, let b):
            return a.evaluate(in: environment) || b.evaluate(in: environment)
        }
    }

    static func compare(_ value: Value, _ comparison: Comparison, _ literal: Literal) -> Bool {
        switch comparison {
        case .equal, .has:
            return matches(value, literal)
        case .notEqual:
            return !matches(value, literal)
        case .less, .lessOrEqual, .greater, .greaterOrEqual:
            let left: Double?
            switch value {
            case .number(let n): left = n
            case .string(let s): left = Double(s)
            case .list(let items): left = Double(items.count)
            default: left = nil
            }
            // Dates in ISO form compare correctly as text.
            if left == nil || literal.number == nil, case .string(let s) = value {
                switch comparison {
                case .less: return s < literal.text
                case .lessOrEqual: return s <= literal.text
                case .greater: return s > literal.text
                default: return s >= literal.text
                }
            }
            guard let l = left, let r = literal.number else { return false }
            switch comparison {
            case .less: return l < r
            case .lessOrEqual: return l <= r
            case .greater: return l > r
            default: return l >= r
            }
        }
    }

    /// Equality that a person would expect: case-insensitive text, `yes`/`no` for booleans,
    /// numeric for numbers, and membership for lists (multiple-choice answers).
    static func matches(_ value: Value, _ literal: Literal) -> Bool {
        switch value {
        case .bool(let b):
            return YesNo.parse(literal.text) == b
        case .number(let n):
            return literal.number == n
        case .string(let s):
            return s.lowercased() == literal.text.lowercased()
        case .list(let items):
            return items.contains { matches($0, literal) }
        case .null, .object:
            return false
        }
    }
}
