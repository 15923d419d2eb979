/// Reads a dialogue file into a `Dialogue`, collecting every syntax problem with its place
/// instead of stopping at the first, so a coordinator can fix a file in one pass.
///
/// The grammar is line based: a keyword starts each line, properties sit indented under
/// the line they belong to, and `key: value` separates a name from its text. The whole
/// format is described in docs/dialogue-format.md.
public struct DialogueParser {
    public static let fileExtension = "dialogue"
    /// Ids the transports use for their own built-in steps.
    public static let reservedDialogueIds: Set<String> = ["menu", "resume", "login"]

    var diagnostics: [Diagnostic] = []
    let file: String

    /// Keywords whose text may continue on the indented lines below when nothing follows the colon.
    static let textKeywords: Set<String> = ["say", "prompt", "help", "template", "purpose"]

    /// Parses `text`; returns the dialogue (nil when it is too broken to use) and every problem found.
    public static func parse(_ text: String, file: String) -> (dialogue: Dialogue?, diagnostics: [Diagnostic]) {
        var parser = DialogueParser(file: file)
        let outline = Outline(text: text, file: file) { node in
            textKeywords.contains(node.keyword) && node.hasColon && node.value.isEmpty
        }
        parser.diagnostics = outline.diagnostics
        let dialogue = parser.parseFile(outline.nodes)
        return (dialogue, parser.diagnostics)
    }

    mutating func error(_ location: SourceLocation, _ message: String, hint: String? = nil) {
        diagnostics.append(.error(location, message, hint: hint))
    }

    // MARK: The file

    mutating func parseFile(_ nodes: [Outline.Node]) -> Dialogue? {
        var id: String?
        var title: String?
        var purpose: String?
        var sections: [Section] = []
        var idLocation = SourceLocation(file: file, line: 1, column: 1)
        var seen: Set<String> = []
        for node in nodes {
            if ["dialogue", "title", "purpose"].contains(node.keyword), !seen.insert(node.keyword).inserted {
                error(node.location, "'\(node.keyword)' is given twice", hint: "keep one '\(node.keyword)' line")
                continue
            }
            switch node.keyword {
            case "dialogue":
                let value = node.hasColon ? node.value : node.argument
                if !isDialogueId(value) {
                    error(node.hasColon ? node.valueLocation : node.argumentLocation, "'\(value)' is not a valid dialogue id",
                          hint: "use lower-case letters, digits and '-', e.g. 'dialogue site-setup'")
                } else if DialogueParser.reservedDialogueIds.contains(value) {
                    error(node.hasColon ? node.valueLocation : node.argumentLocation, "'\(value)' is the name of a built-in step and cannot be a dialogue id",
                          hint: "choose another id; reserved: " + DialogueParser.reservedDialogueIds.sorted().joined(separator: ", "))
                }
                id = value
                idLocation = node.location
                rejectChildren(of: node)
            case "title":
                title = requireValue(node, what: "a title")
                rejectChildren(of: node)
            case "purpose":
                purpose = requireValue(node, what: "a one-line purpose").map { $0.split(separator: "\n").joined(separator: " ") }
                rejectChildren(of: node)
            case "section":
                sections.append(parseSection(node))
            default:
                error(node.location, "'\(node.keyword)' cannot start a line at the top of the file",
                      hint: "the top level holds 'dialogue', 'title', 'purpose' and 'section NAME' lines; indent statements under a section")
            }
        }
        if id == nil {
            error(SourceLocation(file: file, line: 1, column: 1), "the file has no 'dialogue' line",
                  hint: "start the file with 'dialogue my-dialogue-id'")
        }
        if title == nil && !seen.contains("title") { error(idLocation, "the dialogue has no title", hint: "add a line 'title: …' under the dialogue line") }
        if purpose == nil && !seen.contains("purpose") { error(idLocation, "the dialogue has no purpose", hint: "add a line 'purpose: …' saying in one line what it is for") }
        if sections.isEmpty { error(idLocation, "the dialogue has no sections", hint: "add 'section start' and indent its statements under it") }
        guard let id else { return nil }
        return Dialogue(id: id, title: title ?? id, purpose: purpose ?? "", file: file, sections: sections, location: idLocation)
    }

