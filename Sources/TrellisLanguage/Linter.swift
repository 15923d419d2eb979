/// Checks what the parser cannot see line by line: ids used twice, jumps to unknown
/// sections, statements and sections never reached, sections from which the dialogue can
/// never finish, choices with no options, names that nothing sets, profile paths that
/// clash and defaults that would not be accepted.
///
/// It exists so that a coordinator editing a dialogue learns of a mistake from
/// `trellis lint`, with its place, and never from a person stuck in a conversation.
public enum Linter {
    /// Names every dialogue may read without a question setting them.
    public static let builtinNames: Set<String> = ["profile", "person", "site", "person_role", "signed_in", "."]
    /// Words conditions use, which would be misread as names.
    public static let reservedWords: Set<String> = ["and", "or", "not", "is", "has", "set", "when", "if", "else"]

    /// Parses and checks one file's text. A file over `Limits.maxFileBytes` is refused
    /// unread, with the one error.
    public static func check(_ text: String, file: String) -> (dialogue: Dialogue?, diagnostics: [Diagnostic]) {
        if let tooLarge = checkSize(text, file: file) { return (nil, [tooLarge]) }
        let parsed = DialogueParser.parse(text, file: file)
        guard let dialogue = parsed.dialogue else { return (nil, parsed.diagnostics.sortedByLocation) }
        let all = parsed.diagnostics + check(dialogue)
        return (all.hasErrors ? nil : dialogue, all.sortedByLocation)
    }

    /// The error for a file longer than `Limits.maxFileBytes`, placed at the character where
    /// the limit is passed, so the author can see how much is too much.
    static func checkSize(_ text: String, file: String) -> Diagnostic? {
        let size = text.utf8.count
        guard size > Limits.maxFileBytes else { return nil }
        var line = 1, column = 1, bytes = 0
        for character in text {
            bytes += character.utf8.count
            if bytes > Limits.maxFileBytes { break }
            if character == "\n" || character == "\r\n" { line += 1; column = 1 } else { column += 1 }
        }
        return .error(SourceLocation(file: file, line: line, column: column),
                      "the file is \(size) bytes, more than the limit of 1 MiB (\(Limits.maxFileBytes) bytes); the limit is passed here",
                      hint: "split it into dialogues of their own, each in its own file")
    }

    /// Checks what only a set of dialogues shows: a dialogue id used by two files.
    /// (Each file's own checks are `check(_:file:)`.)
    public static func check(_ dialogues: [Dialogue]) -> [Diagnostic] {
        var seen: [String: Dialogue] = [:]
        var found: [Diagnostic] = []
        for dialogue in dialogues {
            if let first = seen[dialogue.id] {
                found.append(.error(dialogue.location, "dialogue id '\(dialogue.id)' is also used by \(first.file)",
                                    hint: "give each dialogue file its own id"))
            } else {
                seen[dialogue.id] = dialogue
            }
        }
        return found
    }

    public static func check(_ dialogue: Dialogue) -> [Diagnostic] {
        var found: [Diagnostic] = []
        found += checkFileName(dialogue)
        found += checkIds(dialogue)
        found += checkFlow(dialogue)
        found += checkQuestions(dialogue)
        found += checkReferences(dialogue)
        found += checkPaths(dialogue)
        return found
    }

    static func checkFileName(_ dialogue: Dialogue) -> [Diagnostic] {
        let base = dialogue.file.split(separator: "/").last.map(String.init) ?? dialogue.file
        let expected = "\(dialogue.id).\(DialogueParser.fileExtension)"
        guard base.hasSuffix(".\(DialogueParser.fileExtension)"), base != expected else { return [] }
        return [.warning(dialogue.location, "the file is named '\(base)' but the dialogue id is '\(dialogue.id)'",
                         hint: "name the file '\(expected)' so people can find it")]
    }

    // MARK: Ids

