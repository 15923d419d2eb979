import Testing
@testable import TrellisChat
import TrellisLanguage

@Suite struct ProgramOverviewTests {
    static let vocabulary = ProfileReport.Vocabulary(DialogueCatalog(dialogues: []))

    @Test func eachSiteIsCountedFromItsProfile() throws {
        let north = try JSON.decode("""
            {"site": {"name": "North Primary", "model": "hybrid", "phase": "implementation"},
             "considerations": {"implementation": {"a": "gap", "b": "partly", "c": "not-sure", "d": "in-place"},
                                "pre-establishment": {"e": "gap"}},
             "actions": {"x": {"what": "X", "due": "2026-01-01"}, "y": {"what": "Y", "status": "done", "due": "2026-01-01"},
                         "z": {"what": "Z", "status": "in-progress"}},
             "inductions": {"sam": {"name": "Sam", "follow_up": "time"}, "jo": {"name": "Jo", "follow_up": "none"}},
             "leadership": {"areas": {"health": {"backbone": "A", "also_claimed_by": "B"},
                                      "education": {"backbone": "none", "also_claimed_by": "none"}}}}
            """)
        let overview = ProgramOverview(sites: [("north", "North", north, "2026-11-30T10:00:00Z"), ("empty", "Empty", .object([]), "")],
                                       vocabulary: Self.vocabulary, today: "2026-12-01")
        let row = overview.rows[0]
        #expect(row.name == "North Primary" && row.model == "hybrid" && row.phase == "implementation")
        #expect((row.gaps, row.partly, row.notSure) == (2, 1, 1))
        #expect((row.openActions, row.overdueActions) == (2, 1), "done ones are neither open nor overdue")
        #expect((row.inductions, row.inductionsAwaiting) == (2, 1))
        #expect(row.conflicts == 1)
        let empty = overview.rows[1]
        #expect(empty.name == "Empty" && empty.gaps == 0 && empty.lastActivity == "")
        let text = overview.text()
        #expect(text.contains("Empty (empty)") && text.contains("never"))
        #expect(text.contains("Across all sites: 2 gaps, 1 partly in place, 1 not sure; 2 open actions (1 overdue); 2 inductions (1 awaiting follow-up); 1 backbone conflicts."))
        let json = overview.json()
        #expect(json.listValue?.first?["overdue_actions"] == .number(1))
        #expect(json.listValue?.last?["model"] == .null)
        #expect(overview.markdown(date: "today").contains("| North Primary (north) | hybrid | implementation | 2 | 1 | 1 | 2 | 1 | 2 | 1 | 1 | 2026-11-30 |"))
    }
}
