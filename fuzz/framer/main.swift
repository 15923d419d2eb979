// libFuzzer target for TrellisChat's LineFramer (Sources/TrellisChat/LineFramer.swift).
//
// Built by scripts/fuzz.sh together with LineFramer.swift alone (it imports nothing):
//   swiftc -sanitize=fuzzer,address -parse-as-library -O -g fuzz/framer/main.swift \
//          Sources/TrellisChat/LineFramer.swift -o .build/fuzz/framer
//
// Input layout: byte 0 picks maxLine, bytes 1 and 2 pick two split points, the rest is the
// byte stream a client sends. What is checked (a failed check traps, which libFuzzer saves
// as a crash):
//   1. Splitting does not matter: the stream fed in three chunks (at the data-derived
//      points), fed whole, and fed one byte at a time, each followed by end(), gives the
//      same frames.
//   2. Every .line is at most maxLine bytes of UTF-8, holds no LF or CR, no NUL, no other
//      C0 control character (tab is allowed) and no DEL, and survives a UTF-8 round trip.
//   3. The frames equal those of a small independent model written from the type's doc
//      comment: telnet IAC sequences dropped (IAC IAC is a literal 255), lines split at LF,
//      a trailing CR (and a telnet CR NUL) removed, one .tooLong per over-long line, .invalid
//      for bad UTF-8 or control characters, end() giving the unterminated last line.
//      One point the doc leaves open is tolerated either way: whether the CR of a CRLF
//      (or a telnet CR NUL) counts toward maxLine, i.e. a line whose text fits in maxLine
//      bytes but not with its line ending.
// TRELLIS_FUZZ_STRICT (a comma-separated list) also checks what the doc does not clearly
// promise (see fuzz/README.md):
//   c1    no C1 control characters (U+0080...U+009F) in a line;
//   crlf  the boundary case above decided one way: the CR (or telnet CR NUL) that ends a
//         line does not count toward maxLine.

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

let strictFlags: Set<String> = Set((getenvString("TRELLIS_FUZZ_STRICT") ?? "").split(separator: ",").map(String.init))
let strictC1 = strictFlags.contains("c1")
let strictCRLF = strictFlags.contains("crlf")

func getenvString(_ name: String) -> String? {
    guard let p = getenv(name) else { return nil }
    return String(cString: p)
}

let maxLines = [0, 1, 2, 3, 4, 5, 8, 16, 64, 255, 1024, 1 << 20]

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    guard size >= 3 else { return 0 }
    let all = Array(UnsafeBufferPointer(start: data, count: size))
    let maxLine = maxLines[Int(all[0]) % maxLines.count]
    let body = Array(all[3...])
    let a = body.isEmpty ? 0 : Int(all[1]) % (body.count + 1)
    let b = body.isEmpty ? 0 : Int(all[2]) % (body.count + 1)
    let (first, second) = (min(a, b), max(a, b))

    // 1. Split invariance.
    let chunked = frames(maxLine, [Array(body[..<first]), Array(body[first..<second]), Array(body[second...])])
    let whole = frames(maxLine, [body])
    check(chunked == whole, "feeding in chunks at \(first), \(second) differs from feeding whole", all)
    if body.count <= 512 {
        let bytewise = frames(maxLine, body.map { [$0] })
        check(bytewise == whole, "feeding byte by byte differs from feeding whole", all)
    }

    // 2. What a line may hold.
    for frame in whole {
        guard case .line(let text) = frame else { continue }
        let utf8 = Array(text.utf8)
        check(utf8.count <= maxLine, "a line of \(utf8.count) bytes is longer than maxLine \(maxLine)", all)
        check(String(validating: utf8, as: UTF8.self) == text, "a line does not round-trip through UTF-8", all)
        for scalar in text.unicodeScalars {
            let v = scalar.value
            check(!(v < 0x20 && v != 0x09) && v != 0x7F, "a line holds control character U+\(hex(v))", all)
            if strictC1 { check(!(0x80...0x9F).contains(v), "strict: a line holds C1 control character U+\(hex(v))", all) }
        }
    }

    // 3. The independent model.
    let expected = model(maxLine, body)
    check(expected.count == whole.count, "model gives \(expected.count) frames, LineFramer \(whole.count): \(whole)", all)
    for (got, want) in zip(whole, expected) {
        switch want {
        case .exact(let frame):
            check(sameKind(got, frame), "model expects \(frame), LineFramer gave \(got)", all)
        case .crBoundary(let frame):
            // the content fits in maxLine but the CR (CR NUL) after it does not: either a
            // .tooLong or the line is accepted, unless TRELLIS_FUZZ_STRICT=crlf decides it.
            if strictCRLF {
                check(sameKind(got, frame), "strict crlf: a line of maxLine bytes + CR gave \(got), not \(frame)", all)
            } else {
                check(got == .tooLong || sameKind(got, frame), "boundary: model expects \(frame) or .tooLong, LineFramer gave \(got)", all)
            }
        }
    }
    return 0
}

