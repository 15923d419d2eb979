import Foundation
import Testing
import TrellisChat
import TrellisLanguage
@testable import TrellisSession

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
        let store = MemoryPersistence()
        store.codes["demo"] = "code"
        var runner = InlineRunner(SessionState(.tcp(catalog: Self.catalog)), store: store)
        for input: SessionInput in [.start, .line("demo"), .line("code"), .line("Fuzz")] { _ = runner.feed(input) }
        #expect(runner.state.stage == .conversation)
        let pieces: [[UInt8]] = [Array("site\n".utf8), Array("/back\n".utf8), Array("/json\n".utf8), Array("{\"answer\": 3}\n".utf8),
                                 [0xFF, 0xFB], [0x00], [0x0A], [0x0D, 0x0A], [0xC3], Array("yes\n".utf8), Array("2\n".utf8)]
        for _ in 0..<300 {
            var chunk: [UInt8] = []
            for _ in 0..<Int.random(in: 1...40, using: &random) {
                chunk += Bool.random(using: &random) ? pieces.randomElement(using: &random)! : [UInt8.random(in: 0...255, using: &random)]
            }
            // Commits succeed at once, as the store thread would report.
            for frame in framer.feed(chunk) {
                switch frame {
                case .line(let line): _ = runner.feed(.line(line))
                case .tooLong: _ = runner.feed(.framing(.tooLong(limit: 200)))
                case .invalid(let reason): _ = runner.feed(.framing(.invalid(reason)))
                }
            }
        }
        #expect(!runner.state.isBusy, "every commit was answered")
        if runner.state.stage == .conversation {
            #expect(!runner.feed(.line("/status")).output.isEmpty)
        }
    }
}
