import Testing
@testable import TrellisChat
@testable import TrellisLanguage

/// Answers put into Markdown show as typed: no HTML, no structure.
@Suite struct MarkdownTextTests {
    @Test(arguments: [
        ("<script>alert(1)</script>", "&lt;script>alert(1)&lt;/script>"),
        ("<img src=x onerror=alert(1)>", "&lt;img src=x onerror=alert(1)>"),
        ("<!-- hidden -->", "&lt;\\!-- hidden -->"),
        ("Tom & Jerry &amp; &#60; &x", "Tom & Jerry &amp;amp; &amp;#60; &x"),
        ("a < b > c", "a < b > c"),
        ("# Evil", "\\# Evil"),
        ("  > quoted", "  \\> quoted"),
        ("- item\n+ item\n= rule", "\\- item\n\\+ item\n\\= rule"),
        ("1. first\n12) second", "1\\. first\n12\\) second"),
        ("```\ncode", "\\`\\`\\`\ncode"),
        ("*bold* _it_ [link](x) ![i](y) a|b ~~s~~ back\\slash", "\\*bold\\* \\_it\\_ \\[link\\](x) \\!\\[i\\](y) a\\|b \\~\\~s\\~\\~ back\\\\slash"),
        ("Riverbend Primary, 2 days a week (Mon-Tue).", "Riverbend Primary, 2 days a week (Mon-Tue)."),
        ("2026 plan", "2026 plan"),
    ])
    func escapes(_ raw: String, _ escaped: String) {
        #expect(MarkdownText.escape(raw) == escaped)
    }

    @Test func aValueInsideALineIsNotALineStart() {
        #expect(MarkdownText.escape("0.8 FTE", atLineStart: false) == "0.8 FTE")
        #expect(MarkdownText.escape("0.8 FTE") == "0\\.8 FTE")
        #expect(MarkdownText.escape("x\n- y", atLineStart: false) == "x\n\\- y", "its own later lines are line starts")
    }

    @Test func documentsEscapeTheAnswersInThemButNotTheirOwnMarkdown() {
        let text = "dialogue d\ntitle: D\npurpose: P.\nsection s\n  ask name: text\n    prompt: Name?\n  document doc\n    title: Doc\n    template:\n      # {{name}}\n\n      - **Name:** {{name}}\n"
        let (dialogue, diagnostics) = Linter.check(text, file: "d.dialogue")
        #expect(!diagnostics.hasErrors, "\(diagnostics)")
        let template = dialogue!.documents.first!.template
        let env = Environment(answers: .object([("name", .string("<img src=x onerror=y> *x*"))]), profile: .object([]), builtins: [:], locals: [], labels: [:])
        let rendered = template.render(in: env, escaping: { MarkdownText.escape($0, atLineStart: $1) })
        #expect(rendered.hasPrefix("# &lt;img src=x onerror=y> \\*x\\*\n"), "\(rendered)")
        #expect(rendered.contains("- **Name:** &lt;img"), "the template's own Markdown is kept")
    }

    @Test func theReportEscapesHostileAnswers() {
        let profile: Value = .object([
            ("site", .object([("name", .string("# Evil <script>x</script>")), ("community", .string("<img src=x onerror=y>"))])),
            ("partners", .list([.object([("name", .string("**Bold** Partner")), ("brings", .string("- a list\n> a quote"))])])),
        ])
        let report = ProfileReport(siteId: "demo", siteName: "Demo", profile: profile, vocabulary: .init(DialogueCatalog(dialogues: [])),
                                   date: "2026-12-02").markdown()
        #expect(report.hasPrefix("# # Evil &lt;script>x&lt;/script>: site profile\n"), "after '# ' a '#' starts nothing")
        #expect(!report.contains("<script>") && !report.contains("<img"))
        #expect(report.contains("- **\\*\\*Bold\\*\\* Partner**: - a list\n\\> a quote\n"), "\(report)")
        #expect(!report.contains("\n- a list") && !report.contains("\n> a quote"), "an answer's lines never start a block")
    }
}
