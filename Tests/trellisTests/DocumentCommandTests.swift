import Foundation
import Testing
import TrellisChat
import TrellisLanguage
import TrellisSession
import TrellisStore

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
        #expect(list.hasPrefix("documents.site_summary  Riverbend Primary  version 2 of 2 · written 20"), "\(list)")
        #expect(list.hasSuffix(" by Jo in site-setup · draft\n"))
        let versions = try Trellis.run(["document", "demo", "documents.site_summary", "--versions", "--data", data]).out
            .split(separator: "\n")
        #expect(versions.count == 2 && versions[0].hasPrefix("1  ") && versions[0].hasSuffix("  Sam  site-setup  draft"))
        let old = try Trellis.run(["document", "demo", "documents.site_summary", "--version", "1", "--data", data]).out
        #expect(old.contains("- **Community:** Riverbend\n"))
        #expect(old.contains("\n*Version 1 of 2 · written "))
        let latest = try Trellis.run(["document", "demo", "documents.site_summary", "--data", data]).out
        #expect(latest.contains("- **Community:** Riverbend East\n"))
        let diff = try Trellis.run(["document", "demo", "documents.site_summary", "--diff", "--data", data]).out
        #expect(diff.contains("- - **Community:** Riverbend\n+ - **Community:** Riverbend East\n"), "\(diff)")
        #expect(diff.contains("+ The backbone is independent of the partners."))
        #expect(!diff.contains("  # Riverbend Primary"), "lines far from a change are left out")
        #expect(try Trellis.run(["document", "demo", "documents.site_summary", "--version", "3", "--data", data]).status == 2)
    }
}

/// `trellis documents`, the status line every printed document carries, and `--approve`.
@Suite struct DocumentStatusTests {
    static let first = "Riverbend Primary\nRiverbend\nhybrid\n1\nRiverbend Health\nhealth\nHealth sessions\nno\nembedded\nRiverbend Health\n"
    static let second = "Riverbend Primary\nRiverbend East\nhybrid\n1\nRiverbend Health\nhealth\nHealth sessions\nno\nindependent\n"
    static let path = "documents.site_summary"

    /// Site setup by `person` at site demo, writing the site summary.
    func chat(_ data: String, as person: String, _ answers: String = first) throws {
        let run = try Trellis.run(["chat", "site-setup", "--create", "--site", "demo", "--as", person, "--data", data], input: answers)
        #expect(run.status == 0, "\(run.err)")
    }

    /// The one document `documents --json` lists.
    func listed(_ data: String) throws -> Value {
        let out = try Trellis.run(["documents", "demo", "--json", "--data", data]).out
        let lines = out.split(separator: "\n")
        try #require(lines.count == 1, "\(out)")
        return try JSON.decode(String(lines[0]))
    }

    func day(_ value: Value, _ key: String) -> String { String((value[key]?.stringValue ?? "").prefix(10)) }

