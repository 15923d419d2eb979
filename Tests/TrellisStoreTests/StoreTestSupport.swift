import Foundation
import Testing
@testable import TrellisStore
import TrellisLanguage

/// A fresh folder under the system's temporary directory, removed when the value goes away.
/// `path` itself is not created: the store (or the test) creates it.
final class ScratchFolder {
    let root: String
    let path: String

    init(_ label: String = "store") {
        root = FileManager.default.temporaryDirectory
            .appendingPathComponent("trellis-store-tests-\(UUID().uuidString)").path
        path = (root as NSString).appendingPathComponent(label)
    }

    /// The database file a `Store` opened on `path` uses.
    var databasePath: String { (path as NSString).appendingPathComponent(Store.fileName) }

    /// Another path inside the scratch root, for a second folder or a stray file.
    func sibling(_ name: String) -> String { (root as NSString).appendingPathComponent(name) }

    /// Creates `path` as a folder (the store would do it too; some tests need it first).
    func create() throws {
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    deinit {
        // Restore permissions changed by a test so the folder can always be removed.
        if let items = FileManager.default.enumerator(atPath: root) {
            for case let item as String in items {
                chmod((root as NSString).appendingPathComponent(item), 0o755)
            }
        }
        try? FileManager.default.removeItem(atPath: root)
    }
}

/// A clock that ticks one second per call from a fixed instant, so `updated_at` and `at`
/// are predictable and strictly increasing.
final class TickingClock: @unchecked Sendable {
    private let lock = NSLock()
    private var ticks = 0

    /// The time the `n`th call (counting from 0) returns.
    static func time(_ n: Int) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        formatter.timeZone = TimeZone(identifier: "UTC")
        return formatter.string(from: Date(timeIntervalSince1970: 1_750_000_000 + Double(n)))
    }

    var closure: @Sendable () -> String {
        { [self] in
            lock.lock()
            defer { lock.unlock() }
            let now = TickingClock.time(ticks)
            ticks += 1
            return now
        }
    }
}

/// A site id that is known to be valid.
func siteID(_ text: String) -> SiteID {
    guard let id = SiteID(text) else { fatalError("test uses an invalid site id \(text)") }
    return id
}

/// The StoreError `body` threw, or nil when it returned or threw something else.
func storeError(_ body: () throws -> Void) -> StoreError? {
    do {
        try body()
        return nil
    } catch let error as StoreError {
        return error
    } catch {
        Issue.record("expected a StoreError, got \(type(of: error)): \(error)")
        return nil
    }
}

/// The SQLiteError `body` threw, or nil when it returned or threw something else.
func sqliteError(_ body: () throws -> Void) -> SQLiteError? {
    do {
        try body()
        return nil
    } catch let error as SQLiteError {
        return error
    } catch {
        Issue.record("expected a SQLiteError, got \(type(of: error)): \(error)")
        return nil
    }
}

extension StoreError {
    /// The case's name, so tests can compare without the associated values.
    var kind: String {
        switch self {
        case .cannotOpen: return "cannotOpen"
        case .notTrellisDatabase: return "notTrellisDatabase"
        case .newerSchema: return "newerSchema"
        case .locked: return "locked"
        case .diskFull: return "diskFull"
        case .readOnly: return "readOnly"
        case .noSuchSite: return "noSuchSite"
        case .siteExists: return "siteExists"
        case .database: return "database"
        case .accessCode: return "accessCode"
        }
    }
}

/// The bytes of the file at `path`, or nil when it cannot be read.
func fileBytes(_ path: String) -> Data? {
    FileManager.default.contents(atPath: path)
}

/// One integer from a one-row, one-column query on a raw connection.
func integer(_ db: SQLite, _ sql: String) throws -> Int64? {
    try db.query(sql).first?.first?.integer
}

/// A write, briefly.
func write(_ path: String, _ value: Value, question: String = "q") -> Store.Write {
    Store.Write(path: path.split(separator: ".").map(String.init), value: value, question: question)
}
