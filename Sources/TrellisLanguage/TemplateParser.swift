/// Parses template text, line by line, into a `Template`, reporting unclosed or stray block
/// tags and bad placeholders at their `file:line:column`.
public enum TemplateParser {
    /// One line of template source and where its first character is in the file.
    public struct Line: Sendable {
        public var text: String
        public var location: SourceLocation
        public init(_ text: String, at location: SourceLocation) {
            self.text = text
            self.location = location
        }
    }

    private enum Token {
        case text(String)
        case tag(String, SourceLocation)
    }

    fileprivate struct Frame {
        enum Kind { case root, ifBlock(Condition), each(Reference) }
        var kind: Kind
        var opened: SourceLocation?
        var then: [Template.Part] = []
        var otherwise: [Template.Part] = []
        var inElse = false
        /// Opened by `{{else if …}}`: closed together with the `if` it continues.
        var continuesElse = false
        mutating func append(_ part: Template.Part) {
            if inElse { otherwise.append(part) } else { then.append(part) }
        }
    }

    public static func parse(_ lines: [Line]) -> Result<Template, Diagnostic> {
        var tokens: [Token] = []
        for (n, line) in lines.enumerated() {
            let isLast = n == lines.count - 1
            let trimmed = line.text.trimmingSpaces
            if isStandaloneBlockTag(trimmed) {
                let lead = line.text.prefix { $0 == " " }.count
                tokens.append(.tag(String(trimmed.dropFirst(2).dropLast(2)), line.location.shifted(by: lead)))
                continue
            }
            switch tokenize(line) {
            case .failure(let d): return .failure(d)
            case .success(let lineTokens): tokens += lineTokens
            }
            if !isLast { tokens.append(.text("\n")) }
        }
        // Blocks are kept on a stack of frames, not by recursion; the stack holds at most
        // `Limits.maxTemplateDepth` open blocks, which bounds the depth of the template's
        // parts for whoever walks them later (rendering, the linter).
        var stack = [Frame(kind: .root)]
        /// Text read since the last tag, joined into one part when the next tag (or the end)
        /// comes; appending it piece by piece to the last part would copy it each time.
        var text = ""
        func tooDeep(_ location: SourceLocation) -> Diagnostic? {
            guard stack.count > Limits.maxTemplateDepth else { return nil }
            return .error(location, "this block is nested too deeply: more than \(Limits.maxTemplateDepth) '{{#if}}', '{{#each}}' and '{{else if}}' blocks are open here",
                          hint: "write the text more simply: put an 'if' statement around the 'say', or join the tests with 'and' in one '{{#if …}}'")
        }
        for token in tokens {
            switch token {
            case .text(let piece):
                text += piece
            case .tag(let raw, let location):
                if !text.isEmpty {
                    stack[stack.count - 1].append(.text(text))
                    text = ""
                }
                let content = raw.trimmingSpaces
                let contentLocation = location.shifted(by: 2 + raw.prefix { $0 == " " }.count)
                if content.hasPrefix("#if ") || content.hasPrefix("#each ") {
                    let isIf = content.hasPrefix("#if ")
                    let afterKeyword = content.dropFirst(isIf ? 4 : 6)
                    let argument = afterKeyword.trimmingSpaces
                    let argumentLocation = contentLocation.shifted(by: (isIf ? 4 : 6) + afterKeyword.prefix { $0 == " " }.count)
                    if let d = tooDeep(location) { return .failure(d) }
                    if isIf {
                        switch ConditionParser.parse(argument, at: argumentLocation) {
                        case .failure(let d): return .failure(d)
                        case .success(let c): stack.append(Frame(kind: .ifBlock(c), opened: location))
                        }
                    } else {
                        guard let r = Reference.parse(argument, at: argumentLocation) else {
                            return .failure(.error(argumentLocation, "'\(argument)' is not a name to loop over",
                                                   hint: "write '{{#each partners}}' with a repeated group id or a profile list"))
                        }
                        stack.append(Frame(kind: .each(r), opened: location))
                    }
                } else if content.hasPrefix("else if ") {
                    guard case .ifBlock = stack[stack.count - 1].kind, !stack[stack.count - 1].inElse else {
                        return .failure(.error(location, "'{{else if …}}' is not inside an '{{#if …}}'",
                                               hint: "use '{{else if …}}' between '{{#if …}}' and '{{else}}' or '{{/if}}'"))
                    }
                    if let d = tooDeep(location) { return .failure(d) }
                    let afterKeyword = content.dropFirst(8)
                    let argumentLocation = contentLocation.shifted(by: 8 + afterKeyword.prefix { $0 == " " }.count)
                    switch ConditionParser.parse(afterKeyword.trimmingSpaces, at: argumentLocation) {
                    case .failure(let d): return .failure(d)
                    case .success(let c):
                        stack[stack.count - 1].inElse = true
                        var frame = Frame(kind: .ifBlock(c), opened: location)
                        frame.continuesElse = true
                        stack.append(frame)
                    }
                } else if content == "else" {
                    guard case .ifBlock = stack[stack.count - 1].kind, !stack[stack.count - 1].inElse else {
                        return .failure(.error(location, "'{{else}}' is not inside an '{{#if …}}'",
                                               hint: "use '{{else}}' once, between '{{#if …}}' and '{{/if}}'"))
                    }
                    stack[stack.count - 1].inElse = true
                } else if content == "/if" || content == "/each" {
                    let frame = stack[stack.count - 1]
                    let part: Template.Part
                    switch (frame.kind, content) {
                    case (.ifBlock(let c), "/if"): part = .ifBlock(c, then: frame.then, otherwise: frame.otherwise)
                    case (.each(let r), "/each"): part = .each(r, body: frame.then)
                    default:
                        let open: String
                        switch frame.kind {
                        case .root: open = "no block is open"
                        case .ifBlock: open = "the open block is '{{#if …}}', closed by '{{/if}}'"
                        case .each: open = "the open block is '{{#each …}}', closed by '{{/each}}'"
                        }
                        return .failure(.error(location, "'{{\(content)}}' does not close anything here",
                                               hint: open))
                    }
                    stack.removeLast()
                    stack[stack.count - 1].append(part)
                    // `{{/if}}` also closes the `if` that an `{{else if}}` continued.
                    var closedElse = frame.continuesElse
                    while closedElse, case .ifBlock(let c) = stack[stack.count - 1].kind {
                        let outer = stack.removeLast()
                        stack[stack.count - 1].append(.ifBlock(c, then: outer.then, otherwise: outer.otherwise))
                        closedElse = outer.continuesElse
                    }
                } else if content.hasPrefix(">") {
                    let words = content.dropFirst().split(separator: " ").map(String.init)
                    let name = words.first ?? ""
                    let nameLocation = contentLocation.shifted(by: 1 + content.dropFirst().prefix { $0 == " " }.count)
                    guard let view = BuiltinView(rawValue: name) else {
                        return .failure(.error(nameLocation, "'\(name)' is not a view Trellis can write",
                                               hint: "the views are \(BuiltinView.names)"))
                    }
                    var path: [String] = []
                    if words.count > 1 {
                        let text = words.dropFirst().joined(separator: " ")
                        guard view.takesPath, words.count == 2, let parsed = ProfilePath.parse(text),
                              parsed.allSatisfy({ Reference.isName($0) }) else {
                            return .failure(.error(nameLocation, view.takesPath ? "'\(text)' is not a profile path to show the answers under"
                                                                                : "'{{> \(name)}}' takes nothing after its name",
                                                   hint: view.takesPath ? "write a dotted path without 'profile.', e.g. '{{> responses considerations.pre-establishment}}'"
                                                                        : "write '{{> \(name)}}' alone"))
                        }
                        path = parsed
                    }
                    stack[stack.count - 1].append(.view(view, path: path, nameLocation))
                } else if content.hasPrefix("#") || content.hasPrefix("/") {
                    return .failure(.error(location, "unknown block tag '{{\(content)}}'",
                                           hint: "blocks are '{{#if condition}}…{{else}}…{{/if}}' and '{{#each name}}…{{/each}}'"))
                } else {
                    guard let r = Reference.parse(content, at: contentLocation) else {
                        return .failure(.error(contentLocation, "'\(content)' is not a name that can be filled in",
                                               hint: "write an answer id or profile path, e.g. '{{site_name}}' or '{{profile.site.name}}'"))
                    }
                    stack[stack.count - 1].append(.value(r))
                }
            }
        }
        if !text.isEmpty { stack[stack.count - 1].append(.text(text)) }
        if stack.count > 1, let open = stack.last {
            let closer: String
            if case .each = open.kind { closer = "{{/each}}" } else { closer = "{{/if}}" }
            return .failure(.error(open.opened ?? lines.first?.location ?? SourceLocation(file: "", line: 0, column: 0),
                                   "this block is never closed", hint: "add '\(closer)' where the block should end"))
        }
        return .success(Template(parts: stack[0].then))
    }