    @Test func documentsListsEachWithItsVersionDateWriterAndStatus() throws {
        let data = try Trellis.temporaryFolder().path
        try chat(data, as: "Sam")
        let json = try listed(data)
        #expect(json.objectValue?.map(\.key) == ["path", "title", "dialogue", "person", "date", "version", "versions", "status",
                                                 "approved_by", "approved_at", "approvals"])
        #expect(json["path"] == .string(Self.path) && json["title"] == .string("Riverbend Primary"))
        #expect(json["dialogue"] == .string("site-setup") && json["person"] == .string("Sam"))
        #expect(json["version"] == .number(1) && json["versions"] == .number(1) && json["status"] == .string("draft"))
        #expect(json["approved_by"] == .null && json["approved_at"] == .null && json["approvals"] == .list([]))
        // The date is the write's, as the history has it.
        let history = try Trellis.run(["history", "demo", "--path", Self.path, "--json", "--data", data]).out
        let written = try JSON.decode(String(try #require(history.split(separator: "\n").first)))
        #expect(json["date"] == written["at"] && day(json, "date").count == 10)

        let list = try Trellis.run(["documents", "demo", "--data", data])
        #expect(list.status == 0)
        #expect(list.out == "\(Self.path)  Riverbend Primary  version 1 of 1 · written \(day(json, "date")) by Sam in site-setup · draft\n")
        // `document SITE` lists them the same way.
        #expect(try Trellis.run(["document", "demo", "--data", data]).out == list.out)

        #expect(try Trellis.run(["site", "create", "empty", "--name", "Empty", "--data", data]).status == 0)
        #expect(try Trellis.run(["documents", "empty", "--data", data]).out == "No documents saved for empty yet.\n")
        #expect(try Trellis.run(["documents", "empty", "--json", "--data", data]).out == "")
        let unknown = try Trellis.run(["documents", "demmo", "--data", data])
        #expect(unknown.status == 2)
        #expect(unknown.err.contains("there is no site 'demmo'") && unknown.err.contains("(the sites are: demo, empty)"), "\(unknown.err)")
        #expect(try Trellis.run(["documents", "demo", Self.path, "--data", data]).status == 2)
    }

    @Test func aPrintedDocumentCarriesItsVersionDateAndStatusUnderItsHeading() throws {
        let folder = try Trellis.temporaryFolder()
        let data = folder.path
        try chat(data, as: "Sam_Lee")
        let date = day(try listed(data), "date")
        let markdown = try Trellis.run(["document", "demo", Self.path, "--data", data]).out
        let lines = markdown.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.prefix(5) == ["# Riverbend Primary", "", "*Version 1 of 1 · written \(date) by Sam\\_Lee in site-setup · draft*", "",
                                    "- **Community:** Riverbend"], "\(markdown)")
        let text = try Trellis.run(["document", "demo", Self.path, "--format", "text", "--data", data]).out
        #expect(text.hasPrefix("RIVERBEND PRIMARY\n\nVersion 1 of 1 · written \(date) by Sam_Lee in site-setup · draft\n\n• Community: Riverbend\n"), "\(text)")
        // Added as it is printed: the stored text is as the dialogue wrote it.
        let profile = try JSON.decode(try Trellis.run(["profile", "demo", "--json", "--data", data]).out)
        let stored = try #require(profile.value(at: ["documents", "site_summary"])?.stringValue)
        #expect(stored.hasPrefix("# Riverbend Primary\n\n- **Community:** Riverbend\n"))
        #expect(markdown == stored.replacingOccurrences(of: "# Riverbend Primary\n\n", with: "# Riverbend Primary\n\n" + String(lines[2]) + "\n\n"))
        // So does a document written to a file.
        let file = folder.appendingPathComponent("summary.txt").path
        #expect(try Trellis.run(["document", "demo", Self.path, "--format", "text", "--output", file, "--data", data]).status == 0)
        #expect(try String(contentsOfFile: file, encoding: .utf8) == text)
    }

    @Test func anApprovalNamesTheLatestVersionAndANewVersionIsADraftAgain() throws {
        let data = try Trellis.temporaryFolder().path
        try chat(data, as: "Sam")
        let approve = ["document", "demo", Self.path, "--approve", "--data", data]

        let noName = try Trellis.run(approve)
        #expect(noName.status == 2)
        #expect(noName.err.contains("--approve needs --as NAME"), "\(noName.err)")
        let noPath = try Trellis.run(["document", "demo", "documents.summary", "--approve", "--as", "Jo Bloggs", "--data", data])
        #expect(noPath.status == 2)
        #expect(noPath.err.contains("the documents are: \(Self.path)"))
        let unseen = try Trellis.run(approve + ["--as", "Jo Bloggs", "--version", "2"])
        #expect(unseen.status == 2 && unseen.err.contains("version 2 of \(Self.path) is not the one in the profile now (version 1 is); nothing was approved"), "\(unseen.err)")
        #expect(try Trellis.run(approve + ["--as", "Jo Bloggs", "--version", "one"]).status == 2)
        #expect(try Trellis.run(["document", "demo", Self.path, "--as", "Jo Bloggs", "--data", data]).status == 2)
        #expect(try listed(data)["approvals"] == .list([]), "a refused approval records nothing")

        let approved = try Trellis.run(approve + ["--as", "Jo Bloggs"])
        #expect(approved.status == 0, "\(approved.err)")
        #expect(approved.out.hasPrefix("Jo Bloggs approved version 1 of \(Self.path) (Riverbend Primary).\n"))
        var json = try listed(data)
        let on = day(json, "approved_at")
        #expect(json["status"] == .string("approved") && json["approved_by"] == .string("Jo Bloggs") && on.count == 10)
        #expect(try Trellis.run(["documents", "demo", "--data", data]).out.hasSuffix(" in site-setup · approved by Jo Bloggs on \(on)\n"))
        #expect(try Trellis.run(["document", "demo", Self.path, "--data", data]).out.contains(" · approved by Jo Bloggs on \(on)*\n"))

        // Approving again changes nothing, and says so.
        let again = try Trellis.run(approve + ["--as", "Jo Bloggs"])
        #expect(again.status == 0)
        #expect(again.out == "Jo Bloggs already approved version 1 of \(Self.path) on \(on); nothing changed.\n")
        #expect(try listed(data)["approvals"]?.listValue?.count == 1)

        // Site setup again with the same answers writes the same text: no new version, still approved.
        try chat(data, as: "Sam")
        #expect(try listed(data)["status"] == .string("approved"))

        // Other answers write a new version: a draft, saying which was approved.
        try chat(data, as: "Jo", Self.second)
        json = try listed(data)
        #expect(json["version"] == .number(2) && json["versions"] == .number(2) && json["person"] == .string("Jo"))
        #expect(json["status"] == .string("draft") && json["approved_by"] == .null && json["approved_at"] == .null)
        #expect(json["approvals"] == .list([.object([("version", .number(1)), ("person", .string("Jo Bloggs")), ("at", try #require(json["approvals"]?.listValue?.first?["at"]))])]))
        let draft = "draft (version 1 approved by Jo Bloggs on \(on))"
        #expect(try Trellis.run(["documents", "demo", "--data", data]).out.hasSuffix(" by Jo in site-setup · \(draft)\n"))
        let text = try Trellis.run(["document", "demo", Self.path, "--format", "text", "--data", data]).out
        #expect(text.contains("\nVersion 2 of 2 · written \(day(json, "date")) by Jo in site-setup · \(draft)\n"), "\(text)")
        let versions = try Trellis.run(["document", "demo", Self.path, "--versions", "--data", data]).out.split(separator: "\n")
        #expect(versions.count == 2)
        #expect(versions[0].hasSuffix("  Sam  site-setup  approved by Jo Bloggs on \(on)"), "\(versions)")
        #expect(versions[1].hasSuffix("  Jo  site-setup  \(draft)"))
        #expect(try Trellis.run(["document", "demo", Self.path, "--version", "1", "--data", data]).out
                .contains("\n*Version 1 of 2 · written "))

        // Approving the version read, when a newer one has been written since, approves nothing.
        #expect(try Trellis.run(approve + ["--as", "Sam", "--version", "1"]).status == 2)
        #expect(try listed(data)["status"] == .string("draft"))

        // The new version is approved in its turn.
        #expect(try Trellis.run(approve + ["--as", "Sam", "--version", "2"]).out.hasPrefix("Sam approved version 2 of \(Self.path)"))
        json = try listed(data)
        #expect(json["status"] == .string("approved") && json["approved_by"] == .string("Sam"))
        #expect(json["approvals"]?.listValue?.count == 2)
    }

    /// When `/back` puts an earlier text back, the profile holds that version: it is the one
    /// listed, printed and approved, and `--versions` says so.
    @Test func theVersionTheProfileHoldsIsTheLatest() throws {
        let data = try Trellis.temporaryFolder().path
        let site = try #require(SiteID("demo"))
        do {
            let store = try Store(folder: data)
            _ = try store.createSite(site, name: "Demo")
            for (person, text, source) in [("Sam", "# Plan\n\nfirst\n", "plan"), ("Jo", "# Plan\n\nsecond\n", "plan"), ("Jo", "# Plan\n\nfirst\n", "back")] {
                _ = try store.commit(Commit(site: site, person: person, dialogue: "planning", target: .new(initialProfile: .object([]), replacing: nil),
                                            steps: [], writes: [ProfileWrite(path: ["documents", "plan"], value: .string(text), source: source)],
                                            finished: true, waitingOn: nil))
            }
        }
        let json = try listed(data)
        #expect(json["version"] == .number(1) && json["versions"] == .number(2) && json["person"] == .string("Sam"))
        #expect(try Trellis.run(["document", "demo", "documents.plan", "--data", data]).out.hasPrefix("# Plan\n\n*Version 1 of 2 · written "))
        let versions = try Trellis.run(["document", "demo", "documents.plan", "--versions", "--data", data]).out.split(separator: "\n")
        #expect(versions.count == 2 && versions[0].hasSuffix("  draft  (the one in the profile now)") && versions[1].hasSuffix("  draft"))
        #expect(try Trellis.run(["document", "demo", "documents.plan", "--approve", "--as", "Ana", "--data", data]).out
                .hasPrefix("Ana approved version 1 of documents.plan (Plan).\n"))
    }
}
