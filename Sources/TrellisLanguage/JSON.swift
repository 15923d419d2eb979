/// Reads and writes `Value`s as JSON text (RFC 8259) without Foundation.
///
/// Exists so the transports and tests get deterministic output: object keys are written in
/// their stored order, numbers are printed the same way everywhere, and parse errors say
/// where (as an offset) and what was expected.
public enum JSON {
    /// The deepest nesting of arrays and objects `decode` accepts.
    public static let maxDepth = 512

    /// Compact one-line JSON: no spaces or newlines, object keys in stored order.
    /// Non-finite numbers (NaN, infinities) are written as `null`.
    public static func encode(_ value: Value) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(256)
        write(value, indent: nil, level: 0, into: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// `encode`, appended to `out` as UTF-8 bytes (for callers that send or store bytes).
    public static func encode(_ value: Value, into out: inout [UInt8]) {
        write(value, indent: nil, level: 0, into: &out)
    }

    /// Multi-line JSON indented by `indent` spaces per level, `"key": value` members;
    /// empty objects and lists stay on one line as `{}` and `[]`.
    public static func encodePretty(_ value: Value, indent: Int = 2) -> String {
        var out: [UInt8] = []
        write(value, indent: max(0, indent), level: 0, into: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// Parses exactly one JSON value surrounded by optional whitespace.
    ///
    /// Strict RFC 8259: no comments, trailing commas, leading zeros, `+1`, `.5`, `1.`, lone
    /// surrogates or unescaped control characters. Duplicate object keys keep the position of
    /// the first occurrence and the value of the last. Numbers that overflow a `Double` and
    /// nesting deeper than `maxDepth` are errors. The parser is iterative, so hostile input
    /// cannot overflow the stack.
    public static func decode(_ text: String) throws(JSONError) -> Value {
        var parser = JSONParser(text)
        return try parser.parseDocument()
    }

    // MARK: Writing

    /// Writes `value` compactly when `indent` is nil, otherwise pretty at nesting `level`.
    /// The text is built as UTF-8 bytes: appending to a `String` piece by piece cost several
    /// times the bytes themselves (encoding replies was the server's largest cost per turn).
    static func write(_ value: Value, indent: Int?, level: Int, into out: inout [UInt8]) {
        switch value {
        case .null: append("null", &out)
        case .bool(let b): append(b ? "true" : "false", &out)
        case .number(let n): append(n.isFinite ? Value.format(n) : "null", &out)
        case .string(let s): writeString(s, into: &out)
        case .list(let items):
            writeMembers(0x5B, items, 0x5D, indent: indent, level: level, into: &out) { item, out in
                write(item, indent: indent, level: level + 1, into: &out)
            }
        case .object(let entries):
            writeMembers(0x7B, entries, 0x7D, indent: indent, level: level, into: &out) { entry, out in
                writeString(entry.key, into: &out)
                out.append(0x3A)
                if indent != nil { out.append(0x20) }
                write(entry.value, indent: indent, level: level + 1, into: &out)
            }
        }
    }

    static func append(_ text: String, _ out: inout [UInt8]) {
        var text = text
        text.withUTF8 { out.append(contentsOf: $0) }
    }

    /// Writes the brackets, separators and (when pretty) line breaks around `members`.
    static func writeMembers<Member>(
        _ open: UInt8, _ members: [Member], _ close: UInt8, indent: Int?, level: Int,
        into out: inout [UInt8], _ writeMember: (Member, inout [UInt8]) -> Void
    ) {
        out.append(open)
        if !members.isEmpty {
            for (n, member) in members.enumerated() {
                if n > 0 { out.append(0x2C) }
                if let indent { lineBreak(indent * (level + 1), &out) }
                writeMember(member, &out)
            }
            if let indent { lineBreak(indent * level, &out) }
        }
        out.append(close)
    }

    static func lineBreak(_ spaces: Int, _ out: inout [UInt8]) {
        out.append(0x0A)
        out.append(contentsOf: repeatElement(0x20, count: spaces))
    }

    /// Writes `s` quoted, escaping `"`, `\` and control characters (U+0000–U+001F) only.
    static func writeString(_ s: String, into out: inout [UInt8]) {
        out.append(0x22)
        var s = s
        s.withUTF8 { bytes in
            // Runs of bytes that need no escape are copied whole.
            var run = 0
            for i in 0..<bytes.count {
                let byte = bytes[i]
                guard byte < 0x20 || byte == 0x22 || byte == 0x5C else { continue }
                out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[run..<i]))
                out.append(0x5C)
                switch byte {
                case 0x22: out.append(0x22)
                case 0x5C: out.append(0x5C)
                case 0x0A: out.append(0x6E)
                case 0x0D: out.append(0x72)
                case 0x09: out.append(0x74)
                case 0x08: out.append(0x62)
                case 0x0C: out.append(0x66)
                default:
                    let hex: [UInt8] = Array("0123456789abcdef".utf8)
                    out += [0x75, 0x30, 0x30, hex[Int(byte >> 4)], hex[Int(byte & 0x0F)]]
                }
                run = i + 1
            }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[run...]))
        }
        out.append(0x22)
    }
}

