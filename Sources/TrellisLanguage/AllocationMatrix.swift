/// Who holds each backbone capacity, as a matrix: capacities down the side, holders across the
/// top, each cell *lead*, *support* or empty; with how many each holder leads and supports, the
/// capacities nobody leads, and a warning when one organisation leads too much of the work.
///
/// It is a view of the profile's `functions` folder (written by the backbone-functions
/// dialogue; layout in docs/dialogue-format.md, "The allocation matrix"), rebuilt each time.
///
/// The overload rule: an organisation (a partner, the school, or another organisation) that
/// leads more than a third of the capacities is flagged, and when the backbone is embedded in
/// an organisation, the capacities the backbone leads count as its host's too: partners may see
/// a host that holds the backbone as holding its power (seed 000: an independent structure "may
/// mitigate perceptions of power imbalance"). The steering committee, a joint body, and the
/// backbone itself are not flagged; the backbone is expected to keep relationships and
/// orchestration (seed 003), and is only noted when it leads more than half.
public struct AllocationMatrix: Sendable {
    public struct Capacity: Sendable, Hashable {
        public var category: String
        public var key: String
        public var task: String
        /// Holder ids: `backbone`, `school`, `steering-committee`, or an organisation's name.
        public var lead: String?
        public var support: [String]
    }

    public struct Count: Sendable, Hashable {
        public var holder: String
        public var label: String
        public var leads: Int
        public var supports: Int
    }

    public var categories: [(key: String, title: String)] = []
    public var capacities: [Capacity] = []
    /// The holders in column order: the backbone, the partners, the school, the steering
    /// committee, then other organisations as they first appear.
    public var holders: [(id: String, label: String)] = []
    /// The backbone's host when it is embedded (`school` or an organisation's name).
    public var host: String?

    static let fixed: [String: String] = ["backbone": "The backbone", "school": "The school",
                                          "steering-committee": "The steering committee"]
    static let nobody: Set<String> = ["", "unassigned", "none", "nobody"]

    public init(profile: Value) {
        let partners = (profile["partners"]?.listValue ?? []).compactMap { $0["name"]?.plainText.trimmingBlankLines }.filter { !$0.isEmpty }
        if profile.value(at: ["backbone", "arrangement"])?.plainText == "embedded",
           let host = profile.value(at: ["backbone", "host"])?.plainText.trimmingBlankLines, !host.isEmpty {
            self.host = host.lowercased() == "school" ? "school" : host
        }
        // Names typed or chosen in different places may differ in case: one holder each.
        var canonical: [String: String] = [:]
        func holder(_ raw: String) -> String? {
            let text = raw.trimmingBlankLines
            let lower = text.lowercased()
            if AllocationMatrix.nobody.contains(lower) { return nil }
            if AllocationMatrix.fixed[lower] != nil { return lower }
            if let known = canonical[lower] { return known }
            canonical[lower] = text
            return text
        }
        for name in partners { _ = holder(name) }
        if let host { self.host = holder(host) }

        for category in profile["functions"]?.objectValue ?? [] {
            guard case .object(let entries) = category.value else { continue }
            let title = category.value["title"]?.plainText.trimmingBlankLines ?? ""
            categories.append((category.key, title.isEmpty ? AllocationMatrix.humanised(category.key) : title))
            for entry in entries where entry.key != "title" {
                var capacity = Capacity(category: category.key, key: entry.key, task: AllocationMatrix.humanised(entry.key), lead: nil, support: [])
                switch entry.value {
                case .string(let lead):
                    // The layout before lead and support: the capacity's value was its holder.
                    capacity.lead = holder(lead)
                case .object:
                    if let task = entry.value["task"]?.plainText.trimmingBlankLines, !task.isEmpty { capacity.task = task }
                    capacity.lead = entry.value["lead"].flatMap { holder($0.plainText) }
                    let support = entry.value["support"].map { $0.listValue ?? [$0] } ?? []
                    var seen: Set<String> = capacity.lead.map { [$0] } ?? []
                    for value in support {
                        if let h = holder(value.plainText), seen.insert(h).inserted { capacity.support.append(h) }
                    }
                default:
                    continue
                }
                capacities.append(capacity)
            }
        }

        var order: [String] = ["backbone"] + partners.compactMap { canonical[$0.lowercased()] } + ["school", "steering-committee"]
        for capacity in capacities {
            for h in [capacity.lead].compactMap({ $0 }) + capacity.support where !order.contains(h) { order.append(h) }
        }
        var seen: Set<String> = []
        holders = order.filter { seen.insert($0).inserted }.map { ($0, label(of: $0)) }
    }

