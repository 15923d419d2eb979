import Foundation
import Testing
import TrellisLanguage

/// `trellis-bench load` against a real `trellis serve` with a fresh store: a few connections,
/// a few hundred turns, then the store is asked whether every answer the client saw accepted
/// is there. Timings are reported by the client and never asserted.
@Suite(.serialized) struct LoadBenchmarkTests {
    static var benchBinary: URL {
        let beside = Trellis.binary.deletingLastPathComponent().appendingPathComponent("trellis-bench")
        if FileManager.default.isExecutableFile(atPath: beside.path) { return beside }
        return Trellis.root.appendingPathComponent(".build/debug/trellis-bench")
    }

    /// Runs `trellis-bench ARGS` and returns its exit status and standard output.
    func bench(_ arguments: [String]) throws -> (status: Int32, out: String, err: String) {
        let process = Process()
        process.executableURL = Self.benchBinary
        process.arguments = arguments
        let stdout = Pipe(), stderr = Pipe()
        process.standardOutput = stdout
        process.standardError = stderr
        try process.run()
        let out = stdout.fileHandleForReading.readDataToEndOfFile()
        let err = stderr.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: out, as: UTF8.self), String(decoding: err, as: UTF8.self))
    }

    func number(_ report: Value, _ key: String) -> Double? {
        if case .number(let value)? = report[key] { return value }
        return nil
    }

    @Test func everyAcceptedAnswerIsStored() throws {
        let server = try ServerProcess(sites: ["demo"])
        let code = try server.code(for: "demo")
        let run = try bench(["load", "--port", String(server.port), "--site", "demo", "--code", code,
                             "--connections", "4", "--turns", "300", "--json", "--timeout", "60",
                             "--server-pid", String(server.process.processIdentifier)])
        #expect(run.status == 0, "trellis-bench load: \(run.err)")
        let report = try JSON.decode(run.out.trimmingCharacters(in: .whitespacesAndNewlines))
        #expect(number(report, "errors") == 0, "\(run.out)")
        #expect(number(report, "signed_in") == 4)
        #expect((number(report, "turns") ?? 0) >= 300)
        let accepted = try #require(number(report, "accepted"))
        #expect(accepted > 0)

        let history = try Trellis.run(["history", "demo", "--json", "--data", server.data])
        #expect(history.status == 0, "\(history.err)")
        var answers = 0
        for line in history.out.split(separator: "\n") {
            guard case .string("answer")? = try JSON.decode(String(line))["kind"] else { continue }
            answers += 1
        }
        #expect(Double(answers) == accepted, "the client saw \(accepted) answers accepted; the store holds \(answers)")
        server.signal(SIGTERM)
        #expect(server.finish().status == 0)
    }

    /// Redis's modes speak RESP's inline commands; a stand-in here would test only itself, so
    /// only the argument checks run without a Redis.
    @Test func unknownModeIsRefused() throws {
        let run = try bench(["load", "--mode", "memcached"])
        #expect(run.status == 2)
        #expect(run.err.contains("not one of trellis, redis-ping, redis-set"))
    }
}