    func isDialogueId(_ text: String) -> Bool {
        !text.isEmpty && text.count <= 64 && text.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" }
    }

    mutating func requireValue(_ node: Outline.Node, what: String) -> String? {
        if let raw = node.raw {
            guard raw.contains(where: { !$0.text.trimmingSpaces.isEmpty }) else {
                error(node.location, "'\(node.keyword)' needs \(what) after its colon or indented under it",
                      hint: "write '\(node.keyword): …' on one line, or indent the text on the lines below it")
                return nil
            }
            return raw.map(\.text).joined(separator: "\n")
        }
        guard node.hasColon, !node.value.isEmpty else {
            error(node.location, "'\(node.keyword)' needs \(what) after a colon", hint: "write '\(node.keyword): …'")
            return nil
        }
        return node.value
    }

    mutating func rejectChildren(of node: Outline.Node) {
        if let child = node.children.first {
            error(child.location, "nothing can be indented under '\(node.keyword)'",
                  hint: "move this line out to the indentation of the line it belongs with")
        }
    }

    mutating func name(_ node: Outline.Node, what: String) -> String {
        let name = node.argument
        if !Reference.isName(name) {
            error(node.argumentLocation, name.isEmpty ? "'\(node.keyword)' needs \(what)" : "'\(name)' is not a valid \(what)",
                  hint: "names start with a letter and use letters, digits, '_' and '-', e.g. '\(node.keyword) site_name'")
        }
        return name
    }

    // MARK: Sections and statements

    mutating func parseSection(_ node: Outline.Node) -> Section {
        let name = name(node, what: "section name")
        if node.children.isEmpty {
            error(node.location, "section '\(name)' is empty", hint: "indent at least one statement under it")
        }
        return Section(name: name, body: parseStatements(node.children, inRepeat: false), location: node.location)
    }

    mutating func parseStatements(_ nodes: [Outline.Node], inRepeat: Bool) -> [Statement] {
        var statements: [Statement] = []
        /// True right after an `if` or `else if`: an `else` may follow.
        var elseAllowed = false
        for node in nodes {
            let wasElseAllowed = elseAllowed
            elseAllowed = node.keyword == "if" || (node.keyword == "else" && node.rest.lowercased().hasPrefix("if "))
            switch node.keyword {
            case "say":
                if let template = template(node, what: "the text to say") { statements.append(.say(template, node.location)) }
                rejectChildren(of: node)
            case "ask":
                if let question = parseQuestion(node) { statements.append(.ask(question)) }
            case "if":
                guard let condition = condition(node.rest, at: node.argumentLocation, keyword: "if") else { continue }
                statements.append(.ifBlock(condition, then: block(node, inRepeat: inRepeat), otherwise: [], node.location))
            case "else":
                var elseBranch: [Statement]
                let rest = node.rest
                if rest.lowercased().hasPrefix("if ") {
                    let location = node.argumentLocation.shifted(by: 3)
                    guard let condition = condition(String(rest.dropFirst(3)), at: location, keyword: "else if") else { continue }
                    elseBranch = [.ifBlock(condition, then: block(node, inRepeat: inRepeat), otherwise: [], node.location)]
                } else if rest.isEmpty {
                    elseBranch = block(node, inRepeat: inRepeat)
                } else {
                    error(node.argumentLocation, "'else' takes nothing after it but 'if CONDITION'",
                          hint: "write 'else' or 'else if CONDITION' on its own line")
                    continue
                }
                guard wasElseAllowed, case .ifBlock(let c, let then, let otherwise, let l)? = statements.last,
                      let attached = DialogueParser.attachElse(elseBranch, to: .ifBlock(c, then: then, otherwise: otherwise, l)) else {
                    error(node.location, "'else' does not follow an 'if'",
                          hint: "put 'else' right after the statements of an 'if', at the same indentation as the 'if'")
                    continue
                }
                statements[statements.count - 1] = attached
            case "go", "goto":
                if let statement = parseGoTo(node) { statements.append(statement) }
            case "finish", "end":
                if inRepeat {
                    error(node.location, "'\(node.keyword)' cannot end the dialogue part way through a repeated group's item",
                          hint: "use 'if' inside the group to skip its questions, and finish after the group")
                }
                statements.append(.finish(node.location))
                rejectChildren(of: node)
            case "repeat":
                if inRepeat {
                    error(node.location, "a repeated group cannot hold another repeated group",
                          hint: "ask the inner list in a dialogue of its own, or flatten it into questions")
                }
                statements.append(.repeatGroup(parseRepeat(node)))
            case "document":
                if let document = parseDocument(node) { statements.append(.document(document)) }
            case "set":
                if let statement = parseSet(node) { statements.append(statement) }
            default:
                error(node.location, "'\(node.keyword)' is not a statement",
                      hint: "statements are say, ask, if, else, go to, repeat, document, set and finish")
            }
        }
        return statements
    }

