import Testing
@testable import TrellisLanguage

// The size and nesting limits (Sources/TrellisLanguage/Limits.swift): hostile files that used
// to overflow the stack (SIGSEGV in lint, chat and serve) are refused with one error at the
// right line and column; files exactly at each limit lint clean; large files lint in time
// linear in their size (asserted through their diagnostics only, never by timing).
//
// Every input is generated here; none is checked in.

// MARK: Helpers

/// Lines 1 to 6 of every generated file; line 7 is the first after it.
private let header = """
    dialogue t
    title: T
    purpose: P
    section start
      ask a: yes/no
        prompt: A?

    """

private func lint(_ body: String) -> [Diagnostic] {
    Linter.check(header + body, file: "t.dialogue").diagnostics
}

/// Checks that `diagnostics` is exactly one error whose message holds `fragment`, at `line`:`column`.
private func expectOnly(_ diagnostics: [Diagnostic], _ fragment: String, at line: Int, _ column: Int,
                        sourceLocation: Testing.SourceLocation = #_sourceLocation) {
    #expect(diagnostics.count == 1, "expected one problem, got \(diagnostics.prefix(3))", sourceLocation: sourceLocation)
    guard let found = diagnostics.first else { return }
    #expect(found.severity == .error, sourceLocation: sourceLocation)
    #expect(found.message.contains(fragment), "\"\(found.message)\" does not say \"\(fragment)\"", sourceLocation: sourceLocation)
    #expect(found.hint != nil, sourceLocation: sourceLocation)
    #expect((found.location.file, found.location.line, found.location.column) == ("t.dialogue", line, column),
            "\"\(found.message)\" is at \(found.location), expected t.dialogue:\(line):\(column)", sourceLocation: sourceLocation)
}

private func expectClean(_ diagnostics: [Diagnostic], sourceLocation: Testing.SourceLocation = #_sourceLocation) {
    #expect(diagnostics.isEmpty, "unexpected problems: \(diagnostics.prefix(3))", sourceLocation: sourceLocation)
}

/// `count` nested `if a` blocks with a `say` in the innermost, indented one space per level
/// from column 3 (the least a nesting can take), starting on line 7.
private func nestedIfs(_ count: Int, step: Int = 1) -> String {
    var text = ""
    for level in 0..<count { text += String(repeating: " ", count: 2 + step * level) + "if a\n" }
    return text + String(repeating: " ", count: 2 + step * count) + "say: deep\n"
}

/// How deep a condition's tree is (the depth later walks recurse to).
private func depth(_ condition: Condition) -> Int {
    switch condition {
    case .truthy, .isSet, .compare: return 1
    case .not(let c): return 1 + depth(c)
    case .and(let a, let b), .or(let a, let b): return 1 + max(depth(a), depth(b))
    }
}

private let limit = Limits.maxConditionDepth

// MARK: Conditions

@Suite struct ConditionLimitTests {
    @Test func fourteenThousandParentheses() {
        let n = 14_000
        // `  if ` puts the condition at column 6; the 33rd '(' is 32 further on.
        expectOnly(lint("  if " + String(repeating: "(", count: n) + "a" + String(repeating: ")", count: n) + "\n    say: hi\n"),
                   "this condition nests too deeply", at: 7, 6 + limit)
    }

    @Test func thirtyThousandNots() {
        expectOnly(lint("  if " + String(repeating: "not ", count: 30_000) + "a\n    say: hi\n"),
                   "more than 32 brackets and 'not's", at: 7, 6 + 4 * limit)
    }

    @Test func bracketsAndNotsCountTogether() {
        // 20 brackets, then the 13th 'not' inside them is the 33rd level.
        let text = String(repeating: "(", count: 20) + String(repeating: "not ", count: 20) + "a" + String(repeating: ")", count: 20)
        // `  go to start when ` puts the condition at column 20.
        expectOnly(lint("  go to start when \(text)\n"), "this condition nests too deeply", at: 7, 20 + 20 + 4 * 12)
    }