    static func checkIds(_ dialogue: Dialogue) -> [Diagnostic] {
        var found: [Diagnostic] = []
        var ids: [String: SourceLocation] = [:]
        func claim(_ id: String, _ location: SourceLocation, _ what: String) {
            if reservedWords.contains(id.lowercased()) {
                found.append(.error(location, "'\(id)' is a word of the condition language and cannot be used as \(what)",
                                    hint: "choose another name; these words are reserved: " + reservedWords.sorted().joined(separator: ", ")))
            } else if builtinNames.contains(id) {
                found.append(.error(location, "'\(id)' is a built-in name and cannot be used as \(what)",
                                    hint: "choose another name; 'profile', 'person', 'site', 'person_role' and 'signed_in' are read by every dialogue"))
            } else if let first = ids[id] {
                found.append(.error(location, "the id '\(id)' is already used at line \(first.line)",
                                    hint: "give each question, repeated group and document its own id"))
            } else {
                ids[id] = location
            }
        }
        for question in dialogue.questions { claim(question.id, question.location, "a question id") }
        for group in dialogue.repeatGroups { claim(group.id, group.location, "a repeated group id") }
        for document in dialogue.documents { claim(document.name, document.location, "a document name") }
        var sections: [String: SourceLocation] = [:]
        for section in dialogue.sections {
            if section.name == "end" {
                found.append(.error(section.location, "'end' is reserved: 'go to end' finishes the dialogue",
                                    hint: "name the section something else, e.g. 'wrap-up'"))
            } else if let first = sections[section.name] {
                found.append(.error(section.location, "section '\(section.name)' is already defined at line \(first.line)",
                                    hint: "give each section its own name"))
            } else {
                sections[section.name] = section.location
            }
        }
        return found
    }

    // MARK: Flow

    static func checkFlow(_ dialogue: Dialogue) -> [Diagnostic] {
        var found: [Diagnostic] = []
        guard !dialogue.sections.isEmpty else { return found }
        let names = Set(dialogue.sections.map(\.name))
        // Section graph: -1 stands for the end of the dialogue.
        var edges: [[Int]] = []
        let index = Dictionary(dialogue.sections.enumerated().map { ($1.name, $0) }, uniquingKeysWith: { first, _ in first })
        for (n, section) in dialogue.sections.enumerated() {
            var targets: [Int] = []
            Dialogue.walk(section.body) { statement in
                switch statement {
                case .goTo(let target, _, let location):
                    if target == "end" { targets.append(-1) }
                    else if let i = index[target] { targets.append(i) }
                    else {
                        // Counted as reaching the end, so one typo is one error, not three.
                        targets.append(-1)
                        let suggestion = closest(to: target, in: names)
                        found.append(.error(location, "'go to \(target)' names no section of this dialogue",
                                            hint: suggestion.map { "did you mean '\($0)'? Sections: " + dialogue.sections.map(\.name).joined(separator: ", ") }
                                                ?? "add 'section \(target)' or use 'go to end'"))
                    }
                case .finish: targets.append(-1)
                default: break
                }
            }
            if !(section.body.last?.alwaysLeaves ?? false) { targets.append(n + 1 < dialogue.sections.count ? n + 1 : -1) }
            edges.append(targets)
            found += unreachableStatements(section.body)
        }
        // Sections reached from the first one.
        var reached: Set<Int> = [0]
        var queue = [0]
        while let next = queue.popLast() {
            for target in edges[next] where target >= 0 && reached.insert(target).inserted { queue.append(target) }
        }
        for (n, section) in dialogue.sections.enumerated() where !reached.contains(n) {
            found.append(.error(section.location, "section '\(section.name)' is never reached",
                                hint: "the section before it always leaves and no 'go to \(section.name)' leads here; add one or remove the section"))
        }
        // Sections from which the end can be reached, walking edges backwards from the end
        // (each edge once: a pass over all sections until nothing changes would take one
        // pass per section in a long chain of them).
        var sources: [[Int]] = Array(repeating: [], count: edges.count)
        var finishes: Set<Int> = []
        var backward: [Int] = []
        for (n, targets) in edges.enumerated() {
            for target in targets {
                if target >= 0 { sources[target].append(n) } else if finishes.insert(n).inserted { backward.append(n) }
            }
        }
        while let next = backward.popLast() {
            for source in sources[next] where finishes.insert(source).inserted { backward.append(source) }
        }
        for (n, section) in dialogue.sections.enumerated() where reached.contains(n) && !finishes.contains(n) {
            found.append(.error(section.location, "dead end: from section '\(section.name)' the dialogue can never finish",
                                hint: "its 'go to' lines only lead back into a loop; add a way out, such as 'go to end' or a conditional 'go to'"))
        }
        return found
    }