    /// Puts `branch` into the innermost open `else` of an if/else-if chain.
    static func attachElse(_ branch: [Statement], to statement: Statement) -> Statement? {
        guard case .ifBlock(let c, let then, let otherwise, let l) = statement else { return nil }
        if otherwise.isEmpty { return .ifBlock(c, then: then, otherwise: branch, l) }
        guard otherwise.count == 1, let nested = attachElse(branch, to: otherwise[0]) else { return nil }
        return .ifBlock(c, then: then, otherwise: [nested], l)
    }

    mutating func block(_ node: Outline.Node, inRepeat: Bool) -> [Statement] {
        if node.children.isEmpty {
            error(node.location, "'\(node.keyword)' has nothing indented under it", hint: "indent the statements it controls under it")
        }
        return parseStatements(node.children, inRepeat: inRepeat)
    }

    mutating func condition(_ text: String, at location: SourceLocation, keyword: String) -> Condition? {
        switch ConditionParser.parse(text, at: location) {
        case .success(let c): return c
        case .failure(let d): diagnostics.append(d); return nil
        }
    }

    mutating func template(_ node: Outline.Node, what: String) -> Template? {
        if let raw = node.raw {
            guard raw.contains(where: { !$0.text.trimmingSpaces.isEmpty }) else {
                error(node.location, "'\(node.keyword)' needs \(what) after its colon or indented under it",
                      hint: "write '\(node.keyword): …' on one line, or '\(node.keyword):' with the text indented on the lines below")
                return nil
            }
            return parseTemplate(raw)
        }
        guard node.hasColon, !node.value.isEmpty else {
            let block = DialogueParser.textKeywords.contains(node.keyword)
            let head = node.keyword == "set" ? "set \(node.argument)" : node.keyword
            error(node.location, "'\(node.keyword)' needs \(what) after a colon",
                  hint: block ? "write '\(head): …' on one line, or '\(head):' with the text indented on the lines below"
                              : "write '\(head): …' on one line")
            return nil
        }
        return parseTemplate([TemplateParser.Line(node.value, at: node.valueLocation)])
    }

    mutating func parseTemplate(_ lines: [TemplateParser.Line]) -> Template? {
        switch TemplateParser.parse(lines) {
        case .success(let t): return t
        case .failure(let d): diagnostics.append(d); return nil
        }
    }

