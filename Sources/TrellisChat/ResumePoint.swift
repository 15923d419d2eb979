import TrellisLanguage

/// Where an unfinished conversation stood, as a store keeps it: the answers given in
/// order, the question it waited on, and the profile it started from. Because the engine
/// is deterministic, replaying the answers from that profile rebuilds its state exactly.
public struct ResumePoint: Sendable {
    public var log: [(question: String, given: String)]
    public var question: String?
    public var initialProfile: Value

    public init(log: [(question: String, given: String)], question: String?, initialProfile: Value) {
        self.log = log
        self.question = question
        self.initialProfile = initialProfile
    }
}
