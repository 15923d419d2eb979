/// A picture of a dialogue's flow, as Graphviz DOT: its sections as boxes, and in them the
/// questions, branches (`if`, `go to … when`), repeated groups, documents and ends, joined in
/// the order a conversation can take them. What no conversation can reach is drawn grey and
/// dashed. `say` and `set` lines are left out: they do not change the way through.
///
/// Built from the parsed statements (not the engine's program) so each node keeps the words and
/// the line it came from.
public struct DialogueGraph: Sendable {
    public struct Node: Sendable, Equatable {
        public enum Shape: String, Sendable { case question = "box", branch = "diamond", repeatGroup = "box3d", document = "note", end = "doublecircle", start = "circle" }
        public var id: Int
        public var label: String
        public var shape: Shape
        public var section: String?
        public var line: Int
    }

    public struct Edge: Sendable, Equatable {
        public var from: Int
        public var to: Int
        public var label: String
    }

    public private(set) var nodes: [Node] = []
    public private(set) var edges: [Edge] = []
    public private(set) var reachable: Set<Int> = []
    let title: String

    /// Loose ends waiting for the next node: (node, edge label).
    typealias Ends = [(Int, String)]

    public init(_ dialogue: Dialogue) {
        title = dialogue.title
        let start = add("start", .start, section: nil, line: dialogue.location.line)
        var sectionEntry: [String: Int] = [:]
        var gotos: [(from: Int, label: String, target: String)] = []
        var ends: Ends = [(start, "")]
        for section in dialogue.sections {
            // A section's entry is a placeholder filled by its first node; go-to edges aim at it.
            let firstIndex = nodes.count
            ends = build(section.body, section: section.name, from: ends, gotos: &gotos)
            sectionEntry[section.name] = firstIndex < nodes.count ? firstIndex : nil
            if sectionEntry[section.name] == nil {
                // A section with nothing drawn in it: an empty marker keeps go to's aimed at it.
                let marker = add("section \(section.name)", .question, section: section.name, line: section.location.line)
                connect(ends, to: marker)
                ends = [(marker, "")]
                sectionEntry[section.name] = marker
            }
        }
        let end = add("end", .end, section: nil, line: dialogue.location.line)
        connect(ends, to: end)
        // `go to end` finishes the dialogue.
        if sectionEntry["end"] == nil { sectionEntry["end"] = end }
        for jump in gotos {
            if let target = sectionEntry[jump.target] { edges.append(Edge(from: jump.from, to: target, label: jump.label)) }
        }
        reachable = Self.reach(from: start, edges: edges)
    }

    @discardableResult
    mutating func add(_ label: String, _ shape: Node.Shape, section: String?, line: Int) -> Int {
        nodes.append(Node(id: nodes.count, label: label, shape: shape, section: section, line: line))
        return nodes.count - 1
    }

    mutating func connect(_ ends: Ends, to node: Int) {
        for (from, label) in ends { edges.append(Edge(from: from, to: node, label: label)) }
    }

    /// Draws `statements` after `ends`; returns the loose ends they leave.
    mutating func build(_ statements: [Statement], section: String, from ends: Ends, gotos: inout [(from: Int, label: String, target: String)]) -> Ends {
        var ends = ends
        for statement in statements {
            switch statement {
            case .say, .set:
                continue
            case .ask(let q):
                let label = q.id + ": " + Self.short(q.prompt.literalText ?? Self.templateText(q.prompt)) + (q.condition.map { "\n(when " + Self.text($0) + ")" } ?? "")
                let node = add(label, .question, section: section, line: q.location.line)
                connect(ends, to: node)
                // A question with `when:` may be passed over: the flow also goes around it.
                ends = [(node, "")] + (q.condition != nil ? ends.map { ($0.0, $0.1.isEmpty ? "not asked" : $0.1) } : [])
            case .ifBlock(let condition, let then, let otherwise, let location):
                // A branch that only says things, or sets them, does not change the way through.
                guard Self.draws(then) || Self.draws(otherwise) else { continue }
                let node = add("if " + Self.text(condition), .branch, section: section, line: location.line)
                connect(ends, to: node)
                let yes = build(then, section: section, from: [(node, "yes")], gotos: &gotos)
                let no = otherwise.isEmpty ? [(node, "no")] : build(otherwise, section: section, from: [(node, "no")], gotos: &gotos)
                ends = yes + no
            case .goTo(let target, let condition, let location):
                let node = add("go to " + target + (condition.map { " when " + Self.text($0) } ?? ""), .branch, section: section, line: location.line)
                connect(ends, to: node)
                gotos.append((node, condition == nil ? "" : "yes", target))
                ends = condition == nil ? [] : [(node, "no")]
            case .repeatGroup(let group):
                let node = add("repeat " + group.id + (group.minimum == 0 ? "\n(may have none)" : ""), .repeatGroup, section: section, line: group.location.line)
                connect(ends, to: node)
                let bodyFirst = nodes.count
                let body = build(group.body, section: section, from: [(node, "an item")], gotos: &gotos)
                // "Add another?": yes goes round again, no leaves the group.
                if bodyFirst < nodes.count {
                    for (from, _) in body { edges.append(Edge(from: from, to: bodyFirst, label: "another")) }
                }
                ends = body.map { ($0.0, "no more") } + (group.minimum == 0 ? [(node, "none")] : [])
            case .document(let d):
                let node = add("document " + d.name, .document, section: section, line: d.location.line)
                connect(ends, to: node)
                ends = [(node, "")]
            case .finish(let location):
                let node = add("finish", .end, section: section, line: location.line)
                connect(ends, to: node)
                ends = []
            }
        }
        return ends
    }