    /// Parses a single line of text.
    public static func parse(_ text: String, at location: SourceLocation) -> Result<Template, Diagnostic> {
        parse([Line(text, at: location)])
    }

    private static func isStandaloneBlockTag(_ trimmed: String) -> Bool {
        guard trimmed.hasPrefix("{{"), trimmed.hasSuffix("}}"), trimmed.count >= 4 else { return false }
        let inner = trimmed.dropFirst(2).dropLast(2)
        guard !inner.contains("{{"), !inner.contains("}}") else { return false }
        let content = inner.trimmingSpaces
        // A view alone on its line takes the line too: its Markdown ends with its own line break.
        return content.hasPrefix("#") || content.hasPrefix("/") || content == "else" || content.hasPrefix("else if ") || content.hasPrefix(">")
    }

    private static func tokenize(_ line: Line) -> Result<[Token], Diagnostic> {
        // Most lines hold no placeholder: they are one text token, found without walking them
        // character by character.
        if !line.text.utf8.contains(0x7B) { return .success(line.text.isEmpty ? [] : [.text(line.text)]) }
        var tokens: [Token] = []
        var text = ""
        let chars = Array(line.text)
        var i = 0
        while i < chars.count {
            if chars[i] == "{", i + 1 < chars.count, chars[i + 1] == "{" {
                var j = i + 2
                var inner = ""
                // A `{name}` part of a profile path may end the placeholder
                // (`{{profile.roles.{role}}}`): braces opened inside are closed first.
                var open = 0
                while j + 1 < chars.count, open > 0 || !(chars[j] == "}" && chars[j + 1] == "}") {
                    if chars[j] == "{" { open += 1 } else if chars[j] == "}" { open -= 1 }
                    inner.append(chars[j])
                    j += 1
                }
                guard j + 1 < chars.count else {
                    return .failure(.error(line.location.shifted(by: i), "this '{{' is never closed with '}}'",
                                           hint: "write a placeholder as '{{name}}'"))
                }
                if !text.isEmpty { tokens.append(.text(text)); text = "" }
                tokens.append(.tag(inner, line.location.shifted(by: i)))
                i = j + 2
            } else {
                text.append(chars[i])
                i += 1
            }
        }
        if !text.isEmpty { tokens.append(.text(text)) }
        return .success(tokens)
    }
}

extension StringProtocol {
    /// The text without blank lines (or spaces) at its start and end. Shared by the
    /// language, the engine and the renderers.
    public var trimmingBlankLines: String {
        var text = Substring(self)
        while let first = text.first, first == " " || first == "\t" || first == "\n" || first == "\r\n" || first == "\r" { text.removeFirst() }
        while let last = text.last, last == " " || last == "\t" || last == "\n" || last == "\r\n" || last == "\r" { text.removeLast() }
        return String(text)
    }

    /// The text without leading and trailing spaces and tabs.
    public var trimmingSpaces: String {
        let scalars = Substring(self)
        let start = scalars.firstIndex { $0 != " " && $0 != "\t" } ?? scalars.endIndex
        let end = scalars.lastIndex { $0 != " " && $0 != "\t" }.map { scalars.index(after: $0) } ?? start
        return start < end ? String(scalars[start..<end]) : ""
    }
}
