import Testing
@testable import TrellisChat

@Suite struct LineFramerTests {
    func frames(_ chunks: [[UInt8]], max: Int = 20) -> [LineFramer.Frame] {
        var framer = LineFramer(maxLine: max)
        return chunks.flatMap { framer.feed($0) }
    }

    @Test func aLastLineWithoutNewlineIsKeptAtTheEnd() {
        var framer = LineFramer(maxLine: 20)
        #expect(framer.feed(Array("one\ntwo".utf8)) == [.line("one")])
        #expect(framer.end() == .line("two"))
        #expect(framer.end() == nil)
    }

    @Test func linesEndWithLFOrCRLFAndMaySpanReads() {
        #expect(frames([Array("one\ntwo\r\nthr".utf8), Array("ee\n".utf8)]) == [.line("one"), .line("two"), .line("three")])
        #expect(frames([Array("no newline yet".utf8)]).isEmpty)
        #expect(frames([Array("\n".utf8)]) == [.line("")])
    }

    @Test func aLongLineIsReportedOnceAndDiscardedUpToItsNewline() {
        let long = Array(String(repeating: "x", count: 50).utf8)
        #expect(frames([long, long, Array("\nnext\n".utf8)]) == [.tooLong, .line("next")])
        #expect(frames([Array(String(repeating: "y", count: 20).utf8) + [0x0A]]) == [.line(String(repeating: "y", count: 20))])
    }

    @Test func invalidUTF8NULAndControlCharactersAreRefused() {
        #expect(frames([[0x61, 0xC3, 0x28, 0x0A]]) == [.invalid("The line is not valid UTF-8 text.")])
        #expect(frames([Array("a\u{0}b\n".utf8)]) == [.invalid("The line holds a NUL byte.")])
        #expect(frames([Array("a\u{1B}[31mb\n".utf8)]) == [.invalid("The line holds a control character (code 27).")])
        #expect(frames([Array("next\u{85}line\n".utf8)]) == [.invalid("The line holds a control character (code 133).")],
                "C1 controls too (found by the framer fuzzer): NEL is a line break to some terminals")
        #expect(frames([Array("café ½\n".utf8)]) == [.line("café ½")], "U+00A0 and above are text")
        #expect(frames([Array("tab\tis fine, é too\n".utf8)], max: 100) == [.line("tab\tis fine, é too")])
    }

    @Test func aMultibyteCharacterSplitAcrossReadsIsKept() {
        let bytes = Array("café\n".utf8)
        #expect(frames([Array(bytes[0..<4]), Array(bytes[4...])]) == [.line("café")])
    }

    @Test func telnetNegotiationIsDropped() {
        // IAC WILL ECHO, IAC DO SGA, IAC SB NAWS 0 80 0 24 IAC SE, then text; and CR NUL.
        let negotiation: [UInt8] = [0xFF, 0xFB, 0x01, 0xFF, 0xFD, 0x03, 0xFF, 0xFA, 0x1F, 0x00, 0x50, 0x00, 0x18, 0xFF, 0xF0]
        #expect(frames([negotiation + Array("hi\r\n".utf8)]) == [.line("hi")])
        #expect(frames([Array("hi\r".utf8) + [0x00, 0x0A]]) == [.line("hi")])
        // IAC split across reads.
        #expect(frames([[0xFF], [0xFB], [0x01], Array("ok\n".utf8)]) == [.line("ok")])
    }
}