    @Test func exactlyAtTheLimitIsClean() {
        let parens = String(repeating: "(", count: limit) + "a" + String(repeating: ")", count: limit)
        let nots = String(repeating: "not ", count: limit) + "a"
        let mixed = String(repeating: "(not ", count: limit / 2) + "a" + String(repeating: ")", count: limit / 2)
        expectClean(lint("  if \(parens)\n    say: 1\n  if \(nots)\n    say: 2\n  say: {{#if \(mixed)}}3{{/if}}\n"))
        if case .success(let c) = ConditionParser.parse(parens, at: TrellisLanguage.SourceLocation(file: "t", line: 1, column: 1)) {
            #expect(depth(c) == 1)
        } else {
            Issue.record("\(limit) brackets should parse")
        }
    }

    @Test func inTemplatesAndWhenLines() {
        let deep = String(repeating: "not ", count: limit + 1) + "a"
        // `  say: {{#if ` puts the condition at column 14.
        expectOnly(lint("  say: {{#if \(deep)}}x{{/if}}\n"), "this condition nests too deeply", at: 7, 14 + 4 * limit)
        // `    when: ` puts it at column 11.
        expectOnly(lint("  set s.x: 1\n    when: \(deep)\n"), "this condition nests too deeply", at: 8, 11 + 4 * limit)
    }

    /// A flat chain is read in a loop and kept balanced: 30,000 tests are 16 levels deep, not
    /// 30,000, so evaluating it (and hashing or freeing it) cannot overflow the stack.
    @Test func thirtyThousandAndsAreShallow() throws {
        let n = 30_000
        expectClean(lint("  if a" + String(repeating: " and a", count: n - 1) + "\n    say: hi\n"))
        let chain = try ConditionParser.parse((0..<n).map { "x\($0 % 7)" }.joined(separator: " or "),
                                              at: TrellisLanguage.SourceLocation(file: "t", line: 1, column: 1)).get()
        #expect(depth(chain) <= 16)
        #expect(chain.references.count == n)
        #expect(chain.references.prefix(8).map(\.description) == ["x0", "x1", "x2", "x3", "x4", "x5", "x6", "x0"])
        #expect(chain.evaluate(in: Environment(answers: .object([(key: "x6", value: .bool(true))]))))
        #expect(!chain.evaluate(in: Environment()))
        let mixed = try ConditionParser.parse((0..<n).map { "a" + ($0 % 3 == 0 ? " or" : " and") }.joined(separator: " ") + " a",
                                              at: TrellisLanguage.SourceLocation(file: "t", line: 1, column: 1)).get()
        #expect(depth(mixed) <= 20)
    }
}

// MARK: Templates

@Suite struct TemplateLimitTests {
    @Test func thirtyThousandIfs() {
        let n = 30_000
        // `  say: ` puts the text at column 8; each `{{#if a}}` is 9 characters.
        expectOnly(lint("  say: " + String(repeating: "{{#if a}}", count: n) + "x" + String(repeating: "{{/if}}", count: n) + "\n"),
                   "this block is nested too deeply", at: 7, 8 + 9 * limit)
    }

    @Test func thirtyThousandEachsOnTheirOwnLines() {
        let n = 30_000
        let lines = Array(repeating: "    {{#each a}}", count: n) + ["    x"] + Array(repeating: "    {{/each}}", count: n)
        // The 33rd `{{#each}}` is on line 8 + 32.
        expectOnly(lint("  say:\n" + lines.joined(separator: "\n") + "\n"), "this block is nested too deeply", at: 8 + limit, 5)
    }

    @Test func thirtyThousandElseIfs() {
        let n = 30_000
        var text = "  say: {{#if a}}0"
        for i in 1...n { text += "{{else if a}}\(i)" }
        // Each `{{else if}}` is an `{{#if}}` inside the `{{else}}` before it: the 32nd is the 33rd block.
        let column = 8 + "{{#if a}}0".count + (1...31).reduce(0) { $0 + "{{else if a}}\($1)".count }
        expectOnly(lint(text + "{{/if}}\n"), "this block is nested too deeply", at: 7, column)
    }

