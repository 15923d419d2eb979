/// The documents' Markdown as plain text that pastes cleanly into a word processor: no `#`,
/// `**` or backslashes, bullets as "•", numbered lists numbered, table rows as tab-separated
/// cells (which a word processor can turn into a table).
///
/// It reads the Markdown the dialogues write (headings, paragraphs, `-` and `1.` lists,
/// `**bold**`, pipe tables, and answers escaped by `MarkdownText`), not Markdown in general.
public enum PlainText {
    public static func from(markdown: String) -> String {
        var out: [String] = []
        // Markdown numbers a list itself (templates write every item `1.`), so count here:
        // one counter per indentation level, reset by anything that is not an item.
        var numbers: [Int: Int] = [:]
        for raw in markdown.split(separator: "\n", omittingEmptySubsequences: false) {
            let line = String(raw)
            let indent = line.prefix { $0 == " " }.count
            let body = String(line.dropFirst(indent))
            if let heading = heading(body) {
                numbers = [:]
                out.append(heading.level == 1 ? inline(heading.text).uppercased() : inline(heading.text))
                continue
            }
            if body.hasPrefix("|") {
                numbers = [:]
                let cells = body.dropFirst().split(separator: "|", omittingEmptySubsequences: false).dropLast()
                    .map { String($0).trimmingSpaces }
                // The row under the header, `|---|---|`, is Markdown's alone.
                if cells.allSatisfy({ !$0.isEmpty && $0.allSatisfy { $0 == "-" || $0 == ":" } }) { continue }
                out.append(cells.map(inline).joined(separator: "\t"))
                continue
            }
            let pad = String(repeating: " ", count: indent)
            if body.hasPrefix("- ") || body.hasPrefix("* ") {
                numbers = numbers.filter { $0.key < indent }
                out.append(pad + "• " + inline(String(body.dropFirst(2))))
                continue
            }
            if let dot = orderedItem(body) {
                numbers = numbers.filter { $0.key <= indent }
                let n = (numbers[indent] ?? 0) + 1
                numbers[indent] = n
                out.append(pad + "\(n). " + inline(String(body[dot...].dropFirst(2))))
                continue
            }
            if !body.isEmpty && indent == 0 { numbers = [:] }
            out.append(pad + inline(body))
        }
        return out.joined(separator: "\n")
    }

    static func heading(_ line: String) -> (level: Int, text: String)? {
        let hashes = line.prefix { $0 == "#" }.count
        guard (1...6).contains(hashes), line.dropFirst(hashes).first == " " else { return nil }
        return (hashes, String(line.dropFirst(hashes + 1)))
    }

    /// The index of the `.` of `12. text`, when the line is an ordered list item.
    static func orderedItem(_ line: String) -> String.Index? {
        let digits = line.prefix { $0.isASCII && $0.isNumber }
        guard !digits.isEmpty, digits.count <= 9 else { return nil }
        let dot = line.index(line.startIndex, offsetBy: digits.count)
        guard line[dot...].hasPrefix(". ") else { return nil }
        return dot
    }

    /// Emphasis marks dropped, backslash escapes and the two entities `MarkdownText` writes
    /// undone, so an answer reads as it was typed.
    static func inline(_ text: String) -> String {
        var out = ""
        let chars = Array(text)
        var i = 0
        while i < chars.count {
            let c = chars[i]
            if c == "\\", i + 1 < chars.count, chars[i + 1].isASCII, chars[i + 1].isPunctuation || chars[i + 1].isSymbol {
                out.append(chars[i + 1])
                i += 2
                continue
            }
            if c == "*" || c == "~" {
                // `**bold**`, `*em*`, `~~struck~~`: the marks go, the words stay.
                i += 1
                continue
            }
            if c == "&" {
                let rest = String(chars[i...].prefix(5))
                if rest.hasPrefix("&lt;") { out.append("<"); i += 4; continue }
                if rest.hasPrefix("&amp;") { out.append("&"); i += 5; continue }
            }
            out.append(c)
            i += 1
        }
        return out
    }
}
