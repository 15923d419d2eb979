// A valid answer to any question, read from the `ask` object alone, so any dialogue can be played.
import TrellisLanguage

/// The question an `ask` line poses, as much of it as choosing an answer needs.
struct Ask {
    let id: String
    let kind: String
    let optionCount: Int
    let min: Double?
    let max: Double?
    let minLength: Int?
    let maxLength: Int?
    let group: String?

    init?(_ object: Value) {
        guard case .string(let id)? = object["id"], case .string(let kind)? = object["kind"] else { return nil }
        self.id = id
        self.kind = kind
        if case .list(let options)? = object["options"] { optionCount = options.count } else { optionCount = 0 }
        func number(_ key: String) -> Double? {
            if case .number(let value)? = object[key] { return value }
            return nil
        }
        min = number("min")
        max = number("max")
        minLength = number("min_length").map { Int($0) }
        maxLength = number("max_length").map { Int($0) }
        if case .string(let group)? = object["group"] { self.group = group } else { group = nil }
    }

    /// The yes/no that closes each item of a repeated group ("Add another partner?") has the
    /// group's id as its own.
    var isGroupGate: Bool { kind == "yes_no" && group == id }

    /// The answer to send on attempt `attempt` (0 first; later ones after a refusal try
    /// something else). `saidYes` is whether this yes/no question was already answered yes in
    /// this round: a question that loops back on yes ("update another action?") gets no the
    /// second time, so every round ends.
    func answer(attempt: Int, saidYes: Bool) -> String {
        switch kind {
        case "choice", "multiple_choice":
            return String(Swift.min(attempt, Swift.max(0, optionCount - 1)) + 1)
        case "yes_no":
            let yes = !isGroupGate && !saidYes
            return (yes != (attempt % 2 == 1)) ? "yes" : "no"
        case "number", "scale":
            let low = min ?? (max.map { Swift.min(1, $0) } ?? 1)
            let value = attempt == 0 ? low : (max ?? low + Double(attempt))
            return format(value)
        case "date":
            return attempt == 0 ? "2027-03-01" : "2027-03-0\(Swift.min(9, attempt + 1))"
        case "long_text":
            return fitted("One line of bench text for a long answer.", attempt: attempt)
        default:
            return fitted("Bench answer", attempt: attempt)
        }
    }

    /// `text` cut or padded to the question's length bounds.
    private func fitted(_ text: String, attempt: Int) -> String {
        var answer = attempt == 0 ? text : "\(text) \(attempt)"
        let low = minLength ?? 0, high = maxLength ?? Int.max
        if answer.count > high { answer = String(answer.prefix(Swift.max(1, high))) }
        if answer.count < low { answer += String(repeating: "x", count: low - answer.count) }
        return answer
    }

    private func format(_ value: Double) -> String {
        if value == value.rounded(), abs(value) < 1e15 { return String(Int(value)) }
        return "\(value)"
    }
}
