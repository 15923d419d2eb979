import Foundation
import Glibc
import Testing
import TrellisLanguage
import TrellisStore

/// Regression: 900 connections guessing codes made a real sign-in take 2.3 to 5.9 s, since
/// every guess was checked (yescrypt) on the one sign-in thread.
@Suite(.serialized) struct SignInFairnessTests {
    @Test func guessersFromOneAddressAreCutOffAndDoNotHoldUpARealSignIn() throws {
        let server = try ServerProcess()
        let code = try server.code(for: "demo")
        var guessers: [TCPClient] = []
        for _ in 0..<200 {
            let guesser = try TCPClient(port: server.port)
            guesser.send("demo")
            guesser.send("wrong-wrong-wrong")
            guessers.append(guesser)
        }
        let person = try TCPClient(port: server.port, from: "127.0.0.2")
        try person.signIn(site: "demo", code: code, name: "Sam")
        let throttled = try guessers.last!.read(until: "Too many wrong access codes", timeout: 10)
        #expect(throttled.contains("Wait"), "\(throttled)")
        // Once over its bound, the address is turned away at once, before any sign-in.
        let late = try TCPClient(port: server.port)
        let greeting = try late.read(until: "Too many wrong access codes", timeout: 10)
        #expect(!greeting.contains("Which site are you with?"), "\(greeting)")
        #expect(late.closes(within: 5))
        let again = try TCPClient(port: server.port, from: "127.0.0.3")
        try again.read(until: "Which site are you with?")
        #expect(server.waitForLog("event=refused_throttled"), "turned away at accept, counted once a second")
        server.signal(SIGTERM)
        let log = server.finish().log
        let checked = log.components(separatedBy: "event=wrong_code").count - 1
        let refused = log.components(separatedBy: "event=sign_in_throttled").count - 1
        #expect(checked <= 12, "at most the address's 10 checks (and one or two refilled) were made: \(checked)")
        // Refused at the code (sign_in_throttled) or, once the bound was known, at accept.
        let turnedAway = log.split(separator: "\n").filter { $0.contains("event=refused_throttled") }
            .compactMap { $0.split(separator: " ").first { $0.hasPrefix("connections=") }.flatMap { Int($0.dropFirst(12)) } }
            .reduce(0, +)
        #expect(refused + turnedAway >= 180, "the rest were refused unchecked: \(refused) at the code, \(turnedAway) at accept")
        #expect(log.contains("event=sign_in_throttled conn=") && log.contains("peer=127.0.0.1:"), "logged with the address")
    }
}
