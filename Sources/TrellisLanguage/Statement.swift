/// One step of a section: something said, a question, a branch, a jump, a repeated group,
/// a document, a value set in the profile, or the end.
///
/// Statements nest (an `if` holds statements, a `repeat` holds questions), which is how a
/// coordinator writes them; the engine flattens them into a program.
public indirect enum Statement: Sendable, Hashable {
    case say(Template, SourceLocation)
    case ask(Question)
    case ifBlock(Condition, then: [Statement], otherwise: [Statement], SourceLocation)
    /// `go to SECTION [when CONDITION]`; the section `end` finishes the dialogue.
    case goTo(section: String, condition: Condition?, SourceLocation)
    case repeatGroup(RepeatGroup)
    case document(DocumentSpec)
    /// `set PATH: TEXT [when …]` writes a value into the profile without asking.
    case set(path: [String], value: Template, condition: Condition?, SourceLocation)
    case finish(SourceLocation)

    public var location: SourceLocation {
        switch self {
        case .say(_, let l), .ifBlock(_, _, _, let l), .goTo(_, _, let l), .set(_, _, _, let l), .finish(let l): return l
        case .ask(let q): return q.location
        case .repeatGroup(let g): return g.location
        case .document(let d): return d.location
        }
    }

    /// True when control never passes to the statement after this one.
    public var alwaysLeaves: Bool {
        switch self {
        case .goTo(_, nil, _), .finish: return true
        case .ifBlock(_, let then, let otherwise, _):
            return (then.last?.alwaysLeaves ?? false) && (otherwise.last?.alwaysLeaves ?? false)
        default: return false
        }
    }
}

/// A group of questions asked again for each item ("add another partner?"). The answers
/// form a list of objects, one per item, keyed by each question's `save` name or id.
public struct RepeatGroup: Sendable, Hashable {
    public var id: String
    /// The yes/no question asked after each item: "Add another partner?".
    public var prompt: Template
    public var help: Template?
    /// Where the list goes in the profile.
    public var save: [String]?
    public var minimum = 1
    public var maximum = 50
    public var body: [Statement]
    public var location: SourceLocation

    public init(id: String, prompt: Template, body: [Statement], location: SourceLocation) {
        self.id = id
        self.prompt = prompt
        self.body = body
        self.location = location
    }
}

/// A Markdown document the dialogue renders from its answers when control reaches it.
public struct DocumentSpec: Sendable, Hashable {
    public var name: String
    public var title: Template
    public var template: Template
    /// Where the rendered text is kept in the profile.
    public var save: [String]?
    public var location: SourceLocation

    public init(name: String, title: Template, template: Template, location: SourceLocation) {
        self.name = name
        self.title = title
        self.template = template
        self.location = location
    }
}
