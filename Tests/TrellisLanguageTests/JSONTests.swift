import Testing
@testable import TrellisLanguage

/// Decodes `text` and returns the error, or nil when it unexpectedly parsed.
private func failure(_ text: String) -> JSONError? {
    do {
        _ = try JSON.decode(text)
        return nil
    } catch {
        return error
    }
}

private let sample: Value = .object([
    (key: "name", value: .string("Trellis")),
    (key: "version", value: .number(1)),
    (key: "ratio", value: .number(0.25)),
    (key: "ok", value: .bool(true)),
    (key: "off", value: .bool(false)),
    (key: "none", value: .null),
    (key: "tags", value: .list([.string("a"), .number(-2), .list([]), .object([])])),
    (key: "nested", value: .object([(key: "z", value: .number(1e20)), (key: "a", value: .string("é👍\n"))])),
])

@Suite struct JSONTests {
    // MARK: Encoding

    @Test func encodesScalars() {
        #expect(JSON.encode(.null) == "null")
        #expect(JSON.encode(.bool(true)) == "true")
        #expect(JSON.encode(.bool(false)) == "false")
        #expect(JSON.encode(.string("")) == #""""#)
        #expect(JSON.encode(.list([])) == "[]")
        #expect(JSON.encode(.object([])) == "{}")
    }

    @Test func encodesCompactlyInStoredKeyOrder() {
        #expect(JSON.encode(sample) == #"{"name":"Trellis","version":1,"ratio":0.25,"ok":true,"off":false,"none":null,"tags":["a",-2,[],{}],"nested":{"z":1e+20,"a":"é👍\n"}}"#)
    }

    @Test(arguments: [
        (0.0, "0"), (-0.0, "0"), (1, "1"), (-42, "-42"), (1.5, "1.5"), (0.1, "0.1"),
        (999_999_999_999_999, "999999999999999"), (1e15, "1000000000000000.0"),
        (1e20, "1e+20"), (1e-7, "1e-07"), (-1.5e300, "-1.5e+300"),
        (.nan, "null"), (.infinity, "null"), (-.infinity, "null"),
    ] as [(Double, String)])
    func encodesNumbers(number: Double, text: String) {
        #expect(JSON.encode(.number(number)) == text)
    }

    @Test func encodedNumbersAreValidJSONAndRoundTrip() throws {
        for n in [0.1, 1e15, 1e20, 1e-7, -1.5e300, 123.456, .greatestFiniteMagnitude, .leastNonzeroMagnitude] {
            #expect(try JSON.decode(JSON.encode(.number(n))) == .number(n))
        }
    }

    @Test func escapesStrings() {
        let raw = "q\"b\\s/n\nr\rt\tb\u{8}f\u{C}z\u{0}o\u{1}u\u{1F}d\u{7F}é👍"
        #expect(JSON.encode(.string(raw)) == #""q\"b\\s/n\nr\rt\tb\bf\fz\u0000o\u0001u\u001fd"# + "\u{7F}é👍\"")
        #expect(JSON.encode(.object([(key: "a\"b", value: .null)])) == #"{"a\"b":null}"#)
    }

