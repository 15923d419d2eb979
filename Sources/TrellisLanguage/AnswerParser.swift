/// Turns what a person typed into the value stored for a question of each kind, or says
/// exactly why it was refused and what would be accepted.
///
/// It lives with the language because the kinds are the language's: the engine uses it to
/// check answers, and the linter uses it to check a question's default before anyone runs it.
public enum AnswerParser {
    /// Why an answer was refused (`message`) and what would be accepted (`expected`).
    public struct Rejection: Sendable, Hashable, Error {
        public var code: String
        public var message: String
        public var expected: String
        /// How many answers in a row this question has refused, this one included (set by the
        /// engine for refused answers; nil for refused commands and framing).
        public var attempt: Int?
        public init(code: String = "invalid_answer", message: String, expected: String) {
            self.code = code
            self.message = message
            self.expected = expected
        }
        /// The two together, as shown to a person.
        public var text: String { "\(message) \(expected)" }
    }

    public typealias Option = (key: String, label: String)

    /// Parses a non-empty answer. `options` are the question's options as offered (fixed and
    /// taken from lists), numbered from 1 in this order.
    public static func parse(_ raw: String, for question: Question, options: [Option]) -> Result<Value, Rejection> {
        let text = question.kind == .longText ? raw.trimmingBlankLines : raw.trimmingSpaces
        switch question.kind {
        case .text, .longText:
            if question.kind == .text && text.contains("\n") {
                return .failure(.init(message: "This answer must be a single line.", expected: "Type it on one line."))
            }
            let count = text.count
            if let length = question.length, !length.contains(count) {
                let direction = count < length.lowerBound ? "too short" : "too long"
                return .failure(.init(message: "That is \(direction) (\(count) character\(count == 1 ? "" : "s")).",
                                      expected: "Please write between \(length.lowerBound) and \(length.upperBound) characters."))
            }
            return .success(.string(text))
        case .choice:
            return choose(text, options).map { .string($0.key) }
        case .multipleChoice:
            let pieces = text.split(separator: ",").map { $0.trimmingSpaces }.filter { !$0.isEmpty }
            guard !pieces.isEmpty else {
                return .failure(.init(code: "required", message: "No option was chosen.",
                                      expected: "Choose at least one, by number or name, separated by commas, e.g. 1, 3."))
            }
            var keys: Set<String> = []
            for piece in pieces {
                switch choose(piece, options) {
                case .success(let option): keys.insert(option.key)
                case .failure(let rejection):
                    return .failure(.init(message: rejection.message,
                                          expected: rejection.expected + " Separate several with commas, e.g. 1, 3."))
                }
            }
            return .success(.list(options.filter { keys.contains($0.key) }.map { .string($0.key) }))
        case .yesNo:
            guard let answer = YesNo.parse(text) else {
                return .failure(.init(message: "'\(text)' is not yes or no.", expected: YesNo.expectation))
            }
            return .success(.bool(answer))
        case .number:
            guard isPlainDecimal(text), let number = Double(text), number.isFinite else {
                return .failure(.init(message: "'\(text)' is not a number.",
                                      expected: "Please type a number with digits, e.g. 3 or 0.5\(rangeText(question.range))."))
            }
            if let range = question.range, !range.contains(number) {
                return .failure(.init(message: "\(Value.format(number)) is out of range.",
                                      expected: "Please give a number from \(Value.format(range.lowerBound)) to \(Value.format(range.upperBound))."))
            }
            return .success(.number(number))
        case .scale:
            let range = question.scaleRange
            guard isPlainDecimal(text), !text.contains("."), let n = Int(text), range.contains(Double(n)) else {
                return .failure(.init(message: "'\(text)' is not on the scale.",
                                      expected: "Please give a whole number from \(Value.format(range.lowerBound)) to \(Value.format(range.upperBound))."))
            }
            return .success(.number(Double(n)))
        case .date:
            guard isISODate(text) else {
                if let missing = impossibleDate(text) {
                    return .failure(.init(message: "There is no \(missing).", expected: "Please check the day and month, and write it as YYYY-MM-DD, e.g. 2026-03-15."))
                }
                return .failure(.init(message: "'\(text)' is not a date in the form year-month-day.",
                                      expected: "Please write it as YYYY-MM-DD, e.g. 2026-03-15."))
            }
            return .success(.string(text))
        }
    }

