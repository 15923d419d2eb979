// The figures of one load run, printed as text or as one JSON object.
import Foundation
import TrellisLanguage

struct LoadReport {
    var label = ""
    var mode = ""
    var dialogue = ""
    var connections = 0
    /// Connections that reached the menu (Redis: connected).
    var signedIn = 0
    /// The timed window, from the start (after warm-up) to the last turn's reply.
    var seconds = 0.0
    /// Turns in the timed window.
    var turns = 0
    /// Answers acknowledged over the whole run (warm-up included): `accepted` lines for a
    /// dialogue's questions (not the menu or the resume offer); Redis replies.
    var accepted = 0
    var refused = 0
    var unexpected = 0
    var disconnects = 0
    var timeouts = 0
    /// Connections closed early, for any reason.
    var failed = 0
    var latency = LatencySummary(count: 0, mean: 0, p50: 0, p99: 0, p999: 0, max: 0)
    var signIn = LatencySummary(count: 0, mean: 0, p50: 0, p99: 0, p999: 0, max: 0)
    var serverCPUMicros: Double?
    var clientCPUMicros = 0.0
    var serverRSSBeforeKB: Double?
    var serverRSSReadyKB: Double?
    var serverRSSEndKB: Double?

    var errors: Int { refused + unexpected + disconnects + timeouts }
    var turnsPerSecond: Double { seconds > 0 ? Double(turns) / seconds : 0 }
    var serverCPUPerTurn: Double? { serverCPUMicros.flatMap { turns > 0 ? $0 / Double(turns) : nil } }
    var clientCPUPerTurn: Double { turns > 0 ? clientCPUMicros / Double(turns) : 0 }
    /// Resident memory per signed-in connection while holding (`--idle` with `--server-pid`).
    var serverBytesPerSession: Double? {
        guard let before = serverRSSBeforeKB, let after = serverRSSEndKB ?? serverRSSReadyKB, signedIn > 0 else { return nil }
        return (after - before) * 1024 / Double(signedIn)
    }

    var json: String {
        func number(_ value: Double) -> Value { .number((value * 10).rounded() / 10) }
        func latencyObject(_ summary: LatencySummary) -> Value {
            .object([("count", .number(Double(summary.count))), ("mean", number(summary.mean)), ("p50", number(summary.p50)),
                     ("p99", number(summary.p99)), ("p999", number(summary.p999)), ("max", number(summary.max))])
        }
        func optional(_ value: Double?) -> Value { value.map(number) ?? .null }
        var entries: [(key: String, value: Value)] = [
            ("label", .string(label)), ("mode", .string(mode)), ("dialogue", .string(dialogue)),
            ("connections", .number(Double(connections))), ("signed_in", .number(Double(signedIn))),
            ("seconds", .number((seconds * 1000).rounded() / 1000)), ("turns", .number(Double(turns))),
            ("turns_per_s", number(turnsPerSecond)), ("accepted", .number(Double(accepted))),
            ("latency_us", latencyObject(latency)), ("sign_in_us", latencyObject(signIn)),
            ("errors", .number(Double(errors))), ("refused", .number(Double(refused))), ("unexpected", .number(Double(unexpected))),
            ("disconnects", .number(Double(disconnects))), ("timeouts", .number(Double(timeouts))), ("failed", .number(Double(failed))),
            ("server_cpu_us", optional(serverCPUMicros)), ("server_cpu_us_per_turn", optional(serverCPUPerTurn)),
            ("client_cpu_us_per_turn", number(clientCPUPerTurn)),
        ]
        if serverRSSBeforeKB != nil || serverRSSReadyKB != nil {
            entries += [("server_rss_before_kb", optional(serverRSSBeforeKB)), ("server_rss_ready_kb", optional(serverRSSReadyKB)),
                        ("server_rss_end_kb", optional(serverRSSEndKB)), ("server_bytes_per_session", optional(serverBytesPerSession))]
        }
        return JSON.encode(.object(entries))
    }

    var text: String {
        func f(_ value: Double, _ digits: Int = 0) -> String { String(format: "%.\(digits)f", value) }
        func latencyLine(_ name: String, _ s: LatencySummary) -> String {
            "\(name): p50 \(f(s.p50)) µs, p99 \(f(s.p99)) µs, p99.9 \(f(s.p999)) µs, max \(f(s.max)) µs, mean \(f(s.mean)) µs (\(s.count) samples)"
        }
        var lines = ["\(label.isEmpty ? "" : label + ": ")\(mode)\(dialogue.isEmpty ? "" : " (" + dialogue + ")"), \(connections) connection(s), \(signedIn) signed in"]
        if seconds > 0 || turns > 0 {
            lines.append("turns: \(turns) in \(f(seconds, 3)) s = \(f(turnsPerSecond, 1)) turns/s; accepted \(accepted)")
            lines.append(latencyLine("turn latency", latency))
        }
        if signIn.count > 0 && mode == LoadMode.trellis.rawValue { lines.append(latencyLine("sign-in", signIn)) }
        lines.append("errors: \(errors) (refused \(refused), unexpected \(unexpected), disconnects \(disconnects), timeouts \(timeouts))")
        if let perTurn = serverCPUPerTurn, let total = serverCPUMicros {
            lines.append("server CPU: \(f(perTurn, 1)) µs per turn (\(f(total / 1e6, 2)) s)")
        }
        if turns > 0 { lines.append("client CPU: \(f(clientCPUPerTurn, 1)) µs per turn") }
        if let before = serverRSSBeforeKB {
            lines.append("server RSS: \(f(before)) KiB before, \(serverRSSReadyKB.map { f($0) } ?? "?") KiB at READY, \(serverRSSEndKB.map { f($0) } ?? "?") KiB at the end"
                         + (serverBytesPerSession.map { "; \(f($0)) bytes per session" } ?? ""))
        }
        return lines.joined(separator: "\n")
    }
}
