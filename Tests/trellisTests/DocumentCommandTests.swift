import Foundation
import Testing
import TrellisChat

/// `trellis document` and the plain-text renderings of documents and exports.
@Suite struct DocumentCommandTests {
    @Test func savedDocumentsAreListedAndPrintedAsMarkdownOrText() throws {
        let data = try Trellis.temporaryFolder().path
        let chat = try Trellis.run(["chat", "site-setup", "--site", "demo", "--data", data], input: siteSetupAnswers)
        #expect(chat.status == 0, "\(chat.err)")
        let list = try Trellis.run(["document", "demo", "--data", data])
        let first = try #require(list.out.split(separator: "\n").first)
        let path = String(try #require(first.split(separator: " ").first))
        #expect(path.hasPrefix("documents."))

        let markdown = try Trellis.run(["document", "demo", path, "--data", data])
        #expect(markdown.status == 0)
        #expect(markdown.out.hasPrefix("# "))
        let text = try Trellis.run(["document", "demo", path, "--format", "text", "--data", data])
        #expect(text.out == PlainText.from(markdown: markdown.out))
        #expect(!text.out.contains("**") && !text.out.contains("# "))

        let missing = try Trellis.run(["document", "demo", "documents.nothing", "--data", data])
        #expect(missing.status == 2)
        #expect(missing.err.contains("the documents are: \(path)"))
        let badFormat = try Trellis.run(["document", "demo", path, "--format", "pdf", "--data", data])
        #expect(badFormat.status == 2)
        #expect(badFormat.err.contains("--format takes markdown, text; got 'pdf'"))
    }

    @Test func exportsAndChatOutputCanBePlainText() throws {
        let folder = try Trellis.temporaryFolder()
        let data = folder.appendingPathComponent("data").path
        let output = folder.appendingPathComponent("summary.txt").path
        let chat = try Trellis.run(["chat", "site-setup", "--site", "demo", "--data", data, "--output", output, "--format", "text"],
                                   input: siteSetupAnswers)
        #expect(chat.status == 0, "\(chat.err)")
        let written = try String(contentsOfFile: output, encoding: .utf8)
        #expect(written.hasPrefix("RIVERBEND PRIMARY"), "\(written)")
        let export = try Trellis.run(["export", "demo", "--format", "text", "--data", data])
        #expect(export.status == 0)
        #expect(export.out.hasPrefix("RIVERBEND PRIMARY: SITE PROFILE\n"))
        #expect(try Trellis.run(["export", "demo", "--format", "pdf", "--data", data]).err.contains("--format takes json, markdown, text"))
    }
}
