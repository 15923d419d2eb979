import Foundation
import Testing
@testable import TrellisLanguage

/// Keeps docs/dialogue-format.md honest: every block fenced as ```dialogue in it is a whole
/// dialogue file, and each must parse and lint with no problems, so the reference can never
/// drift from the parser. Fragments and diagnostics in the document are fenced as ```text and
/// are not checked here.
@Suite struct DialogueFormatDocTests {
    /// One ```dialogue block: its text and where it starts in the document.
    struct Example: Sendable, CustomTestStringConvertible {
        var line: Int
        var text: String

        /// The id on the block's `dialogue` line (also the file name it is checked under).
        var id: String {
            for raw in text.split(separator: "\n", omittingEmptySubsequences: false) {
                let line = raw.trimmingCharacters(in: .whitespaces)
                guard line.lowercased().hasPrefix("dialogue") else { continue }
                let rest = line.dropFirst("dialogue".count)
                guard let first = rest.first, first == " " || first == ":" else { continue }
                return rest.dropFirst().trimmingCharacters(in: .whitespaces)
            }
            return "example"
        }

        var testDescription: String { "docs/dialogue-format.md line \(line) (\(id))" }
    }

    static let documentPath = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()  // TrellisLanguageTests
        .deletingLastPathComponent()  // Tests
        .deletingLastPathComponent()  // the package
        .appendingPathComponent("docs/dialogue-format.md").path

    static func document() -> String {
        (try? String(contentsOfFile: documentPath, encoding: .utf8)) ?? ""
    }

    /// The contents of every fence whose info string is exactly `dialogue`.
    static func examples(in markdown: String) -> [Example] {
        var found: [Example] = []
        var current: (line: Int, lines: [String])?
        var inOtherFence = false
        for (index, raw) in markdown.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = String(raw.hasSuffix("\r") ? raw.dropLast() : raw)
            if var open = current {
                if line.trimmingCharacters(in: .whitespaces) == "```" {
                    found.append(Example(line: open.line, text: open.lines.joined(separator: "\n") + "\n"))
                    current = nil
                } else {
                    open.lines.append(line)
                    current = open
                }
            } else if inOtherFence {
                if line.trimmingCharacters(in: .whitespaces) == "```" { inOtherFence = false }
            } else if line.hasPrefix("```") {
                let info = line.dropFirst(3).trimmingCharacters(in: .whitespaces)
                if info == "dialogue" {
                    current = (line: index + 1, lines: [])
                } else {
                    inOtherFence = true
                }
            }
        }
        return found
    }

    static let allExamples = examples(in: document())

    @Test func theDocumentExistsAndHasExamples() {
        #expect(!Self.document().isEmpty, "cannot read \(Self.documentPath)")
        #expect(Self.allExamples.count >= 5, "expected the format reference to hold complete ```dialogue examples")
    }

    @Test(arguments: allExamples)
    func exampleLintsClean(_ example: Example) {
        let file = "\(example.id).dialogue"
        let (dialogue, diagnostics) = Linter.check(example.text, file: file)
        let report = diagnostics.map(\.description).joined(separator: "\n")
        #expect(dialogue != nil, "the example at line \(example.line) does not parse:\n\(report)")
        #expect(!diagnostics.hasErrors, "the example at line \(example.line) has errors:\n\(report)")
        #expect(diagnostics.isEmpty, "the example at line \(example.line) has warnings:\n\(report)")
    }

    /// The extractor itself: only `dialogue` fences are taken, whole and in order.
    @Test func extractsOnlyDialogueFences() {
        let markdown = """
            Intro.

            ```text
            dialogue not-this-one
            ```

            ```dialogue
            dialogue first
            title: First
            ```

            ```dialogue
            dialogue: second
            ```
            """
        let found = Self.examples(in: markdown)
        #expect(found.map(\.id) == ["first", "second"])
        #expect(found.first?.line == 7)
        #expect(found.first?.text == "dialogue first\ntitle: First\n")
    }
}
