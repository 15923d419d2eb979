// Each distinct `ask` line decoded once: the same questions come back round after round and on
// every connection, byte for byte, and decoding is most of what the client spends per turn.
import TrellisLanguage

final class AskCache {
    /// A line's bytes as a key, hashed in one pass (an array of bytes hashes one byte at a time).
    private struct Line: Hashable {
        let bytes: [UInt8]
        func hash(into hasher: inout Hasher) { bytes.withUnsafeBytes { hasher.combine(bytes: $0) } }
    }

    private var asks: [Line: Ask] = [:]
    /// Past this many distinct lines the cache starts again (a dialogue whose texts quote
    /// ever-changing answers would otherwise grow it without bound).
    private let limit: Int
    private(set) var decoded = 0

    init(limit: Int = 4096) { self.limit = limit }

    /// The question `line` (one whole `{"type":"ask",…}` line) asks, or nil when it is not one.
    func ask(_ line: UnsafeRawBufferPointer) -> Ask? {
        let key = Line(bytes: [UInt8](line))
        if let known = asks[key] { return known }
        guard let object = try? JSON.decode(String(decoding: line, as: UTF8.self)), let ask = Ask(object) else { return nil }
        decoded += 1
        if asks.count >= limit { asks.removeAll(keepingCapacity: true) }
        asks[key] = ask
        return ask
    }
}