    @Test func prettyPrints() {
        let value: Value = .object([
            (key: "name", value: .string("x")),
            (key: "list", value: .list([.number(1), .object([(key: "k", value: .bool(true))])])),
            (key: "empty", value: .object([])),
            (key: "none", value: .list([])),
        ])
        #expect(JSON.encodePretty(value) == """
            {
              "name": "x",
              "list": [
                1,
                {
                  "k": true
                }
              ],
              "empty": {},
              "none": []
            }
            """)
        #expect(JSON.encodePretty(.list([.null, .string("a\n")]), indent: 4) == "[\n    null,\n    \"a\\n\"\n]")
        #expect(JSON.encodePretty(.string("x")) == #""x""#)
        #expect(JSON.encodePretty(.object([])) == "{}")
        #expect(JSON.encodePretty(.list([])) == "[]")
    }

    // MARK: Round trips

    @Test func roundTripsValues() throws {
        #expect(try JSON.decode(JSON.encode(sample)) == sample)
        #expect(try JSON.decode(JSON.encodePretty(sample)) == sample)
        #expect(try JSON.decode(JSON.encodePretty(sample, indent: 0)) == sample)
        let control = Value.string((0..<0x20).map { String(UnicodeScalar(UInt8($0))) }.joined() + "\"\\")
        #expect(try JSON.decode(JSON.encode(control)) == control)
    }

    @Test func roundTripsCanonicalText() throws {
        let texts = [
            #"{"z":1,"a":[true,false,null],"m":{"y":"x","b":-0.5}}"#,
            #"[1,2.5,"é",[],{},[[]]]"#,
            #""\"\\\n\u0001""#,
        ]
        for text in texts {
            #expect(JSON.encode(try JSON.decode(text)) == text)
        }
    }

    @Test func roundTripsLargeList() throws {
        let value = Value.list((0..<10_000).map { .object([(key: "i", value: .number(Double($0))), (key: "s", value: .string("item \($0)"))]) })
        #expect(try JSON.decode(JSON.encode(value)) == value)
    }

    // MARK: Decoding

    @Test func decodesScalarsAndWhitespace() throws {
        #expect(try JSON.decode("null") == .null)
        #expect(try JSON.decode(" \t\r\ntrue\n") == .bool(true))
        #expect(try JSON.decode("false") == .bool(false))
        #expect(try JSON.decode(#""hi""#) == .string("hi"))
        #expect(try JSON.decode(" [ 1 , { \"a\" : [ ] } ] ") == .list([.number(1), .object([(key: "a", value: .list([]))])]))
        #expect(try JSON.decode("{ }") == .object([]))
    }

    @Test(arguments: [
        ("0", 0), ("-0", 0), ("7", 7), ("-12", -12), ("3.25", 3.25), ("0.5", 0.5), ("-0.0", 0),
        ("1e3", 1000), ("1E3", 1000), ("1e+3", 1000), ("25e-2", 0.25), ("-1.5E-1", -0.15),
        ("123.456e+2", 12345.6), ("1e-400", 0), ("1.7976931348623157e308", .greatestFiniteMagnitude),
    ] as [(String, Double)])
    func decodesNumbers(text: String, number: Double) throws {
        #expect(try JSON.decode(text) == .number(number))
    }

    @Test func decodesEscapes() throws {
        #expect(try JSON.decode(#""\"\\\/\b\f\n\r\t""#) == .string("\"\\/\u{8}\u{C}\n\r\t"))
        #expect(try JSON.decode(#""\u0041\u00e9\u00E9\u0000\u2028""#) == .string("Aéé\u{0}\u{2028}"))
        #expect(try JSON.decode(#""é👍 漢字""#) == .string("é👍 漢字"))
    }

    @Test func decodesSurrogatePairs() throws {
        #expect(try JSON.decode(#""\uD834\uDD1E""#) == .string("𝄞"))
        #expect(try JSON.decode(#""\ud83d\ude00!""#) == .string("😀!"))
        #expect(try JSON.decode(#""\uDBFF\uDFFF""#) == .string("\u{10FFFF}"))
    }

    @Test func preservesKeyOrderAndDuplicateKeysKeepFirstPositionLastValue() throws {
        let decoded = try JSON.decode(#"{"z":1,"a":2,"m":3}"#)
        #expect(decoded.objectValue?.map(\.key) == ["z", "a", "m"])
        let duplicate = try JSON.decode(#"{"a":1,"b":2,"a":3}"#)
        #expect(duplicate == .object([(key: "a", value: .number(3)), (key: "b", value: .number(2))]))
    }

    @Test func duplicateKeysKeepFirstPositionLastValueInLargeObjectsToo() throws {
        // Past 16 keys an object finds its keys by hashing instead of comparing each earlier one.
        let keys = (0..<40).map { "k\($0)" }
        let text = "{" + keys.map { "\"\($0)\":1" }.joined(separator: ",") + #","k3":2,"k39":3,"k20":4}"#
        let decoded = try JSON.decode(text).objectValue ?? []
        #expect(decoded.map(\.key) == keys)
        #expect(decoded[3].value == .number(2))
        #expect(decoded[39].value == .number(3))
        #expect(decoded[20].value == .number(4))
        #expect(decoded[21].value == .number(1))
    }

    @Test func stringsMixRunsOfTextWithEscapes() throws {
        #expect(try JSON.decode(#""é\n👍 \"q\" \u00e9\t""#) == .string("é\n👍 \"q\" é\t"))
        #expect(try JSON.decode(#""\\\\""#) == .string("\\\\"))
        #expect(try JSON.decode(#""""#) == .string(""))
        #expect(try JSON.decode(#"{"naïve":"café"}"#) == .object([(key: "naïve", value: .string("café"))]))
        // What the encoder writes (escapes included) reads back as it was.
        let text = "Line one\n\"quoted\"\ttab \\ back 🚀 \u{1} done"
        #expect(try JSON.decode(JSON.encode(.string(text))) == .string(text))
    }

    @Test func acceptsNestingUpTo512() throws {
        let depth = JSON.maxDepth
        let text = String(repeating: "[", count: depth) + String(repeating: "]", count: depth)
        var value = try JSON.decode(text)
        var levels = 0
        while case .list(let items) = value {
            levels += 1
            value = items.first ?? .null
        }
        #expect(levels == 512)
        #expect(JSON.encode(try JSON.decode(text)) == text)
    }

