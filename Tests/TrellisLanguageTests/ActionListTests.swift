import Testing
@testable import TrellisLanguage

@Suite struct ActionListTests {
    static func action(_ what: String?, status: String? = nil, owner: String? = nil, due: String? = nil) -> Value {
        var members: [(key: String, value: Value)] = []
        if let what { members.append(("what", .string(what))) }
        if let status { members.append(("status", .string(status))) }
        if let owner { members.append(("owner", .string(owner))) }
        if let due { members.append(("due", .string(due))) }
        return .object(members)
    }

    @Test func openActionsComeFirstByDateThenDoneOnes() {
        let list = ActionList(profile: .object([("actions", .object([
            ("a", Self.action("Undated", status: "open")),
            ("b", Self.action("Done early", status: "done", due: "2026-01-01")),
            ("c", Self.action("Later", status: "in-progress", due: "2027-06-01")),
            ("d", Self.action("Sooner", due: "2027-01-01")),
        ]))]))
        #expect(list.items.map(\.key) == ["d", "c", "a", "b"])
        #expect(list.open.map(\.key) == ["d", "c", "a"])
        // No status is open; an unknown one too, so nothing is lost from the list.
        #expect(list.items.first { $0.key == "d" }?.status == .open)
    }

    @Test func anEntryWithoutWordsIsShownByItsKeyAndOtherValuesAreIgnored() {
        let list = ActionList(profile: .object([("actions", .object([
            ("half-written", Self.action(nil, owner: "Sam")), ("stray", .string("text")),
        ]))]))
        #expect(list.items.map(\.what) == ["half-written"])
        #expect(ActionList(profile: .object([])).items.isEmpty)
    }

    @Test func overdueIsJudgedAgainstTheDayGivenAndNeverForDoneActions() {
        let late = ActionList.Item(key: "k", what: "w", owner: nil, due: "2026-11-30", status: .open, source: nil)
        #expect(late.isOverdue(today: "2026-12-01"))
        #expect(!late.isOverdue(today: "2026-11-30"))
        var done = late
        done.status = .done
        #expect(!done.isOverdue(today: "2027-01-01"))
    }

    @Test func markdownEscapesWhatPeopleTyped() {
        let list = ActionList(profile: .object([("actions", .object([
            ("a", Self.action("Fix *all* <b>things</b>", owner: "[me](http://x)")),
        ]))]))
        let text = list.markdown()
        #expect(text == "- **Fix \\*all\\* &lt;b>things&lt;/b>**: owner \\[me\\](http://x), no date yet, open\n")
    }

    @Test func jsonHasEveryFieldForScripts() {
        let list = ActionList(profile: .object([("actions", .object([("a", Self.action("W", due: "2020-01-01"))]))]))
        #expect(JSON.encode(list.json(today: "2026-12-01"))
                == #"[{"key":"a","what":"W","owner":null,"due":"2020-01-01","status":"open","overdue":true,"source":null}]"#)
    }
}

@Suite struct AllocationMatrixTests {
    static func capacity(_ task: String, lead: String, support: [String] = []) -> Value {
        .object([("task", .string(task)), ("lead", .string(lead))] + (support.isEmpty ? [] : [("support", .list(support.map(Value.string)))]))
    }

    static func profile(arrangement: String, host: String? = nil, leads: [String], support: [String] = []) -> Value {
        var capacities: [(key: String, value: Value)] = [("title", .string("Tasks"))]
        for (n, lead) in leads.enumerated() {
            capacities.append(("t\(n)", capacity("Task \(n)", lead: lead, support: n == 0 ? support : [])))
        }
        return .object([
            ("partners", .list([.object([("name", .string("Health Co"))]), .object([("name", .string("Council"))])])),
            ("backbone", .object([("arrangement", .string(arrangement))] + (host.map { [("host", .string($0))] } ?? []))),
            ("functions", .object([("work", .object(capacities)), ("review_when", .string("July"))])),
        ])
    }

    @Test func holdersAreColumnsWithLeadAndSupportCells() {
        let m = AllocationMatrix(profile: Self.profile(arrangement: "independent", leads: ["backbone", "health co", "Foundation", "unassigned"],
                                                       support: ["Council", "backbone", "school"]))
        // "health co" is the partner Health Co; another organisation gets a column of its own.
        #expect(m.holders.map(\.id) == ["backbone", "Health Co", "Council", "school", "steering-committee", "Foundation"])
        #expect(m.capacities[0].support == ["Council", "school"], "the lead is not its own supporter")
        #expect(m.unled.map(\.key) == ["t3"])
        let text = m.markdown()
        #expect(text.contains("| Task 0 | Lead |  | Support | Support |  |  |"))
        #expect(text.contains("| Task 3 (**no lead yet**) |"))
        #expect(text.contains("- Council: leads 0, supports 1"))
    }

    @Test func anOrganisationLeadingMoreThanAThirdIsFlagged() {
        // 9 tasks: 4 is more than a third, 3 is not.
        let over = AllocationMatrix(profile: Self.profile(arrangement: "independent",
                                                          leads: ["Health Co", "Health Co", "Health Co", "Health Co", "backbone", "backbone", "backbone", "backbone", "Council"]))
        #expect(over.overloaded.map(\.holder) == ["Health Co"])
        #expect(over.markdown().contains("**Warning:** Health Co leads 4 of the 9 tasks, more than a third"))
        let fine = AllocationMatrix(profile: Self.profile(arrangement: "independent",
                                                          leads: ["Health Co", "Health Co", "Health Co", "backbone", "backbone", "backbone", "backbone", "backbone", "Council"]))
        #expect(fine.overloaded.isEmpty, "the independent backbone is not flagged")
        #expect(!fine.markdown().contains("**Warning:**"))
        #expect(fine.markdown().contains("The rule for the warning"))
    }

    @Test func aHostIsCountedWithTheBackboneItHosts() {
        let m = AllocationMatrix(profile: Self.profile(arrangement: "embedded", host: "Council",
                                                       leads: ["backbone", "backbone", "backbone", "Council", "Health Co", "Health Co", "school", "school", "school"]))
        #expect(m.overloaded.map(\.holder) == ["Council"])
        #expect(m.overloaded.first?.withBackbone == 3)
        #expect(m.holders.first?.label == "The backbone (hosted by Council)")
        let school = AllocationMatrix(profile: Self.profile(arrangement: "embedded", host: "school", leads: ["backbone", "school", "Council"]))
        #expect(school.overloaded.map(\.holder) == ["school"])
    }

    @Test func theLayoutBeforeLeadAndSupportStillReads() {
        // Stores written before the matrix kept each capacity's holder as its value.
        let m = AllocationMatrix(profile: .object([("functions", .object([
            ("relationships", .object([("listen", .string("backbone")), ("build-trust", .string("unassigned"))])),
            ("review_when", .string("each July")),
        ]))]))
        #expect(m.capacities.map(\.task) == ["Listen", "Build trust"])
        #expect(m.capacities.map(\.lead) == ["backbone", nil])
        #expect(m.categories.map(\.title) == ["Relationships"])
    }
}
