import CSQLite

/// The one thin Swift layer over SQLite's C API: it owns the connection and its prepared
/// statements, turns every return code into a thrown `SQLiteError`, and is the only file
/// that calls `sqlite3_*`. A `SQLite` connection is used from one thread at a time.
final class SQLite {
    /// A value bound to or read from a statement.
    enum Value: Equatable {
        case null
        case integer(Int64)
        case real(Double)
        case text(String)

        var text: String? { if case .text(let s) = self { return s } else { return nil } }
        var integer: Int64? { if case .integer(let n) = self { return n } else { return nil } }
    }

    private var handle: OpaquePointer?
    private var cache: [String: OpaquePointer] = [:]
    let path: String

    /// Opens (and with `create`, creates) the database file at `path`.
    init(path: String, create: Bool = true) throws(SQLiteError) {
        self.path = path
        let flags = SQLITE_OPEN_READWRITE | (create ? SQLITE_OPEN_CREATE : 0) | SQLITE_OPEN_NOMUTEX
        let code = sqlite3_open_v2(path, &handle, flags, nil)
        guard code == SQLITE_OK else {
            let error = SQLiteError(code: code, message: handle.map { String(cString: sqlite3_errmsg($0)) } ?? "cannot open")
            sqlite3_close_v2(handle)
            handle = nil
            throw error
        }
        sqlite3_extended_result_codes(handle, 1)
    }

    deinit {
        for statement in cache.values { sqlite3_finalize(statement) }
        sqlite3_close_v2(handle)
    }

    /// How long a statement waits for another process's lock before failing with SQLITE_BUSY.
    /// Rows changed by the last INSERT, UPDATE or DELETE (cheaper than `RETURNING`, which
    /// makes SQLite build a temporary table for every statement).
    var changes: Int { Int(sqlite3_changes(handle)) }

    /// The rowid of the last row inserted on this connection.
    var lastInsertRowID: Int64 { sqlite3_last_insert_rowid(handle) }

    /// True when the database file this connection has open is no longer the one at its path
    /// (deleted, renamed, or replaced by another file): SQLite compares the path's inode with
    /// the open file's (`SQLITE_FCNTL_HAS_MOVED`). Writing on would land in a file nobody can
    /// find again.
    var hasMoved: Bool {
        var moved: Int32 = 0
        guard sqlite3_file_control(handle, "main", SQLITE_FCNTL_HAS_MOVED, &moved) == SQLITE_OK else { return false }
        return moved != 0
    }

    func setBusyTimeout(milliseconds: Int32) {
        sqlite3_busy_timeout(handle, milliseconds)
    }

    /// Runs one or more statements that take no parameters and return no rows.
    func execute(_ sql: String) throws(SQLiteError) {
        var message: UnsafeMutablePointer<CChar>?
        let code = sqlite3_exec(handle, sql, nil, nil, &message)
        if code != SQLITE_OK {
            let text = message.map { String(cString: $0) } ?? String(cString: sqlite3_errstr(code))
            sqlite3_free(message)
            throw SQLiteError(code: code, message: text, sql: sql)
        }
    }

    /// Runs a statement with parameters and returns every row. A failure names the statement.
    @discardableResult
    func query(_ sql: String, _ parameters: [Value] = []) throws(SQLiteError) -> [[Value]] {
        do {
            return try run(sql, parameters)
        } catch {
            throw error.sql == nil ? SQLiteError(code: error.code, message: error.message, sql: sql) : error
        }
    }

    private func run(_ sql: String, _ parameters: [Value]) throws(SQLiteError) -> [[Value]] {
        let statement = try prepared(sql)
        defer {
            sqlite3_reset(statement)
            sqlite3_clear_bindings(statement)
        }
        for (index, parameter) in parameters.enumerated() {
            let position = Int32(index + 1)
            let code: Int32
            switch parameter {
            case .null: code = sqlite3_bind_null(statement, position)
            case .integer(let n): code = sqlite3_bind_int64(statement, position, n)
            case .real(let d): code = sqlite3_bind_double(statement, position, d)
            case .text(let s): code = sqlite3_bind_text(statement, position, s, -1, trellis_sqlite_transient())
            }
            try check(code)
        }
        var rows: [[Value]] = []
        while true {
            let code = sqlite3_step(statement)
            if code == SQLITE_DONE { break }
            guard code == SQLITE_ROW else { throw error(code) }
            let columns = sqlite3_column_count(statement)
            rows.append((0..<columns).map { column($0, of: statement) })
        }
        return rows
    }

