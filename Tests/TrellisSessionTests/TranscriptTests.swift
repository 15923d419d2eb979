import Foundation
import Testing
import TrellisChat
@testable import TrellisSession
import TrellisEngine
import TrellisLanguage

/// Golden transcripts: whole conversations, what was typed and what was printed, replayed
/// through the same Conversation and Renderer the transports use, and compared exactly.
///
/// File format (Tests/transcripts/*.transcript):
///   `%% dialogue: ID`      the dialogue to start (omit for the menu)
///   `%% mode: human|json`  how output is rendered (default human)
///   `%% as: NAME`, `%% site: SITE`, `%% profile: {JSON}`, `%% answers: {JSON}`
///   `> TEXT`               a line the person typed (`>` alone: an empty line)
///   anything else          a line of expected output
/// Run with TRELLIS_UPDATE_TRANSCRIPTS=1 to rewrite the expected output from what the code
/// prints now; then read the diff, which is what a user will see change.
struct Transcript {
    var directives: [(String, String)] = []
    var inputs: [String] = []
    var expected: String = ""

    func directive(_ name: String) -> String? { directives.first { $0.0 == name }?.1 }

    static func parse(_ text: String) -> Transcript {
        var transcript = Transcript()
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if lines.last == "" { lines.removeLast() }
        for line in lines {
            if line.hasPrefix("%% ") {
                let body = line.dropFirst(3)
                if let colon = body.firstIndex(of: ":") {
                    transcript.directives.append((String(body[..<colon]), String(body[body.index(after: colon)...]).trimmingCharacters(in: .whitespaces)))
                }
            } else if line == ">" || line.hasPrefix("> ") {
                transcript.inputs.append(String(line.dropFirst(2)))
            }
        }
        return transcript
    }

    /// Replays the inputs through the session reducer as `trellis chat` runs it (interactive),
    /// with an in-memory store that starts from the transcript's profile, and returns the whole
    /// transcript as it comes out now.
    func replay(catalog: DialogueCatalog) throws -> String {
        let mode = Renderer.Mode(rawValue: directive("mode") ?? "human") ?? .human
        var builtins: [String: Value] = [:]
        if let person = directive("as") { builtins["person"] = .string(person) }
        if let site = directive("site") { builtins["site"] = .string(site) }
        let profile = try directive("profile").map { try JSON.decode($0) } ?? .object([])
        var prefill: [String: Value] = [:]
        if let answers = try directive("answers").map({ try JSON.decode($0) })?.objectValue {
            for (key, value) in answers { prefill[key] = value }
        }
        let configuration = SessionState.Configuration(transport: .standardInput, catalog: catalog,
                                                       site: SiteID(directive("site") ?? "demo"),
                                                       person: directive("as") ?? "", dialogue: directive("dialogue"),
                                                       prefill: prefill, builtins: builtins)
        var runner = InlineRunner(SessionState(configuration, mode: mode), store: MemoryPersistence(profile: profile))
        var out = directives.map { "%% \($0.0): \($0.1)\n" }.joined()
        var (output, end) = runner.feed(.start)
        out += output
        for input in inputs where end == nil {
            out += input.isEmpty ? ">\n" : "> \(input)\n"
            (output, end) = runner.feed(.line(input))
            out += output
        }
        if end == .finished || end == .quit { out += "%% end\n" }
        return out
    }
}

enum Paths {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let transcripts = root.appendingPathComponent("Tests/transcripts")
    static let dialogues = root.appendingPathComponent("dialogues")

    static var transcriptFiles: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: transcripts.path)) ?? [])
            .filter { $0.hasSuffix(".transcript") }.sorted()
    }
}

@Suite struct TranscriptTests {
    static let catalog = DialogueCatalog.load(paths: [Paths.dialogues.path])

    @Test func theDialoguesLoadWithoutErrors() {
        #expect(!Self.catalog.diagnostics.hasErrors, "\(Self.catalog.diagnostics)")
        #expect(!Self.catalog.dialogues.isEmpty)
    }