    @Test func exactlyAtTheLimitIsClean() {
        let ifs = String(repeating: "{{#if a}}", count: limit) + "x" + String(repeating: "{{/if}}", count: limit)
        var chain = "{{#if a}}0"
        for i in 1..<limit { chain += "{{else if a}}\(i)" }
        expectClean(lint("  say: \(ifs)\n  say: \(chain){{else}}z{{/if}}\n"))
        let template = try? TemplateParser.parse(ifs, at: TrellisLanguage.SourceLocation(file: "t", line: 1, column: 1)).get()
        #expect(template?.render(in: Environment(answers: .object([(key: "a", value: .bool(true))]))) == "x")
    }

    /// Text is joined once per run between tags, not copied onto the last part line by line.
    @Test func longTextIsOnePart() throws {
        let lines = (0..<20_000).map { TemplateParser.Line("line \($0)", at: TrellisLanguage.SourceLocation(file: "t", line: $0 + 1, column: 1)) }
        let template = try TemplateParser.parse(lines).get()
        #expect(template.parts.count == 1)
        #expect(template.literalText == (0..<20_000).map { "line \($0)" }.joined(separator: "\n"))
    }
}

// MARK: Blocks

@Suite struct BlockLimitTests {
    /// 5,000 nested blocks cannot fit in 1 MiB (the indentation alone is 12.5 MB), so the
    /// linter refuses the file for its size; the parser on its own, which has no size limit,
    /// stops at the 33rd block instead of recursing 5,000 times.
    @Test func fiveThousandNestedIfs() {
        let text = header + nestedIfs(5_000)
        let lines = text.utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
        var before = 0
        var line = 0
        while before + lines[line].count + 1 <= Limits.maxFileBytes { before += lines[line].count + 1; line += 1 }
        expectOnly(Linter.check(text, file: "t.dialogue").diagnostics, "more than the limit of 1 MiB", at: line + 1, Limits.maxFileBytes - before + 1)

        let parsed = DialogueParser.parse(text, file: "t.dialogue")
        // The 33rd `if` is on line 7 + 32, indented 2 + 32 spaces.
        expectOnly(parsed.diagnostics, "this 'if' is nested too deeply: it would be block level 33", at: 7 + limit, 3 + limit)
    }

    /// The deepest nesting that fits in 1 MiB.
    @Test func fourteenHundredNestedIfs() {
        let text = nestedIfs(1_400)
        #expect((header + text).utf8.count <= Limits.maxFileBytes)
        expectOnly(lint(text), "this 'if' is nested too deeply", at: 7 + limit, 3 + limit)
    }

    @Test func nestedRepeatsAndElses() {
        var text = ""
        for level in 0...limit {
            let pad = String(repeating: " ", count: 2 + 2 * level)
            text += level == 1 ? "\(pad)repeat r\n\(pad)  prompt: More?\n\(pad)  ask q: text\n\(pad)    prompt: Q?\n" : "\(pad)if a\n\(pad)  say: \(level)\n\(pad)else\n"
        }
        // The if at level 32 (0-based) holds the 33rd block; its `else` is part of the same refused chain.
        let line = 7 + 3 * limit + 1
        expectOnly(lint(text + String(repeating: " ", count: 4 + 2 * limit) + "say: deep\n"), "this 'if' is nested too deeply", at: line, 3 + 2 * limit)
    }

    @Test func thirtyThousandElseIfs() {
        let n = 30_000
        var text = "  if a\n    say: 0\n"
        for i in 1...n { text += "  else if a\n    say: \(i)\n" }
        // The k-th `else if` is on line 7 + 2k and holds its statements k + 1 blocks deep.
        expectOnly(lint(text + "  else\n    say: none\n"), "this 'else if' is nested too deeply", at: 7 + 2 * limit, 3)
    }

    @Test func exactlyAtTheLimitIsClean() {
        expectClean(lint(nestedIfs(limit, step: 2)))
        var chain = "  if a\n    say: 0\n"
        for i in 1..<limit { chain += "  else if a\n    say: \(i)\n" }
        expectClean(lint(chain + "  else\n    say: none\n"))
        // A question with its properties inside the deepest block: 35 levels of indentation.
        expectClean(lint(String(nestedIfs(limit, step: 2).dropLast("say: deep\n".count)) + "ask b: text\n" + String(repeating: " ", count: 4 + 2 * limit) + "prompt: B?\n"))
    }

