import Testing
@testable import TrellisChat
import TrellisLanguage

@Suite struct ProfileReportTests {
    static let catalog: DialogueCatalog = {
        let text = """
            dialogue checks
            title: Checks
            purpose: Testing the report.
            section s
              ask model: choice
                prompt: Model?
                option hybrid: Hybrid
                save: site.model
              ask ready: choice
                prompt: Is coordination resourced as real work?
                option in-place: In place
                option partly: Partly
                option gap: A gap
                save: considerations.implementation.resourced
              ask role: text
                prompt: Role title?
                save: roles.{role}.title

            """
        let (dialogue, diagnostics) = Linter.check(text, file: "checks.dialogue")
        precondition(!diagnostics.hasErrors, "\(diagnostics)")
        return DialogueCatalog(dialogues: [dialogue!])
    }()

    func report(_ profile: Value) -> String {
        ProfileReport(siteId: "demo", siteName: "Demo", profile: profile, vocabulary: .init(Self.catalog), date: "today").markdown()
    }

    @Test func sectionsUseLabelsAndFlagGapsWithTheirQuestions() throws {
        let profile = try JSON.decode("""
            {"site": {"name": "Elm School", "model": "hybrid"},
             "considerations": {"implementation": {"resourced": "gap", "other": "in-place", "unsure": "not-sure"}},
             "next_steps": {"implementation": {"resourced": "Ask the council"}},
             "roles": {"site-coordinator": {"title": "Site Coordinator"}},
             "documents": {"summary": "# Summary\\n\\nText."}}
            """)
        let text = report(profile)
        #expect(text.hasPrefix("# Elm School: site profile\n"))
        #expect(text.contains("- **Model:** Hybrid\n"), "keys are shown as their labels")
        #expect(text.contains("- **A gap** (Implementation): Is coordination resourced as real work?\n  What would help: Ask the council\n"))
        #expect(!text.contains("(Implementation): Other"), "in-place items are not flagged")
        #expect(text.contains("- **Not sure** (Implementation): Unsure\n"))
        #expect(!text.contains("Next steps"), "notes sit with their consideration, not in a dump of their own")
        #expect(text.contains("### Roles\n"))
        #expect(text.contains("  - **Title:** Site Coordinator\n"))
        #expect(text.contains("\n### Summary\n"), "document headings sit under the report's own")
        #expect(!text.contains("## Core partners"), "no empty sections")
    }

    @Test func actionsAndTheMatrixHaveSectionsOfTheirOwn() throws {
        let profile = try JSON.decode("""
            {"actions": {"a": {"what": "Agree the budget", "status": "open", "due": "2026-01-31"}},
             "functions": {"relationships": {"title": "Managing relationships", "listen": {"task": "Listen", "lead": "backbone"}},
                           "review_when": "each July"}}
            """)
        let text = ProfileReport(siteId: "demo", siteName: "Demo", profile: profile, vocabulary: .init(Self.catalog),
                                 date: "2026-02-01T09:00:00Z").markdown()
        #expect(text.contains("\n## Actions\n\n- **Agree the budget**: no owner yet, due 2026-01-31 (overdue), open\n"))
        #expect(text.contains("\n## Who holds the backbone's tasks\n\n| Task | The backbone | The school | The steering committee |\n"))
        #expect(text.contains("**Next review of this map:** each July"))
        #expect(!text.contains("### Functions"), "the matrix replaces the raw answers")
    }

    @Test func considerationsAllInPlaceSayNoneFlagged() throws {
        let text = report(try JSON.decode(#"{"considerations": {"implementation": {"resourced": "in-place"}}}"#))
        #expect(text.contains("None: every consideration answered is in place."))
        #expect(!report(.object([])).contains("Considerations"), "no section when nothing was considered")
    }
}
