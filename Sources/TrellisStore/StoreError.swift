/// What can go wrong with the store, each with a message a person can act on.
public enum StoreError: Error, CustomStringConvertible, Sendable {
    /// The data folder or database file cannot be created or opened.
    case cannotOpen(path: String, reason: String)
    /// The file at the database path is not a SQLite database, or is damaged.
    case notTrellisDatabase(path: String, reason: String)
    /// The database was written by a newer Trellis.
    case newerSchema(path: String, found: Int, supported: Int)
    /// Another process holds the database lock and did not let go in time.
    case locked(path: String)
    /// The disk is full: the write was refused and nothing already stored changed.
    case diskFull(path: String)
    /// The database or its folder cannot be written.
    case readOnly(path: String)
    case noSuchSite(String)
    case siteExists(String)
    /// No one of that name (not removed) at the site.
    case noSuchPerson(site: String, name: String)
    case personExists(site: String, name: String)
    /// Any other SQLite failure.
    case database(SQLiteError)
    case accessCode(String)
    /// A commit named a session that another writer moved on (or opened) since it was read.
    case sessionConflict(dialogue: String)
    /// The database file was deleted, renamed or replaced while it was open.
    case moved(path: String)

    public var description: String {
        switch self {
        case .cannotOpen(let path, let reason):
            return "cannot open the data store at \(path): \(reason). Check the folder exists and is writable, or choose another with --data."
        case .notTrellisDatabase(let path, let reason):
            return "\(path) is not a Trellis database (\(reason)). It was left untouched; move it away or choose another folder with --data."
        case .newerSchema(let path, let found, let supported):
            return "\(path) was written by a newer Trellis (schema \(found); this one knows up to \(supported)). It was left untouched; use a newer trellis."
        case .locked(let path):
            return "the database \(path) is locked by another process and stayed locked; try again in a moment."
        case .diskFull(let path):
            return "the disk holding \(path) is full: the answer was not saved and nothing already stored was lost. Free some space and try again."
        case .readOnly(let path):
            return "\(path) cannot be written (it or its folder is read-only): nothing was saved and nothing already stored was lost. Check its permissions, or choose another folder with --data."
        case .noSuchSite(let site):
            return "there is no site '\(site)'; create it with: trellis site create \(site) --name \"…\""
        case .siteExists(let site):
            return "site '\(site)' already exists; 'trellis site code \(site)' replaces its access code."
        case .noSuchPerson(let site, let name):
            return "there is no one called '\(name)' at site '\(site)'; 'trellis person list \(site)' lists the people, and 'trellis person add \(site) \"NAME\" --role staff' adds one."
        case .personExists(let site, let name):
            return "'\(name)' is already a person at site '\(site)'; 'trellis person code \(site) \"\(name)\"' gives them a new code."
        case .database(let error):
            return "database error: \(error). Nothing was saved; if it happens again, check the disk and run 'PRAGMA integrity_check' on a copy."
        case .moved(let path):
            return "the database \(path) was moved, deleted or replaced while Trellis had it open, so nothing more is saved to it: the answer was not saved. Put the database back, or restart Trellis to open what is at \(path) now."
        case .sessionConflict(let dialogue):
            return "the \(dialogue) session was carried on elsewhere since this one read it, so nothing was saved here; open it again to continue from where it now stands."
        case .accessCode(let reason):
            return "cannot make an access code: \(reason). Check that libcrypt supports yescrypt (Debian 11 or later), then try again."
        }
    }

    /// Maps a failure while opening the database: anything but a foreign or damaged file,
    /// a lock or a newer schema means the store could not be opened.
    static func opening(_ error: Error, path: String) -> StoreError {
        let mapped = from(error, path: path)
        switch mapped {
        case .notTrellisDatabase, .newerSchema, .locked, .cannotOpen, .diskFull, .readOnly: return mapped
        default: return .cannotOpen(path: path, reason: "\(error)")
        }
    }

    /// Maps a SQLite failure on `path` to the error a person should read.
    static func from(_ error: Error, path: String) -> StoreError {
        if let store = error as? StoreError { return store }
        guard let sqlite = error as? SQLiteError else { return .cannotOpen(path: path, reason: "\(error)") }
        if sqlite.isBusy { return .locked(path: path) }
        if sqlite.isFull { return .diskFull(path: path) }
        if sqlite.isReadOnly { return .readOnly(path: path) }
        if sqlite.isCannotOpen { return .cannotOpen(path: path, reason: "SQLite cannot open it (is it a folder, or missing its folder?)") }
        if sqlite.isNotADatabase { return .notTrellisDatabase(path: path, reason: sqlite.message) }
        return .database(sqlite)
    }
}