    /// Lines indented far deeper than any valid file stop the first pass, which recurses
    /// once per level, at `Limits.maxOutlineDepth`; the error is the first one that would be
    /// reported anyway.
    @Test func deepIndentationUnderAProperty() {
        var text = "  say: hi\n"
        for level in 1...1_000 { text += String(repeating: " ", count: 2 + level) + "x\n" }
        expectOnly(lint(text), "nothing can be indented under 'say'", at: 8, 4)
        let outline = Outline(text: header + text, file: "t.dialogue") { _ in false }
        // `say` is at depth 2 of the tree, so the x on line 7 + k is at depth 2 + k.
        #expect(outline.firstDroppedLine?.line == 7 + Limits.maxOutlineDepth - 1)
    }
}

// MARK: File size

@Suite struct FileSizeLimitTests {
    /// A valid file of exactly 1 MiB: `say` lines of 1,000 characters and a last one to fit.
    static func exactlyOneMiB() -> String {
        var text = "dialogue t\ntitle: T\npurpose: P\nsection start\n"
        let line = "  say: " + String(repeating: "x", count: 992) + "\n"
        while text.utf8.count + 2 * line.utf8.count < Limits.maxFileBytes { text += line }
        let rest = Limits.maxFileBytes - text.utf8.count - "  say: \n".utf8.count
        return text + "  say: " + String(repeating: "y", count: rest) + "\n"
    }

    @Test func exactlyAtTheLimitIsClean() {
        let text = FileSizeLimitTests.exactlyOneMiB()
        #expect(text.utf8.count == Limits.maxFileBytes)
        let (dialogue, diagnostics) = Linter.check(text, file: "t.dialogue")
        expectClean(diagnostics)
        #expect(dialogue != nil)
    }

    @Test func oneByteOverIsRefusedWhereTheLimitIsPassed() {
        let text = FileSizeLimitTests.exactlyOneMiB()
        let lines = text.split(separator: "\n").count
        let (dialogue, diagnostics) = Linter.check(text + "#", file: "t.dialogue")
        #expect(dialogue == nil)
        expectOnly(diagnostics, "the file is 1048577 bytes, more than the limit of 1 MiB (1048576 bytes)", at: lines + 1, 1)
    }

    @Test func columnsCountCharactersAndCRLFIsOneLineEnd() {
        // 'é' is two bytes of UTF-8: the limit is passed part way along the first line of them.
        let head = "dialogue t\r\ntitle: T\r\npurpose: P\r\nsection start\r\n  say: "
        let text = head + String(repeating: "é", count: Limits.maxFileBytes / 2) + "\r\n"
        let inBytes = Limits.maxFileBytes - head.utf8.count
        expectOnly(Linter.check(text, file: "t.dialogue").diagnostics, "more than the limit of 1 MiB", at: 5, 8 + inBytes / 2)
    }
}

// MARK: Large files

/// Large files that are within every limit: linted completely, in time linear in their size.
/// (Checking profile paths compared every pair of writers, and finding the sections that can
/// finish took one pass per section: 20,000 questions took 315 s, 4,000 sections 9 s.)
@Suite struct LargeFileTests {
    @Test func manySiblingStatements() {
        let n = 8_000
        var text = ""
        for i in 0..<n { text += "  ask q\(i): text\n    prompt: Q\(i)?\n    save: s.q\(i)\n" }
        // One clash, planted last: it is found, and nothing else is.
        text += "  set s.q17.deeper: yes\n"
        text += (0..<n).map { "section s\($0)\n  say: Part \($0)\n  set t.s\($0): yes\n" }.joined()
        expectOnly(lint(text), "profile paths clash: 's.q17' (question 'q17') holds a value where 's.q17.deeper' ('set') needs a group",
                   at: 7 + 3 * n, 3)
    }

