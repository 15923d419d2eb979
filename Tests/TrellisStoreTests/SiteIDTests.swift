import Testing
import TrellisLanguage

/// Site ids: 1 to 64 characters of a-z, 0-9 and '-', so none can be a path or differ by case.
@Suite struct SiteIDTests {
    @Test(arguments: [
        "a", "z", "0", "9", "a-1", "-", "school-42", "abcdefghijklmnopqrstuvwxyz0123456789-",
        String(repeating: "a", count: 64), String(repeating: "9", count: 63) + "-",
    ])
    func accepts(_ text: String) throws {
        let id = try #require(SiteID(text))
        #expect(id.rawValue == text)
        #expect(id.description == text)
    }

    @Test(arguments: [
        "", "A", "Abc", "aBc", "../x", "..", ".", "a/b", "/a", "a\\b", "a.b", "a b", " a", "a ", "a_b",
        "a\n", "a\0", "a\t", "a:b", "a%2fb", "a'b", "a\"b",
        String(repeating: "a", count: 65), String(repeating: "a", count: 1000),
        "é", "caf\u{e9}", "cafe\u{301}", "ａ", "а", "ß", "ı", "π", "١", "👍", "a\u{200b}",
    ])
    func refuses(_ text: String) {
        #expect(SiteID(text) == nil, "\(text.unicodeScalars.map { String($0.value, radix: 16) })")
    }

    @Test func lengthIsCountedInCharactersNotBytes() {
        // 64 ASCII characters are fine, 64 characters that include a non-ASCII one are not.
        #expect(SiteID(String(repeating: "a", count: 63) + "b") != nil)
        #expect(SiteID(String(repeating: "a", count: 63) + "é") == nil)
    }

    @Test func equalTextGivesEqualIDs() {
        #expect(SiteID("abc") == SiteID("abc"))
        #expect(SiteID("abc") != SiteID("abd"))
        #expect(Set([SiteID("a"), SiteID("a"), SiteID("b")]).count == 2)
    }

    @Test func theRuleSaysWhatIsAllowed() {
        #expect(SiteID.rule.contains("1 to 64"))
        #expect(SiteID.rule.contains("a-z"))
        #expect(SiteID.rule.contains("0-9"))
        #expect(SiteID.rule.contains("'-'"))
    }
}
