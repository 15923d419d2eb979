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
             "considerations": {"implementation": {"resourced": "gap", "other": "in-place"}},
             "roles": {"site-coordinator": {"title": "Site Coordinator"}},
             "documents": {"summary": "# Summary\\n\\nText."}}
            """)
        let text = report(profile)
        #expect(text.hasPrefix("# Elm School: site profile\n"))
        #expect(text.contains("- **Model:** Hybrid\n"), "keys are shown as their labels")
        #expect(text.contains("- **Gap** (Implementation): Is coordination resourced as real work?\n"))
        #expect(!text.contains("(Implementation): Other"), "in-place items are not flagged")
        #expect(text.contains("### Roles\n"))
        #expect(text.contains("  - **Title:** Site Coordinator\n"))
        #expect(text.contains("\n### Summary\n"), "document headings sit under the report's own")
        #expect(!text.contains("## Core partners"), "no empty sections")
    }

    @Test func considerationsAllInPlaceSayNoneFlagged() throws {
        let text = report(try JSON.decode(#"{"considerations": {"implementation": {"resourced": "in-place"}}}"#))
        #expect(text.contains("None: every consideration answered is in place."))
        #expect(!report(.object([])).contains("Considerations"), "no section when nothing was considered")
    }
}
