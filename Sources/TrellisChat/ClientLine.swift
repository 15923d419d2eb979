import TrellisLanguage
import TrellisEngine

/// Reads one line from a JSON-mode client: either a plain answer, or an object
/// `{"answer": "...", "id": "QUESTION_ID"}` (the id optional, the answer a string, number,
/// boolean or list of strings), or `{"command": "back"}`.
public enum ClientLine {
    public static func parse(_ line: String) -> Result<Input, AnswerParser.Rejection> {
        let trimmed = line.drop { $0 == " " || $0 == "\t" }
        guard trimmed.hasPrefix("{") else { return .success(.line(line)) }
        let value: Value
        do {
            value = try JSON.decode(String(trimmed))
        } catch {
            return .failure(.init(code: "invalid_json", message: "That line is not valid JSON: \(error.message).",
                                  expected: "Send a plain answer, or {\"answer\": \"...\", \"id\": \"QUESTION_ID\"}."))
        }
        guard let members = value.objectValue else { return .failure(shape) }
        var answer: String?
        var id: String?
        var command: String?
        for (key, member) in members {
            switch (key, member) {
            case ("answer", .string(let s)): answer = s
            case ("answer", .number), ("answer", .bool): answer = member.plainText
            case ("answer", .list(let items)) where items.allSatisfy({ $0.stringValue != nil || $0.listValue == nil && $0.objectValue == nil }):
                answer = items.map(\.plainText).joined(separator: ", ")
            case ("id", .string(let s)): id = s
            case ("id", .null): id = nil
            case ("command", .string(let s)): command = s
            default:
                return .failure(.init(code: "invalid_json", message: "The field '\(key)' is not understood here.",
                                      expected: "Use \"answer\" (text, number, yes/no or a list), \"id\" (text) or \"command\" (text)."))
            }
        }
        if let command {
            guard answer == nil else { return .failure(shape) }
            return .success(.line(command.hasPrefix("/") ? command : "/" + command))
        }
        guard let answer else { return .failure(shape) }
        return .success(.answer(answer, questionId: id))
    }

    static let shape = AnswerParser.Rejection(code: "invalid_json", message: "That JSON object has no answer.",
                                              expected: "Send {\"answer\": \"...\"} with an optional \"id\", or {\"command\": \"back\"}.")
}
