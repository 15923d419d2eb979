import TrellisLanguage

/// The sign-in questions over TCP, each an ordinary one-question dialogue for the engine, so
/// they take `/help`, `/quit` and length checks like any other question.
enum SignInQuestions {
    static func dialogue(_ question: BuiltinQuestion) -> Dialogue {
        let place = SourceLocation(file: "(sign-in)", line: 1, column: 1)
        let text: String
        let length: ClosedRange<Int>
        switch question {
        case .code: text = "What is your access code?"; length = 1...128
        case .name: text = "What is your name?"; length = 1...80
        default: text = "Which site are you with? Type its site id (for example riverbend)."; length = 1...64
        }
        var q = Question(id: question.rawValue, kind: .text, prompt: Template(literal: text), location: place)
        q.length = length
        return Dialogue(id: question.rawValue, title: "Sign in", purpose: "", file: "(sign-in)",
                        sections: [Section(name: question.rawValue, body: [.ask(q)], location: place)], location: place)
    }
}