    /// Whether any of `statements` is drawn (anything but `say` and `set`).
    static func draws(_ statements: [Statement]) -> Bool {
        statements.contains { statement in
            switch statement {
            case .say, .set: return false
            case .ifBlock(_, let then, let otherwise, _): return draws(then) || draws(otherwise)
            default: return true
            }
        }
    }

    static func reach(from start: Int, edges: [Edge]) -> Set<Int> {
        var next: [Int: [Int]] = [:]
        for e in edges { next[e.from, default: []].append(e.to) }
        var seen: Set<Int> = [start]
        var stack = [start]
        while let n = stack.popLast() {
            for m in next[n] ?? [] where seen.insert(m).inserted { stack.append(m) }
        }
        return seen
    }

    /// A condition as it would be written (brackets only where they are needed).
    static func text(_ condition: Condition) -> String {
        switch condition {
        case .truthy(let r): return r.description
        case .isSet(let r): return r.description + " is set"
        case .compare(let r, let op, let literal):
            let value = literal.text.contains(" ") || literal.text.isEmpty ? "\"" + literal.text + "\"" : literal.text
            return r.description + " " + op.rawValue + " " + value
        case .not(.isSet(let r)): return r.description + " is not set"
        case .not(let inner): return "not " + bracketed(inner)
        case .and(let a, let b): return bracketed(a, in: .and) + " and " + bracketed(b, in: .and)
        case .or(let a, let b): return bracketed(a, in: .or) + " or " + bracketed(b, in: .or)
        }
    }

    enum Join { case and, or, none }

    static func bracketed(_ c: Condition, in join: Join = .none) -> String {
        switch (c, join) {
        case (.and, .and), (.or, .or), (.truthy, _), (.isSet, _), (.compare, _), (.not, _): return text(c)
        default: return "(" + text(c) + ")"
        }
    }

    static func short(_ text: String) -> String {
        let flat = text.split(whereSeparator: { $0 == "\n" }).joined(separator: " ")
        return flat.count > 60 ? String(flat.prefix(57)) + "…" : flat
    }

    /// A template's words with its placeholders as `{{name}}`, for a label.
    static func templateText(_ template: Template) -> String {
        template.parts.map { part -> String in
            switch part {
            case .text(let t): return t
            case .value(let r): return "{{" + r.description + "}}"
            default: return "…"
            }
        }.joined()
    }

    static func quoted(_ text: String) -> String {
        var out = "\""
        for c in text {
            switch c {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            default: out.append(c)
            }
        }
        return out + "\""
    }

    /// The graph as Graphviz DOT; `dot -Tsvg` draws it.
    public func dot() -> String {
        var out = "digraph dialogue {\n  label=\(Self.quoted(title)); labelloc=t; rankdir=TB;\n  node [fontname=\"Helvetica\", fontsize=10];\n  edge [fontname=\"Helvetica\", fontsize=9];\n"
        func line(_ node: Node) -> String {
            var attributes = "label=\(Self.quoted(node.label)), shape=\(node.shape.rawValue), tooltip=\(Self.quoted("line \(node.line)"))"
            if !reachable.contains(node.id) { attributes += ", style=dashed, color=grey, fontcolor=grey" }
            return "n\(node.id) [\(attributes)];\n"
        }
        var sections: [String] = []
        for node in nodes { if let s = node.section, !sections.contains(s) { sections.append(s) } }
        for node in nodes where node.section == nil { out += "  " + line(node) }
        for (index, section) in sections.enumerated() {
            out += "  subgraph cluster_\(index) {\n    label=\(Self.quoted("section " + section)); style=rounded;\n"
            for node in nodes where node.section == section { out += "    " + line(node) }
            out += "  }\n"
        }
        for edge in edges {
            out += "  n\(edge.from) -> n\(edge.to)" + (edge.label.isEmpty ? "" : " [label=\(Self.quoted(edge.label))]") + ";\n"
        }
        return out + "}\n"
    }
}