    mutating func parseGoTo(_ node: Outline.Node) -> Statement? {
        var words = node.rest
        var location = node.argumentLocation
        if node.keyword == "go" {
            guard words.lowercased().hasPrefix("to ") else {
                error(node.location, "expected 'go to SECTION'", hint: "write 'go to SECTION' or 'go to SECTION when CONDITION'")
                return nil
            }
            words = String(words.dropFirst(3)).trimmingSpaces
            location = location.shifted(by: 3)
        }
        let target = String(words.prefix { $0 != " " })
        guard Reference.isName(target) else {
            error(location, target.isEmpty ? "'go to' needs a section name" : "'\(target)' is not a section name",
                  hint: "name a section of this file, or 'end' to finish the dialogue")
            return nil
        }
        var remainder = String(words.dropFirst(target.count))
        let spaces = remainder.prefix { $0 == " " }.count
        remainder = remainder.trimmingSpaces
        var condition: Condition?
        if !remainder.isEmpty {
            let whenLocation = location.shifted(by: target.count + spaces)
            if ["when", "if"].contains(remainder.lowercased()) {
                error(whenLocation.shifted(by: remainder.count), "the condition is empty after '\(remainder)'",
                      hint: "write a test after it, e.g. 'go to \(target) when phase is implementation'")
                return nil
            }
            guard remainder.lowercased().hasPrefix("when ") || remainder.lowercased().hasPrefix("if ") else {
                error(whenLocation, "unexpected '\(remainder)' after the section name",
                      hint: "add a condition with 'when', e.g. 'go to \(target) when phase is implementation'")
                return nil
            }
            let keywordLength = remainder.lowercased().hasPrefix("when ") ? 5 : 3
            condition = self.condition(String(remainder.dropFirst(keywordLength)), at: whenLocation.shifted(by: keywordLength), keyword: "when")
            if condition == nil { return nil }
        }
        rejectChildren(of: node)
        return .goTo(section: target, condition: condition, node.location)
    }

