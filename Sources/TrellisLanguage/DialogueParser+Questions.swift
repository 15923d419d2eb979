/// The part of the parser that reads an `ask` and its properties, and checks they fit the
/// question's kind.
extension DialogueParser {
    // MARK: Questions

    mutating func parseQuestion(_ node: Outline.Node) -> Question? {
        let id = name(node, what: "question id")
        let kindText = node.value.lowercased().split(separator: " ").joined(separator: " ")
        let aliases: [String: Question.Kind] = ["longtext": .longText, "long-text": .longText, "multiple-choice": .multipleChoice,
                                                "multichoice": .multipleChoice, "yesno": .yesNo, "yes-no": .yesNo, "yes or no": .yesNo]
        guard let kind = Question.Kind(rawValue: kindText) ?? aliases[kindText] else {
            error(node.hasColon ? node.valueLocation : node.location,
                  kindText.isEmpty ? "question '\(id)' has no kind" : "'\(node.value)' is not a kind of question",
                  hint: "write 'ask \(id): KIND' with one of: " + Question.Kind.allCases.map(\.rawValue).joined(separator: ", "))
            return nil
        }
        var question = Question(id: id, kind: kind, prompt: Template(literal: ""), location: node.location)
        var hasPrompt = false
        var seen: Set<String> = []
        let single: Set<String> = ["prompt", "help", "default", "save", "optional", "required", "length", "range", "when", "skip", "label", "per"]
        for child in node.children {
            if single.contains(child.keyword), !seen.insert(child.keyword == "required" ? "optional" : child.keyword).inserted {
                if child.keyword == "optional" || child.keyword == "required" {
                    error(child.location, "'optional' and 'required' are both given for question '\(id)'",
                          hint: "write 'optional' alone for an optional question; questions are required otherwise")
                } else {
                    error(child.location, "'\(child.keyword)' is given twice for question '\(id)'", hint: "keep one")
                }
                continue
            }
            if (child.keyword == "optional" || child.keyword == "required") && (!child.argument.isEmpty || child.hasColon) {
                error(child.location, "'\(child.keyword)' takes nothing after it", hint: "write 'optional' alone to make the question optional; questions are required otherwise")
                continue
            }
            switch child.keyword {
            case "prompt":
                if let t = template(child, what: "the question's text") { question.prompt = t; hasPrompt = true }
            case "help":
                question.help = template(child, what: "the help text")
            case "default":
                question.defaultValue = template(child, what: "the default answer")
            case "save":
                question.save = path(child)
            case "optional":
                question.required = false
            case "required":
                question.required = true
            case "option":
                let key = child.argument
                if !Reference.isName(key) && Double(key) == nil {
                    error(child.argumentLocation, key.isEmpty ? "the option has no key" : "'\(key)' is not a valid option key",
                          hint: "write 'option KEY: Label', the key a short word such as 'hybrid'")
                } else if child.value.isEmpty {
                    error(child.location, "option '\(key)' has no label", hint: "write 'option \(key): The label people read'")
                } else {
                    question.options.append(.init(key: key, label: child.value, location: child.location))
                }
            case "options":
                guard child.argument.lowercased() == "from", let r = Reference.parse(child.value, at: child.valueLocation) else {
                    error(child.location, "expected 'options from: NAME'",
                          hint: "take options from a list, e.g. 'options from: profile.partners.name'")
                    continue
                }
                question.optionsFrom.append(r)
            case "label":
                guard child.argument.lowercased() == "from", Reference.isName(child.value) else {
                    error(child.location, "expected 'label from: FIELD'",
                          hint: "name the field of each entry that people read, e.g. 'label from: what'")
                    continue
                }
                question.labelFrom = child.value
            case "length":
                if let r = bounds(child, integers: true) { question.length = Int(r.lowerBound)...Int(r.upperBound) }
            case "range":
                question.range = bounds(child, integers: false)
            case "when":
                question.condition = condition(child.value, at: child.valueLocation, keyword: "when")
            case "per":
                if child.argument.lowercased() == "person" && child.value.isEmpty && !child.hasColon {
                    question.perPerson = true
                } else {
                    error(child.location, "expected 'per person'", hint: "write 'per person' alone on its line to keep one answer per person")
                }
            case "skip":
                switch child.argument.lowercased() {
                case "if known": question.skipIfKnown = true
                case "if signed in": question.skipIfSignedIn = true
                default:
                    error(child.location, "expected 'skip if known' or 'skip if signed in'",
                          hint: "write 'skip if known' to reuse a value the profile already holds, or 'skip if signed in' to take the name of whoever signed in with their own code")
                }
            default:
                error(child.location, "'\(child.keyword)' is not a property of a question",
                      hint: "questions take prompt, help, default, save, optional, option, options from, label from, length, range, when, skip if known, skip if signed in and per person")
                continue
            }
            rejectChildren(of: child)
        }
        if !hasPrompt {
            error(node.location, "question '\(id)' has no prompt", hint: "indent 'prompt: …' under it with the words to ask")
        }
        checkProperties(of: question, node: node)
        return question
    }

