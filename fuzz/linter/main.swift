// libFuzzer target for the dialogue language (Sources/TrellisLanguage): the parser, the
// linter and, on what they accept, template rendering, condition evaluation and answer
// parsing.
//
// Built by scripts/fuzz.sh together with every file of Sources/TrellisLanguage (the module
// imports nothing):
//   swiftc -sanitize=fuzzer,address -parse-as-library -O -g fuzz/linter/main.swift \
//          Sources/TrellisLanguage/*.swift -o .build/fuzz/linter
//
// The input is one dialogue file. Invalid UTF-8 is decoded with replacement characters (the
// CLI refuses such files before parsing; every valid UTF-8 file decodes the same either way).
// A crash (stack overflow, trap, ASan report) is the main thing looked for. Checked too,
// each a fatalError when it fails:
//   1. Linter.check(text, file:) returns a dialogue only when no diagnostic is an error.
//   2. Its diagnostics are sorted by (file, line, column), as `sortedByLocation` promises.
//   3. A returned dialogue has the file name it was given.
//   4. Linter.check([d]) finds nothing; Linter.check([d, d]) finds exactly one error (the
//      dialogue id used twice).
// Then the dialogue (the linted one, or else whatever DialogueParser.parse recovered from a
// file with errors) is walked: it is compared with itself and hashed (Hashable recursion),
// every template rendered and every condition evaluated in an empty environment and in one
// where every question has an answer, and every question's default parsed as an answer.
// A custom mutator (below) helps with nesting: byte-level mutations almost never build the
// thousands of repeated tokens a stack overflow needs, since nothing rewards them on the way.
//
// TRELLIS_FUZZ_STRICT=locations also checks that every diagnostic points into the file
// (its file name, 1 <= line <= number of lines, column >= 1), which the code seems to keep
// but does not promise.

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

let fileName = "fuzz.dialogue"
let strictLocations: Bool = {
    guard let p = getenv("TRELLIS_FUZZ_STRICT") else { return false }
    return String(cString: p).split(separator: ",").contains("locations")
}()

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)

    let (dialogue, diagnostics) = Linter.check(text, file: fileName)
    if dialogue != nil {
        check(!diagnostics.hasErrors, "Linter.check returned a dialogue and an error")
    }
    for (a, b) in zip(diagnostics, diagnostics.dropFirst()) {
        check((a.location.file, a.location.line, a.location.column) <= (b.location.file, b.location.line, b.location.column),
              "diagnostics are not sorted: \(a.location) before \(b.location)")
    }
    if strictLocations {
        let lines = max(1, text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }).count)
        for d in diagnostics {
            check(d.location.file == fileName && (1...lines).contains(d.location.line) && d.location.column >= 1,
                  "strict locations: diagnostic at \(d.location) (file has \(lines) lines): \(d.message)")
        }
    }
    if let dialogue {
        check(dialogue.file == fileName, "the dialogue's file is '\(dialogue.file)'")
        check(Linter.check([dialogue]).isEmpty, "one dialogue alone clashes with itself")
        let twice = Linter.check([dialogue, dialogue])
        check(twice.count == 1 && twice.hasErrors, "two copies of one dialogue gave \(twice.count) diagnostics")
        exercise(dialogue)
    } else if let recovered = DialogueParser.parse(text, file: fileName).dialogue {
        exercise(recovered)
    }
    return 0
}

/// Equality, hashing, rendering, evaluation: every walk over the nested structure.
func exercise(_ dialogue: Dialogue) {
    check(dialogue == dialogue, "a dialogue is not equal to itself")
    var hasher = Hasher()
    hasher.combine(dialogue)
    _ = hasher.finalize()

    let empty = Environment(builtins: ["person": .string("Sam"), "site": .string("demo")])
    var answers: [(key: String, value: Value)] = []
    var labels: [String: [String: String]] = [:]
    for question in dialogue.questions {
        answers.append((question.id, sampleAnswer(question)))
        if question.kind.hasOptions {
            labels[question.id] = Dictionary(question.options.map { ($0.key, $0.label) }, uniquingKeysWith: { a, _ in a })
        }
    }
    for group in dialogue.repeatGroups {
        var item: [(key: String, value: Value)] = []
        Dialogue.walk(group.body) { if case .ask(let q) = $0 { item.append((q.id, sampleAnswer(q))) } }
        answers.append((group.id, .list([.object(item), .object(item)])))
    }
    let full = Environment(answers: .object(answers), profile: .object(answers),
                           builtins: ["person": .string("Sam"), "site": .string("demo")], labels: labels)

    for environment in [empty, full] {
        visit(dialogue.sections.flatMap(\.body), environment)
    }
}

