import TrellisChat

/// `--format markdown|text` for what Trellis writes out as a document: Markdown as the
/// dialogues write it, or plain text that pastes cleanly into a word processor (`PlainText`).
/// Declared once, for `chat --output`, `export` and `document`.
enum DocumentFormat: String {
    case markdown
    case text

    /// The `--format` value (markdown when absent); `others` are formats the command has
    /// besides these two (export's `json`).
    static func parse(_ arguments: Arguments, others: [String] = []) throws(Arguments.UsageError) -> DocumentFormat? {
        let value = arguments.values["format"] ?? "markdown"
        if let format = DocumentFormat(rawValue: value) { return format }
        if others.contains(value) { return nil }
        throw .init(message: "--format takes " + (others + ["markdown", "text"]).joined(separator: ", ")
                    + "; got '\(value)'")
    }

    func render(_ markdown: String) -> String {
        switch self {
        case .markdown: return markdown
        case .text:
            let text = PlainText.from(markdown: markdown)
            return text.hasSuffix("\n") ? text : text + "\n"
        }
    }
}