    mutating func path(_ node: Outline.Node) -> [String]? {
        guard let path = ProfilePath.parse(node.value) else {
            error(node.valueLocation, "'\(node.value)' is not a profile path",
                  hint: "write a dotted path of names without 'profile.', e.g. 'save: backbone.structure' or 'save: roles.{role_title}.title'")
            return nil
        }
        return path
    }

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
        let single: Set<String> = ["prompt", "help", "default", "save", "optional", "required", "length", "range", "when", "skip", "options"]
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
                question.optionsFrom = r
            case "length":
                if let r = bounds(child, integers: true) { question.length = Int(r.lowerBound)...Int(r.upperBound) }
            case "range":
                question.range = bounds(child, integers: false)
            case "when":
                question.condition = condition(child.value, at: child.valueLocation, keyword: "when")
            case "skip":
                if child.argument.lowercased() == "if known" {
                    question.skipIfKnown = true
                } else {
                    error(child.location, "expected 'skip if known'", hint: "write 'skip if known' to reuse a value the profile already holds")
                }
            default:
                error(child.location, "'\(child.keyword)' is not a property of a question",
                      hint: "questions take prompt, help, default, save, optional, option, options from, length, range, when and skip if known")
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
        if (!question.options.isEmpty || question.optionsFrom != nil) && !kind.hasOptions {
            error(node.location, "options apply to choice questions, not to \(kind.rawValue)",
                  hint: "make it 'choice' or 'multiple choice', or remove the options")
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

    // MARK: Repeated groups, documents, set

    mutating func parseRepeat(_ node: Outline.Node) -> RepeatGroup {
        let id = name(node, what: "repeated group id")
        var group = RepeatGroup(id: id, prompt: Template(literal: ""), body: [], location: node.location)
        var statementNodes: [Outline.Node] = []
        var hasPrompt = false
        var seen: Set<String> = []
        for child in node.children {
            if ["prompt", "help", "save", "min", "max"].contains(child.keyword), !seen.insert(child.keyword).inserted {
                error(child.location, "'\(child.keyword)' is given twice for repeated group '\(id)'", hint: "keep one")
                continue
            }
            switch child.keyword {
            case "prompt":
                if let t = template(child, what: "the question asked before each further item") { group.prompt = t; hasPrompt = true }
                rejectChildren(of: child)
            case "help":
                group.help = template(child, what: "the help text")
                rejectChildren(of: child)
            case "save":
                group.save = path(child)
                rejectChildren(of: child)
            case "min", "max":
                guard let n = Int(child.value), n >= 0 else {
                    error(child.valueLocation, "'\(child.value)' is not a whole number", hint: "write e.g. '\(child.keyword): 1'")
                    continue
                }
                if child.keyword == "min" { group.minimum = n } else { group.maximum = n }
                rejectChildren(of: child)
            default:
                statementNodes.append(child)
            }
        }
        if !hasPrompt {
            error(node.location, "repeated group '\(id)' has no prompt",
                  hint: "add 'prompt: Add another …?', the yes/no question asked before each further item")
        }
        if group.maximum == 0 {
            error(node.location, "the group's max (0) must be at least 1, or it would never ask anything", hint: "raise 'max' to at least 1")
        } else if group.maximum < group.minimum {
            error(node.location, "the group's max (\(group.maximum)) is below its min (\(group.minimum))", hint: "raise 'max' or lower 'min'")
        }
        group.body = parseStatements(statementNodes, inRepeat: true)
        var asks = false
        Dialogue.walk(group.body) { if case .ask = $0 { asks = true } }
        if !asks {
            error(node.location, "repeated group '\(id)' asks no question", hint: "indent the questions asked for each item under it")
        }
        return group
    }

    mutating func parseDocument(_ node: Outline.Node) -> DocumentSpec? {
        let name = name(node, what: "document name")
        var title: Template?
        var body: Template?
        var save: [String]?
        var sawTemplate = false
        var seen: Set<String> = []
        for child in node.children {
            if ["title", "save", "template"].contains(child.keyword), !seen.insert(child.keyword).inserted {
                error(child.location, "'\(child.keyword)' is given twice for document '\(name)'", hint: "keep one")
                continue
            }
            switch child.keyword {
            case "title":
                title = template(child, what: "the document's title")
                rejectChildren(of: child)
            case "save":
                save = path(child)
                rejectChildren(of: child)
            case "template":
                sawTemplate = true
                guard let raw = child.raw, !raw.isEmpty else {
                    error(child.location, child.value.isEmpty ? "the template is empty" : "the template must start on the line below 'template:'",
                          hint: "write 'template:' alone and indent the Markdown text on the lines under it")
                    continue
                }
                body = parseTemplate(raw)
            default:
                error(child.location, "'\(child.keyword)' is not a property of a document", hint: "documents take title, save and template")
            }
        }
        guard let body else {
            if !sawTemplate {
                error(node.location, "document '\(name)' has no template", hint: "indent 'template:' under it, with the Markdown text under that")
            }
            return nil
        }
        var document = DocumentSpec(name: name, title: title ?? Template(literal: name), template: body, location: node.location)
        document.save = save
        return document
    }

    mutating func parseSet(_ node: Outline.Node) -> Statement? {
        guard let path = ProfilePath.parse(node.argument) else {
            error(node.argumentLocation, "'set' needs a profile path", hint: "write 'set PATH: VALUE', e.g. 'set induction.follow_up: yes'")
            return nil
        }
        guard let value = template(node, what: "the value to set") else { return nil }
        var condition: Condition?
        for child in node.children {
            if child.keyword == "when", condition != nil {
                error(child.location, "'when' is given twice for 'set'", hint: "join the tests with 'and' or 'or' in one 'when'")
            } else if child.keyword == "when" {
                condition = self.condition(child.value, at: child.valueLocation, keyword: "when")
            } else {
                error(child.location, "'\(child.keyword)' is not a property of 'set'", hint: "'set' takes only 'when: CONDITION'")
            }
        }
        return .set(path: path, value: value, condition: condition, node.location)
    }
}