func visit(_ statements: [Statement], _ environment: Environment) {
    for statement in statements {
        switch statement {
        case .say(let template, _):
            _ = template.render(in: environment)
            _ = template.references()
        case .ask(let question):
            for template in question.templates { _ = template.render(in: environment); _ = template.references() }
            _ = question.condition?.evaluate(in: environment)
            _ = question.condition?.references
            if let raw = question.defaultValue?.render(in: environment), !raw.isEmpty {
                _ = AnswerParser.parse(raw, for: question, options: question.options.map { ($0.key, $0.label) })
            }
        case .ifBlock(let condition, let then, let otherwise, _):
            _ = condition.references
            _ = condition.evaluate(in: environment)
            visit(then, environment)
            visit(otherwise, environment)
        case .goTo(_, let condition, _):
            _ = condition?.evaluate(in: environment)
        case .repeatGroup(let group):
            _ = group.prompt.render(in: environment)
            _ = group.help?.render(in: environment)
            var inner = environment
            inner.locals.append(.object([]))
            visit(group.body, inner)
        case .document(let document):
            _ = document.title.render(in: environment)
            _ = document.template.render(in: environment)
            _ = document.template.references()
        case .set(let path, let value, let condition, let location):
            _ = value.render(in: environment)
            _ = condition?.evaluate(in: environment)
            _ = ProfilePath.resolve(path, in: environment, at: location)
        case .finish:
            break
        }
    }
}

func sampleAnswer(_ question: Question) -> Value {
    switch question.kind {
    case .text, .longText, .date: return .string("2026-05-14")
    case .choice: return .string(question.options.first?.key ?? "x")
    case .multipleChoice: return .list(question.options.prefix(2).map { .string($0.key) })
    case .yesNo: return .bool(true)
    case .number, .scale: return .number(3)
    }
}

func check(_ condition: Bool, _ message: @autoclosure () -> String) {
    if !condition { fatalError("linter invariant failed: \(message())") }
}

// MARK: Mutations that deepen nesting

@_silgen_name("LLVMFuzzerMutate")
func libFuzzerMutate(_ data: UnsafeMutablePointer<UInt8>, _ size: Int, _ maxSize: Int) -> Int

/// Seven times in eight, libFuzzer's own mutations. Otherwise one of two that make nesting
/// deeper, with a count drawn log-uniformly up to 4096:
///   - a short slice (1...16 bytes) repeated in place: `((((`, `not not `, `{{#if a}}{{#if a}}`;
///   - a line repeated, each copy indented one space more than the one before (nested blocks).
@_cdecl("LLVMFuzzerCustomMutator")
public func mutate(_ data: UnsafeMutablePointer<UInt8>, _ size: Int, _ maxSize: Int, _ seed: UInt32) -> Int {
    var random = SplitMix64(seed: UInt64(seed))
    let room = maxSize - size
    guard size > 0, room > 64, random.below(8) == 0 else { return libFuzzerMutate(data, size, maxSize) }
    var bytes = Array(UnsafeBufferPointer(start: data, count: size))
    let copies = 1 + random.below(1 << (1 + random.below(12)))
    if random.below(2) == 0 {
        let start = random.below(size)
        let length = 1 + random.below(min(16, size - start))
        let count = min(copies, room / length)
        bytes.insert(contentsOf: Array(repeating: Array(bytes[start..<start + length]), count: count).joined(), at: start)
    } else {
        var starts = [0]
        for (i, byte) in bytes.enumerated() where byte == 0x0A && i + 1 < bytes.count { starts.append(i + 1) }
        let lineStart = starts[random.below(starts.count)]
        let lineEnd = bytes[lineStart...].firstIndex(of: 0x0A) ?? bytes.count
        let line = bytes[lineStart..<lineEnd]
        let indent = line.prefix { $0 == 0x20 }.count
        let text = Array(line.dropFirst(indent))
        var inserted: [UInt8] = []
        var level = indent
        for _ in 0..<copies {
            level += 1
            guard inserted.count + level + text.count + 1 <= room else { break }
            inserted += Array(repeating: 0x20, count: level) + text + [0x0A]
        }
        let at = min(lineEnd + 1, bytes.count)
        if at == bytes.count && bytes.last != 0x0A { bytes.append(0x0A) }
        bytes.insert(contentsOf: inserted, at: min(at, bytes.count))
    }
    let n = min(bytes.count, maxSize)
    bytes.withUnsafeBufferPointer { data.update(from: $0.baseAddress!, count: n) }
    return n
}

struct SplitMix64 {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    /// A number in 0..<n (n > 0).
    mutating func below(_ n: Int) -> Int { Int(next() % UInt64(n)) }
}
