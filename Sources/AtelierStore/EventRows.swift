import GRDB
import GRDBSQLite

/// Writes event rows through SQLite's C API on a statement GRDB prepared and caches.
///
/// For these three-column rows GRDB's generic argument binding (an array of existentials,
/// the payload turned into a `String`) cost more than SQLite's own work; here the session
/// id and each payload's bytes are bound in place, without copies.
enum EventRows {
    /// Inserts `payloads` as the events after `after` of `session`, with `statement`
    /// being `INSERT INTO events (session_id, seq, payload) VALUES (?, ?, ?)`.
    static func insert(
        _ payloads: [[UInt8]], session: String, after: Int, with statement: Statement, in db: Database
    ) throws {
        let handle = statement.sqliteStatement
        defer {
            sqlite3_reset(handle)
            sqlite3_clear_bindings(handle)  // nothing bound may outlive the buffers below
        }
        var session = session
        try session.withUTF8 { id in
            for (offset, payload) in payloads.enumerated() {
                sqlite3_reset(handle)
                try check(sqlite3_bind_text(handle, 1, id.baseAddress, Int32(id.count), nil), db)
                try check(sqlite3_bind_int64(handle, 2, Int64(after + offset + 1)), db)
                try payload.withUnsafeBytes { bytes in
                    // SQLite reads the bytes during the step (nil destructor: SQLITE_STATIC);
                    // an empty payload is bound as empty text (copied), never as NULL.
                    if let text = bytes.baseAddress, !bytes.isEmpty {
                        try check(
                            sqlite3_bind_text(handle, 3, text.assumingMemoryBound(to: CChar.self), Int32(bytes.count), nil), db)
                    } else {
                        try check(sqlite3_bind_text(handle, 3, "", 0, unsafeBitCast(-1, to: sqlite3_destructor_type.self)), db)
                    }
                    let code = sqlite3_step(handle)
                    guard code == SQLITE_DONE else { throw failure(code, db) }
                }
            }
        }
    }

    private static func check(_ code: Int32, _ db: Database) throws {
        guard code == SQLITE_OK else { throw failure(code, db) }
    }

    private static func failure(_ code: Int32, _ db: Database) -> DatabaseError {
        DatabaseError(
            resultCode: ResultCode(rawValue: code),
            message: db.sqliteConnection.map { String(cString: sqlite3_errmsg($0)) } ?? "SQLite error \(code)")
    }
}
