/// Several people's answers to one question, side by side: the `per person` answers a dialogue
/// kept under the profile's `responses` folder, grouped by question, with how many gave each
/// answer, who they were, and whether they differ. A view of the profile, rebuilt each time.
public struct ResponseSpread: Sendable {
    public struct Response: Sendable, Equatable {
        public var person: String
        public var value: Value
        /// How the answer reads (a choice's label).
        public var display: String
    }

    public struct Question: Sendable, Equatable {
        /// The profile path the answers are saved at, without `responses.`.
        public var path: [String]
        public var text: String
        public var dialogue: String
        public var responses: [Response]

        /// The answers given, each with who gave it, in the order first given.
        public var groups: [(display: String, people: [String])] {
            var order: [String] = []
            var people: [String: [String]] = [:]
            for r in responses {
                if people[r.display] == nil { order.append(r.display) }
                people[r.display, default: []].append(r.person)
            }
            return order.map { ($0, people[$0]!) }
        }

        public var differ: Bool { Set(responses.map(\.value)).count > 1 }
    }

    public var questions: [Question] = []

    /// `under`: only the questions whose path starts so (`considerations.pre-establishment`).
    public init(profile: Value, under prefix: [String] = []) {
        func walk(_ value: Value, _ path: [String]) {
            guard case .object(let entries) = value else { return }
            let records = entries.compactMap { entry -> Response? in
                guard let person = entry.value["person"]?.plainText, let answer = entry.value["value"] else { return nil }
                return Response(person: person, value: answer, display: entry.value["display"]?.plainText ?? answer.plainText)
            }
            if !records.isEmpty {
                // The question's words and dialogue from whichever answer recorded them.
                let text = entries.lazy.compactMap { $0.value["question"]?.plainText }.first { !$0.isEmpty }
                let dialogue = entries.lazy.compactMap { $0.value["dialogue"]?.plainText }.first { !$0.isEmpty }
                questions.append(Question(path: path, text: text ?? path.joined(separator: "."), dialogue: dialogue ?? "", responses: records))
                return
            }
            for entry in entries { walk(entry.value, path + [entry.key]) }
        }
        walk(profile.value(at: ["responses"] + prefix) ?? .null, prefix)
    }

    /// Who of `expected` has answered none of `dialogue`'s questions yet.
    public func waiting(on expected: [String], dialogue: String) -> [String] {
        let answered = Set(questions.filter { $0.dialogue == dialogue }.flatMap { $0.responses.map { $0.person.lowercased() } })
        return expected.filter { !answered.contains($0.lowercased()) }
    }

    /// A Markdown list, a question an item; names and answers escaped.
    public func markdown() -> String {
        guard !questions.isEmpty else { return "No one has answered these yet.\n" }
        let e = { (text: String) in MarkdownText.escape(text, atLineStart: false) }
        var out = ""
        for q in questions {
            let n = q.responses.count
            out += "- **" + e(q.text) + "** " + (n == 1 ? "1 answer" : "\(n) answers") + ": "
            out += q.groups.map { "\(e($0.display)) \($0.people.count) of \(n) (" + $0.people.map(e).joined(separator: ", ") + ")" }.joined(separator: "; ")
            out += q.differ ? ". **The answers differ.**\n" : ".\n"
        }
        return out
    }
}
