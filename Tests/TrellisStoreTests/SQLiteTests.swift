import Foundation
import Testing
@testable import TrellisStore
import TrellisLanguage

/// The thin wrapper over SQLite's C API, on real files in fresh folders.
@Suite struct SQLiteTests {
    /// A new database file in a fresh folder.
    private func open(_ scratch: ScratchFolder) throws -> SQLite {
        try scratch.create()
        return try SQLite(path: scratch.databasePath)
    }

    @Test func createsTheFileOnOpen() throws {
        let scratch = ScratchFolder()
        let db = try open(scratch)
        try db.execute("CREATE TABLE t (x)")
        #expect(FileManager.default.fileExists(atPath: scratch.databasePath))
        #expect(db.path == scratch.databasePath)
    }

    @Test func refusesAMissingFileWithoutCreate() throws {
        let scratch = ScratchFolder()
        try scratch.create()
        let error = sqliteError { _ = try SQLite(path: scratch.databasePath, create: false) }
        let failure = try #require(error)
        #expect(failure.primary == 14) // SQLITE_CANTOPEN
        #expect(failure.isCannotOpen)
        #expect(!FileManager.default.fileExists(atPath: scratch.databasePath))
    }

    @Test func roundTripsEveryKindOfValue() throws {
        let scratch = ScratchFolder()
        let db = try open(scratch)
        try db.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, v)")
        let values: [SQLite.Value] = [
            .null, .integer(0), .integer(-42), .integer(Int64.max), .integer(Int64.min),
            .real(0.25), .real(-1e300), .text(""), .text("plain"), .text("it's \"quoted\"; DROP TABLE t; --"),
            .text("é👍\n\ttab"), .text("line1\nline2"),
        ]
        for value in values {
            try db.query("INSERT INTO t (v) VALUES (?)", [value])
        }
        let rows = try db.query("SELECT v FROM t ORDER BY id")
        #expect(rows.map { $0[0] } == values)
        #expect(try db.query("SELECT count(*) FROM t").first?.first == .integer(Int64(values.count)))
    }

    @Test func bindsSeveralParametersInOrder() throws {
        let scratch = ScratchFolder()
        let db = try open(scratch)
        let rows = try db.query("SELECT ?, ?, ?, ? || ?", [.integer(1), .text("two"), .null, .text("a"), .text("b")])
        #expect(rows == [[.integer(1), .text("two"), .null, .text("ab")]])
    }

    @Test func reusesAPreparedStatementWithNewParameters() throws {
        let scratch = ScratchFolder()
        let db = try open(scratch)
        try db.execute("CREATE TABLE t (k TEXT PRIMARY KEY, v INTEGER)")
        for n in 0..<20 {
            try db.query("INSERT INTO t (k, v) VALUES (?, ?)", [.text("k\(n)"), .integer(Int64(n))])
        }
        for n in [0, 7, 19] {
            let rows = try db.query("SELECT v FROM t WHERE k = ?", [.text("k\(n)")])
            #expect(rows == [[.integer(Int64(n))]])
        }
        // No leftover binding from the previous call: a missing parameter is NULL.
        #expect(try db.query("SELECT v FROM t WHERE k = ?", []).isEmpty)
    }

    @Test func emptyResultIsAnEmptyList() throws {
        let scratch = ScratchFolder()
        let db = try open(scratch)
        try db.execute("CREATE TABLE t (x)")
        #expect(try db.query("SELECT x FROM t").isEmpty)
    }

    @Test func valueAccessors() {
        #expect(SQLite.Value.text("a").text == "a")
        #expect(SQLite.Value.integer(3).text == nil)
        #expect(SQLite.Value.integer(3).integer == 3)
        #expect(SQLite.Value.text("3").integer == nil)
        #expect(SQLite.Value.null.text == nil)
        #expect(SQLite.Value.real(1).integer == nil)
    }

    @Test func syntaxErrorsThrowWithSQLitesMessage() throws {
        let scratch = ScratchFolder()
        let db = try open(scratch)
        let viaQuery = try #require(sqliteError { try db.query("SELEC 1") })
        #expect(viaQuery.primary == 1) // SQLITE_ERROR
        #expect(viaQuery.message.contains("syntax error"))
        #expect(viaQuery.description.contains("SQLite code 1"))
        // The statement that failed is named, on one line.
        #expect(viaQuery.sql == "SELEC 1")
        #expect(viaQuery.description.hasSuffix("(SQLite code 1) in: SELEC 1"))
        let multiLine = try #require(sqliteError { try db.query("SELECT nothing\n    FROM nowhere") })
        #expect(multiLine.description.hasSuffix(" in: SELECT nothing FROM nowhere"))
        let viaExecute = try #require(sqliteError { try db.execute("CREATE TABLE") })
        #expect(viaExecute.primary == 1)
        #expect(!viaExecute.message.isEmpty)
    }

    @Test func constraintViolationsCarryExtendedCodes() throws {
        let scratch = ScratchFolder()
        let db = try open(scratch)
        try db.execute("CREATE TABLE t (k TEXT PRIMARY KEY)")
        try db.query("INSERT INTO t VALUES (?)", [.text("a")])
        let error = try #require(sqliteError { try db.query("INSERT INTO t VALUES (?)", [.text("a")]) })
        #expect(error.primary == 19) // SQLITE_CONSTRAINT
        #expect(error.code == 1555) // SQLITE_CONSTRAINT_PRIMARYKEY: extended codes are on
        // The statement was reset: the same cached statement works right after the failure.
        try db.query("INSERT INTO t VALUES (?)", [.text("b")])
        #expect(try db.query("SELECT k FROM t ORDER BY k") == [[.text("a")], [.text("b")]])
    }

    @Test func transactionCommitsAndReturnsTheBodysResult() throws {
        let scratch = ScratchFolder()
        let db = try open(scratch)
        try db.execute("CREATE TABLE t (x)")
        let result = try db.transaction { () throws -> Int in
            try db.query("INSERT INTO t VALUES (1)")
            try db.query("INSERT INTO t VALUES (2)")
            return 7
        }
        #expect(result == 7)
        let other = try SQLite(path: scratch.databasePath)
        #expect(try integer(other, "SELECT count(*) FROM t") == 2)
    }

    private struct Boom: Error {}

    @Test func transactionRollsBackAndRethrowsWhenTheBodyThrows() throws {
        let scratch = ScratchFolder()
        let db = try open(scratch)
        try db.execute("CREATE TABLE t (x)")
        #expect(throws: Boom.self) {
            try db.transaction {
                try db.query("INSERT INTO t VALUES (1)")
                throw Boom()
            }
        }
        #expect(try integer(db, "SELECT count(*) FROM t") == 0)
        // The connection is out of the transaction: a new one can begin.
        _ = try db.transaction { try db.query("INSERT INTO t VALUES (2)") }
        #expect(try integer(db, "SELECT count(*) FROM t") == 1)
    }

    @Test func aSecondConnectionIsBusyWhileTheFirstHoldsTheWriteLock() throws {
        let scratch = ScratchFolder()
        let first = try open(scratch)
        try first.execute("PRAGMA journal_mode = WAL; CREATE TABLE t (x)")
        let second = try SQLite(path: scratch.databasePath)
        second.setBusyTimeout(milliseconds: 20)
        try first.execute("BEGIN IMMEDIATE")
        let error = try #require(sqliteError { try second.execute("BEGIN IMMEDIATE") })
        #expect(error.isBusy)
        // Readers are not blocked in WAL mode.
        #expect(try integer(second, "SELECT count(*) FROM t") == 0)
        try first.execute("COMMIT")
        try second.execute("BEGIN IMMEDIATE; INSERT INTO t VALUES (1); COMMIT")
        #expect(try integer(first, "SELECT count(*) FROM t") == 1)
    }

    @Test func aTextFileIsNotADatabase() throws {
        let scratch = ScratchFolder()
        try scratch.create()
        try Data(String(repeating: "not a database, just some words\n", count: 64).utf8)
            .write(to: URL(fileURLWithPath: scratch.databasePath))
        let db = try SQLite(path: scratch.databasePath)
        let error = try #require(sqliteError { try db.query("SELECT count(*) FROM sqlite_master") })
        #expect(error.primary == 26) // SQLITE_NOTADB
        #expect(error.isNotADatabase)
    }

    @Test(arguments: [
        (5, "busy"), (6, "busy"), (261, "busy"), (517, "busy"), // BUSY, LOCKED, BUSY_RECOVERY, BUSY_SNAPSHOT
        (13, "full"),
        (8, "readOnly"), (14, "cannotOpen"), (3, "readOnly"), (1032, "readOnly"), // READONLY, CANTOPEN, PERM, READONLY_DBMOVED
        (26, "notADatabase"), (11, "notADatabase"), (267, "notADatabase"), // NOTADB, CORRUPT, CORRUPT_VTAB
        (1, "other"), (19, "other"), (2067, "other"),
    ])
    func classifiesResultCodes(code: Int32, expected: String) {
        let error = SQLiteError(code: code, message: "m")
        let kinds = [
            error.isBusy ? "busy" : nil, error.isFull ? "full" : nil,
            error.isReadOnly ? "readOnly" : nil, error.isCannotOpen ? "cannotOpen" : nil, error.isNotADatabase ? "notADatabase" : nil,
        ].compactMap { $0 }
        #expect(kinds == (expected == "other" ? [] : [expected]))
        #expect(error.primary == code & 0xff)
        #expect(error.description == "m (SQLite code \(code))")
    }
}
