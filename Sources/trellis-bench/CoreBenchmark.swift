// `trellis-bench core` (the default): measures the pure core's cost per input line, in
// process, with no I/O in the loop. It replays a complete site-setup conversation (14 answers)
// many times through the session reducer the transports use (with no store, so no commits).
// Results go in BENCHMARKS.md.
import Foundation
import TrellisChat
import TrellisEngine
import TrellisSession

enum CoreBenchmark {
    static let answers = ["Riverbend Primary", "Riverbend", "hybrid", "1", "Riverbend Health", "health", "Maternal health sessions", "yes",
                          "City Council", "local", "", "no", "embedded", "Riverbend Health"]

    /// `trellis-bench [core] [ROUNDS] [DIALOGUES]`.
    static func run(_ arguments: [String]) -> Int32 {
        let rounds = arguments.first.flatMap { Int($0) } ?? 2000
        let folder = arguments.dropFirst().first ?? "dialogues"
        let catalog = DialogueCatalog.load(paths: [folder])
        guard catalog.dialogue("site-setup") != nil else {
            FileHandle.standardError.write(Data("trellis-bench: no site-setup dialogue in \(folder)\n".utf8))
            return 1
        }
        let load = DispatchTime.now().uptimeNanoseconds
        _ = DialogueCatalog.load(paths: [folder])
        let loadMicros = Double(DispatchTime.now().uptimeNanoseconds - load) / 1e3
        print("catalog load (parse + lint of \(catalog.dialogues.count) file(s)): \(String(format: "%.0f", loadMicros)) µs")
        for mode in [Renderer.Mode.human, .json] {
            let (seconds, bytes) = measure(mode, catalog: catalog, rounds: rounds)
            let lines = rounds * answers.count
            print("\(mode.rawValue): \(rounds) conversations, \(lines) answers in \(String(format: "%.3f", seconds)) s: "
                  + "\(String(format: "%.1f", seconds / Double(lines) * 1e6)) µs per answer, \(bytes / rounds) bytes out per conversation")
        }
        return 0
    }

    static func measure(_ mode: Renderer.Mode, catalog: DialogueCatalog, rounds: Int) -> (seconds: Double, bytes: Int) {
        var bytes = 0
        let configuration = SessionState.Configuration(transport: .standardInput, catalog: catalog, dialogue: "site-setup")
        func count(_ effects: [SessionEffect]) {
            for case .emit(let text) in effects { bytes += text.utf8.count }
        }
        let start = DispatchTime.now().uptimeNanoseconds
        for _ in 0..<rounds {
            var session = SessionState(configuration, mode: mode)
            count(SessionReducer.reduce(&session, .start))
            for answer in answers { count(SessionReducer.reduce(&session, .line(answer))) }
            precondition(session.stage == .closed(.finished), "the benchmark conversation did not finish")
        }
        return (Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9, bytes)
    }
}
