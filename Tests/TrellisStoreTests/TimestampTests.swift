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
}
