/// The exit statuses of `trellis`, documented in the README so scripts can rely on them.
enum ExitStatus: Int32 {
    /// The dialogue finished (or the command did what was asked).
    case success = 0
    /// Something outside the input went wrong: a file could not be written, an internal error.
    case failure = 1
    /// The command line was wrong: an unknown option, a missing value, an unknown dialogue.
    case usage = 2
    /// A dialogue file has errors (`trellis lint` shows them).
    case invalidDialogue = 3
    /// A piped answer (or the answers file) was refused; nothing after it was read.
    case invalidInput = 4
    /// Standard input ended before the dialogue finished.
    case inputEnded = 5
    /// The person typed /quit; their progress is kept.
    case left = 6
}