func frames(_ maxLine: Int, _ chunks: [[UInt8]]) -> [LineFramer.Frame] {
    var framer = LineFramer(maxLine: maxLine)
    var out: [LineFramer.Frame] = []
    for chunk in chunks { out += framer.feed(chunk) }
    if let last = framer.end() { out.append(last) }
    return out
}

/// .invalid messages are not compared (wording), only that the line was refused.
func sameKind(_ a: LineFramer.Frame, _ b: LineFramer.Frame) -> Bool {
    switch (a, b) {
    case (.line(let x), .line(let y)): return x == y
    case (.tooLong, .tooLong), (.invalid, .invalid): return true
    default: return false
    }
}

enum Expected { case exact(LineFramer.Frame), crBoundary(LineFramer.Frame) }

/// Written from the doc comment, not from the implementation's state machine.
func model(_ maxLine: Int, _ input: [UInt8]) -> [Expected] {
    // Telnet: IAC (255) starts a command. WILL/WONT/DO/DONT (251...254) take one option byte,
    // SB (250) runs to IAC SE (255 240), IAC IAC is a data byte 255, anything else is a
    // two-byte command. Everything else is data.
    var data: [UInt8] = []
    var i = 0
    while i < input.count {
        let byte = input[i]
        guard byte == 0xFF else { data.append(byte); i += 1; continue }
        guard i + 1 < input.count else { break }
        let command = input[i + 1]
        switch command {
        case 0xFF: data.append(0xFF); i += 2
        case 0xFB...0xFE: i += 3
        case 0xFA:
            var j = i + 2
            while j < input.count && !(input[j] == 0xFF && j + 1 < input.count && input[j + 1] == 0xF0) {
                j += input[j] == 0xFF ? 2 : 1
            }
            i = j + 2
        default: i += 2
        }
    }
    // Lines.
    var result: [Expected] = []
    var segments = data.split(separator: 0x0A, omittingEmptySubsequences: false).map(Array.init)
    let last = segments.removeLast()  // after the last LF: ended by end(), if not empty
    for segment in segments { result.append(judge(maxLine, segment)) }
    if !last.isEmpty { result.append(judge(maxLine, last)) }
    return result
}

func judge(_ maxLine: Int, _ raw: [UInt8]) -> Expected {
    var content = raw[...]
    if content.last == 0x0D { content = content.dropLast() }
    if content.count >= 2, content.last == 0x00, content[content.endIndex - 2] == 0x0D { content = content.dropLast(2) }
    if raw.count <= maxLine { return .exact(classify(content)) }
    if content.count <= maxLine { return .crBoundary(classify(content)) }
    return .exact(.tooLong)
}

func classify(_ content: ArraySlice<UInt8>) -> LineFramer.Frame {
    guard let text = String(validating: content, as: UTF8.self) else { return .invalid("utf8") }
    if text.unicodeScalars.contains(where: { ($0.value < 0x20 && $0.value != 0x09) || $0.value == 0x7F }) { return .invalid("control") }
    return .line(text)
}

func hex(_ v: UInt32) -> String {
    let s = String(v, radix: 16, uppercase: true)
    return String(repeating: "0", count: max(0, 4 - s.count)) + s
}

func check(_ condition: Bool, _ message: @autoclosure () -> String, _ input: [UInt8]) {
    if condition { return }
    let shown = input.prefix(64).map { hex(UInt32($0)).suffix(2) }.joined(separator: " ")
    fatalError("framer invariant failed: \(message())\ninput (\(input.count) bytes): \(shown)\(input.count > 64 ? " …" : "")")
}
