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

/// A parser over the input's UTF-8 bytes that keeps open containers on an explicit stack
/// instead of recursing, so nesting depth costs heap, not call stack.
///
/// Every byte JSON gives a meaning to is ASCII, so the bytes of a string between two of them
/// are valid UTF-8 (the input is a Swift `String`) and become a `String` in one step: a
/// string built one Unicode scalar at a time cost the server more than the rest of reading
/// a profile. Errors still count offsets in Unicode scalars, worked out only when one is made.
private struct JSONParser {
    /// An array or object that has been opened but not yet closed.
    struct Frame {
        let isObject: Bool
        var items: [Value] = []
        var entries: [(key: String, value: Value)] = []
        /// Where each key is in `entries`, once there are enough of them that looking a key
        /// up by comparing every earlier one costs more than hashing it.
        var positions: [String: Int]? = nil
        var key = ""

        static let linearKeys = 16

        mutating func add(_ value: Value) {
            if !isObject { items.append(value); return }
            if let at = position(of: key) {
                entries[at].value = value
                return
            }
            positions?[key] = entries.count
            entries.append((key: key, value: value))
            if positions == nil, entries.count == Frame.linearKeys {
                positions = Dictionary(uniqueKeysWithValues: entries.enumerated().map { ($1.key, $0) })
            }
        }

        func position(of key: String) -> Int? {
            if let positions { return positions[key] }
            return entries.firstIndex { $0.key == key }
        }
    }

    let s: [UInt8]
    var i = 0

    init(_ text: String) { s = Array(text.utf8) }

    var peek: UInt8? { i < s.count ? s[i] : nil }

