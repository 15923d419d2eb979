/// A parsed dialogue file: its id, title and purpose, and its sections in file order.
/// Control runs from the first section down, section into section, unless a `go to` sends
/// it elsewhere.
public struct Dialogue: Sendable, Hashable {
    public var id: String
    public var title: String
    public var purpose: String
    public var file: String
    public var sections: [Section]
    public var location: SourceLocation
    /// Who may run it: `for: everyone` opens it to staff signed in with their own code;
    /// otherwise it is for coordinators (who may run every dialogue).
    public var audience: Audience = .coordinators
    /// After this many refused answers in a row at one question, the question's help and
    /// examples of accepted answers are shown (`help after: N`).
    public var helpAfter = 3

    public enum Audience: String, Sendable, Hashable {
        case coordinators
        case everyone
    }

    public init(id: String, title: String, purpose: String, file: String, sections: [Section], location: SourceLocation) {
        self.id = id
        self.title = title
        self.purpose = purpose
        self.file = file
        self.sections = sections
        self.location = location
    }

    /// Every question, in file order, including those inside branches and repeated groups.
    public var questions: [Question] {
        var found: [Question] = []
        Dialogue.walk(sections.flatMap(\.body)) { if case .ask(let q) = $0 { found.append(q) } }
        return found
    }

    /// Every repeated group, in file order.
    public var repeatGroups: [RepeatGroup] {
        var found: [RepeatGroup] = []
        Dialogue.walk(sections.flatMap(\.body)) { if case .repeatGroup(let g) = $0 { found.append(g) } }
        return found
    }

    /// Every document, in file order.
    public var documents: [DocumentSpec] {
        var found: [DocumentSpec] = []
        Dialogue.walk(sections.flatMap(\.body)) { if case .document(let d) = $0 { found.append(d) } }
        return found
    }

    /// Calls `visit` for each statement, depth first, in file order.
    public static func walk(_ statements: [Statement], _ visit: (Statement) -> Void) {
        for statement in statements {
            visit(statement)
            switch statement {
            case .ifBlock(_, let then, let otherwise, _):
                walk(then, visit)
                walk(otherwise, visit)
            case .repeatGroup(let group):
                walk(group.body, visit)
            default: break
            }
        }
    }
}

/// A named part of a dialogue that `go to` can jump to.
public struct Section: Sendable, Hashable {
    public var name: String
    public var body: [Statement]
    public var location: SourceLocation

    public init(name: String, body: [Statement], location: SourceLocation) {
        self.name = name
        self.body = body
        self.location = location
    }
}
