/// Text from answers made safe to put into Markdown: what a Markdown renderer would read as
/// HTML (`<script>`, `<img onerror=…>`, entities) or as structure (a heading, a list, a quote,
/// a code fence, emphasis, links, table cells) is escaped, so it shows as typed and does nothing.
///
/// HTML's three characters become entities; Markdown's inline punctuation gets a backslash
/// (CommonMark lets any ASCII punctuation be escaped); and a line that would start a block
/// (`#`, `>`, `-`, `+`, `=`, `1.`, ``` ``` ```) gets a backslash before its first mark.
public enum MarkdownText {
    static let inline: Set<Character> = ["\\", "`", "*", "_", "[", "]", "|", "~", "!"]
    static let blockStarts: Set<Character> = ["#", ">", "-", "+", "="]

    public static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        var lineStart = true
        var digits = false
        for character in text {
            if character == "\n" {
                out.append(character)
                lineStart = true
                digits = false
                continue
            }
            if lineStart {
                if character == " " || character == "\t" {
                    out.append(character)
                    continue
                }
                if blockStarts.contains(character) {
                    out += "\\"
                } else if character.isASCII, character.isNumber {
                    digits = true
                    out.append(character)
                    continue
                } else if digits, character == "." || character == ")" {
                    out += "\\"
                }
                lineStart = false
                digits = false
            }
            switch character {
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "&": out += "&amp;"
            case _ where inline.contains(character): out += "\\" + String(character)
            default: out.append(character)
            }
        }
        return out
    }
}
