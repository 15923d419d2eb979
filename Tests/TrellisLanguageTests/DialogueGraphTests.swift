import Foundation
import Testing
@testable import TrellisLanguage

@Suite struct DialogueGraphTests {
    static let source = """
        dialogue g
        title: Graph
        purpose: Testing.
        section start
          ask ready: yes/no
            prompt: Ready?
          go to later when ready
          say: Not yet.
          finish
        section orphan
          ask lost: text
            prompt: Never asked?
        section later
          repeat items
            prompt: Another?
            min: 0
            ask name: text
              prompt: Name?
          if ready and items
            document summary
              title: S
              template:
                Done.

        """

    func graph() throws -> DialogueGraph {
        // Parsed, not linted: lint refuses a section nothing reaches, which is what a picture shows.
        let (dialogue, diagnostics) = DialogueParser.parse(Self.source, file: "g.dialogue")
        #expect(!diagnostics.hasErrors, "\(diagnostics)")
        return DialogueGraph(try #require(dialogue))
    }

    @Test func branchesJumpsRepeatsAndEndsAreDrawnAndTheUnreachableMarked() throws {
        let g = try graph()
        func node(_ prefix: String) -> DialogueGraph.Node? { g.nodes.first { $0.label.hasPrefix(prefix) } }
        let jump = try #require(node("go to later when ready"))
        let repeatNode = try #require(node("repeat items"))
        #expect(g.edges.contains { $0.from == jump.id && $0.to == repeatNode.id && $0.label == "yes" })
        #expect(g.edges.contains { $0.from == jump.id && $0.label == "no" && $0.to == node("finish")?.id })
        let name = try #require(node("name: Name?"))
        #expect(g.edges.contains { $0.from == name.id && $0.to == name.id && $0.label == "another" })
        #expect(g.edges.contains { $0.from == repeatNode.id && $0.label == "none" }, "min: 0 may have no item")
        #expect(node("if ready and items")?.shape == .branch)
        // The orphan section is reached only by falling through from a finish: never.
        let lost = try #require(node("lost: Never asked?"))
        #expect(!g.reachable.contains(lost.id))
        #expect(g.reachable.contains(try #require(node("document summary")).id))
        let dot = g.dot()
        #expect(dot.hasPrefix("digraph dialogue {"))
        #expect(dot.contains("n\(lost.id) [label=\"lost: Never asked?\", shape=box, tooltip=\"line 11\", style=dashed, color=grey, fontcolor=grey];"))
        #expect(dot.contains("subgraph cluster_1 {\n    label=\"section orphan\""))
    }

    @Test func graphvizReadsTheDOTWhenItIsInstalled() throws {
        let dot = ["/usr/bin/dot", "/usr/local/bin/dot"].first { FileManager.default.isExecutableFile(atPath: $0) }
        guard let dot else { return }   // graphviz is optional: the DOT is still checked above
        let process = Process()
        process.executableURL = URL(fileURLWithPath: dot)
        process.arguments = ["-Tsvg"]
        let input = Pipe(), output = Pipe(), errors = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        input.fileHandleForWriting.write(Data(try graph().dot().utf8))
        try input.fileHandleForWriting.close()
        let svg = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "\(String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self))")
        #expect(String(decoding: svg, as: UTF8.self).contains("<svg"))
    }
}