    mutating func parseDocument() throws(JSONError) -> Value {
        var stack: [Frame] = []
        nextValue: while true {
            skipWhitespace()
            var value: Value
            switch peek {
            case UInt8(ascii: "["), UInt8(ascii: "{"):
                guard stack.count < JSON.maxDepth else {
                    throw error(at: i, "arrays and objects nested deeper than \(JSON.maxDepth) levels")
                }
                let isObject = s[i] == UInt8(ascii: "{")
                i += 1
                skipWhitespace()
                if peek == UInt8(ascii: isObject ? "}" : "]") {
                    i += 1
                    value = isObject ? .object([]) : .list([])
                } else {
                    var frame = Frame(isObject: isObject)
                    if isObject { frame.key = try parseKey() }
                    stack.append(frame)
                    continue nextValue
                }
            case UInt8(ascii: "\""): value = .string(try parseString())
            case UInt8(ascii: "t"): value = try literal("true", .bool(true))
            case UInt8(ascii: "f"): value = try literal("false", .bool(false))
            case UInt8(ascii: "n"): value = try literal("null", .null)
            case let c? where c == UInt8(ascii: "-") || isDigit(c): value = .number(try parseNumber())
            default: throw expected("a JSON value")
            }
            // Hand the finished value to the innermost open container, closing every
            // container that ends right after it.
            while !stack.isEmpty {
                let top = stack.count - 1
                stack[top].add(value)
                skipWhitespace()
                let isObject = stack[top].isObject
                if peek == UInt8(ascii: ",") {
                    i += 1
                    if isObject {
                        skipWhitespace()
                        stack[top].key = try parseKey()
                    }
                    continue nextValue
                }
                guard peek == UInt8(ascii: isObject ? "}" : "]") else {
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
        guard peek == UInt8(ascii: "\"") else { throw expected("'\"' to start an object key") }
        let key = try parseString()
        skipWhitespace()
        guard peek == UInt8(ascii: ":") else { throw expected("':' after object key") }
        i += 1
        return key
    }

    /// Parses a string: each run of bytes without an escape is taken whole.
    mutating func parseString() throws(JSONError) -> String {
        let start = i
        i += 1
        var out = ""
        var run = i
        while i < s.count {
            let c = s[i]
            if c == UInt8(ascii: "\"") {
                let text = String(decoding: s[run..<i], as: UTF8.self)
                i += 1
                return out.isEmpty ? text : out + text
            } else if c == UInt8(ascii: "\\") {
                out += String(decoding: s[run..<i], as: UTF8.self)
                out.unicodeScalars.append(try parseEscape())
                run = i
            } else if c < 0x20 {
                throw error(at: i, "unescaped control character \(describe(i)) in string, expected an escape such as \\n or \\u00XX")
            } else {
                i += 1
            }
        }
        throw expected("'\"' to close the string that starts at offset \(scalarOffset(start))")
    }

    /// Parses one escape sequence starting at the backslash.
    mutating func parseEscape() throws(JSONError) -> Unicode.Scalar {
        let start = i
        i += 1
        guard i < s.count else { throw expected("an escape character after '\\'") }
        let c = s[i]
        i += 1
        switch c {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): return Unicode.Scalar(c)
        case UInt8(ascii: "b"): return "\u{8}"
        case UInt8(ascii: "f"): return "\u{C}"
        case UInt8(ascii: "n"): return "\n"
        case UInt8(ascii: "r"): return "\r"
        case UInt8(ascii: "t"): return "\t"
        case UInt8(ascii: "u"): break
        default:
            throw error(at: start, "invalid escape \\\(scalar(at: start + 1)), expected one of \\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX")
        }
        let unit = try hex4()
        if (0xDC00...0xDFFF).contains(unit) {
            throw error(at: start, "lone low surrogate \\u\(hex(unit)), expected it to follow a high surrogate \\uD800-\\uDBFF")
        }
        guard (0xD800...0xDBFF).contains(unit) else { return Unicode.Scalar(unit)! }
        let second = i
        guard i + 1 < s.count, s[i] == UInt8(ascii: "\\"), s[i + 1] == UInt8(ascii: "u") else {
            throw error(at: start, "lone high surrogate \\u\(hex(unit)), expected a low surrogate \\uDC00-\\uDFFF right after it")
        }
        i += 2
        let low = try hex4()
        guard (0xDC00...0xDFFF).contains(low) else {
            throw error(at: second, "\\u\(hex(low)) after high surrogate \\u\(hex(unit)), expected a low surrogate \\uDC00-\\uDFFF")
        }
        return Unicode.Scalar(0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00))!
    }

    mutating func hex4() throws(JSONError) -> UInt32 {
        var unit: UInt32 = 0
        for _ in 0..<4 {
            let digit: UInt8
            switch peek {
            case let c? where c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9"): digit = c - UInt8(ascii: "0")
            case let c? where c >= UInt8(ascii: "a") && c <= UInt8(ascii: "f"): digit = c - UInt8(ascii: "a") + 10
            case let c? where c >= UInt8(ascii: "A") && c <= UInt8(ascii: "F"): digit = c - UInt8(ascii: "A") + 10
            default: throw expected("4 hex digits after \\u")
            }
            unit = unit << 4 | UInt32(digit)
            i += 1
        }
        return unit
    }

    mutating func parseNumber() throws(JSONError) -> Double {
        let start = i
        if peek == UInt8(ascii: "-") { i += 1 }
        guard isDigit(peek) else { throw expected("a digit after '-'") }
        if peek == UInt8(ascii: "0") {
            i += 1
            if isDigit(peek) {
                throw error(at: i, "leading zero in number, expected '.', 'e' or the end of the number after '0'")
            }
        } else {
            while isDigit(peek) { i += 1 }
        }
        if peek == UInt8(ascii: ".") {
            i += 1
            guard isDigit(peek) else { throw expected("a digit after '.'") }
            while isDigit(peek) { i += 1 }
        }
        if peek == UInt8(ascii: "e") || peek == UInt8(ascii: "E") {
            i += 1
            if peek == UInt8(ascii: "+") || peek == UInt8(ascii: "-") { i += 1 }
            guard isDigit(peek) else { throw expected("a digit in the exponent") }
            while isDigit(peek) { i += 1 }
        }
        let text = String(decoding: s[start..<i], as: UTF8.self)
        guard let number = Double(text), number.isFinite else {
            throw error(at: start, "number \(text) is too large, expected a magnitude below 1.8e308")
        }
        return number
    }

    mutating func literal(_ word: StaticString, _ value: Value) throws(JSONError) -> Value {
        let bytes = UnsafeBufferPointer(start: word.utf8Start, count: word.utf8CodeUnitCount)
        for byte in bytes {
            guard peek == byte else { throw expected("'\(word)'") }
            i += 1
        }
        return value
    }

    mutating func skipWhitespace() {
        while let c = peek, c == UInt8(ascii: " ") || c == UInt8(ascii: "\n") || c == UInt8(ascii: "\r") || c == UInt8(ascii: "\t") {
            i += 1
        }
    }

    func isDigit(_ c: UInt8?) -> Bool {
        guard let c else { return false }
        return c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9")
    }

    /// An error at byte `offset`, reported at the offset in Unicode scalars.
    func error(at offset: Int, _ reason: String) -> JSONError {
        JSONError(at: scalarOffset(offset), reason)
    }

    /// An error at the current offset: "expected X, found Y".
    func expected(_ what: String) -> JSONError {
        error(at: i, "expected \(what), found \(describe(i))")
    }

    /// How many Unicode scalars start before byte `offset` (a continuation byte starts none).
    func scalarOffset(_ offset: Int) -> Int {
        s[0..<min(offset, s.count)].reduce(0) { $0 + ($1 & 0xC0 == 0x80 ? 0 : 1) }
    }

    /// The scalar that starts at byte `offset`.
    func scalar(at offset: Int) -> Unicode.Scalar {
        var end = offset + 1
        while end < s.count, s[end] & 0xC0 == 0x80 { end += 1 }
        return String(decoding: s[offset..<end], as: UTF8.self).unicodeScalars.first!
    }

    /// How the scalar at byte `offset` reads in a message: `'x'`, `U+000A` or `end of input`.
    func describe(_ offset: Int) -> String {
        guard offset < s.count else { return "end of input" }
        let c = scalar(at: offset)
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
