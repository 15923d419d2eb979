import TrellisLanguage

/// The documents the dialogues save, as versions and approvals. A document's versions are read
/// from the append-only history of profile writes: every write of it by a dialogue is the next
/// version (the writes `/back` and `/restart` make to put an earlier one back are not). An
/// approval names one version by its number and is appended to `document_approvals`, never
/// changed or removed, so a version written later is a draft until someone approves it too.
extension Store {
    /// One version of a document: its text, and when, by whom and in which dialogue it was written.
    public struct DocumentVersion: Sendable, Equatable {
        /// 1 for the first.
        public var number: Int
        public var text: String
        public var at: String
        public var person: String
        public var dialogue: String
        /// The history entry that wrote it (`HistoryEntry.sequence`).
        public var sequence: Int64
    }

    /// That one person approved one version of the document at `path`, and when.
    public struct DocumentApproval: Sendable, Equatable {
        public var path: String
        public var version: Int
        public var person: String
        public var at: String
    }

    /// Every version of the document at `path`, oldest first.
    public func documentVersions(_ site: SiteID, path: String) throws(StoreError) -> [DocumentVersion] {
        var number = 0
        return try history(site, path: path).compactMap { entry in
            guard entry.path == path, entry.question != "back", entry.question != "restart",
                  case .string(let text)? = entry.value, text.hasPrefix("# ") else { return nil }
            number += 1
            return DocumentVersion(number: number, text: text, at: entry.at, person: entry.person, dialogue: entry.dialogue,
                                   sequence: entry.sequence)
        }
    }

    /// The site's approvals, oldest first; with `path`, only that document's.
    public func documentApprovals(_ site: SiteID, path: String? = nil) throws(StoreError) -> [DocumentApproval] {
        try checkInPlace()
        let rows = try guarded {
            if let path {
                return try db.query("SELECT path, version, person, at FROM document_approvals WHERE site_id = ? AND path = ? ORDER BY seq",
                                    [.text(site.rawValue), .text(path)])
            }
            return try db.query("SELECT path, version, person, at FROM document_approvals WHERE site_id = ? ORDER BY seq",
                                [.text(site.rawValue)])
        }
        return rows.map { DocumentApproval(path: $0[0].text ?? "", version: Int($0[1].integer ?? 0), person: $0[2].text ?? "", at: $0[3].text ?? "") }
    }

    /// Records that `person` approved version `version` of the document at `path` (`sequence`:
    /// the history entry that wrote it, when there is one). When they already had, nothing is
    /// written: the approval that stands is returned, with `isNew` false.
    public func approveDocument(_ site: SiteID, path: String, version: Int, sequence: Int64?,
                                person: String) throws(StoreError) -> (approval: DocumentApproval, isNew: Bool) {
        precondition(version >= 1, "versions are numbered from 1")
        try checkInPlace()
        let at = clock()
        return try guarded {
            try db.transaction {
                guard try self.site(site) != nil else { throw StoreError.noSuchSite(site.rawValue) }
                if let row = try db.query("SELECT at FROM document_approvals WHERE site_id = ? AND path = ? AND version = ? AND person = ?",
                                          [.text(site.rawValue), .text(path), .integer(Int64(version)), .text(person)]).first {
                    return (DocumentApproval(path: path, version: version, person: person, at: row[0].text ?? ""), false)
                }
                try db.query("INSERT INTO document_approvals (site_id, path, version, answer_seq, person, at) VALUES (?, ?, ?, ?, ?, ?)",
                             [.text(site.rawValue), .text(path), .integer(Int64(version)), sequence.map { .integer($0) } ?? .null,
                              .text(person), .text(at)])
                return (DocumentApproval(path: path, version: version, person: person, at: at), true)
            }
        }
    }
}
