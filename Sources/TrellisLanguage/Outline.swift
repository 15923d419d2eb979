/// The first pass over a dialogue file: lines grouped by indentation into a tree, with
/// comments and blank lines dropped, and the text under block openers (`template:`, or
/// `say:` with nothing after the colon) kept raw for the template parser.
///
/// Keeping this pass separate lets the parser deal only in keywords and children, and lets
/// indentation mistakes be reported once, at their line.
struct Outline {
    struct Node {
        var file: String
        var line: Int
        var indent: Int
        /// The line's text after its indentation, trailing spaces removed.
        var text: String
        var children: [Node] = []
        /// For block openers: the lines under it, with their locations.
        var raw: [TemplateParser.Line]?

        var location: SourceLocation { SourceLocation(file: file, line: line, column: indent + 1) }

        /// The first word: `ask`, `say`, `section`….
        var keyword: String { String(text.prefix { $0 != " " && $0 != ":" }).lowercased() }

        private var colonIndex: String.Index? { text.firstIndex(of: ":") }
        var hasColon: Bool { colonIndex != nil }

        /// The words between the keyword and the colon (`site_name` in `ask site_name: text`).
        var argument: String {
            let head = colonIndex.map { text[..<$0] } ?? Substring(text)
            return String(head.dropFirst(keyword.count)).trimmingSpaces
        }

        var argumentLocation: SourceLocation {
            let afterKeyword = text.dropFirst(keyword.count)
            return location.shifted(by: keyword.count + afterKeyword.prefix { $0 == " " }.count)
        }

        /// Everything after the keyword, with no colon split (for `if` and `go to` lines).
        var rest: String {
            var rest = String(text.dropFirst(keyword.count)).trimmingSpaces
            if rest.hasSuffix(":") { rest = String(rest.dropLast()).trimmingSpaces }
            return rest
        }

        /// The text after the first colon.
        var value: String {
            guard let colonIndex else { return "" }
            return String(text[text.index(after: colonIndex)...]).trimmingSpaces
        }

        var valueLocation: SourceLocation {
            guard let colonIndex else { return location.shifted(by: text.count) }
            let after = text[text.index(after: colonIndex)...]
            return location.shifted(by: text.distance(from: text.startIndex, to: colonIndex) + 1 + after.prefix { $0 == " " }.count)
        }
    }

    var nodes: [Node]
    var diagnostics: [Diagnostic]

    /// Builds the tree. `isBlockOpener` says which lines take the lines under them as raw text.
    init(text: String, file: String, isBlockOpener: @escaping (Node) -> Bool) {
        // "\r\n" is one Character in Swift, so split on both forms.
        var lines = text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }).map { line -> String in
            line.hasSuffix("\r") ? String(line.dropLast()) : String(line)
        }
        if lines.last == "" { lines.removeLast() }
        var builder = Builder(lines: lines, file: file, isBlockOpener: isBlockOpener)
        nodes = builder.parse(minimumIndent: 0)
        diagnostics = builder.diagnostics
    }

    private struct Builder {
        let lines: [String]
        let file: String
        let isBlockOpener: (Node) -> Bool
        var index = 0
        var diagnostics: [Diagnostic] = []

        init(lines: [String], file: String, isBlockOpener: @escaping (Node) -> Bool) {
            self.lines = lines
            self.file = file
            self.isBlockOpener = isBlockOpener
        }

        func indent(of line: String) -> Int { line.prefix { $0 == " " || $0 == "\t" }.count }

        func isSkippable(_ line: String) -> Bool {
            let trimmed = line.trimmingSpaces
            return trimmed.isEmpty || trimmed.hasPrefix("#")
        }

        mutating func parse(minimumIndent: Int) -> [Node] {
            var nodes: [Node] = []
            var blockIndent: Int?
            while index < lines.count {
                let line = lines[index]
                if isSkippable(line) { index += 1; continue }
                let indent = indent(of: line)
                if indent < minimumIndent { break }
                if line.prefix(indent).contains("\t") {
                    diagnostics.append(.error(SourceLocation(file: file, line: index + 1, column: 1),
                                              "a tab is used for indentation", hint: "indent with spaces only (two per level reads well)"))
                }
                if let blockIndent, indent != blockIndent {
                    diagnostics.append(.error(SourceLocation(file: file, line: index + 1, column: indent + 1),
                                              "this line's indentation does not line up with the lines above it",
                                              hint: "indent it by \(blockIndent) spaces to continue the block, or less to end it"))
                }
                if blockIndent == nil { blockIndent = indent }
                var trimmedText = String(line.dropFirst(indent))
                while trimmedText.hasSuffix(" ") || trimmedText.hasSuffix("\t") { trimmedText.removeLast() }
                var node = Node(file: file, line: index + 1, indent: indent, text: trimmedText)
                index += 1
                if isBlockOpener(node) {
                    node.raw = collectRaw(below: indent)
                } else {
                    node.children = parse(minimumIndent: indent + 1)
                }
                nodes.append(node)
            }
            return nodes
        }

        /// Takes every following line that is blank or indented deeper than `indent`,
        /// removing the common indentation and trailing blank lines.
        mutating func collectRaw(below indent: Int) -> [TemplateParser.Line] {
            var taken: [(String, Int)] = []
            while index < lines.count {
                let line = lines[index]
                if line.trimmingSpaces.isEmpty || self.indent(of: line) > indent {
                    taken.append((line, index + 1))
                    index += 1
                } else {
                    break
                }
            }
            while let last = taken.last, last.0.trimmingSpaces.isEmpty { taken.removeLast() }
            let common = taken.filter { !$0.0.trimmingSpaces.isEmpty }.map { self.indent(of: $0.0) }.min() ?? 0
            return taken.map { line, number in
                let body = line.trimmingSpaces.isEmpty ? "" : String(line.dropFirst(common))
                return TemplateParser.Line(body, at: SourceLocation(file: file, line: number, column: common + 1))
            }
        }
    }
}
