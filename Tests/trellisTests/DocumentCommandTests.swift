import Foundation
import Testing
import TrellisChat

/// `trellis document` and the plain-text renderings of documents and exports.
@Suite struct DocumentCommandTests {
    @Test func savedDocumentsAreListedAndPrintedAsMarkdownOrText() throws {
        let data = try Trellis.temporaryFolder().path
        let chat = try Trellis.run(["chat", "site-setup", "--create", "--site", "demo", "--data", data], input: siteSetupAnswers)
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
        let chat = try Trellis.run(["chat", "site-setup", "--create", "--site", "demo", "--data", data, "--output", output, "--format", "text"],
                                   input: siteSetupAnswers)
        #expect(chat.status == 0, "\(chat.err)")
        let written = try String(contentsOfFile: output, encoding: .utf8)
        #expect(written.hasPrefix("RIVERBEND PRIMARY"), "\(written)")
        let export = try Trellis.run(["export", "demo", "--format", "text", "--data", data])
        #expect(export.status == 0)
        #expect(export.out.hasPrefix("RIVERBEND PRIMARY: SITE PROFILE\n"))
        #expect(try Trellis.run(["export", "demo", "--format", "pdf", "--data", data]).err.contains("--format takes json, markdown, text"))
    }

    @Test func aDocumentWrittenAgainKeepsItsEarlierVersions() throws {
        let data = try Trellis.temporaryFolder().path
        let first = "Riverbend Primary\nRiverbend\nhybrid\n1\nRiverbend Health\nhealth\nHealth sessions\nno\nembedded\nRiverbend Health\n"
        let second = "Riverbend Primary\nRiverbend East\nhybrid\n1\nRiverbend Health\nhealth\nHealth sessions\nno\nindependent\n"
        #expect(try Trellis.run(["chat", "site-setup", "--create", "--site", "demo", "--as", "Sam", "--data", data], input: first).status == 0)
        #expect(try Trellis.run(["chat", "site-setup", "--create", "--site", "demo", "--as", "Jo", "--data", data], input: second).status == 0)
        let list = try Trellis.run(["document", "demo", "--data", data]).out
        #expect(list.contains("documents.site_summary  Riverbend Primary  (version 2, latest "), "\(list)")
        #expect(list.contains(" by Jo)"))
        let versions = try Trellis.run(["document", "demo", "documents.site_summary", "--versions", "--data", data]).out
            .split(separator: "\n")
        #expect(versions.count == 2 && versions[0].hasPrefix("1  ") && versions[0].hasSuffix("  Sam  site-setup"))
        let old = try Trellis.run(["document", "demo", "documents.site_summary", "--version", "1", "--data", data]).out
        #expect(old.contains("- **Community:** Riverbend\n"))
        let latest = try Trellis.run(["document", "demo", "documents.site_summary", "--data", data]).out
        #expect(latest.contains("- **Community:** Riverbend East\n"))
        let diff = try Trellis.run(["document", "demo", "documents.site_summary", "--diff", "--data", data]).out
        #expect(diff.contains("- - **Community:** Riverbend\n+ - **Community:** Riverbend East\n"), "\(diff)")
        #expect(diff.contains("+ The backbone is independent of the partners."))
        #expect(!diff.contains("  # Riverbend Primary"), "lines far from a change are left out")
        #expect(try Trellis.run(["document", "demo", "documents.site_summary", "--version", "3", "--data", data]).status == 2)
    }
}
