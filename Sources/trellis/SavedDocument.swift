import TrellisChat
import TrellisLanguage
import TrellisStore

/// A document saved in a site's profile, with its versions and approvals: one description of
/// it for `documents`, `document`'s listing, the status line a printed document carries and
/// `document --versions`, so they always say the same.
///
/// The current version is the one the profile holds: the last one written, unless `/back` or
/// `/restart` put an earlier text back. Its status is `approved` when an approval names it,
/// `draft` otherwise (saying so when an earlier version was approved).
struct SavedDocument {
    let path: String
    let title: String
    /// The text in the profile now.
    let text: String
    /// Oldest first; empty only when the history holds no write of it.
    let versions: [Store.DocumentVersion]
    /// This document's approvals, oldest first.
    let approvals: [Store.DocumentApproval]
    /// The number of the version the profile holds.
    let current: Int

    /// Every document saved for the site, in profile order.
    static func all(_ store: Store, _ site: SiteID) throws -> [SavedDocument] {
        let approvals = try store.documentApprovals(site)
        return try ProfileReport.documentPaths(in: try store.profile(site)).map { document in
            let versions = try store.documentVersions(site, path: document.path)
            return SavedDocument(path: document.path, title: document.title, text: document.text, versions: versions,
                                 approvals: approvals.filter { $0.path == document.path },
                                 current: versions.last { $0.text == document.text }?.number ?? max(1, versions.count))
        }
    }

    /// How many versions there are (1 for a document with no history of its own).
    var count: Int { max(1, versions.count) }

    func version(_ n: Int) -> Store.DocumentVersion? { versions.first { $0.number == n } }

    func approvals(of n: Int) -> [Store.DocumentApproval] { approvals.filter { $0.version == n } }

    /// `approved` or `draft`.
    func state(of n: Int) -> String { approvals(of: n).isEmpty ? "draft" : "approved" }

    /// `approved by Jo Bloggs on 2026-12-02`, `draft`, or `draft (version 1 approved by …)`
    /// when an earlier version was approved.
    func status(of n: Int) -> String {
        let mine = approvals(of: n)
        if !mine.isEmpty { return "approved by " + Self.who(mine) }
        guard let earlier = approvals.filter({ $0.version < n }).map(\.version).max() else { return "draft" }
        return "draft (version \(earlier) approved by \(Self.who(approvals(of: earlier))))"
    }

    static func who(_ approvals: [Store.DocumentApproval]) -> String {
        approvals.map { "\($0.person) on \(day($0.at))" }.joined(separator: ", ")
    }

    /// The date of a stored time (UTC, as the store keeps it).
    static func day(_ at: String) -> String { String(at.prefix(10)) }

    /// `version 2 of 2 · written 2026-12-02 by Jo Bloggs in position-description · draft`.
    func describe(_ n: Int) -> String {
        let written = version(n).map { " · written \(Self.day($0.at)) by \($0.person) in \($0.dialogue)" } ?? ""
        return "version \(n) of \(count)\(written) · \(status(of: n))"
    }

    /// One line of the list: path, title, and the current version described.
    var line: String { "\(path)  \(title)  \(describe(current))" }

    /// The JSON object `documents --json` prints: the current version's facts, its status, and
    /// every approval of the document.
    var json: Value {
        let latest = version(current)
        let first = approvals(of: current).first
        func text(_ s: String?) -> Value { s.map(Value.string) ?? .null }
        return .object([
            ("path", .string(path)), ("title", .string(title)), ("dialogue", text(latest?.dialogue)), ("person", text(latest?.person)),
            ("date", text(latest?.at)), ("version", .number(Double(current))), ("versions", .number(Double(count))),
            ("status", .string(state(of: current))), ("approved_by", text(first?.person)), ("approved_at", text(first?.at)),
            ("approvals", .list(approvals.map { .object([("version", .number(Double($0.version))), ("person", .string($0.person)),
                                                         ("at", .string($0.at))]) })),
        ])
    }

    /// Version `n`'s text as it is printed: its status line right after its first line (the
    /// heading), in emphasis. The stored text is not changed.
    func printed(_ n: Int) -> String {
        let body = version(n)?.text ?? text
        let status = "*" + MarkdownText.escape(Self.capitalised(describe(n)), atLineStart: false) + "*"
        guard let end = body.firstIndex(of: "\n") else { return body + "\n\n" + status + "\n" }
        let rest = body[body.index(after: end)...]
        let printed = String(body[..<end]) + "\n\n" + status + "\n" + (rest.isEmpty || rest.hasPrefix("\n") ? "" : "\n") + String(rest)
        return printed.hasSuffix("\n") ? printed : printed + "\n"
    }

    static func capitalised(_ text: String) -> String { text.prefix(1).uppercased() + text.dropFirst() }

    /// The list `documents` and `document SITE` print: a line each, or JSON lines.
    static func printList(_ documents: [SavedDocument], site: SiteID, json: Bool) {
        if json {
            for document in documents { Output.out(JSON.encode(document.json) + "\n") }
            return
        }
        if documents.isEmpty { Output.out("No documents saved for \(site.rawValue) yet.\n") }
        for document in documents { Output.out(document.line + "\n") }
    }
}