    @Test func everyDialogueHasAHumanAndAJSONTranscript() {
        let files = Set(Paths.transcriptFiles)
        for dialogue in Self.catalog.dialogues {
            #expect(files.contains("\(dialogue.id).main.human.transcript"), "no main human transcript for \(dialogue.id)")
            #expect(files.contains { $0.hasPrefix(dialogue.id + ".") && $0.contains("human") }, "no human transcript for \(dialogue.id)")
            #expect(files.contains { $0.hasPrefix(dialogue.id + ".") && $0.contains("json") }, "no JSON transcript for \(dialogue.id)")
        }
    }

    @Test(arguments: Paths.transcriptFiles)
    func transcriptReplaysExactly(_ name: String) throws {
        let url = Paths.transcripts.appendingPathComponent(name)
        let text = try String(contentsOf: url, encoding: .utf8)
        let actual = try Transcript.parse(text).replay(catalog: Self.catalog)
        #expect(actual.hasSuffix("%% end\n"), "\(name): the conversation does not reach its end; add the missing answers")
        if ProcessInfo.processInfo.environment["TRELLIS_UPDATE_TRANSCRIPTS"] == "1" {
            try actual.write(to: url, atomically: true, encoding: .utf8)
            return
        }
        if actual != text {
            let a = actual.split(separator: "\n", omittingEmptySubsequences: false)
            let e = text.split(separator: "\n", omittingEmptySubsequences: false)
            let first = zip(a, e).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(a.count, e.count)
            Issue.record("""
                \(name) differs from line \(first + 1):
                  expected: \(first < e.count ? String(e[first]) : "(end of file)")
                  actual:   \(first < a.count ? String(a[first]) : "(end of output)")
                Run TRELLIS_UPDATE_TRANSCRIPTS=1 swift test --filter TranscriptTests, then review the diff.
                """)
        }
    }

    /// The documents a human transcript printed, between `----- TITLE -----` and `----- end of TITLE -----`.
    static func documents(in transcript: String) -> [(title: String, text: String)] {
        var found: [(String, String)] = []
        var title: String?
        var lines: [Substring] = []
        for line in transcript.split(separator: "\n", omittingEmptySubsequences: false) {
            if let open = title {
                if line == "----- end of \(open) -----" {
                    found.append((open, lines.joined(separator: "\n")))
                    title = nil
                } else {
                    lines.append(line)
                }
            } else if line.hasPrefix("----- "), line.hasSuffix(" -----") {
                title = String(line.dropFirst(6).dropLast(6))
                lines = []
            }
        }
        return found
    }

    /// docs/examples/ID.md is the document each dialogue's main transcript produces, so the
    /// examples in the docs are always what the code writes.
    @Test func documentExamplesMatchTheMainTranscripts() throws {
        let examples = Paths.root.appendingPathComponent("docs/examples")
        for dialogue in Self.catalog.dialogues {
            let transcript = try String(contentsOf: Paths.transcripts.appendingPathComponent("\(dialogue.id).main.human.transcript"),
                                        encoding: .utf8)
            let documents = Self.documents(in: transcript)
            #expect(!documents.isEmpty, "\(dialogue.id).main.human.transcript produces no document")
            let expected = documents.map(\.text).joined(separator: "\n\n---\n\n")
            let file = examples.appendingPathComponent("\(dialogue.id).md")
            if ProcessInfo.processInfo.environment["TRELLIS_UPDATE_TRANSCRIPTS"] == "1" {
                try expected.write(to: file, atomically: true, encoding: .utf8)
                continue
            }
            let actual = (try? String(contentsOf: file, encoding: .utf8)) ?? "(missing)"
            #expect(actual == expected, "docs/examples/\(dialogue.id).md differs from its main transcript's document")
        }
    }

    @Test func jsonTranscriptsPrintOnlyJSONObjectsWithAType() throws {
        for name in Paths.transcriptFiles where name.contains("json") {
            let text = try String(contentsOf: Paths.transcripts.appendingPathComponent(name), encoding: .utf8)
            for line in text.split(separator: "\n") where !line.hasPrefix("%%") && !line.hasPrefix(">") {
                let value = try JSON.decode(String(line))
                #expect(value["type"]?.stringValue != nil, "\(name): \(line)")
            }
        }
    }
}
