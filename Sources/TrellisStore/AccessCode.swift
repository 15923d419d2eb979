import CCrypt
import Glibc

/// Site access codes: made from the system's random source, shown once, and kept only as
/// a yescrypt hash from libxcrypt (`crypt_gensalt` + `crypt_r`), the one place that calls
/// libcrypt. Verification compares hashes in constant time.
public enum AccessCode {
    /// Letters and digits that cannot be mistaken for each other when read aloud or copied.
    static let alphabet = Array("abcdefghjkmnpqrstuvwxyz23456789")

    /// yescrypt's cost setting for new hashes. libxcrypt's default (5) costs about 21 ms of
    /// CPU per check on our 2-core machine; 2 costs about 2.4 ms (measured 2026-11-26). The
    /// slow default protects passwords people choose; our codes are random with about 79 bits,
    /// so even a fast hash leaves an offline search hopeless, while a crowd of 1,000 signing
    /// in at once waits seconds instead of 20. A hash keeps the cost it was made with.
    public static let hashCost = 2

    /// A new code such as `k7qp-3xmw-n2hd-rt8v` (about 79 bits).
    public static func generate() -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<4).map { _ in String((0..<4).map { _ in alphabet.randomElement(using: &generator)! }) }.joined(separator: "-")
    }

    public struct HashError: Error, CustomStringConvertible, Sendable {
        public let description: String
    }

    /// Hashes `code` with a fresh yescrypt salt.
    public static func hash(_ code: String) throws(HashError) -> String {
        var saltBuffer = [CChar](repeating: 0, count: Int(CRYPT_GENSALT_OUTPUT_SIZE))
        guard crypt_gensalt_rn("$y$", UInt(hashCost), nil, 0, &saltBuffer, Int32(saltBuffer.count)) != nil else {
            throw HashError(description: "libcrypt could not make a yescrypt salt (errno \(errno))")
        }
        let salt = String(decoding: saltBuffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        guard let hashed = crypt(code, setting: salt), hashed.hasPrefix("$y$") else {
            throw HashError(description: "libcrypt could not hash the access code with yescrypt")
        }
        return hashed
    }

    /// True when `code` hashes to `stored` (the stored hash carries its own salt).
    public static func verify(_ code: String, against stored: String) -> Bool {
        guard let hashed = crypt(code, setting: stored) else { return false }
        let a = Array(hashed.utf8), b = Array(stored.utf8)
        guard a.count == b.count else { return false }
        var difference: UInt8 = 0
        for i in 0..<a.count { difference |= a[i] ^ b[i] }
        return difference == 0
    }

    private static func crypt(_ phrase: String, setting: String) -> String? {
        var data = crypt_data()
        guard let result = crypt_r(phrase, setting, &data) else { return nil }
        let text = String(cString: result)
        // libxcrypt signals failure with a string starting with '*'.
        return text.hasPrefix("*") ? nil : text
    }
}