    @Test func pathClashesAreAllReportedInOrder() {
        let diagnostics = lint("""
              set p.a.b: 1
              set p.a.c: 2
              ask q: text
                prompt: Q?
                save: p.a
              set p.a: 3
              set p.a: 4

            """)
        // The question is the first writer; each later one is compared with all before it.
        #expect(diagnostics.map(\.location.line) == [7, 8, 12, 12, 12, 13, 13, 13])
        #expect(diagnostics.map(\.message).filter { $0.contains("is also written") }.count == 2)
    }

    /// The tree of paths reports exactly what comparing every pair did, in the same order.
    @Test func pathClashesMatchComparingEveryPair() throws {
        var seed: UInt64 = 7
        func next(_ n: Int) -> Int {
            seed = seed &* 6364136223846793005 &+ 1442695040888963407
            return Int((seed >> 33) % UInt64(n))
        }
        for _ in 0..<20 {
            var text = ""
            for i in 0..<40 {
                let path = (0...next(3)).map { _ in ["a", "b", "c"][next(3)] }.joined(separator: ".")
                text += next(2) == 0 ? "  ask q\(i): text\n    prompt: Q?\n    save: p.\(path)\n" : "  set p.\(path): x\n"
            }
            let dialogue = try #require(DialogueParser.parse(header + text, file: "t.dialogue").dialogue)
            var writers: [(path: [String], location: TrellisLanguage.SourceLocation, what: String, exclusive: Bool)] = []
            for q in dialogue.questions { if let save = q.save { writers.append((save, q.location, "question '\(q.id)'", true)) } }
            Dialogue.walk(dialogue.sections.flatMap(\.body)) { if case .set(let path, _, _, let l) = $0 { writers.append((path, l, "'set'", false)) } }
            var expected: [String] = []
            for (i, a) in writers.enumerated() {
                for b in writers[..<i] {
                    let shorter = min(a.path.count, b.path.count)
                    guard Array(a.path.prefix(shorter)) == Array(b.path.prefix(shorter)) else { continue }
                    if a.path == b.path {
                        if a.exclusive || b.exclusive { expected.append("\(a.location) \(b.location.line) same") }
                    } else {
                        expected.append("\(a.location) \(b.location.line) clash")
                    }
                }
            }
            let found = Linter.checkPaths(dialogue).map { d in
                "\(d.location) \(d.message.split(separator: " ").last { Int($0) != nil } ?? "?") " + (d.message.contains("also written") ? "same" : "clash")
            }
            // Clash messages name lines through the paths, not numbers: compare their count and places.
            #expect(found.map { $0.split(separator: " ")[0] } == expected.map { $0.split(separator: " ")[0] })
            #expect(found.filter { $0.hasSuffix("same") } == expected.filter { $0.hasSuffix("same") })
        }
    }

    @Test func manySectionsThatFallThrough() {
        var text = "  go to s1 when a\n"
        for i in 1...10_000 { text += "section s\(i)\n  say: \(i)\n" }
        expectClean(lint(text))
        // The last section going back to the first: now no section can ever finish.
        let loop = text + "  go to s1\n"
        let diagnostics = lint(loop)
        #expect(diagnostics.count == 10_001)
        #expect(diagnostics.allSatisfy { $0.message.hasPrefix("dead end: from section") })
    }

    @Test func manyDeepButAllowedBlocks() {
        var text = ""
        for tower in 0..<200 {
            for level in 0..<limit { text += String(repeating: " ", count: 2 + level) + "if a\n" }
            text += String(repeating: " ", count: 2 + limit) + "ask q\(tower): text\n"
            text += String(repeating: " ", count: 4 + limit) + "prompt: {{#if a}}" + String(repeating: "{{#if not (a)}}", count: limit - 1) + "Q\(tower)?" + String(repeating: "{{/if}}", count: limit) + "\n"
        }
        expectClean(lint(text))
        // One too deep, at the end.
        let line = text.split(separator: "\n").count + 7 + limit
        expectOnly(lint(text + nestedIfs(limit + 1)), "this 'if' is nested too deeply", at: line, 3 + limit)
    }
}
