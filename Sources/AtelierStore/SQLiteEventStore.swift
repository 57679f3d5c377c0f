import Foundation
import GRDB

/// The embedded event store: one SQLite file (WAL), group commit, versioned migrations.
///
/// Built on GRDB (system SQLite): a synchronous, statement-caching API that lets one
/// writer turn every append waiting for it into a single transaction.
public final class SQLiteEventStore: EventStore {
    /// How hard SQLite pushes each commit to disk.
    public enum Durability: String, Sendable, CaseIterable {
        /// fsync on every commit: survives power loss (the default).
        case full
        /// fsync at checkpoints only: survives a crash of the process, not of the machine.
        case normal

        /// The `PRAGMA synchronous` value.
        var pragmaValue: String { self == .full ? "FULL" : "NORMAL" }
    }

    /// The `PRAGMA synchronous` the writer commits with (2 FULL, 1 NORMAL).
    func writerSynchronous() throws -> Int {
        try pool.writeWithoutTransaction { db in try Int.fetchOne(db, sql: "PRAGMA synchronous") ?? -1 }
    }

    /// The database file.
    public let path: String
    let pool: DatabasePool
    private let committer: GroupCommitter
    let checkpointer: WALCheckpointer

    /// Opens (creating if needed) and migrates the store; a file that is not a readable
    /// Atelier database is an error, never replaced.
    public init(path: String, durability: Durability = .full) throws {
        self.path = path
        var configuration = Configuration()
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = \(durability.pragmaValue)")
            try db.execute(sql: "PRAGMA foreign_keys = ON")
            try db.execute(sql: "PRAGMA wal_autocheckpoint = \(WALCheckpointer.backstopPages)")
        }
        configuration.busyMode = .timeout(5)
        if FileManager.default.fileExists(atPath: path) { try Self.checkIntegrity(path) }
        do {
            pool = try DatabasePool(path: path, configuration: configuration)
            // GRDB sets `synchronous = NORMAL` on the pool's writer when it turns WAL on,
            // after `prepareDatabase`: set the durability again on that one connection.
            try pool.writeWithoutTransaction { db in
                try db.execute(sql: "PRAGMA synchronous = \(durability.pragmaValue)")
            }
            try SQLiteSchema.migrator.migrate(pool)
            try pool.read { db in _ = try Int.fetchOne(db, sql: "SELECT count(*) FROM sessions") }
        } catch let error as DatabaseError {
            throw StoreError.unreadable(location: path, reason: error.message ?? "\(error.resultCode)")
        } catch {
            throw StoreError.unreadable(location: path, reason: "\(error)")
        }
        do {
            checkpointer = try WALCheckpointer(path: path, configuration: configuration)
        } catch {
            try? pool.close()
            throw StoreError.unreadable(location: path, reason: "\(error)")
        }
        committer = GroupCommitter(pool: pool, checkpointer: checkpointer)
    }

    /// Reads an existing file through a read-only connection first (`PRAGMA quick_check`),
    /// so that a damaged file is refused before anything (WAL mode, migrations) writes to
    /// it, and stays byte for byte as it was. A file that only a writer can read (a WAL left
    /// by a crash that needs recovery) is left to the normal open.
    static func checkIntegrity(_ path: String) throws {
        var configuration = Configuration()
        configuration.readonly = true
        let problems: [String]
        do {
            let queue = try DatabaseQueue(path: path, configuration: configuration)
            defer { try? queue.close() }
            problems = try queue.read { db in try String.fetchAll(db, sql: "PRAGMA quick_check") }
        } catch let error as DatabaseError {
            switch error.resultCode {
            case .SQLITE_NOTADB, .SQLITE_CORRUPT:
                throw StoreError.unreadable(location: path, reason: error.message ?? "\(error.resultCode)")
            default:
                return
            }
        }
        guard problems == ["ok"] else {
            throw StoreError.unreadable(
                location: path, reason: "database disk image is malformed: " + problems.prefix(3).joined(separator: "; "))
        }
    }

    /// The schema version the file is at.
    public func schemaVersion() throws -> Int {
        try pool.read { db in try SQLiteSchema.migrator.appliedMigrations(db).count }
    }

    public func createSession(id: String, createdAt: Int64, metadata: [UInt8], firstEvent: [UInt8], node: String?)
        async throws -> StoredSession
    {
        try await translate {
            try await pool.write { db in
                if try Int.fetchOne(db, sql: "SELECT 1 FROM sessions WHERE id = ?", arguments: [id]) != nil {
                    throw StoreError.duplicateSession(id)
                }
                try db.execute(
                    sql: "INSERT INTO sessions (id, created_at, epoch, last_seq, metadata) VALUES (?, ?, 1, 1, ?)",
                    arguments: [id, createdAt, String(decoding: metadata, as: UTF8.self)])
                try db.execute(
                    sql: "INSERT INTO events (session_id, seq, payload) VALUES (?, 1, ?)",
                    arguments: [id, String(decoding: firstEvent, as: UTF8.self)])
            }
        }
        checkpointer.noteWrite()
        return StoredSession(id: id, createdAt: createdAt, epoch: 1, lastSeq: 1, metadata: metadata)
    }

    public func append(session: String, after: Int, payloads: [[UInt8]]) async throws -> [StoredEvent] {
        guard !payloads.isEmpty else { return [] }
        return try await committer.append(session: session, after: after, payloads: payloads)
    }

    public func events(session: String, after: Int, limit: Int?) async throws -> [StoredEvent] {
        try await translate {
            try await pool.read { db in
                let rows = try Row.fetchAll(
                    db,
                    sql: "SELECT seq, payload FROM events WHERE session_id = ? AND seq > ? ORDER BY seq LIMIT ?",
                    arguments: [session, after, limit ?? -1])
                return rows.map { StoredEvent(seq: $0["seq"], payload: Array(($0["payload"] as String).utf8)) }
            }
        }
    }

    public func saveSnapshot(session: String, seq: Int, payload: [UInt8]) async throws {
        try await translate {
            try await pool.write { db in
                try db.execute(
                    sql: "INSERT OR REPLACE INTO snapshots (session_id, seq, payload) VALUES (?, ?, ?)",
                    arguments: [session, seq, String(decoding: payload, as: UTF8.self)])
                try db.execute(
                    sql: "DELETE FROM snapshots WHERE session_id = ? AND seq < ?", arguments: [session, seq])
            }
        }
        checkpointer.noteWrite()
    }

    public func latestSnapshot(session: String) async throws -> StoredSnapshot? {
        try await translate {
            try await pool.read { db in
                try Row.fetchOne(
                    db, sql: "SELECT seq, payload FROM snapshots WHERE session_id = ? ORDER BY seq DESC LIMIT 1",
                    arguments: [session]
                ).map { StoredSnapshot(seq: $0["seq"], payload: Array(($0["payload"] as String).utf8)) }
            }
        }
    }

    public func sessions() async throws -> [StoredSession] {
        try await translate {
            try await pool.read { db in
                try Row.fetchAll(db, sql: "SELECT * FROM sessions ORDER BY created_at, id").map(Self.session)
            }
        }
    }

    public func session(_ id: String) async throws -> StoredSession? {
        try await translate {
            try await pool.read { db in
                try Row.fetchOne(db, sql: "SELECT * FROM sessions WHERE id = ?", arguments: [id]).map(Self.session)
            }
        }
    }

    public func replaceLog(session: String, createdAt: Int64, metadata: [UInt8], payloads: [[UInt8]]) async throws
        -> StoredSession
    {
        try await translate {
            try await pool.write { db in
                let epoch = (try Int.fetchOne(db, sql: "SELECT epoch FROM sessions WHERE id = ?", arguments: [session]) ?? 0) + 1
                try db.execute(sql: "DELETE FROM sessions WHERE id = ?", arguments: [session])
                try db.execute(
                    sql: "INSERT INTO sessions (id, created_at, epoch, last_seq, metadata) VALUES (?, ?, ?, ?, ?)",
                    arguments: [session, createdAt, epoch, payloads.count, String(decoding: metadata, as: UTF8.self)])
                let insert = try db.cachedStatement(sql: "INSERT INTO events (session_id, seq, payload) VALUES (?, ?, ?)")
                for (index, payload) in payloads.enumerated() {
                    try insert.execute(arguments: [session, index + 1, String(decoding: payload, as: UTF8.self)])
                }
                return StoredSession(id: session, createdAt: createdAt, epoch: epoch, lastSeq: payloads.count, metadata: metadata)
            }
        }
    }

    public func rewrite(session: String, events: [StoredEvent]) async throws {
        try await translate {
            try await pool.write { db in
                let update = try db.cachedStatement(sql: "UPDATE events SET payload = ? WHERE session_id = ? AND seq = ?")
                for event in events {
                    try update.execute(arguments: [String(decoding: event.payload, as: UTF8.self), session, event.seq])
                }
                try db.execute(sql: "DELETE FROM snapshots WHERE session_id = ?", arguments: [session])
                try db.execute(sql: "UPDATE sessions SET epoch = epoch + 1 WHERE id = ?", arguments: [session])
            }
        }
    }

    public func delete(sessions ids: [String]) async throws {
        try await translate {
            try await pool.write { db in
                for id in ids { try db.execute(sql: "DELETE FROM sessions WHERE id = ?", arguments: [id]) }
            }
        }
    }

    /// One process owns a SQLite file (the data directory's lock ensures it): always granted.
    public func claim(session: String, node: String) async throws {}

    public func setAside(session: String, keepingFirst keep: Int, reason: String, at: Int64) async throws
        -> StoredSession?
    {
        try await translate {
            try await pool.write { db in
                guard let record = try Row.fetchOne(db, sql: "SELECT * FROM sessions WHERE id = ?", arguments: [session])
                    .map(Self.session)
                else { throw StoreError.unknownSession(session) }
                try db.execute(
                    sql: """
                        INSERT INTO set_aside_events (session_id, set_aside_at, seq, payload)
                        SELECT session_id, ?, seq, payload FROM events WHERE session_id = ?
                        """, arguments: [at, session])
                let events = db.changesCount
                try db.execute(
                    sql: """
                        INSERT INTO set_aside_sessions
                            (id, set_aside_at, reason, created_at, epoch, last_seq, metadata, events, kept_live)
                        SELECT id, ?, ?, created_at, epoch, last_seq, metadata, ?, ? FROM sessions WHERE id = ?
                        """, arguments: [at, reason, events, keep, session])
                guard keep > 0 else {
                    try db.execute(sql: "DELETE FROM sessions WHERE id = ?", arguments: [session])
                    return nil
                }
                try db.execute(sql: "DELETE FROM events WHERE session_id = ? AND seq > ?", arguments: [session, keep])
                try db.execute(sql: "DELETE FROM snapshots WHERE session_id = ?", arguments: [session])
                try db.execute(
                    sql: "UPDATE sessions SET last_seq = ?, epoch = epoch + 1 WHERE id = ?", arguments: [keep, session])
                return StoredSession(
                    id: session, createdAt: record.createdAt, epoch: record.epoch + 1, lastSeq: keep,
                    metadata: record.metadata)
            }
        }
    }

    public func setAsideSessions() async throws -> [SetAsideSession] {
        try await translate {
            try await pool.read { db in
                try Row.fetchAll(db, sql: "SELECT * FROM set_aside_sessions ORDER BY set_aside_at DESC, id").map {
                    SetAsideSession(
                        id: $0["id"], setAsideAt: $0["set_aside_at"], reason: $0["reason"], lastSeq: $0["last_seq"],
                        events: $0["events"], keptLive: $0["kept_live"])
                }
            }
        }
    }

    public func close() async {
        await checkpointer.stop()
        // Everything into the database file and the log emptied: the next start has no
        // log to read back (the pool's last connection to close may be a reader, which
        // cannot checkpoint).
        _ = try? await pool.writeWithoutTransaction { db in try db.checkpoint(.truncate) }
        try? pool.close()
    }

    private static func session(_ row: Row) -> StoredSession {
        StoredSession(
            id: row["id"], createdAt: row["created_at"], epoch: row["epoch"], lastSeq: row["last_seq"],
            metadata: Array((row["metadata"] as String).utf8))
    }

    func translate<T>(_ work: () async throws -> T) async throws -> T {
        do {
            return try await work()
        } catch let error as StoreError {
            throw error
        } catch let error as DatabaseError {
            throw StoreError.database(error.message ?? "\(error.resultCode)")
        }
    }
}
