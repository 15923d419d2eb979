import TrellisLanguage

/// A dialogue flattened into numbered instructions with resolved jumps.
///
/// The engine's state is then just a position in this list plus the answers, which makes
/// a conversation easy to save, resume and replay, and the step function a plain loop.
///
/// A class, since it never changes once compiled: an engine (and every conversation and
/// catalog holding one) is copied on every turn, and copying a reference is one retain where
/// copying the dialogue and its instructions field by field was dozens.
public final class Program: Sendable {
    public enum Instruction: Sendable {
        case say(Template)
        /// Asks the question (skipped when its `when` fails or a known value is reused).
        case ask(Question)
        case jump(to: Int)
        /// Jumps when the condition fails (the false branch of an `if`).
        case jumpUnless(Condition, to: Int)
        /// Jumps when the condition holds (`go to X when …`).
        case jumpIf(Condition, to: Int)
        /// Opens a repeated group's first item.
        case repeatStart(RepeatGroup)
        /// For groups with `min: 0`: asks whether to add a first item; no → `exit`.
        case repeatGate(RepeatGroup, exit: Int)
        /// Closes an item: asks whether to add another; yes → `bodyStart`, no → next.
        case repeatNext(RepeatGroup, bodyStart: Int)
        /// Stores the finished list.
        case repeatFinish(RepeatGroup)
        case document(DocumentSpec)
        case set(path: [String], value: Template, condition: Condition?)
        case finish
    }

    public let dialogue: Dialogue
    public let instructions: [Instruction]
    /// Labels of each choice question's fixed options, for displaying answers.
    public let labels: [String: [String: String]]

    public init(_ dialogue: Dialogue) {
        self.dialogue = dialogue
        var compiler = Compiler()
        for section in dialogue.sections {
            compiler.sectionStarts[section.name] = compiler.code.count
            compiler.emit(section.body)
        }
        compiler.code.append(.finish)
        let end = compiler.code.count - 1
        for (index, target) in compiler.pendingJumps {
            let resolved = target == "end" ? end : (compiler.sectionStarts[target] ?? end)
            switch compiler.code[index] {
            case .jumpIf(let c, _): compiler.code[index] = .jumpIf(c, to: resolved)
            default: compiler.code[index] = .jump(to: resolved)
            }
        }
        instructions = compiler.code
        var labels: [String: [String: String]] = [:]
        for question in dialogue.questions where !question.options.isEmpty {
            labels[question.id] = Dictionary(question.options.map { ($0.key, $0.label) }, uniquingKeysWith: { a, _ in a })
        }
        self.labels = labels
    }

    private struct Compiler {
        var code: [Instruction] = []
        var sectionStarts: [String: Int] = [:]
        var pendingJumps: [(Int, String)] = []

        mutating func emit(_ statements: [Statement]) {
            for statement in statements { emit(statement) }
        }

        mutating func emit(_ statement: Statement) {
            switch statement {
            case .say(let t, _): code.append(.say(t))
            case .ask(let q): code.append(.ask(q))
            case .ifBlock(let condition, let then, let otherwise, _):
                let branch = code.count
                code.append(.finish)
                emit(then)
                if otherwise.isEmpty {
                    code[branch] = .jumpUnless(condition, to: code.count)
                } else {
                    let skipElse = code.count
                    code.append(.finish)
                    code[branch] = .jumpUnless(condition, to: code.count)
                    emit(otherwise)
                    code[skipElse] = .jump(to: code.count)
                }
            case .goTo(let target, let condition, _):
                pendingJumps.append((code.count, target))
                code.append(condition.map { .jumpIf($0, to: -1) } ?? .jump(to: -1))
            case .repeatGroup(let group):
                code.append(.repeatStart(group))
                let gate = code.count
                if group.minimum == 0 { code.append(.finish) }
                let bodyStart = code.count
                emit(group.body)
                code.append(.repeatNext(group, bodyStart: bodyStart))
                if group.minimum == 0 { code[gate] = .repeatGate(group, exit: code.count) }
                code.append(.repeatFinish(group))
            case .document(let d): code.append(.document(d))
            case .set(let path, let value, let condition, _): code.append(.set(path: path, value: value, condition: condition))
            case .finish: code.append(.finish)
            }
        }
    }
}
