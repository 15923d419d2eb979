/// Turns the text of a condition into a `Condition`, reporting mistakes at their column.
///
/// Grammar, loosest first:
/// `or` := `and` (`or` `and`)* ; `and` := `unary` (`and` `unary`)* ;
/// `unary` := `not` `unary` | `(` `or` `)` | NAME [`is` [`not`] (VALUE | `set`) | `has` VALUE | OP VALUE].
///
/// Safe for any input: brackets and `not`s inside one another are refused past
/// `Limits.maxConditionDepth` before the recursion (three calls per level) goes further, and
/// `and` / `or` chains are read in a loop and kept as balanced trees, so a chain of n tests
/// is log2(n) deep for whoever walks the condition later.
public struct ConditionParser {
    struct Token {
        enum Kind { case word, quoted, symbol }
        var kind: Kind
        var text: String
        var offset: Int
    }

    let tokens: [Token]
    var index = 0
    /// How many brackets and `not`s enclose the token being read.
    var depth = 0
    let start: SourceLocation
    let source: String

    /// Parses `text`, whose first character sits at `location`.
    public static func parse(_ text: String, at location: SourceLocation) -> Result<Condition, Diagnostic> {
        switch tokenize(text, at: location) {
        case .failure(let diagnostic): return .failure(diagnostic)
        case .success(let tokens):
            var parser = ConditionParser(tokens: tokens, start: location, source: text)
            do throws(Diagnostic) {
                let condition = try parser.parseOr()
                if let extra = parser.peek {
                    throw parser.error(at: extra, "unexpected '\(extra.text)' in condition",
                                       hint: "join tests with 'and' or 'or', e.g. 'model is hybrid and phase is implementation'")
                }
                return .success(condition)
            } catch {
                return .failure(error)
            }
        }
    }

    static func tokenize(_ text: String, at location: SourceLocation) -> Result<[Token], Diagnostic> {
        // Offsets count characters. In ASCII text a scalar is a character, and an array of
        // scalars costs a fraction of one of `Character`s, so most conditions take that way.
        if text.utf8.allSatisfy({ $0 < 0x80 }) {
            return tokenize(Array(text.unicodeScalars), at: location) { String(String.UnicodeScalarView($0)) }
        }
        return tokenize(Array(text), at: location) { String($0) }
    }

    static func tokenize<Unit: Equatable & ExpressibleByUnicodeScalarLiteral>(
        _ chars: [Unit], at location: SourceLocation, _ string: (ArraySlice<Unit>) -> String
    ) -> Result<[Token], Diagnostic> {
        var tokens: [Token] = []
        var i = 0
        while i < chars.count {
            let c = chars[i]
            if c == " " || c == "\t" { i += 1; continue }
            if c == "(" || c == ")" {
                tokens.append(Token(kind: .symbol, text: string(chars[i...i]), offset: i)); i += 1; continue
            }
            if c == "<" || c == ">" || c == "=" || c == "!" {
                let length = i + 1 < chars.count && chars[i + 1] == "=" ? 2 : 1
                tokens.append(Token(kind: .symbol, text: string(chars[i..<(i + length)]), offset: i))
                i += length
                continue
            }
            if c == "\"" {
                var j = i + 1
                while j < chars.count, chars[j] != "\"" { j += 1 }
                if j >= chars.count {
                    return .failure(.error(location.shifted(by: i), "this quoted text has no closing '\"'",
                                           hint: "end it with a '\"' on the same line"))
                }
                tokens.append(Token(kind: .quoted, text: string(chars[(i + 1)..<j]), offset: i))
                i = j + 1
                continue
            }
            var j = i
            while j < chars.count, !endsWord(chars[j]) { j += 1 }
            tokens.append(Token(kind: .word, text: string(chars[i..<j]), offset: i))
            i = j
        }
        if tokens.isEmpty {
            return .failure(.error(location, "the condition is empty",
                                   hint: "write a test such as 'model is hybrid' or 'profile.site.name is set'"))
        }
        return .success(tokens)
    }

    /// The characters a word stops at (compared one by one: `String.contains` per character
    /// was most of the cost of loading the dialogues).
    static func endsWord<Unit: Equatable & ExpressibleByUnicodeScalarLiteral>(_ c: Unit) -> Bool {
        c == " " || c == "\t" || c == "(" || c == ")" || c == "<" || c == ">" || c == "=" || c == "!" || c == "\""
    }

    var peek: Token? { index < tokens.count ? tokens[index] : nil }

    mutating func next() -> Token? {
        defer { index += 1 }
        return peek
    }

    func error(at token: Token?, _ message: String, hint: String? = nil) -> Diagnostic {
        let offset = token?.offset ?? source.count
        return .error(start.shifted(by: offset), message, hint: hint)
    }