    /// Runs `body` inside `BEGIN IMMEDIATE … COMMIT`, rolling back if it throws.
    func transaction<T>(_ body: () throws -> T) throws -> T {
        // Prepared once and kept, as every statement is: `sqlite3_exec` would parse them again
        // for every commit, which cost a tenth of a commit.
        try query("BEGIN IMMEDIATE")
        do {
            let result = try body()
            try query("COMMIT")
            return result
        } catch {
            // Roll back only if the transaction is still open (SQLite ends it itself after some
            // errors), and never let a failed rollback hide the error that caused it.
            if sqlite3_get_autocommit(handle) == 0 { try? execute("ROLLBACK") }
            throw error
        }
    }

    private func prepared(_ sql: String) throws(SQLiteError) -> OpaquePointer {
        if let statement = cache[sql] { return statement }
        var statement: OpaquePointer?
        try check(sqlite3_prepare_v2(handle, sql, -1, &statement, nil))
        guard let statement else { throw SQLiteError(code: SQLITE_MISUSE, message: "empty statement: \(sql)") }
        cache[sql] = statement
        return statement
    }

    private func column(_ index: Int32, of statement: OpaquePointer) -> Value {
        switch sqlite3_column_type(statement, index) {
        case SQLITE_INTEGER: return .integer(sqlite3_column_int64(statement, index))
        case SQLITE_FLOAT: return .real(sqlite3_column_double(statement, index))
        case SQLITE_NULL: return .null
        default:
            guard let text = sqlite3_column_text(statement, index) else { return .null }
            return .text(String(cString: text))
        }
    }

    private func check(_ code: Int32) throws(SQLiteError) {
        if code != SQLITE_OK { throw error(code) }
    }

    private func error(_ code: Int32) -> SQLiteError {
        SQLiteError(code: code, message: handle.map { String(cString: sqlite3_errmsg($0)) } ?? String(cString: sqlite3_errstr(code)))
    }
}

/// A SQLite failure: the extended result code, SQLite's message and the statement that failed.
public struct SQLiteError: Error, CustomStringConvertible, Sendable {
    public let code: Int32
    public let message: String
    /// The SQL that failed, when it was a statement (nil for opening and closing).
    public let sql: String?

    public init(code: Int32, message: String, sql: String? = nil) {
        (self.code, self.message, self.sql) = (code, message, sql)
    }

    /// The primary result code (the low byte of an extended code).
    public var primary: Int32 { code & 0xff }
    public var isBusy: Bool { primary == SQLITE_BUSY || primary == SQLITE_LOCKED }
    public var isFull: Bool { primary == SQLITE_FULL }
    public var isReadOnly: Bool { primary == SQLITE_READONLY || primary == SQLITE_PERM }
    public var isCannotOpen: Bool { primary == SQLITE_CANTOPEN }
    public var isNotADatabase: Bool { primary == SQLITE_NOTADB || primary == SQLITE_CORRUPT }

    public var description: String {
        // On one line, spaces run together: the statements are written indented over lines.
        let statement = sql.map { " in: " + $0.split(whereSeparator: { $0 == " " || $0.isNewline }).joined(separator: " ") } ?? ""
        return "\(message) (SQLite code \(code))\(statement)"
    }

    /// A foreign key found broken by `PRAGMA foreign_key_check` (which reports rather than
    /// fails), as SQLITE_CONSTRAINT_FOREIGNKEY (a macro Swift does not import).
    static func foreignKey(_ message: String) -> SQLiteError {
        SQLiteError(code: SQLITE_CONSTRAINT | (3 << 8), message: message)
    }
}
