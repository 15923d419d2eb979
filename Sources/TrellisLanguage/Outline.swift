/// The first pass over a dialogue file: lines grouped by indentation into a tree, with
/// comments and blank lines dropped, and the text under block openers (`template:`, or
/// `say:` with nothing after the colon) kept raw for the template parser.
///
/// Keeping this pass separate lets the parser deal only in keywords and children, and lets
/// indentation mistakes be reported once, at their line.
struct Outline {
    struct Node {
        let file: String
        let line: Int
        let indent: Int
        /// The line's text after its indentation, trailing spaces removed.
        let text: String
        var children: [Node] = []
        /// For block openers: the lines under it, with their locations.
        var raw: [TemplateParser.Line]?
        /// The first word: `ask`, `say`, `section`…, lowercased. Worked out once with the
        /// colon's place, since the parser asks for them many times a line.
        let keyword: String
        private let colonIndex: String.Index?

        init(file: String, line: Int, indent: Int, text: String) {
            self.file = file
            self.line = line
            self.indent = indent
            self.text = text
            keyword = String(text.prefix { $0 != " " && $0 != ":" }).lowercased()
            colonIndex = text.firstIndex(of: ":")
        }

        var location: SourceLocation { SourceLocation(file: file, line: line, column: indent + 1) }
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
    /// The first line left out because it is indented more than `Limits.maxOutlineDepth`
    /// levels deep (see there: a file reaching it always has an error reported above it).
    var firstDroppedLine: SourceLocation?

    /// Builds the tree. `isBlockOpener` says which lines take the lines under them as raw text.
    init(text: String, file: String, isBlockOpener: @escaping (Node) -> Bool) {
        // Split on the byte "\n" (a line feed is always a character of its own, or the end of
        // "\r\n"), which is several times faster than splitting on Characters, then drop the
        // "\r" of a CRLF line end.
        var lines = text.utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).map { line -> String in
            String(decoding: line.last == UInt8(ascii: "\r") ? line.dropLast() : line, as: UTF8.self)
        }
        if lines.last == "" { lines.removeLast() }
        var builder = Builder(lines: lines, file: file, isBlockOpener: isBlockOpener)
        nodes = builder.parse(minimumIndent: 0, depth: 1)
        diagnostics = builder.diagnostics
        firstDroppedLine = builder.firstDroppedLine
    }

    private struct Builder {
        let lines: [String]
        let file: String
        let isBlockOpener: (Node) -> Bool
        var index = 0
        var diagnostics: [Diagnostic] = []
        var firstDroppedLine: SourceLocation?

        init(lines: [String], file: String, isBlockOpener: @escaping (Node) -> Bool) {
            self.lines = lines
            self.file = file
            self.isBlockOpener = isBlockOpener
        }

        /// The spaces and tabs starting `line`, and the byte after them. Counting bytes gives
        /// the same as counting Characters when that byte is ASCII (nothing can join it to the
        /// space before), which is all but never otherwise; this runs for every line.
        func leadingBlanks(_ line: String) -> (count: Int, next: UInt8?) {
            var count = 0
            for byte in line.utf8 {
                guard byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") else { return (count, byte) }
                count += 1
            }
            return (count, nil)
        }

        func indent(of line: String) -> Int {
            let blanks = leadingBlanks(line)
            if let next = blanks.next, next >= 0x80 { return line.prefix { $0 == " " || $0 == "\t" }.count }
            return blanks.count
        }

        func isSkippable(_ line: String) -> Bool {
            let blanks = leadingBlanks(line)
            guard let next = blanks.next else { return true }
            if next < 0x80 { return next == UInt8(ascii: "#") }
            let trimmed = line.trimmingSpaces
            return trimmed.isEmpty || trimmed.hasPrefix("#")
        }

        /// The nodes from `index` on that are indented at least `minimumIndent`; `depth` is
        /// their level in the tree (1 for the top of the file). Recursion is one call per
        /// level, at most `Limits.maxOutlineDepth`.
        mutating func parse(minimumIndent: Int, depth: Int) -> [Node] {
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
                } else if depth >= Limits.maxOutlineDepth {
                    dropLines(below: indent)
                } else {
                    node.children = parse(minimumIndent: indent + 1, depth: depth + 1)
                }
                nodes.append(node)
            }
            return nodes
        }

        /// Skips every following line that is blank or indented deeper than `indent`,
        /// remembering where the first was.
        mutating func dropLines(below indent: Int) {
            while index < lines.count {
                let line = lines[index]
                if isSkippable(line) { index += 1; continue }
                let lineIndent = self.indent(of: line)
                guard lineIndent > indent else { break }
                if firstDroppedLine == nil { firstDroppedLine = SourceLocation(file: file, line: index + 1, column: lineIndent + 1) }
                index += 1
            }
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
