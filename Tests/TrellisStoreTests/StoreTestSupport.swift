import Foundation
import Testing
@testable import TrellisStore
import TrellisLanguage
import TrellisSession

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
        case .noSuchPerson: return "noSuchPerson"
        case .personExists: return "personExists"
        case .database: return "database"
        case .accessCode: return "accessCode"
        case .sessionConflict: return "sessionConflict"
        case .moved: return "moved"
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

/// A dotted path as the store's writes take it.
func dotted(_ path: String) -> [String] {
    path.split(separator: ".").map(String.init)
}

/// A profile write, briefly: `question` is the write's source (a question id, document or `set`).
func write(_ path: String, _ value: Value, question: String = "q") -> ProfileWrite {
    ProfileWrite(path: dotted(path), value: value, source: question)
}

/// A profile removal, briefly (what the undo of `/back` or `/restart` commits).
func removal(_ path: String, source: String = "back") -> ProfileWrite {
    ProfileWrite(path: dotted(path), value: nil, source: source)
}

/// An accepted answer step; its stored value is the text given unless told.
func answer(_ question: String, _ given: String, value: Value? = nil, display: String? = nil) -> SessionStep {
    SessionStep(kind: .answer, question: question, given: given, value: value ?? .string(given), display: display)
}

/// A new session from an empty profile (or `initial`), replacing none.
func fresh(_ initial: Value = .object([])) -> Commit.Target {
    .new(initialProfile: initial, replacing: nil)
}

/// A commit, briefly: by default a new session of dialogue `d` for `ana` at `north`.
func commit(site: String = "north", person: String = "ana", dialogue: String = "d", to target: Commit.Target = fresh(),
            steps: [SessionStep] = [], writes: [ProfileWrite] = [], finished: Bool = false,
            waitingOn: String? = nil) -> Commit {
    Commit(site: siteID(site), person: person, dialogue: dialogue, target: target, steps: steps, writes: writes,
           finished: finished, waitingOn: waitingOn)
}

extension Store {
    /// Stores `writes` as a session of their own, begun and finished in one commit: for tests of
    /// the profile and its history, where the session does not matter (the old API's writes
    /// "without a session").
    @discardableResult
    func commitWrites(_ site: SiteID, person: String = "p", dialogue: String = "d",
                      _ writes: [ProfileWrite]) throws(StoreError) -> SessionRef {
        try commit(Commit(site: site, person: person, dialogue: dialogue, target: fresh(), steps: [], writes: writes,
                          finished: true, waitingOn: nil))
    }

    /// The number of rows in `table`, straight from the database.
    func count(_ table: String) throws -> Int64 {
        try integer(db, "SELECT count(*) FROM \(table)") ?? -1
    }
}

/// The committed fixtures under Tests/fixtures (README.md there says what each holds).
enum Fixtures {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let folder = root.appendingPathComponent("Tests/fixtures")
    /// A store written by the released schema version 2.
    static let storeV2 = folder.appendingPathComponent("store-v2.sqlite").path
    /// The fixture site's access code, from the README.
    static let storeV2Code = "n5dm-mn9e-77b6-ww6r"
    /// A store written by schema version 4 (people), with a document in two versions.
    static let storeV4 = folder.appendingPathComponent("store-v4.sqlite").path
    /// Its site's shared code, and Jo Bloggs's own, from the README.
    static let storeV4Code = "9q2j-dtrp-buhv-f3gu"
    static let storeV4JoCode = "wpm5-rw9c-dww3-yf3g-wht6"
    /// A store written by schema version 5 (approvals), before schema 6 rebuilt two tables.
    static let storeV5 = folder.appendingPathComponent("store-v5.sqlite").path
    static let storeV5Code = "8s4m-5cqj-rsx3-f5cy"
    static let storeV5JoCode = "52ja-sjtc-9skc-3vzx-mp35"

    /// Copies `fixture` to the database path of `scratch`: the fixture itself is never opened.
    static func copy(_ fixture: String, into scratch: ScratchFolder) throws {
        try scratch.create()
        try FileManager.default.copyItem(atPath: fixture, toPath: scratch.databasePath)
    }
}
