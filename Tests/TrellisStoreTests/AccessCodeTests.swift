import Foundation
import Testing
@testable import TrellisStore

/// Access codes: generated from the system's random source, kept only as a yescrypt hash.
@Suite struct AccessCodeTests {
    private static let alphabet = Set("abcdefghjkmnpqrstuvwxyz23456789")

    /// True when `code` is four groups of four characters from the alphabet, joined by '-'.
    private func isWellFormed(_ code: String) -> Bool {
        let groups = code.split(separator: "-", omittingEmptySubsequences: false)
        return groups.count == 4 && groups.allSatisfy { $0.count == 4 && $0.allSatisfy(Self.alphabet.contains) }
    }

    @Test func generatedCodesAreFourGroupsOfFourFromTheAlphabet() {
        for _ in 0..<200 {
            let code = AccessCode.generate()
            #expect(isWellFormed(code), "\(code)")
            #expect(code.count == 19)
        }
    }

    @Test func theAlphabetHasNoCharactersThatCanBeConfused() {
        #expect(Set(AccessCode.alphabet) == Self.alphabet)
        #expect(AccessCode.alphabet.count == Set(AccessCode.alphabet).count)
        for confusable in "ilo01IO" {
            #expect(!AccessCode.alphabet.contains(confusable))
        }
    }

    @Test func generatedCodesAreUnique() {
        let codes = (0..<500).map { _ in AccessCode.generate() }
        #expect(Set(codes).count == codes.count)
    }

    @Test func generatedCodesUseTheWholeAlphabet() {
        // 500 codes × 16 characters: every one of 31 characters turns up unless the source is broken.
        let seen = Set((0..<500).flatMap { _ in AccessCode.generate().filter { $0 != "-" } })
        #expect(seen == Self.alphabet)
    }

    @Test func hashIsYescryptAndSalted() throws {
        let code = AccessCode.generate()
        let first = try AccessCode.hash(code)
        let second = try AccessCode.hash(code)
        #expect(first.hasPrefix("$y$"))
        #expect(second.hasPrefix("$y$"))
        #expect(first != second)
    }

    @Test func hashNeverContainsTheCodeInClear() throws {
        for _ in 0..<5 {
            let code = AccessCode.generate()
            let hashed = try AccessCode.hash(code)
            #expect(!hashed.contains(code))
            for group in code.split(separator: "-") {
                #expect(!hashed.contains("-\(group)-"))
            }
            #expect(!hashed.contains(code.replacingOccurrences(of: "-", with: "")))
        }
    }

    @Test func verifyAcceptsTheCodeAndRejectsOthers() throws {
        let code = AccessCode.generate()
        let hashed = try AccessCode.hash(code)
        #expect(AccessCode.verify(code, against: hashed))
        #expect(AccessCode.verify(code, against: try AccessCode.hash(code)))
        #expect(!AccessCode.verify(AccessCode.generate(), against: hashed))
        #expect(!AccessCode.verify("", against: hashed))
        #expect(!AccessCode.verify(code.uppercased(), against: hashed))
        #expect(!AccessCode.verify(code + " ", against: hashed))
        #expect(!AccessCode.verify(String(code.dropLast()), against: hashed))
        // The hash itself is not a code.
        #expect(!AccessCode.verify(hashed, against: hashed))
    }

    @Test(arguments: ["", "not a hash", "*0", "$y$", "$y$j9T$", "$1$abc$def"])
    func verifyRejectsStoredValuesThatAreNotYescryptHashes(stored: String) {
        #expect(!AccessCode.verify("abcd-efgh-jkmn-pqrs", against: stored))
        #expect(!AccessCode.verify("", against: stored))
    }

    @Test func anyTextCanBeHashedAndVerified() throws {
        for phrase in ["", "é👍", "with space", String(repeating: "x", count: 500)] {
            let hashed = try AccessCode.hash(phrase)
            #expect(AccessCode.verify(phrase, against: hashed))
            #expect(!AccessCode.verify(phrase + "!", against: hashed))
        }
    }
}