    func isKeyword(_ token: Token?, _ word: String) -> Bool {
        token?.kind == .word && token?.text.lowercased() == word
    }

    mutating func parseOr() throws(Diagnostic) -> Condition {
        var operands = [try parseAnd()]
        while isKeyword(peek, "or") {
            index += 1
            operands.append(try parseAnd())
        }
        return ConditionParser.balanced(operands[...], Condition.or)
    }

    mutating func parseAnd() throws(Diagnostic) -> Condition {
        var operands = [try parseUnary()]
        while isKeyword(peek, "and") {
            index += 1
            operands.append(try parseUnary())
        }
        return ConditionParser.balanced(operands[...], Condition.and)
    }

    /// `a op b op c …` as a balanced tree, the left half one larger when the count is odd
    /// (`a and b and c` is `(a and b) and c`, as read left to right). `and` and `or` are
    /// associative and evaluated left to right, so the shape changes nothing but the depth:
    /// log2(n) for n operands, where a left-leaning chain would be n deep.
    static func balanced(_ operands: ArraySlice<Condition>, _ join: (Condition, Condition) -> Condition) -> Condition {
        if operands.count == 1 { return operands[operands.startIndex] }
        let middle = operands.startIndex + (operands.count + 1) / 2
        return join(balanced(operands[..<middle], join), balanced(operands[middle...], join))
    }

    /// Enters a bracket or `not` at `token`, refusing it past `Limits.maxConditionDepth`.
    mutating func enter(_ token: Token?) throws(Diagnostic) {
        depth += 1
        guard depth <= Limits.maxConditionDepth else {
            throw error(at: token, "this condition nests too deeply: more than \(Limits.maxConditionDepth) brackets and 'not's are inside one another here",
                        hint: "write it more simply: 'not not x' is 'x', one pair of brackets around a test is enough, or split it into an 'if' inside an 'if'")
        }
    }

    mutating func parseUnary() throws(Diagnostic) -> Condition {
        if isKeyword(peek, "not") {
            try enter(peek)
            defer { depth -= 1 }
            index += 1
            return .not(try parseUnary())
        }
        if peek?.kind == .symbol, peek?.text == "(" {
            try enter(peek)
            defer { depth -= 1 }
            let open = next()
            let inner = try parseOr()
            guard peek?.kind == .symbol, peek?.text == ")" else {
                throw error(at: open, "this '(' is never closed", hint: "add a ')' after the test it groups")
            }
            index += 1
            return inner
        }
        return try parseTest()
    }

    mutating func parseTest() throws(Diagnostic) -> Condition {
        guard let nameToken = next() else {
            throw error(at: nil, "the condition ends where a name was expected",
                        hint: "name an answer id or a profile path, e.g. 'model' or 'profile.site.phase'")
        }
        guard nameToken.kind == .word, ["and", "or", "is", "has"].contains(nameToken.text.lowercased()) == false,
              let reference = Reference.parse(nameToken.text, at: start.shifted(by: nameToken.offset)) else {
            throw error(at: nameToken, "expected an answer id or profile path, found '\(nameToken.text)'",
                        hint: "names are letters, digits, '_' and '-', joined by '.', e.g. 'profile.site.model'")
        }
        guard let op = peek, op.kind == .symbol || isKeyword(op, "is") || isKeyword(op, "has") else {
            return .truthy(reference)
        }
        if op.kind == .symbol && (op.text == "(" || op.text == ")") { return .truthy(reference) }
        index += 1
        var comparison: Comparison
        switch op.text.lowercased() {
        case "is", "=", "==":
            comparison = .equal
            if isKeyword(peek, "not") { index += 1; comparison = .notEqual }
            if isKeyword(peek, "set") {
                index += 1
                return comparison == .equal ? .isSet(reference) : .not(.isSet(reference))
            }
        case "has": comparison = .has
        case "!=": comparison = .notEqual
        case "<": comparison = .less
        case "<=": comparison = .lessOrEqual
        case ">": comparison = .greater
        case ">=": comparison = .greaterOrEqual
        default:
            throw error(at: op, "'\(op.text)' is not a comparison",
                        hint: "use 'is', 'is not', 'has', '<', '<=', '>', '>=', or 'is set'")
        }
        guard let valueToken = peek, valueToken.kind != .symbol else {
            throw error(at: peek, "a value is missing after '\(op.text)'",
                        hint: "compare with a word, a number or \"quoted text\", e.g. 'model is hybrid'")
        }
        index += 1
        return .compare(reference, comparison, Condition.Literal(valueToken.text))
    }
}

typealias Comparison = Condition.Comparison
