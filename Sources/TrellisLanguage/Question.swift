/// One question of a dialogue: what is asked, how an answer is checked, and where the
/// answer goes in the site profile.
public struct Question: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        case text = "text"
        case longText = "long text"
        case choice = "choice"
        case multipleChoice = "multiple choice"
        case yesNo = "yes/no"
        case number = "number"
        case date = "date"
        case scale = "scale"

        /// The word used in the JSON protocol's `kind` field.
        public var protocolName: String {
            switch self {
            case .text: return "text"
            case .longText: return "long_text"
            case .choice: return "choice"
            case .multipleChoice: return "multiple_choice"
            case .yesNo: return "yes_no"
            case .number: return "number"
            case .date: return "date"
            case .scale: return "scale"
            }
        }

        public var hasOptions: Bool { self == .choice || self == .multipleChoice }
    }

    /// A fixed option: the key stored in the profile and the label a person reads.
    public struct Option: Sendable, Hashable {
        public var key: String
        public var label: String
        public var location: SourceLocation
        public init(key: String, label: String, location: SourceLocation) {
            self.key = key
            self.label = label
            self.location = location
        }
    }

    public var id: String
    public var kind: Kind
    public var prompt: Template
    public var help: Template?
    /// False when `optional` is written: the question may be skipped.
    public var required: Bool = true
    public var defaultValue: Template?
    /// Where the answer goes in the site profile (`backbone.structure`); inside a repeated
    /// group, the field name in each item.
    public var save: [String]?
    public var options: [Option] = []
    /// Options taken from lists of earlier answers or profile values, e.g. `profile.partners.name`,
    /// in the order written; a folder (`profile.actions`) gives one option per entry.
    public var optionsFrom: [Reference] = []
    /// For options from a folder: the field of each entry that is its label (`what`); the
    /// entry's name when unset or empty.
    public var labelFrom: String?
    /// Bounds on the number of characters, for text and long text.
    public var length: ClosedRange<Int>?
    /// Bounds on the value, for number and scale.
    public var range: ClosedRange<Double>?
    /// The question is asked only when this holds.
    public var condition: Condition?
    /// When the profile already holds a value where this question saves, take it and do not ask.
    public var skipIfKnown = false
    /// When someone signed in with their own code, take their name as the answer and do not ask.
    public var skipIfSignedIn = false
    /// One answer per person: besides `save`, each person's answer is kept side by side under
    /// `responses.SAVE.PERSON`, so a second respondent does not overwrite the first.
    public var perPerson = false
    public var location: SourceLocation

    public init(id: String, kind: Kind, prompt: Template, location: SourceLocation) {
        self.id = id
        self.kind = kind
        self.prompt = prompt
        self.location = location
    }

    /// The scale's bounds (1 to 5 unless written otherwise).
    public var scaleRange: ClosedRange<Double> { range ?? 1...5 }

    /// Every template the question holds, for the linter.
    public var templates: [Template] {
        [prompt] + [help, defaultValue].compactMap { $0 }
    }
}
