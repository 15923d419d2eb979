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
    /// Nesting is bounded here (`Limits`), so no input, however deep, can overflow the stack;
    /// the file size is checked by `Linter.check(_:file:)`, which is how files are read.
    public static func parse(_ text: String, file: String) -> (dialogue: Dialogue?, diagnostics: [Diagnostic]) {
        var parser = DialogueParser(file: file)
        let outline = Outline(text: text, file: file) { node in
            textKeywords.contains(node.keyword) && node.hasColon && node.value.isEmpty
        }
        parser.diagnostics = outline.diagnostics
        let dialogue = parser.parseFile(outline.nodes)
        // Lines the outline dropped for being too deep always sit under a reported error (the
        // block limit, or a line that takes nothing under it); this only makes sure of it.
        if let dropped = outline.firstDroppedLine, !parser.diagnostics.hasErrors {
            parser.error(dropped, "this line is indented more than \(Limits.maxOutlineDepth) levels deep",
                         hint: "at most \(Limits.maxBlockDepth) blocks can be inside one another; move the inner part into a section of its own")
        }
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
        var audience = Dialogue.Audience.coordinators
        var helpAfter = 3
        var sections: [Section] = []
        var idLocation = SourceLocation(file: file, line: 1, column: 1)
        var seen: Set<String> = []
        for node in nodes {
            if ["dialogue", "title", "purpose", "for", "help"].contains(node.keyword), !seen.insert(node.keyword).inserted {
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
            case "for":
                if let value = requireValue(node, what: "who the dialogue is for") {
                    if let found = Dialogue.Audience(rawValue: value.trimmingSpaces.lowercased()) {
                        audience = found
                    } else {
                        error(node.valueLocation, "'\(value)' is not who a dialogue can be for",
                              hint: "write 'for: everyone' to let staff signed in with their own code run it, or 'for: coordinators' (what a dialogue is without the line)")
                    }
                }
                rejectChildren(of: node)
            case "help":
                if node.argument.lowercased() == "after", let n = Int(node.value.trimmingSpaces), (1...20).contains(n) {
                    helpAfter = n
                } else {
                    error(node.location, "expected 'help after: N', N from 1 to 20",
                          hint: "write 'help after: 3' to show a question's help and examples after three refused answers in a row (3 is the default)")
                }
                rejectChildren(of: node)
            case "section":
                sections.append(parseSection(node))
            default:
                error(node.location, "'\(node.keyword)' cannot start a line at the top of the file",
                      hint: "the top level holds 'dialogue', 'title', 'purpose', 'for', 'help after' and 'section NAME' lines; indent statements under a section")
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
        var dialogue = Dialogue(id: id, title: title ?? id, purpose: purpose ?? "", file: file, sections: sections, location: idLocation)
        dialogue.audience = audience
        dialogue.helpAfter = helpAfter
        return dialogue
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
        return Section(name: name, body: parseStatements(node.children, inRepeat: false, depth: 0), location: node.location)
    }

    /// Parses the statements of one block; `depth` is how many blocks (`if`, `else`,
    /// `else if`, `repeat`) hold them, 0 for a section's own. A block that would be deeper
    /// than `Limits.maxBlockDepth` is reported and left unread, so this recursion (one call
    /// per level) is bounded.
    mutating func parseStatements(_ nodes: [Outline.Node], inRepeat: Bool, depth: Int) -> [Statement] {
        var statements: [Statement] = []
        /// True right after an `if` or `else if`: an `else` may follow.
        var elseAllowed = false
        /// The depth of the last branch of the open if/else-if chain: an `else` there is at this
        /// depth, an `else if` one deeper (it is an `if` inside the `else` before it).
        var chainDepth = depth + 1
        /// Set when a branch of the open chain was too deep: that was reported, and the rest of
        /// the chain is skipped without more errors.
        var chainRefused = false
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
                chainDepth = depth + 1
                chainRefused = false
                guard let condition = condition(node.rest, at: node.argumentLocation, keyword: "if") else { continue }
                guard fitsDepth(node, depth: chainDepth, what: "'if'") else { chainRefused = true; continue }
                statements.append(.ifBlock(condition, then: block(node, inRepeat: inRepeat, depth: chainDepth), otherwise: [], node.location))
            case "else":
                if wasElseAllowed && chainRefused { continue }
                var elseBranch: [Statement]
                let rest = node.rest
                // An `else` after the chain's last branch is at that branch's depth.
                var branchDepth = wasElseAllowed ? chainDepth : depth + 1
                if rest.lowercased().hasPrefix("if ") {
                    let location = node.argumentLocation.shifted(by: 3)
                    guard let condition = condition(String(rest.dropFirst(3)), at: location, keyword: "else if") else { continue }
                    if wasElseAllowed { branchDepth += 1 }
                    guard fitsDepth(node, depth: branchDepth, what: "'else if'") else { chainRefused = true; continue }
                    elseBranch = [.ifBlock(condition, then: block(node, inRepeat: inRepeat, depth: branchDepth), otherwise: [], node.location)]
                } else if rest.isEmpty {
                    guard fitsDepth(node, depth: branchDepth, what: "'else'") else { chainRefused = true; continue }
                    elseBranch = block(node, inRepeat: inRepeat, depth: branchDepth)
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
                chainDepth = branchDepth
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
                guard fitsDepth(node, depth: depth + 1, what: "'repeat'") else { continue }
                statements.append(.repeatGroup(parseRepeat(node, depth: depth + 1)))
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

    /// The statements under `node`, which sit `depth` blocks deep (checked by `fitsDepth`).
    mutating func block(_ node: Outline.Node, inRepeat: Bool, depth: Int) -> [Statement] {
        if node.children.isEmpty {
            error(node.location, "'\(node.keyword)' has nothing indented under it", hint: "indent the statements it controls under it")
        }
        return parseStatements(node.children, inRepeat: inRepeat, depth: depth)
    }

    /// False, with the error reported, when the block `node` opens would hold its statements
    /// `depth` blocks deep, more than `Limits.maxBlockDepth`.
    mutating func fitsDepth(_ node: Outline.Node, depth: Int, what: String) -> Bool {
        guard depth > Limits.maxBlockDepth else { return true }
        let chain = what == "'else if'" ? "; each 'else if' counts one level more than the branch before it" : ""
        error(node.location, "this \(what) is nested too deeply: it would be block level \(depth), and at most \(Limits.maxBlockDepth) blocks can be inside one another\(chain)",
              hint: "move the inner part into a section of its own and reach it with 'go to', or join the tests with 'and' in one 'if'")
        return false
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
}
