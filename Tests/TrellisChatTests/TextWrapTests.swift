import Testing
@testable import TrellisChat

@Suite struct TextWrapTests {
    @Test func shortLinesAreLeftAlone() {
        #expect(TextWrap.wrap("One line.\n\nAnother.", width: 40) == "One line.\n\nAnother.")
    }

    @Test func longLinesBreakBetweenWords() {
        let text = "The backbone leads without being in charge of the partners."
        let wrapped = TextWrap.wrap(text, width: 24)
        #expect(wrapped == "The backbone leads\nwithout being in charge\nof the partners.")
        #expect(wrapped.split(separator: "\n").allSatisfy { $0.count <= 24 })
        #expect(wrapped.replacingOccurrences(of: "\n", with: " ") == text, "no word is lost or cut")
    }

    @Test func continuationsHangUnderTheirMarker() {
        #expect(TextWrap.wrap("  3. Adult learning and employment services", width: 24) == "  3. Adult learning and\n     employment services")
        #expect(TextWrap.wrap("! That is too short for this question.", width: 24) == "! That is too short for\n  this question.")
        #expect(TextWrap.wrap("  /edit    change an earlier answer by number", width: 30)
                == "  /edit    change an earlier\n           answer by number")
        #expect(TextWrap.wrap("- a list item that runs on and on", width: 20) == "- a list item that\n  runs on and on")
    }

    @Test func aWordLongerThanTheWidthStaysWhole() {
        let address = "https://example.org/a/very/long/path/to/a/guide"
        #expect(TextWrap.wrap("See \(address) now", width: 20) == "See\n\(address)\nnow")
    }

    @Test func narrowWidthsAreRaisedToTheMinimum() {
        #expect(TextWrap.wrap("one two three four five six", width: 5) == TextWrap.wrap("one two three four five six", width: TextWrap.minimumWidth))
    }
}

@Suite struct TelnetFilterTests {
    static let iac: UInt8 = 0xFF

    @Test func windowSizeIsReadFromNAWS() {
        var framer = LineFramer(maxLine: 100)
        let frames = framer.feed([0xFF, 0xFA, 31, 0, 100, 0, 30, 0xFF, 0xF0] + Array("hi\n".utf8))
        #expect(frames == [.line("hi")])
        #expect(framer.telnet.windowWidth == 100)
        #expect(framer.sawTelnetCommand)
    }

    @Test func aDoubledIACInsideIsOne255() {
        var filter = TelnetFilter()
        for byte: UInt8 in [0xFF, 0xFA, 31, 0, 0xFF, 0xFF, 0, 24, 0xFF, 0xF0] { #expect(filter.filter(byte) == nil) }
        #expect(filter.windowWidth == 255)
    }

    @Test func otherAndOverlongSubnegotiationsAreSkipped() {
        var filter = TelnetFilter()
        let terminalType: [UInt8] = [0xFF, 0xFA, 24, 0] + Array("XTERM".utf8) + [0xFF, 0xF0]
        let long: [UInt8] = [0xFF, 0xFA, 31] + [UInt8](repeating: 7, count: 100) + [0xFF, 0xF0]
        let data = (terminalType + long + Array("ok".utf8)).compactMap { filter.filter($0) }
        #expect(data == Array("ok".utf8))
        #expect(filter.windowWidth == nil)
        #expect(filter.subnegotiation.count <= TelnetFilter.maxSubnegotiation, "what a client sends cannot make it grow")
    }

    @Test func aWidthOfZeroMeansUnknown() {
        var filter = TelnetFilter()
        for byte: UInt8 in [0xFF, 0xFA, 31, 0, 0, 0, 24, 0xFF, 0xF0] { _ = filter.filter(byte) }
        #expect(filter.windowWidth == nil)
    }
}
