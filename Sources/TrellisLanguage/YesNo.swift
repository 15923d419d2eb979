/// The words read as yes and no, in one place: answers to yes/no questions, conditions
/// comparing a boolean with a word, and `set` values all use these.
public enum YesNo {
    public static let yesWords: Set<String> = ["yes", "y", "true"]
    public static let noWords: Set<String> = ["no", "n", "false"]

    /// True or false for a yes or no word (any case, surrounding blanks ignored); nil otherwise.
    public static func parse(_ word: String) -> Bool? {
        let folded = word.trimmingBlankLines.lowercased()
        if yesWords.contains(folded) { return true }
        if noWords.contains(folded) { return false }
        return nil
    }

    /// What a yes/no question accepts, as the refusal says it.
    public static let expectation = "Please answer yes or no (y or n)."
}
