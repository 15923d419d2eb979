/// The ids of the questions Trellis asks itself rather than a dialogue file: sign-in, the
/// menu and the offer to resume. One place, so a transport, an answers file (`"resume": true`)
/// and the JSON protocol all name them the same.
public enum BuiltinQuestion: String, Sendable, CaseIterable {
    /// Sign-in over TCP: the site id, its access code, the person's name.
    case site, code, name
    /// The menu of dialogues.
    case menu = "dialogue"
    /// The offer to resume an unfinished session.
    case resume
}
