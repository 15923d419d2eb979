/// The part of the parser that reads the statements with bodies of their own: repeated
/// groups, documents and `set`.
extension DialogueParser {
    // MARK: Repeated groups, documents, set

    /// `depth` is the block level of the group's statements (see `parseStatements`).
    mutating func parseRepeat(_ node: Outline.Node, depth: Int) -> RepeatGroup {
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
        group.body = parseStatements(statementNodes, inRepeat: true, depth: depth)
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
