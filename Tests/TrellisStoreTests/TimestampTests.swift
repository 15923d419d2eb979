import Foundation
import Testing
@testable import TrellisStore

@Suite struct TimestampTests {
    @Test func isISO8601InUTCWithMilliseconds() throws {
        let text = Timestamp.now()
        #expect(text.count == 24)
        #expect(text.hasSuffix("Z"))
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        let parsed = try #require(formatter.date(from: text), "\(text) is not ISO 8601")
        #expect(abs(parsed.timeIntervalSinceNow) < 60)
    }

    @Test func writesEveryFieldPaddedToItsWidth() {
        #expect(Timestamp.format(seconds: 0, milliseconds: 0) == "1970-01-01T00:00:00.000Z")
        #expect(Timestamp.format(seconds: 1_764_179_943, milliseconds: 844) == "2025-11-26T17:59:03.844Z")
        #expect(Timestamp.format(seconds: 951_782_400 + 86_399, milliseconds: 7) == "2000-02-29T23:59:59.007Z")
        #expect(Timestamp.format(seconds: 4_102_444_800 - 1, milliseconds: 999) == "2099-12-31T23:59:59.999Z")
    }
}