    /// Statements placed after one that always leaves its block.
    static func unreachableStatements(_ statements: [Statement]) -> [Diagnostic] {
        var found: [Diagnostic] = []
        for (n, statement) in statements.enumerated() {
            if statement.alwaysLeaves, n + 1 < statements.count {
                let next = statements[n + 1]
                found.append(.error(next.location, "this is never reached: line \(statement.location.line) always leaves before it",
                                    hint: "move it above line \(statement.location.line), or make that 'go to' conditional with 'when'"))
            }
            switch statement {
            case .ifBlock(_, let then, let otherwise, _):
                found += unreachableStatements(then) + unreachableStatements(otherwise)
            case .repeatGroup(let group):
                found += unreachableStatements(group.body)
                Dialogue.walk(group.body) { inner in
                    if case .goTo(_, _, let location) = inner {
                        found.append(.error(location, "'go to' cannot leave a repeated group part way through an item",
                                            hint: "use 'if' inside the group to skip its questions instead"))
                    }
                }
            default: break
            }
        }
        return found
    }

    /// The name nearest to `word` when it is near enough to be a likely typo; ties go to
    /// the alphabetically first, so the hint is the same on every run.
    static func closest(to word: String, in names: some Collection<String>) -> String? {
        let limit = max(2, word.count / 3)
        let length = word.count
        // The distance is at least the difference in length: skip names that cannot be near.
        return names.filter { abs($0.count - length) <= limit }.sorted()
            .map { ($0, distance($0, word)) }.filter { $0.1 <= limit }.min { $0.1 < $1.1 }?.0
    }