    @Test func rejectsNestingDeeperThan512() {
        let lists = String(repeating: "[", count: 513) + String(repeating: "]", count: 513)
        #expect(failure(lists) == JSONError(offset: 512, message: "arrays and objects nested deeper than 512 levels at offset 512"))
        let objects = String(repeating: #"{"a":"#, count: 513) + "1" + String(repeating: "}", count: 513)
        #expect(failure(objects)?.offset == 512 * 5)
        // Hostile input must fail cleanly rather than overflow the stack.
        #expect(failure(String(repeating: "[", count: 200_000))?.offset == 512)
        #expect(failure(String(repeating: "[{\"k\":", count: 100_000))?.offset == 256 * 6)
    }

    // MARK: Errors

    @Test(arguments: [
        // Structure
        ("", 0, "expected a JSON value, found end of input"),
        ("   ", 3, "expected a JSON value, found end of input"),
        ("]", 0, "expected a JSON value, found ']'"),
        ("\u{A0}1", 0, "expected a JSON value, found U+00A0"),
        (#"{"a" 1}"#, 5, "expected ':' after object key, found '1'"),
        (#"{"a":1 "b":2}"#, 7, #"expected ',' or '}' after object member, found '"'"#),
        (#"{"a":1"#, 6, "expected ',' or '}' after object member, found end of input"),
        (#"{"a":}"#, 5, "expected a JSON value, found '}'"),
        (#"{"a":1,}"#, 7, #"expected '"' to start an object key, found '}'"#),
        ("{a:1}", 1, #"expected '"' to start an object key, found 'a'"#),
        ("[1 2]", 3, "expected ',' or ']' after array element, found '2'"),
        ("[1", 2, "expected ',' or ']' after array element, found end of input"),
        ("[1,]", 3, "expected a JSON value, found ']'"),
        ("[1] x", 4, "expected end of input after the JSON value, found 'x'"),
        ("1 2", 2, "expected end of input after the JSON value, found '2'"),
        ("nul1", 3, "expected 'null', found '1'"),
        ("tru", 3, "expected 'true', found end of input"),
        ("fals e", 4, "expected 'false', found U+0020"),
        ("[\"é👍\" x]", 6, "expected ',' or ']' after array element, found 'x'"),  // offsets count scalars
        // Strings
        (#""abc"#, 4, #"expected '"' to close the string that starts at offset 0, found end of input"#),
        ("[\"ü\", \"é👍", 9, #"expected '"' to close the string that starts at offset 6, found end of input"#),
        ("\"é👍\nb\"", 3, #"unescaped control character U+000A in string, expected an escape such as \n or \u00XX"#),
        (#""ab\é""#, 3, #"invalid escape \é, expected one of \" \\ \/ \b \f \n \r \t \uXXXX"#),
        ("[\"é\" 👍]", 5, "expected ',' or ']' after array element, found '👍'"),
        ("\"a\nb\"", 2, #"unescaped control character U+000A in string, expected an escape such as \n or \u00XX"#),
        ("\"a\u{0}\"", 2, #"unescaped control character U+0000 in string, expected an escape such as \n or \u00XX"#),
        (#""\x""#, 1, #"invalid escape \x, expected one of \" \\ \/ \b \f \n \r \t \uXXXX"#),
        (#""\"#, 2, #"expected an escape character after '\', found end of input"#),
        (#""\u12G4""#, 5, #"expected 4 hex digits after \u, found 'G'"#),
        (#""\u12"#, 5, #"expected 4 hex digits after \u, found end of input"#),
        (#""\uD800""#, 1, #"lone high surrogate \uD800, expected a low surrogate \uDC00-\uDFFF right after it"#),
        (#""x\uD83Dy""#, 2, #"lone high surrogate \uD83D, expected a low surrogate \uDC00-\uDFFF right after it"#),
        (#""\uD800\u0041""#, 7, #"\u0041 after high surrogate \uD800, expected a low surrogate \uDC00-\uDFFF"#),
        (#""\uD800\uD800""#, 7, #"\uD800 after high surrogate \uD800, expected a low surrogate \uDC00-\uDFFF"#),
        (#""\uDC00""#, 1, #"lone low surrogate \uDC00, expected it to follow a high surrogate \uD800-\uDBFF"#),
        // Numbers
        ("01", 1, "leading zero in number, expected '.', 'e' or the end of the number after '0'"),
        ("-01", 2, "leading zero in number, expected '.', 'e' or the end of the number after '0'"),
        ("+1", 0, "expected a JSON value, found '+'"),
        (".5", 0, "expected a JSON value, found '.'"),
        ("1.", 2, "expected a digit after '.', found end of input"),
        ("1.e5", 2, "expected a digit after '.', found 'e'"),
        ("-", 1, "expected a digit after '-', found end of input"),
        ("-a", 1, "expected a digit after '-', found 'a'"),
        ("1e", 2, "expected a digit in the exponent, found end of input"),
        ("1e+", 3, "expected a digit in the exponent, found end of input"),
        ("[1e400]", 1, "number 1e400 is too large, expected a magnitude below 1.8e308"),
        ("NaN", 0, "expected a JSON value, found 'N'"),
        ("0x10", 1, "expected end of input after the JSON value, found 'x'"),
    ] as [(String, Int, String)])
    func reportsErrors(text: String, offset: Int, reason: String) {
        let error = failure(text)
        #expect(error == JSONError(offset: offset, message: "\(reason) at offset \(offset)"))
        #expect(error?.description == error?.message)
    }
}
