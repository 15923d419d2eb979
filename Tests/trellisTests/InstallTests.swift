import Foundation
import Testing

/// An installed trellis, run from any folder: it finds its dialogues beside the binary and its
/// store in the user's data folder, and never starts one where it stands.
@Suite struct InstallTests {
    /// Runs `binary ARGS` in `folder` with exactly `environment`.
    func run(_ binary: URL, _ arguments: [String], in folder: URL, environment: [String: String]) throws -> (status: Int32, out: String, err: String) {
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        process.currentDirectoryURL = folder
        process.environment = environment
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let o = out.fileHandleForReading.readDataToEndOfFile(), e = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: o, as: UTF8.self), String(decoding: e, as: UTF8.self))
    }

    @Test func anInstalledBinaryFindsItsDialoguesAndTheUsersStore() throws {
        let root = try Trellis.temporaryFolder()
        let fm = FileManager.default
        // The layout scripts/install.sh makes: PREFIX/bin/trellis, PREFIX/share/trellis/dialogues.
        let prefix = root.appendingPathComponent("prefix")
        try fm.createDirectory(at: prefix.appendingPathComponent("bin"), withIntermediateDirectories: true)
        try fm.createDirectory(at: prefix.appendingPathComponent("share/trellis"), withIntermediateDirectories: true)
        let binary = prefix.appendingPathComponent("bin/trellis")
        try fm.copyItem(at: Trellis.binary, to: binary)
        try fm.copyItem(at: Trellis.root.appendingPathComponent("dialogues"), to: prefix.appendingPathComponent("share/trellis/dialogues"))
        let elsewhere = root.appendingPathComponent("elsewhere")
        try fm.createDirectory(at: elsewhere, withIntermediateDirectories: true)
        let home = root.appendingPathComponent("home")
        let environment = ["HOME": home.path, "PATH": "/usr/bin:/bin"]

        let listed = try run(binary, ["dialogues"], in: elsewhere, environment: environment)
        #expect(listed.status == 0, "\(listed.err)")
        #expect(listed.out.contains("site-setup"))
        let created = try run(binary, ["site", "create", "demo", "--name", "Demo"], in: elsewhere, environment: environment)
        #expect(created.status == 0, "\(created.err)")
        #expect(fm.fileExists(atPath: home.appendingPathComponent(".local/share/trellis/trellis.sqlite").path))
        #expect(try fm.contentsOfDirectory(atPath: elsewhere.path).isEmpty, "nothing was made where it was run")
        // $XDG_DATA_HOME is the user's data folder when set.
        let xdg = root.appendingPathComponent("xdg")
        _ = try run(binary, ["site", "create", "demo", "--name", "Demo"], in: elsewhere, environment: environment.merging(["XDG_DATA_HOME": xdg.path]) { a, _ in a })
        #expect(fm.fileExists(atPath: xdg.appendingPathComponent("trellis/trellis.sqlite").path))
        // A ./trellis-data already there (a store from before) keeps being used.
        try fm.createDirectory(at: elsewhere.appendingPathComponent("trellis-data"), withIntermediateDirectories: true)
        _ = try run(binary, ["site", "create", "old", "--name", "Old"], in: elsewhere, environment: environment)
        #expect(fm.fileExists(atPath: elsewhere.appendingPathComponent("trellis-data/trellis.sqlite").path))
        let version = try run(binary, ["--version"], in: elsewhere, environment: environment)
        #expect(version.status == 0 && version.out.hasPrefix("trellis "))
    }
}
