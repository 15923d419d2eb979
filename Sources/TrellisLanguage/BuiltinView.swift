/// A view of the site profile that Trellis itself writes into a document, named in a template
/// as `{{> NAME}}`: what the template language cannot compute (a matrix whose columns are the
/// site's holders, counts, an action list sorted by date) is written once, in Swift, and used by
/// documents, `trellis actions` and the export report alike.
///
/// Views read only the profile as it stands (with this dialogue's saves), so rendering stays a
/// pure function of the environment. They are Markdown, and so allowed only in documents.
public enum BuiltinView: String, Sendable, Hashable, CaseIterable {
    case actions
    case allocationMatrix = "allocation-matrix"
    /// Several people's answers side by side (`per person` questions), optionally only those
    /// saved under a path: `{{> responses considerations.pre-establishment}}`.
    case responses

    /// Whether the view takes a profile path after its name.
    public var takesPath: Bool { self == .responses }

    public func markdown(profile: Value, path: [String] = []) -> String {
        switch self {
        case .actions: return ActionList(profile: profile).markdown()
        case .allocationMatrix: return AllocationMatrix(profile: profile).markdown()
        case .responses: return ResponseSpread(profile: profile, under: path).markdown()
        }
    }

    public static var names: String { allCases.map { "'{{> \($0.rawValue)\($0.takesPath ? " [PATH]" : "")}}'" }.joined(separator: ", ") }
}