    /// What a question of `kind` accepts, in a sentence: said when a required answer is left
    /// empty. The refusals above say the same per kind; both live here so they cannot drift.
    public static func expectation(_ kind: Question.Kind, options: [String], range: ClosedRange<Double>?) -> String {
        switch kind {
        case .choice, .multipleChoice:
            return "Please choose " + (kind == .choice ? "one" : "one or more, separated by commas") + ": "
                + options.enumerated().map { "\($0.offset + 1) \($0.element)" }.joined(separator: ", ") + "."
        case .yesNo: return YesNo.expectation
        case .longText: return "Please write your answer, then a line holding only '.'."
        case .date: return "Please give a date as YYYY-MM-DD."
        case .number, .scale:
            if let r = range { return "Please give a number from \(Value.format(r.lowerBound)) to \(Value.format(r.upperBound))." }
            return "Please give a number."
        case .text: return "Please type your answer."
        }
    }

    static func rangeText(_ range: ClosedRange<Double>?) -> String {
        guard let range else { return "" }
        return " (from \(Value.format(range.lowerBound)) to \(Value.format(range.upperBound)))"
    }

    /// Finds the option a person meant: by its number, its key, its label, or an unambiguous
    /// beginning of its label or key.
    public static func choose(_ text: String, _ options: [Option]) -> Result<Option, Rejection> {
        let word = text.lowercased()
        let expected = "Please answer with a number from 1 to \(options.count), or the start of an option's name: "
            + options.enumerated().map { "\($0.offset + 1) \($0.element.label)" }.joined(separator: ", ") + "."
        if let exactKey = options.first(where: { $0.key.lowercased() == word }) {
            return .success(exactKey)
        }
        if let n = Int(word) {
            guard (1...max(options.count, 1)).contains(n), !options.isEmpty else {
                return .failure(.init(message: "There is no option \(n).", expected: expected))
            }
            return .success(options[n - 1])
        }
        if let exact = options.first(where: { $0.key.lowercased() == word || $0.label.lowercased() == word }) {
            return .success(exact)
        }
        let matches = options.filter { $0.label.lowercased().hasPrefix(word) || $0.key.lowercased().hasPrefix(word) }
        if matches.count == 1 { return .success(matches[0]) }
        if matches.count > 1 {
            return .failure(.init(message: "'\(text)' could mean " + matches.map(\.label).joined(separator: " or ") + ".",
                                  expected: "Type more of the name, or its number."))
        }
        return .failure(.init(message: "'\(text)' is not one of the options.", expected: expected))
    }

    /// Digits with an optional leading `-` and one decimal point: `3`, `-2`, `0.5`. Not `+1`,
    /// `.5`, `1e3` or `0x10`, which Swift's `Double` would otherwise read.
    static func isPlainDecimal(_ text: String) -> Bool {
        var body = Substring(text)
        if body.first == "-" { body = body.dropFirst() }
        let parts = body.split(separator: ".", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count) else { return false }
        return parts.allSatisfy { !$0.isEmpty && $0.allSatisfy { ("0"..."9").contains($0) } }
    }

    /// True for a real calendar date written `YYYY-MM-DD`.
    static let months = ["January", "February", "March", "April", "May", "June", "July", "August",
                         "September", "October", "November", "December"]

    /// For text in the form YYYY-MM-DD naming a day its month lacks: that day in words
    /// ("30 February 2027", "13th month of 2027"), so the refusal says what is wrong.
    static func impossibleDate(_ text: String) -> String? {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]),
              parts.allSatisfy({ $0.allSatisfy { $0.isASCII && $0.isNumber } }) else { return nil }
        guard (1...12).contains(month) else { return "month \(month) in a year (months run from 01 to 12)" }
        guard day >= 1 else { return "day 00 in a month" }
        return "\(day) \(months[month - 1]) \(year)"
    }

    public static func isISODate(_ text: String) -> Bool {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              parts.allSatisfy({ $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }),
              let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]),
              (1...12).contains(month), day >= 1 else { return false }
        let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
        let days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        return day <= days[month - 1]
    }

    /// How a stored answer is written back as text, in the form `parse` accepts (an answers
    /// file's values are fed to the engine this way).
    public static func text(of value: Value) -> String {
        switch value {
        case .list(let items): return items.map(\.plainText).joined(separator: ", ")
        default: return value.plainText
        }
    }
}
