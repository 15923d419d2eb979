import TrellisLanguage

/// One view across the sites of a store, for a program that runs many (a state department, a
/// foundation): each site's model and phase, its readiness items not yet in place, its open and
/// overdue actions, its inductions and those awaiting follow-up, its backbone conflicts, and
/// when anyone last answered. A view of each site's profile, rebuilt each time.
public struct ProgramOverview: Sendable {
    public struct Row: Sendable, Equatable {
        public var id: String
        public var name: String
        /// Option keys as stored (`hybrid`, `pre-establishment`), empty when not recorded.
        public var model: String
        public var phase: String
        public var gaps = 0
        public var partly = 0
        public var notSure = 0
        public var openActions = 0
        public var overdueActions = 0
        public var inductions = 0
        public var inductionsAwaiting = 0
        /// Issue areas claimed by more than one backbone.
        public var conflicts = 0
        /// When an answer was last stored for the site (ISO 8601), empty when never.
        public var lastActivity: String
    }

    public var rows: [Row]
    let vocabulary: ProfileReport.Vocabulary

    /// `sites`: each site's id, name, profile and last activity; `today` as `YYYY-MM-DD`.
    public init(sites: [(id: String, name: String, profile: Value, lastActivity: String)], vocabulary: ProfileReport.Vocabulary, today: String) {
        self.vocabulary = vocabulary
        rows = sites.map { site in
            let profile = site.profile
            var row = Row(id: site.id, name: profile.value(at: ["site", "name"])?.plainText ?? site.name,
                          model: profile.value(at: ["site", "model"])?.plainText ?? "",
                          phase: profile.value(at: ["site", "phase"])?.plainText ?? "", lastActivity: site.lastActivity)
            for phase in profile["considerations"]?.objectValue ?? [] {
                for item in phase.value.objectValue ?? [] {
                    switch item.value.plainText {
                    case "gap": row.gaps += 1
                    case "partly": row.partly += 1
                    case "not-sure": row.notSure += 1
                    default: break
                    }
                }
            }
            let actions = ActionList(profile: profile)
            row.openActions = actions.open.count
            row.overdueActions = actions.items.filter { $0.isOverdue(today: today) }.count
            for induction in profile["inductions"]?.objectValue ?? [] where induction.value.objectValue != nil {
                row.inductions += 1
                let followUp = induction.value["follow_up"]?.plainText ?? ""
                if !followUp.isEmpty && followUp != "none" { row.inductionsAwaiting += 1 }
            }
            for area in profile.value(at: ["leadership", "areas"])?.objectValue ?? [] {
                let also = area.value["also_claimed_by"]?.plainText ?? ""
                if !also.isEmpty && also != "none" { row.conflicts += 1 }
            }
            return row
        }
    }

    func label(_ key: String, at path: String) -> String {
        guard !key.isEmpty else { return "not recorded" }
        // "Pre-establishment (from idea to an endorsed plan)" reads as "Pre-establishment" here.
        let text = PlainText.inline(vocabulary.text(.string(key), at: path))
        return text.split(separator: "(").first.map { $0.trimmingCharacters(in: .whitespaces) } ?? text
    }

    static let headings = ["Site", "Model", "Phase", "Gaps", "Partly", "Not sure", "Open actions", "Overdue",
                           "Inductions", "Awaiting follow-up", "Conflicts", "Last activity"]

    func cells(_ row: Row) -> [String] {
        [row.name + " (" + row.id + ")", label(row.model, at: "site.model"), label(row.phase, at: "site.phase"),
         String(row.gaps), String(row.partly), String(row.notSure), String(row.openActions), String(row.overdueActions),
         String(row.inductions), String(row.inductionsAwaiting), String(row.conflicts),
         row.lastActivity.isEmpty ? "never" : String(row.lastActivity.prefix(10))]
    }

    /// A Markdown table with a line of totals; site names escaped.
    public func markdown(date: String) -> String {
        var out = "# Program overview\n\n\(rows.count) site\(rows.count == 1 ? "" : "s"), made \(date).\n\n"
        out += "| " + Self.headings.joined(separator: " | ") + " |\n|" + String(repeating: "---|", count: Self.headings.count) + "\n"
        for row in rows {
            var c = cells(row)
            c[0] = MarkdownText.escape(c[0], atLineStart: false)
            out += "| " + c.joined(separator: " | ") + " |\n"
        }
        out += "\n" + totals() + "\n"
        return out
    }

    /// Columns padded to line up in a terminal.
    public func text() -> String {
        let table = [Self.headings] + rows.map(cells)
        let widths = Self.headings.indices.map { i in table.map { $0[i].count }.max() ?? 0 }
        var out = ""
        for line in table {
            out += zip(line, widths).map { $0 + String(repeating: " ", count: $1 - $0.count) }.joined(separator: "  ")
                .trimmingCharacters(in: .whitespaces) + "\n"
        }
        return out + "\n" + totals() + "\n"
    }

    func totals() -> String {
        let sum = { (f: (Row) -> Int) in rows.map(f).reduce(0, +) }
        return "Across all sites: \(sum { $0.gaps }) gaps, \(sum { $0.partly }) partly in place, \(sum { $0.notSure }) not sure; "
            + "\(sum { $0.openActions }) open actions (\(sum { $0.overdueActions }) overdue); "
            + "\(sum { $0.inductions }) inductions (\(sum { $0.inductionsAwaiting }) awaiting follow-up); \(sum { $0.conflicts }) backbone conflicts."
    }

    /// One object per site, for scripts.
    public func json() -> Value {
        .list(rows.map { row in
            .object([("id", .string(row.id)), ("name", .string(row.name)),
                     ("model", row.model.isEmpty ? .null : .string(row.model)), ("phase", row.phase.isEmpty ? .null : .string(row.phase)),
                     ("gaps", .number(Double(row.gaps))), ("partly", .number(Double(row.partly))), ("not_sure", .number(Double(row.notSure))),
                     ("open_actions", .number(Double(row.openActions))), ("overdue_actions", .number(Double(row.overdueActions))),
                     ("inductions", .number(Double(row.inductions))), ("inductions_awaiting_follow_up", .number(Double(row.inductionsAwaiting))),
                     ("backbone_conflicts", .number(Double(row.conflicts))),
                     ("last_activity", row.lastActivity.isEmpty ? .null : .string(row.lastActivity))])
        })
    }
}
