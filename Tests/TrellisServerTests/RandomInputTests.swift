import Foundation
import Testing
@testable import TrellisServer
import TrellisChat
import TrellisLanguage

/// Random bytes, fed as a hostile client would, through the same framing and session the
/// server uses: nothing may crash, and the session must still answer a good line after.
@Suite struct RandomInputTests {
    /// SplitMix64: a small seeded generator, so a failure can be replayed.
    struct Seeded: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    static let catalog = DialogueCatalog.load(paths: [
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("dialogues").path,
    ])

    @Test(arguments: 1...20)
    func randomBytesNeverBreakTheSession(seed: UInt64) {
        var random = Seeded(state: seed)
        var framer = LineFramer(maxLine: 200)
        var session = ClientSession(catalog: Self.catalog)
        _ = session.start()
        _ = session.receive("demo")
        _ = session.receive("code")
        _ = session.verified(true)
        _ = session.receive("Fuzz")
        _ = session.loaded(profile: .object([]), sessions: [:])
        let pieces: [[UInt8]] = [Array("site\n".utf8), Array("/back\n".utf8), Array("/json\n".utf8), Array("{\"answer\": 3}\n".utf8),
                                 [0xFF, 0xFB], [0x00], [0x0A], [0x0D, 0x0A], [0xC3], Array("yes\n".utf8), Array("2\n".utf8)]
        for _ in 0..<300 {
            var chunk: [UInt8] = []
            for _ in 0..<Int.random(in: 1...40, using: &random) {
                chunk += Bool.random(using: &random) ? pieces.randomElement(using: &random)! : [UInt8.random(in: 0...255, using: &random)]
            }
            for frame in framer.feed(chunk) {
                let actions: [ClientSession.Action]
                switch frame {
                case .line(let line): actions = session.receive(line)
                case .tooLong: actions = session.refuse("too long", code: "line_too_long")
                case .invalid(let reason): actions = session.refuse(reason, code: "invalid_text")
                }
                // Commits succeed at once, as the store thread would report.
                var pending = actions
                while pending.contains(where: { if case .persist = $0 { return true } else { return false } }) {
                    pending = session.persisted(nil)
                }
            }
        }
        #expect(!session.isBusy, "every commit was answered")
        if session.stage == .conversation {
            let actions = session.receive("/status")
            #expect(actions.contains { if case .send(let text) = $0 { return !text.isEmpty } else { return false } })
        }
    }
}
