import Foundation
import Testing
import TrellisLanguage

/// `trellis actions` after real dialogues: backbone-functions leaves two tasks without a lead,
/// each becomes an action with the owner and date given once; update-actions marks one done.
@Suite struct ActionsCommandTests {
    /// backbone-functions for a site with no profile yet: "listen" and "build trust" (its
    /// default follows "listen") are left without a lead; every other task has one.
    static let functionsAnswers = ["Hilltop Primary", "no", "no", "not", "", "backbone", "", "", "",
                                   "backbone", "", "", "", "steer", "", "", "backbone", "", "backbone",
                                   "backbone", "", "", "", "", "", "backbone", "", "City Council", "2027-03-31"]
        .joined(separator: "\n") + "\n"

    @Test func theDialoguesActionsAreListedAndUpdated() throws {
        let data = try Trellis.temporaryFolder().path
        #expect(try Trellis.run(["site", "create", "demo", "--name", "Hilltop Primary", "--data", data]).status == 0)
        let chat = try Trellis.run(["chat", "backbone-functions", "--create", "--site", "demo", "--data", data], input: Self.functionsAnswers)
        #expect(chat.status == 0, "\(chat.err)")

        let listed = try Trellis.run(["actions", "demo", "--data", data])
        #expect(listed.status == 0)
        #expect(listed.out.hasPrefix("Actions for Hilltop Primary (demo): 2 open, 0 done\n"))
        #expect(listed.out.contains("Find a lead for \"Listen to partners and understand where they're coming from\"\n"))
        #expect(listed.out.contains("owner City Council, due 2027-03-31, open (from Backbone functions: managing relationships)"))

        let update = try Trellis.run(["chat", "update-actions", "--create", "--site", "demo", "--data", data], input: "1\ndone\nno\n")
        #expect(update.status == 0, "\(update.err)")
        let json = try JSON.decode(try Trellis.run(["actions", "demo", "--json", "--data", data]).out)
        let items = try #require(json.listValue)
        #expect(items.map { $0["key"]?.plainText } == ["functions-build-trust", "functions-listen"], "done ones last")
        #expect(items.map { $0["status"]?.plainText } == ["open", "done"])
        #expect(items.allSatisfy { $0["owner"] == .string("City Council") && $0["overdue"] == .bool(false) })

        let open = try Trellis.run(["actions", "demo", "--open", "--data", data])
        #expect(open.out.hasPrefix("Actions for Hilltop Primary (demo): 1 open, 1 done\n"))
        #expect(!open.out.contains("Listen to partners"))
    }

    @Test func aSiteWithoutActionsSaysSoAndAnUnknownSiteIsAUsageError() throws {
        let data = try Trellis.temporaryFolder().path
        #expect(try Trellis.run(["site", "create", "demo", "--name", "Hilltop Primary", "--data", data]).status == 0)
        let empty = try Trellis.run(["actions", "demo", "--data", data])
        #expect(empty.out.hasSuffix("No actions recorded yet.\n"))
        #expect(try Trellis.run(["actions", "demo", "--json", "--data", data]).out == "[]\n")
        #expect(try Trellis.run(["actions", "nowhere", "--data", data]).status == 2)
    }
}

/// `trellis overview` over a store of real dialogue runs.
@Suite struct OverviewCommandTests {
    @Test func everySiteOfTheStoreIsReportedAsItsProfileHasIt() throws {
        let data = try Trellis.temporaryFolder().path
        for (site, name) in [("demo", "Hilltop Primary"), ("quiet", "Quiet Primary")] {
            #expect(try Trellis.run(["site", "create", site, "--name", name, "--data", data]).status == 0)
        }
        #expect(try Trellis.run(["chat", "backbone-functions", "--create", "--site", "demo", "--data", data], input: ActionsCommandTests.functionsAnswers).status == 0)
        let json = try JSON.decode(try Trellis.run(["overview", "--json", "--data", data]).out)
        let rows = try #require(json.listValue)
        #expect(rows.map { $0["id"]?.plainText } == ["demo", "quiet"])
        #expect(rows[0]["open_actions"] == .number(2), "the two tasks backbone-functions left without a lead")
        #expect(rows[0]["last_activity"] != .null)
        #expect(rows[1]["open_actions"] == .number(0) && rows[1]["last_activity"] == .null)
        let text = try Trellis.run(["overview", "--data", data])
        #expect(text.out.hasPrefix("Site "))
        #expect(text.out.contains("Quiet Primary (quiet)"))
        let markdown = try Trellis.run(["overview", "--format", "markdown", "--data", data])
        #expect(markdown.out.hasPrefix("# Program overview\n\n2 sites, made "))
        #expect(try Trellis.run(["overview", "demo", "--data", data]).status == 2)
    }
}

