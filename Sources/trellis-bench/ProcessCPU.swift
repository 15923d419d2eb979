// A process's CPU time from /proc/PID/stat, to charge the server its CPU per turn.
import Glibc

enum ProcessCPU {
    /// User plus system time of `pid` (all its threads) in microseconds, or nil when it cannot be read.
    static func microseconds(_ pid: Int32) -> Double? {
        guard let file = fopen("/proc/\(pid)/stat", "r") else { return nil }
        defer { fclose(file) }
        var buffer = [UInt8](repeating: 0, count: 4096)
        let count = buffer.withUnsafeMutableBytes { fread($0.baseAddress, 1, $0.count, file) }
        guard count > 0 else { return nil }
        // The command name (field 2) is in parentheses and may hold spaces: fields are counted
        // after the last ')'. utime and stime are fields 14 and 15, in clock ticks.
        guard let close = buffer[0..<count].lastIndex(of: UInt8(ascii: ")")) else { return nil }
        let fields = buffer[(close + 1)..<count].split(separator: UInt8(ascii: " "))
        // fields[0] is field 3 (state), so field N is fields[N - 3].
        guard fields.count > 12, let user = Double(String(decoding: fields[11], as: UTF8.self)),
              let system = Double(String(decoding: fields[12], as: UTF8.self)) else { return nil }
        let ticks = Double(sysconf(Int32(_SC_CLK_TCK)))
        return (user + system) / ticks * 1e6
    }
}

extension ProcessCPU {
    /// This process's own user plus system time in microseconds (the load client's cost).
    static func ownMicroseconds() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) * 1e6 + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec)
    }
}

/// A process's resident memory, for `--idle`'s memory per session.
enum ProcessMemory {
    /// VmRSS from /proc/PID/status in KiB, or nil.
    static func residentKB(_ pid: Int32) -> Double? {
        guard let file = fopen("/proc/\(pid)/status", "r") else { return nil }
        defer { fclose(file) }
        var line = [CChar](repeating: 0, count: 256)
        while fgets(&line, Int32(line.count), file) != nil {
            let text = String(decoding: line.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            if text.hasPrefix("VmRSS:") {
                return Double(text.dropFirst(6).trimmingCharacters(in: " \tkB\n"))
            }
        }
        return nil
    }
}

private extension StringProtocol {
    func trimmingCharacters(in set: String) -> String {
        let characters = Set(set)
        return String(drop { characters.contains($0) }.reversed().drop { characters.contains($0) }.reversed())
    }
}