    /// How a holder reads: "The school", "The backbone (hosted by Riverbend Health)", a name.
    public func label(of holder: String) -> String {
        if holder == "backbone", let host { return "The backbone (hosted by \(host == "school" ? "the school" : host))" }
        return AllocationMatrix.fixed[holder] ?? holder
    }

    /// `build-trust` → "Build trust", for capacities stored without their task's words.
    static func humanised(_ key: String) -> String {
        let words = String(key.map { $0 == "-" || $0 == "_" ? " " : $0 })
        return words.prefix(1).uppercased() + words.dropFirst()
    }

    public var counts: [Count] {
        holders.map { h in
            Count(holder: h.id, label: h.label, leads: capacities.filter { $0.lead == h.id }.count,
                  supports: capacities.filter { $0.support.contains(h.id) }.count)
        }
    }

    public var unled: [Capacity] { capacities.filter { $0.lead == nil } }

    /// More than a third: with 23 capacities, 8 or more.
    public var overloadThreshold: Int { capacities.count / 3 + 1 }

    /// Organisations over the rule, with the leads counted (their own plus the backbone's when
    /// they host it).
    public var overloaded: [(holder: String, label: String, own: Int, withBackbone: Int)] {
        let backboneLeads = capacities.filter { $0.lead == "backbone" }.count
        return counts.compactMap { c in
            guard c.holder != "backbone", c.holder != "steering-committee" else { return nil }
            let hosted = c.holder == host ? backboneLeads : 0
            guard c.leads + hosted >= overloadThreshold, !capacities.isEmpty else { return nil }
            return (c.holder, c.label, c.leads, hosted)
        }
    }

    /// The matrix, the counts and the warnings, as Markdown; names are escaped.
    public func markdown() -> String {
        guard !capacities.isEmpty else { return "No backbone functions are recorded yet.\n" }
        let e = { (text: String) in MarkdownText.escape(text, atLineStart: false) }
        var out = "| Task | " + holders.map { e($0.label) }.joined(separator: " | ") + " |\n"
        out += "|---|" + String(repeating: "---|", count: holders.count) + "\n"
        for category in categories {
            let rows = capacities.filter { $0.category == category.key }
            guard !rows.isEmpty else { continue }
            out += "| **" + e(category.title) + "** |" + String(repeating: " |", count: holders.count) + "\n"
            for c in rows {
                let cells = holders.map { h in c.lead == h.id ? "Lead" : c.support.contains(h.id) ? "Support" : "" }
                out += "| " + e(c.task) + (c.lead == nil ? " (**no lead yet**)" : "") + " | " + cells.joined(separator: " | ") + " |\n"
            }
        }
        out += "\n**Count per holder** (of \(capacities.count) tasks):\n\n"
        for c in counts where c.leads + c.supports > 0 || c.holder != "steering-committee" && c.holder != "school" {
            out += "- " + e(c.label) + ": leads \(c.leads), supports \(c.supports)\n"
        }
        if !unled.isEmpty { out += "- No lead yet: \(unled.count)\n" }
        out += "\n"
        let over = overloaded
        for o in over {
            out += "**Warning:** " + e(o.label) + " leads \(o.own + o.withBackbone) of the \(capacities.count) tasks"
            out += o.withBackbone > 0 ? " (\(o.own) of its own and \(o.withBackbone) through the backbone it hosts)" : ""
            out += ", more than a third. Other partners may see it as holding too much of the partnership's power. You might share some of these tasks with other partners, or agree how the partners together direct the work it leads.\n\n"
        }
        let backboneLeads = capacities.filter { $0.lead == "backbone" }.count
        if backboneLeads * 2 > capacities.count {
            out += "**Note:** the backbone leads \(backboneLeads) of the \(capacities.count) tasks. If its staff is small or stretched, the source suggests sharing some of its capacities with partners, which may strengthen community ownership and sustainability.\n\n"
        }
        out += "The rule for the warning: an organisation is flagged when it leads more than a third of the tasks (\(overloadThreshold) or more of \(capacities.count)), counting the tasks the backbone leads as its host's when the backbone is embedded in it. The steering committee, a joint body, and the backbone are not flagged.\n"
        return out
    }
}
