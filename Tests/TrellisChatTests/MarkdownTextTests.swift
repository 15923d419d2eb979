import Testing
@testable import TrellisChat
import TrellisLanguage

/// Answers put into Markdown show as typed: no HTML, no structure.
@Suite struct MarkdownTextTests {
    @Test(arguments: [
        ("<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;"),
        ("<img src=x onerror=alert(1)>", "&lt;img src=x onerror=alert(1)&gt;"),
        ("Tom & Jerry &amp;", "Tom &amp; Jerry &amp;amp;"),
        ("# Evil", "\\# Evil"),
        ("  > quoted", "  \\&gt; quoted"),
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

    @Test func theReportEscapesHostileAnswers() {
        let profile: Value = .object([
            ("site", .object([("name", .string("# Evil <script>x</script>")), ("community", .string("<img src=x onerror=y>"))])),
            ("partners", .list([.object([("name", .string("**Bold** Partner")), ("brings", .string("- a list\n> a quote"))])])),
        ])
        let report = ProfileReport(siteId: "demo", siteName: "Demo", profile: profile, vocabulary: .init(DialogueCatalog(dialogues: [])),
                                   date: "2026-12-02").markdown()
        #expect(report.hasPrefix("# \\# Evil &lt;script&gt;x&lt;/script&gt;: site profile\n"))
        #expect(!report.contains("<script>") && !report.contains("<img"))
        #expect(report.contains("- **\\*\\*Bold\\*\\* Partner**: \\- a list\n\\&gt; a quote\n"), "\(report)")
        #expect(!report.contains("\n- a list") && !report.contains("\n> a quote"), "an answer's lines never start a block")
    }
}