/// Why `JSON.decode` rejected its input, and where.
///
/// Exists so callers can report a precise, human-readable problem (for example
/// `expected ':' after object key, found '=' at offset 7`) and tests can check the position.
public struct JSONError: Error, Sendable, Equatable, CustomStringConvertible {
    /// 0-based offset of the problem in the input, counted in Unicode scalars
    /// (not bytes, not `Character`s).
    public let offset: Int
    /// What was wrong and what was expected, ending with `at offset N`.
    public let message: String

    public init(offset: Int, message: String) { (self.offset, self.message) = (offset, message) }

    init(at offset: Int, _ reason: String) {
        self.init(offset: offset, message: "\(reason) at offset \(offset)")
    }

    public var description: String { message }
}

/// A parser over the input's Unicode scalars that keeps open containers on an explicit
/// stack instead of recursing, so nesting depth costs heap, not call stack.
private struct JSONParser {
    /// An array or object that has been opened but not yet closed.
    struct Frame {
        let isObject: Bool
        var items: [Value] = []
        var entries: [(key: String, value: Value)] = []
        var positions: [String: Int] = [:]
        var key = ""

        mutating func add(_ value: Value) {
            if !isObject { items.append(value); return }
            if let at = positions[key] {
                entries[at].value = value
            } else {
                positions[key] = entries.count
                entries.append((key: key, value: value))
            }
        }
    }

    let s: [Unicode.Scalar]
    var i = 0

    init(_ text: String) { s = Array(text.unicodeScalars) }

    var peek: Unicode.Scalar? { i < s.count ? s[i] : nil }

    mutating func parseDocument() throws(JSONError) -> Value {
        var stack: [Frame] = []
        nextValue: while true {
            skipWhitespace()
            var value: Value
            switch peek {
            case "[", "{":
                guard stack.count < JSON.maxDepth else {
                    throw JSONError(at: i, "arrays and objects nested deeper than \(JSON.maxDepth) levels")
                }
                let isObject = s[i] == "{"
                i += 1
                skipWhitespace()
                if peek == (isObject ? "}" : "]") {
                    i += 1
                    value = isObject ? .object([]) : .list([])
                } else {
                    var frame = Frame(isObject: isObject)
                    if isObject { frame.key = try parseKey() }
                    stack.append(frame)
                    continue nextValue
                }
            case "\"": value = .string(try parseString())
            case "t": value = try literal("true", .bool(true))
            case "f": value = try literal("false", .bool(false))
            case "n": value = try literal("null", .null)
            case let c? where c == "-" || isDigit(c): value = .number(try parseNumber())
            default: throw expected("a JSON value")
            }
            // Hand the finished value to the innermost open container, closing every
            // container that ends right after it.
            while !stack.isEmpty {
                let top = stack.count - 1
                stack[top].add(value)
                skipWhitespace()
                let isObject = stack[top].isObject
                if peek == "," {
                    i += 1
                    if isObject {
                        skipWhitespace()
                        stack[top].key = try parseKey()
                    }
                    continue nextValue
                }
                guard peek == (isObject ? "}" : "]") else {
                    throw expected(isObject ? "',' or '}' after object member" : "',' or ']' after array element")
                }
                i += 1
                let frame = stack.removeLast()
                value = isObject ? .object(frame.entries) : .list(frame.items)
            }
            skipWhitespace()
            guard i == s.count else { throw expected("end of input after the JSON value") }
            return value
        }
    }

    /// Parses `"key"` and the `:` after it.
    mutating func parseKey() throws(JSONError) -> String {
        guard peek == "\"" else { throw expected("'\"' to start an object key") }
        let key = try parseString()
        skipWhitespace()
        guard peek == ":" else { throw expected("':' after object key") }
        i += 1
        return key
    }

