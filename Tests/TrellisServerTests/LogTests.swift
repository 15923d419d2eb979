import Testing
@testable import TrellisServer

@Suite struct LogTests {
    final class Lines: @unchecked Sendable { var all: [String] = [] }

    @Test func linesAreKeyValueWithQuotingAndLevels() {
        let lines = Lines()
        let log = Log(level: .info) { lines.all.append($0) }
        log(.debug, "hidden")
        log(.info, "connect", [("conn", "3"), ("peer", "127.0.0.1:5000"), ("reason", "client closed"), ("quote", "a\"b")])
        #expect(lines.all.count == 1)
        let line = lines.all[0]
        #expect(line.hasPrefix("ts="))
        #expect(line.hasSuffix(" level=info event=connect conn=3 peer=127.0.0.1:5000 reason=\"client closed\" quote=\"a\\\"b\"\n"))
        #expect(Log.Level(name: "warn") == .warn)
        #expect(Log.Level(name: "loud") == nil)
    }
}