    /// Edit distance, for "did you mean" hints.
    static func distance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        var row = Array(0...b.count)
        for i in 1...max(a.count, 1) where !a.isEmpty {
            var previous = row[0]
            row[0] = i
            for j in 1...max(b.count, 1) where !b.isEmpty {
                let old = row[j]
                row[j] = min(row[j] + 1, row[j - 1] + 1, previous + (a[i - 1] == b[j - 1] ? 0 : 1))
                previous = old
            }
        }
        return row[b.count]
    }

    // MARK: Questions

    static func checkQuestions(_ dialogue: Dialogue) -> [Diagnostic] {
        var found: [Diagnostic] = []
        for question in dialogue.questions {
            if question.kind.hasOptions && question.options.isEmpty && question.optionsFrom.isEmpty {
                found.append(.error(question.location, "choice question '\(question.id)' has no options",
                                    hint: "add lines 'option KEY: Label' under it, or 'options from: NAME'"))
            }
            if let text = question.defaultValue?.literalText, question.optionsFrom.isEmpty {
                let options = question.options.map { (key: $0.key, label: $0.label) }
                if case .failure(let rejection) = AnswerParser.parse(text, for: question, options: options) {
                    found.append(.error(question.location, "the default '\(text)' of '\(question.id)' would be refused: \(rejection.message)",
                                        hint: rejection.expected))
                }
            }
        }
        for group in dialogue.repeatGroups {
            Dialogue.walk(group.body) { statement in
                if case .ask(let q) = statement, let save = q.save {
                    found.append(.error(q.location, "'save: \(save.joined(separator: "."))' is not used inside a repeated group",
                                        hint: "inside a group the question id is the field name in each item; put 'save' on the 'repeat' instead"))
                }
                if case .document(let d) = statement {
                    found.append(.error(d.location, "a document cannot be inside a repeated group", hint: "move it after the group"))
                }
            }
        }
        return found
    }

    // MARK: Names

    static func checkReferences(_ dialogue: Dialogue) -> [Diagnostic] {
        var found: [Diagnostic] = []
        let topLevel = Set(dialogue.questions.map(\.id) + dialogue.repeatGroups.map(\.id))
        var groupFields: [String: Set<String>] = [:]
        var fieldGroup: [String: String] = [:]
        for group in dialogue.repeatGroups {
            var fields: Set<String> = []
            Dialogue.walk(group.body) { if case .ask(let q) = $0 { fields.insert(q.id); fieldGroup[q.id] = group.id } }
            groupFields[group.id] = fields
        }

        func check(_ reference: Reference, loops: [Reference], inGroup: String?) {
            for name in reference.dynamicNames {
                check(Reference(parts: [name], location: reference.location), loops: loops, inGroup: inGroup)
            }
            let root = reference.root
            if builtinNames.contains(root) { return }
            // A loop over something other than a repeated group may hold any field.
            for loop in loops {
                if let fields = groupFields[loop.root], loop.parts.count == 1 {
                    if fields.contains(root) { return }
                } else {
                    return
                }
            }
            if let inGroup, groupFields[inGroup]?.contains(root) == true { return }
            if let group = fieldGroup[root] {
                found.append(.error(reference.location, "'\(root)' is asked inside repeated group '\(group)' and has no single value here",
                                    hint: "read it in a loop: '{{#each \(group)}}{{\(root)}}{{/each}}'"))
                return
            }
            if topLevel.contains(root) { return }
            let suggestion = closest(to: root, in: topLevel.union(groupFields[inGroup ?? ""] ?? []))
            let hint = suggestion.map { "did you mean '\($0)'?" }
                ?? "name a question id of this dialogue, or a profile value as 'profile.PATH'"
            found.append(.error(reference.location, "'\(reference)' names an answer that no question sets", hint: hint))
        }

        /// The answers a path's `{name}` segments read.
        func pathNames(_ path: [String]?, _ location: SourceLocation) -> [Reference] {
            (path ?? []).flatMap { ProfilePath.names(in: $0) ?? [] }.map { Reference(parts: [$0], location: location) }
        }

        func visit(_ statements: [Statement], inGroup: String?) {
            for statement in statements {
                var templates: [Template] = []
                var conditions: [Condition] = []
                switch statement {
                case .say(let t, _): templates = [t]
                case .ask(let q):
                    templates = q.templates
                    conditions = q.condition.map { [$0] } ?? []
                    for from in q.optionsFrom { check(from, loops: [], inGroup: inGroup) }
                    pathNames(q.save, q.location).forEach { check($0, loops: [], inGroup: inGroup) }
                case .ifBlock(let c, let then, let otherwise, _):
                    conditions = [c]
                    visit(then, inGroup: inGroup)
                    visit(otherwise, inGroup: inGroup)
                case .goTo(_, let c, _): conditions = c.map { [$0] } ?? []
                case .repeatGroup(let g):
                    templates = [g.prompt] + (g.help.map { [$0] } ?? [])
                    pathNames(g.save, g.location).forEach { check($0, loops: [], inGroup: nil) }
                    visit(g.body, inGroup: g.id)
                case .document(let d):
                    templates = [d.title, d.template]
                    pathNames(d.save, d.location).forEach { check($0, loops: [], inGroup: inGroup) }
                case .set(let path, let t, let c, let location):
                    templates = [t]
                    pathNames(path, location).forEach { check($0, loops: [], inGroup: inGroup) }
                    conditions = c.map { [$0] } ?? []
                case .finish: break
                }
                for condition in conditions {
                    for r in condition.references { check(r, loops: [], inGroup: inGroup) }
                }
                for template in templates {
                    for (r, loops) in template.references() { check(r, loops: loops, inGroup: inGroup) }
                    // A view is Markdown: only a document's body is read as Markdown.
                    if case .document(let d) = statement, template == d.template { continue }
                    for (view, location) in template.views {
                        found.append(.error(location, "'{{> \(view.rawValue)}}' can be used only in a document's template",
                                            hint: "write it under 'template:' of a 'document'; a view is Markdown, which 'say' and prompts show as typed"))
                    }
                }
            }
        }
        for section in dialogue.sections { visit(section.body, inGroup: nil) }
        return found
    }

    // MARK: Profile paths

    static func checkPaths(_ dialogue: Dialogue) -> [Diagnostic] {
        var writers: [(path: [String], location: SourceLocation, what: String, exclusive: Bool)] = []
        for question in dialogue.questions {
            if let save = question.save { writers.append((save, question.location, "question '\(question.id)'", true)) }
        }
        for group in dialogue.repeatGroups {
            if let save = group.save { writers.append((save, group.location, "repeated group '\(group.id)'", true)) }
        }
        for document in dialogue.documents {
            if let save = document.save { writers.append((save, document.location, "document '\(document.name)'", true)) }
        }
        Dialogue.walk(dialogue.sections.flatMap(\.body)) { statement in
            if case .set(let path, _, _, let location) = statement { writers.append((path, location, "'set'", false)) }
        }
        // Every writer is compared with the earlier ones whose path equals its own or holds
        // it or is held by it. They are found in a tree of path parts instead of by comparing
        // every pair, which took minutes for a file of 20,000 questions that save.
        var tree = PathTree()
        var found: [Diagnostic] = []
        for (i, a) in writers.enumerated() {
            var clashes: [Int] = []
            var node = 0
            for (depth, part) in a.path.enumerated() {
                guard let child = tree.nodes[node].children[part] else { node = -1; break }
                node = child
                // Earlier paths that end here hold a value where `a` needs a group.
                if depth < a.path.count - 1 { clashes += tree.nodes[node].ending }
            }
            if node >= 0 {
                // The same path: a clash when either writer is a question, group or document.
                clashes += a.exclusive ? tree.nodes[node].ending : tree.nodes[node].endingExclusive
                // Earlier, longer paths inside `a`'s.
                clashes += tree.writers(below: node)
            }
            for j in clashes.sorted() {
                let b = writers[j]
                if a.path == b.path {
                    found.append(.error(a.location, "profile path '\(a.path.joined(separator: "."))' is also written by \(b.what) at line \(b.location.line)",
                                        hint: "give each answer its own path, e.g. '\(a.path.joined(separator: "."))_2'"))
                } else {
                    let (outer, inner) = a.path.count < b.path.count ? (a, b) : (b, a)
                    found.append(.error(a.location, "profile paths clash: '\(outer.path.joined(separator: "."))' (\(outer.what)) holds a value where '\(inner.path.joined(separator: "."))' (\(inner.what)) needs a group",
                                        hint: "save one of them somewhere else, e.g. '\(outer.path.joined(separator: ".")).value'"))
                }
            }
            tree.insert(a.path, writer: i, exclusive: a.exclusive)
        }
        return found
    }

    /// Profile paths as a tree of their parts, each node knowing the writers whose path ends
    /// there, for `checkPaths`.
    struct PathTree {
        struct Node {
            var children: [String: Int] = [:]
            /// Writers whose path ends here, in order.
            var ending: [Int] = []
            /// The exclusive ones among them (questions, groups, documents).
            var endingExclusive: [Int] = []
        }

        var nodes = [Node()]

        mutating func insert(_ path: [String], writer: Int, exclusive: Bool) {
            var node = 0
            for part in path {
                if let child = nodes[node].children[part] {
                    node = child
                } else {
                    nodes.append(Node())
                    nodes[node].children[part] = nodes.count - 1
                    node = nodes.count - 1
                }
            }
            nodes[node].ending.append(writer)
            if exclusive { nodes[node].endingExclusive.append(writer) }
        }

        /// Writers whose path goes on below `node` (not those ending at it), found with a
        /// stack of its own. Every node below has a writer ending at or under it, and each
        /// such writer clashes, so the walk costs no more than the errors it finds.
        func writers(below node: Int) -> [Int] {
            var found: [Int] = []
            var pending = Array(nodes[node].children.values)
            while let next = pending.popLast() {
                found += nodes[next].ending
                pending += nodes[next].children.values
            }
            return found
        }
    }
}