/// Several respondents: two people rate the pre-establishment considerations; their answers
/// stay side by side and `trellis responses` shows the spread and who has not answered.
@Suite struct ResponsesCommandTests {
    static let siteSetup = "Riverbend Primary\nRiverbend\nhybrid\n1\nRiverbend Health\nhealth\nHealth sessions\nno\nembedded\nRiverbend Health\n"
    /// All ten considerations in place, or with the backbone's need a gap (and its three
    /// optional follow-up questions left), then the review date and "agreed with" left empty.
    static func ratings(backboneGap: Bool) -> String {
        var lines = ["in place", "in place"] + (backboneGap ? ["gap", "", "", ""] : ["in place"])
        lines += Array(repeating: "in place", count: 7) + ["", ""]
        return lines.joined(separator: "\n") + "\n"
    }

    @Test func twoPeoplesRatingsStaySideBySideWithWhoIsStillToAnswer() throws {
        let data = try Trellis.temporaryFolder().path
        #expect(try Trellis.run(["site", "create", "demo", "--name", "Demo", "--data", data]).status == 0)
        #expect(try Trellis.run(["chat", "site-setup", "--create", "--site", "demo", "--data", data], input: Self.siteSetup).status == 0)
        for (who, gap) in [("Jo", false), ("Priya", true)] {
            let run = try Trellis.run(["chat", "pre-establishment", "--create", "--site", "demo", "--as", who, "--data", data], input: Self.ratings(backboneGap: gap))
            #expect(run.status == 0, "\(run.err)")
        }
        for (name, role) in [("Jo", "coordinator"), ("Alex Kim", "coordinator"), ("Sam", "staff")] {
            #expect(try Trellis.run(["person", "add", "demo", name, "--role", role, "--data", data]).status == 0)
        }
        let json = try JSON.decode(try Trellis.run(["responses", "demo", "--json", "--data", data]).out)
        let questions = try #require(json["questions"]?.listValue)
        #expect(questions.count == 10)
        let need = try #require(questions.first { $0["path"] == .string("considerations.pre-establishment.backbone-need") })
        #expect(need["differ"] == .bool(true))
        #expect(need["answers"]?.listValue?.map { $0["person"]?.plainText } == ["Jo", "Priya"])
        #expect(questions.filter { $0["differ"] == .bool(true) }.count == 1)
        // Alex is a coordinator who has not answered; Sam is staff, who cannot run it.
        #expect(json["waiting_on"]?.listValue?.first?["people"] == .list([.string("Alex Kim")]))
        let text = try Trellis.run(["responses", "demo", "--data", data]).out
        #expect(text.hasPrefix("Answers by person at Riverbend Primary (demo)\n\n"))
        #expect(text.contains("• Have the partners worked out whether a backbone is needed, or would help? 2 answers: In place 1 of 2 (Jo); A gap 1 of 2 (Priya). The answers differ."))
        #expect(text.contains("Pre-establishment considerations: waiting on Alex Kim."))
        // The export shows the spread too.
        let export = try Trellis.run(["export", "demo", "--format", "markdown", "--data", data]).out
        #expect(export.contains("## Answers by person"))
        #expect(!export.contains("### Responses"))
    }
}
