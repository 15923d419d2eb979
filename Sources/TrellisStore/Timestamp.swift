import Glibc

/// The time as history and logs record it: ISO 8601 in UTC with milliseconds,
/// `2026-11-26T17:59:03.844Z`. Built from `clock_gettime` and `gmtime_r`, so it is cheap and
/// safe on any thread (a Foundation date formatter per call cost the event loop far more).
public enum Timestamp {
    public static func now() -> String {
        var time = timespec()
        clock_gettime(CLOCK_REALTIME, &time)
        return format(seconds: time.tv_sec, milliseconds: Int(time.tv_nsec / 1_000_000))
    }

    /// `seconds` since 1970 in UTC, with `milliseconds` (0–999), written digit by digit into
    /// 24 bytes: interpolating padded strings cost ten times as much, on every commit.
    static func format(seconds: Int, milliseconds: Int) -> String {
        var seconds = seconds
        var parts = tm()
        gmtime_r(&seconds, &parts)
        var out = [UInt8](repeating: 0, count: 24)
        func put(_ n: Int, _ width: Int, at end: Int) {
            var n = n
            for index in stride(from: end - 1, through: end - width, by: -1) {
                out[index] = UInt8(ascii: "0") + UInt8(n % 10)
                n /= 10
            }
        }
        put(Int(parts.tm_year) + 1900, 4, at: 4)
        out[4] = UInt8(ascii: "-")
        put(Int(parts.tm_mon) + 1, 2, at: 7)
        out[7] = UInt8(ascii: "-")
        put(Int(parts.tm_mday), 2, at: 10)
        out[10] = UInt8(ascii: "T")
        put(Int(parts.tm_hour), 2, at: 13)
        out[13] = UInt8(ascii: ":")
        put(Int(parts.tm_min), 2, at: 16)
        out[16] = UInt8(ascii: ":")
        put(Int(parts.tm_sec), 2, at: 19)
        out[19] = UInt8(ascii: ".")
        put(milliseconds, 3, at: 23)
        out[23] = UInt8(ascii: "Z")
        return String(decoding: out, as: UTF8.self)
    }
}
