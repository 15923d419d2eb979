import Foundation

/// Writes to standard output and standard error without buffering: each call goes straight
/// to the file descriptor, so a program driving `trellis` through a pipe sees every reply
/// as it is made.
enum Output {
    static func out(_ text: String) { write(text, to: STDOUT_FILENO) }
    static func err(_ text: String) { write(text, to: STDERR_FILENO) }

    static func write(_ text: String, to descriptor: Int32) {
        var bytes = Array(text.utf8)[...]
        while !bytes.isEmpty {
            let written = bytes.withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress, $0.count) }
            if written < 0 {
                if errno == EINTR { continue }
                return
            }
            bytes = bytes.dropFirst(written)
        }
    }

    static var inputIsTerminal: Bool { isatty(STDIN_FILENO) == 1 }
}
