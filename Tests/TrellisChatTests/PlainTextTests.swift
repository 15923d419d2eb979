import Testing
@testable import TrellisChat
import TrellisLanguage

@Suite struct PlainTextTests {
    @Test func headingsListsAndEmphasisBecomePlainText() {
        let markdown = """
            # Position description: Site Coordinator

            - **Classification:** Level 5
            - **Reports to:** Principal

            ## Selection criteria

            ### Essential

            1. Demonstrated ability to coordinate
            1. Strong *interpersonal* skills
              - nested point
            1. Cultural competence

            Text after.

            1. A new list
            """
        #expect(PlainText.from(markdown: markdown) == """
            POSITION DESCRIPTION: SITE COORDINATOR

            • Classification: Level 5
            • Reports to: Principal

            Selection criteria

            Essential

            1. Demonstrated ability to coordinate
            2. Strong interpersonal skills
              • nested point
            3. Cultural competence

            Text after.

            1. A new list
            """)
    }

    @Test func answersReadAsTheyWereTyped() {
        // What MarkdownText escapes in an answer comes back as typed.
        let typed = "Tom & Jerry's *best* <b>plan</b> #1 - [link](x) 50% | 3.5"
        let escaped = MarkdownText.escape(typed, atLineStart: false)
        #expect(escaped != typed)
        #expect(PlainText.from(markdown: "- **Note:** " + escaped) == "• Note: " + typed)
        #expect(PlainText.from(markdown: MarkdownText.escape("1. first\n# not a heading")) == "1. first\n# not a heading")
    }

    @Test func tableRowsBecomeTabSeparatedCells() {
        let table = "| Task | The backbone | City Council |\n|---|---|---|\n| **Relationships** | | |\n| Listen | Lead | Support |"
        #expect(PlainText.from(markdown: table) == "Task\tThe backbone\tCity Council\nRelationships\t\t\nListen\tLead\tSupport")
    }
}

@Suite struct LineDiffTests {
    @Test func changedLinesAreMarkedAndCommonOnesKept() {
        #expect(LineDiff.lines(from: "a\nb\nc", to: "a\nB\nc\nd") == ["  a", "- b", "+ B", "  c", "+ d"])
        #expect(LineDiff.lines(from: "same", to: "same") == ["  same"])
        #expect(LineDiff.lines(from: "x\ny", to: "y") == ["- x", "  y"])
    }
}
