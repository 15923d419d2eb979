/// Text from answers made safe to put into Markdown: what a Markdown renderer would read as
/// HTML (`<script>`, `<img onerror=…>`, an entity such as `&amp;`) or as structure (a heading,
/// a list, a quote, a code fence, emphasis, links, table cells) is escaped, so it shows as
/// typed and does nothing. Used for answers in exports and in the documents dialogues write.
///
/// A `<` that would open a tag becomes `&lt;` and an `&` that would start an entity `&amp;`
/// (elsewhere they are left alone, so "a < b" and "Tom & Jerry" read as typed); Markdown's
/// inline punctuation gets a backslash (CommonMark lets any ASCII punctuation be escaped); and
/// a line that would start a block (`#`, `>`, `-`, `+`, `=`, `1.`, ``` ``` ```) gets a
/// backslash before its first mark.
public enum MarkdownText {
    static let inline: Set<Character> = ["\\", "`", "*", "_", "[", "]", "|", "~", "!"]
    static let blockStarts: Set<Character> = ["#", ">", "-", "+", "="]

    /// `atLineStart`: whether the text begins a line where it is put (a value after a label does
    /// not); its own later lines always do.
    public static func escape(_ text: String, atLineStart: Bool = true) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        var lineStart = atLineStart
        var digits = false
        let characters = Array(text)
        for (index, character) in characters.enumerated() {
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
                    out.append(character)
                    lineStart = false
                    continue
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
            case "<" where opensTag(characters, after: index): out += "&lt;"
            case "&" where startsEntity(characters, after: index): out += "&amp;"
            case _ where inline.contains(character): out += "\\" + String(character)
            default: out.append(character)
            }
        }
        return out
    }

    /// `<` followed by a letter, `/`, `!` or `?`: the start of an HTML tag, comment or
    /// declaration (or an autolink).
    static func opensTag(_ characters: [Character], after index: Int) -> Bool {
        guard index + 1 < characters.count else { return false }
        let next = characters[index + 1]
        return (next.isASCII && next.isLetter) || next == "/" || next == "!" || next == "?"
    }

    /// `&` followed by a name or `#` and digits, then `;`: an entity a renderer would decode.
    static func startsEntity(_ characters: [Character], after index: Int) -> Bool {
        var i = index + 1
        var length = 0
        while i < characters.count, length <= 32 {
            let c = characters[i]
            if c == ";" { return length > 0 }
            guard c.isASCII, c.isLetter || c.isNumber || (c == "#" && length == 0) else { return false }
            i += 1
            length += 1
        }
        return false
    }
}
