/// Wraps text at word boundaries to a width, for people reading in a terminal or a `nc`
/// session, where a word cut at the edge is hard to read.
///
/// Each line is wrapped on its own; a continued line is indented under the text it continues,
/// so a numbered option, a list item, a refusal (`! `) or a command in `/help` stays one block.
/// Widths are counted in characters; a word longer than the width is left whole rather than
/// broken (a web address still works when copied).
public enum TextWrap {
    /// The narrowest width wrapped to: below it, indented continuations would leave no room.
    public static let minimumWidth = 20

    public static func wrap(_ text: String, width: Int) -> String {
        let width = max(width, minimumWidth)
        var out = ""
        out.reserveCapacity(text.utf8.count + 16)
        var first = true
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if !first { out += "\n" }
            first = false
            if line.count <= width {
                out += line
            } else {
                wrapLine(line, width: width, into: &out)
            }
        }
        return out
    }

    /// How far a continued line is indented: the line's own indentation, plus a list marker
    /// (`1. `, `- `, `* `, `! `) or a padded command column (`/help    `) when it starts with one.
    static func hangingIndent(_ line: Substring) -> Int {
        let leading = line.prefix { $0 == " " }.count
        let rest = line.dropFirst(leading)
        let word = rest.prefix { $0 != " " }
        guard !word.isEmpty, rest.count > word.count else { return leading }
        let isNumber = word.hasSuffix(".") && word.dropLast().allSatisfy(\.isNumber) && word.count > 1
        if isNumber || word == "-" || word == "*" || word == "!" { return leading + word.count + 1 }
        if word.hasPrefix("/") {
            let gap = rest.dropFirst(word.count).prefix { $0 == " " }.count
            if gap >= 2 { return leading + word.count + gap }
        }
        return leading
    }

    static func wrapLine(_ line: Substring, width: Int, into out: inout String) {
        let indent = min(hangingIndent(line), width / 2)
        let leading = line.prefix { $0 == " " }
        var column = leading.count
        out += leading
        var atLineStart = true
        // Words keep the spaces between them when they stay on one line (a padded column
        // survives); a break drops the spaces where it falls.
        var rest = line.dropFirst(leading.count)
        while !rest.isEmpty {
            let spaces = rest.prefix { $0 == " " }
            rest = rest.dropFirst(spaces.count)
            let word = rest.prefix { $0 != " " }
            rest = rest.dropFirst(word.count)
            if word.isEmpty { break }
            if !atLineStart && column + spaces.count + word.count > width {
                out += "\n" + String(repeating: " ", count: indent)
                column = indent
            } else if !atLineStart {
                out += spaces
                column += spaces.count
            }
            out += word
            column += word.count
            atLineStart = false
        }
    }
}
