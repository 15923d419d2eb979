import Foundation

/// Writes a file only its owner can read (0600, whatever the umask): documents and exports
/// hold a site's answers. Written to a temporary file beside it and renamed, so a reader never
/// sees half a file and a failure leaves the old one.
enum PrivateFile {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    static func write(_ text: String, to path: String) throws(Failure) {
        let temporary = path + ".tmp-\(getpid())"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        guard fd >= 0 else { throw Failure(description: "cannot write \(path): \(String(cString: strerror(errno)))") }
        _ = fchmod(fd, 0o600)
        var bytes = Array(text.utf8)[...]
        while !bytes.isEmpty {
            let written = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
            if written < 0 && errno == EINTR { continue }
            guard written > 0 else {
                let reason = String(cString: strerror(errno))
                close(fd)
                unlink(temporary)
                throw Failure(description: "cannot write \(path): \(reason)")
            }
            bytes = bytes.dropFirst(written)
        }
        guard fsync(fd) == 0, close(fd) == 0, rename(temporary, path) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temporary)
            throw Failure(description: "cannot write \(path): \(reason)")
        }
    }

    /// Why `path` could not be written, or nil when it can: its folder must exist and be
    /// writable, and a file already there must be writable (nothing is created or changed).
    static func unwritable(_ path: String) -> String? {
        let folder = (path as NSString).deletingLastPathComponent
        let dir = folder.isEmpty ? "." : folder
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: dir, isDirectory: &isDirectory), isDirectory.boolValue else {
            return "the folder \(dir) does not exist"
        }
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) {
            if isDirectory.boolValue { return "it is a folder" }
            if access(path, W_OK) != 0 { return "the file is not writable" }
        } else if access(dir, W_OK) != 0 {
            return "the folder \(dir) is not writable"
        }
        return nil
    }

    /// `--output FILE` when given (saying so on standard error), standard output otherwise:
    /// how `export` and `document` hand over what they made.
    static func deliver(_ text: String, output path: String?) throws(Failure) {
        guard let path else {
            Output.out(text)
            return
        }
        try write(text, to: path)
        Output.err("Wrote \(path)\n")
    }
}