    /// Reports properties that do not fit the question's kind.
    mutating func checkProperties(of question: Question, node: Outline.Node) {
        let kind = question.kind
        if question.length != nil && kind != .text && kind != .longText {
            error(node.location, "'length' applies to text questions, not to \(kind.rawValue)", hint: "remove it, or use 'range' for numbers")
        }
        if question.range != nil && kind != .number && kind != .scale {
            error(node.location, "'range' applies to number and scale questions, not to \(kind.rawValue)", hint: "remove it")
        }
        if (!question.options.isEmpty || !question.optionsFrom.isEmpty) && !kind.hasOptions {
            error(node.location, "options apply to choice questions, not to \(kind.rawValue)",
                  hint: "make it 'choice' or 'multiple choice', or remove the options")
        }
        if question.labelFrom != nil && question.optionsFrom.isEmpty {
            error(node.location, "'label from' needs 'options from' to name the folder whose entries are offered",
                  hint: "add 'options from: profile.FOLDER', or remove 'label from'")
        }
        if question.perPerson && question.save == nil {
            error(node.location, "'per person' needs a 'save' path: each person's answer is kept beside it", hint: "add 'save: …' to the question")
        }
        if question.skipIfKnown && question.save == nil {
            error(node.location, "'skip if known' needs a 'save' path to look at", hint: "add 'save: …' to the question")
        }
        var keys: Set<String> = []
        for option in question.options {
            if !keys.insert(option.key.lowercased()).inserted {
                error(option.location, "option key '\(option.key)' is used twice in '\(question.id)'", hint: "give each option its own key")
            }
        }
        if kind == .scale, let r = question.range, r.lowerBound != r.lowerBound.rounded() || r.upperBound != r.upperBound.rounded() {
            error(node.location, "a scale's range must be whole numbers", hint: "write e.g. 'range: 1..5'")
        }
    }

    mutating func bounds(_ node: Outline.Node, integers: Bool) -> ClosedRange<Double>? {
        let parts = DialogueParser.splitRange(node.value)
        let example = integers ? "2..80" : "0..100"
        guard parts.count == 2, AnswerParser.isPlainDecimal(parts[0].trimmingSpaces), AnswerParser.isPlainDecimal(parts[1].trimmingSpaces),
              let low = Double(parts[0].trimmingSpaces), let high = Double(parts[1].trimmingSpaces),
              !integers || (low == low.rounded() && high == high.rounded()) else {
            error(node.valueLocation, "'\(node.value)' is not a range", hint: "write 'LOW..HIGH', e.g. '\(node.keyword): \(example)'")
            return nil
        }
        guard low <= high else {
            error(node.valueLocation, "the range \(node.value) is empty: \(Value.format(low)) is above \(Value.format(high))",
                  hint: "put the smaller bound first")
            return nil
        }
        if integers && low < 0 {
            error(node.valueLocation, "a length cannot be negative", hint: "write e.g. 'length: 1..200'")
            return nil
        }
        if !low.isFinite || !high.isFinite || abs(low) > 1e12 || abs(high) > 1e12 {
            error(node.valueLocation, "the range \(node.value) is too large", hint: "keep bounds within ±1000000000000")
            return nil
        }
        return low...high
    }

    /// Splits `LOW..HIGH` at its `..`; returns nothing useful when there is no `..`.
    static func splitRange(_ text: String) -> [String] {
        let chars = Array(text)
        for i in 0..<max(chars.count - 1, 0) where chars[i] == "." && chars[i + 1] == "." {
            return [String(chars[..<i]), String(chars[(i + 2)...])]
        }
        return [text]
    }
}