    mutating func parseString() throws(JSONError) -> String {
        let start = i
        i += 1
        var out = String.UnicodeScalarView()
        while let c = peek {
            switch c {
            case "\"":
                i += 1
                return String(out)
            case "\\":
                out.append(try parseEscape())
            case _ where c.value < 0x20:
                throw JSONError(at: i, "unescaped control character \(describe(i)) in string, expected an escape such as \\n or \\u00XX")
            default:
                out.append(c)
                i += 1
            }
        }
        throw expected("'\"' to close the string that starts at offset \(start)")
    }

    /// Parses one escape sequence starting at the backslash.
    mutating func parseEscape() throws(JSONError) -> Unicode.Scalar {
        let start = i
        i += 1
        guard let c = peek else { throw expected("an escape character after '\\'") }
        i += 1
        switch c {
        case "\"", "\\", "/": return c
        case "b": return "\u{8}"
        case "f": return "\u{C}"
        case "n": return "\n"
        case "r": return "\r"
        case "t": return "\t"
        case "u": break
        default:
            throw JSONError(at: start, "invalid escape \\\(c), expected one of \\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX")
        }
        let unit = try hex4()
        if (0xDC00...0xDFFF).contains(unit) {
            throw JSONError(at: start, "lone low surrogate \\u\(hex(unit)), expected it to follow a high surrogate \\uD800-\\uDBFF")
        }
        guard (0xD800...0xDBFF).contains(unit) else { return Unicode.Scalar(unit)! }
        let second = i
        guard i + 1 < s.count, s[i] == "\\", s[i + 1] == "u" else {
            throw JSONError(at: start, "lone high surrogate \\u\(hex(unit)), expected a low surrogate \\uDC00-\\uDFFF right after it")
        }
        i += 2
        let low = try hex4()
        guard (0xDC00...0xDFFF).contains(low) else {
            throw JSONError(at: second, "\\u\(hex(low)) after high surrogate \\u\(hex(unit)), expected a low surrogate \\uDC00-\\uDFFF")
        }
        return Unicode.Scalar(0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00))!
    }

    mutating func hex4() throws(JSONError) -> UInt32 {
        var unit: UInt32 = 0
        for _ in 0..<4 {
            guard let c = peek, let digit = Int(String(c), radix: 16) else {
                throw expected("4 hex digits after \\u")
            }
            unit = unit << 4 | UInt32(digit)
            i += 1
        }
        return unit
    }

    mutating func parseNumber() throws(JSONError) -> Double {
        let start = i
        if peek == "-" { i += 1 }
        guard isDigit(peek) else { throw expected("a digit after '-'") }
        if peek == "0" {
            i += 1
            if isDigit(peek) {
                throw JSONError(at: i, "leading zero in number, expected '.', 'e' or the end of the number after '0'")
            }
        } else {
            while isDigit(peek) { i += 1 }
        }
        if peek == "." {
            i += 1
            guard isDigit(peek) else { throw expected("a digit after '.'") }
            while isDigit(peek) { i += 1 }
        }
        if peek == "e" || peek == "E" {
            i += 1
            if peek == "+" || peek == "-" { i += 1 }
            guard isDigit(peek) else { throw expected("a digit in the exponent") }
            while isDigit(peek) { i += 1 }
        }
        let text = String(String.UnicodeScalarView(s[start..<i]))
        guard let number = Double(text), number.isFinite else {
            throw JSONError(at: start, "number \(text) is too large, expected a magnitude below 1.8e308")
        }
        return number
    }

    mutating func literal(_ word: String, _ value: Value) throws(JSONError) -> Value {
        for expectedScalar in word.unicodeScalars {
            guard peek == expectedScalar else { throw expected("'\(word)'") }
            i += 1
        }
        return value
    }

    mutating func skipWhitespace() {
        while let c = peek, c == " " || c == "\n" || c == "\r" || c == "\t" { i += 1 }
    }

    func isDigit(_ c: Unicode.Scalar?) -> Bool {
        guard let c else { return false }
        return ("0"..."9").contains(c)
    }

    /// An error at the current offset: "expected X, found Y".
    func expected(_ what: String) -> JSONError {
        JSONError(at: i, "expected \(what), found \(describe(i))")
    }

    /// How the scalar at `offset` reads in a message: `'x'`, `U+000A` or `end of input`.
    func describe(_ offset: Int) -> String {
        guard offset < s.count else { return "end of input" }
        let c = s[offset]
        let category = c.properties.generalCategory
        if c.properties.isWhitespace || category == .control || category == .format {
            return "U+" + hex(c.value)
        }
        return "'\(c)'"
    }

    func hex(_ n: UInt32) -> String {
        let digits = String(n, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }
}
