import Foundation
import PostgresNIO

/// The event store for several Atelier nodes on one PostgreSQL database: the semantics of
/// `SQLiteEventStore` (dense seqs from a per-session counter, group commit, epochs,
/// snapshots, versioned migrations), plus leases so that each session has one host.
///
/// Built on PostgresNIO: a connection pool for reads, writes and group commits, and one
/// dedicated connection that holds this node's advisory locks for the store's lifetime.
public final class PostgresEventStore: EventStore {
    /// The database, as a URL with its password redacted.
    public let location: String
    let client: PostgresClient
    private let runner: Task<Void, Never>
    private let committer: PostgresGroupCommitter
    private let leases: PostgresLeases
    let logger: Logger

    /// Connects to `url` (`postgres://user:password@host:port/database`), migrates the
    /// schema, and opens the lease connection. A database that cannot be reached, does not
    /// exist, refuses the login or holds another schema is `StoreError.unreadable`, with
    /// the URL's password redacted.
    public init(url: String) async throws {
        let target = try PostgresLocation(url: url)
        location = target.redacted
        let logger = Logger(label: "atelier.store.postgres")
        self.logger = logger
        let connection: PostgresConnection
        do {
            connection = try await PostgresConnection.connect(
                configuration: try Self.connectionConfiguration(target), id: 0, logger: logger)
        } catch {
            throw StoreError.unreadable(location: target.redacted, reason: Self.describe(error, hiding: target.password))
        }
        do {
            _ = try await PostgresSchema.migrate(connection, logger: logger)
        } catch {
            try? await connection.close()
            throw StoreError.unreadable(location: target.redacted, reason: Self.describe(error, hiding: target.password))
        }
        let leaseConfiguration = try Self.connectionConfiguration(target)
        leases = PostgresLeases(connection: connection, logger: logger) {
            try await PostgresConnection.connect(configuration: leaseConfiguration, id: 0, logger: logger)
        }
        leases.watch(connection)
        var configuration = PostgresClient.Configuration(
            host: target.host, port: target.port, username: target.user, password: target.password,
            database: target.database, tls: target.tls == .disable ? .disable : .require(.makeClientConfiguration()))
        configuration.options.maximumConnections = 8
        // The pool's own chatter (connections it opens, or gives up on at close) stays quiet
        // unless it matters; failures reach callers as `StoreError`s anyway.
        var background = logger
        background.logLevel = max(logger.logLevel, .warning)
        let client = PostgresClient(configuration: configuration, backgroundLogger: background)
        self.client = client
        // The pool serves nothing until `run()` is going: wait for its task to start.
        let (started, starting) = AsyncStream<Void>.makeStream()
        runner = Task {
            starting.finish()
            await client.run()
        }
        for await _ in started {}
        committer = PostgresGroupCommitter(client: client, logger: logger)
    }

    deinit { runner.cancel() }

    /// The schema version the database is at.
    public func schemaVersion() async throws -> Int {
        try await translate {
            try await single(Int.self, "SELECT coalesce(max(version), 0)::BIGINT FROM schema_migrations") ?? 0
        }
    }

    /// How many transactions group commit has run, and how many appends they carried.
    func groupCommits() async -> (transactions: Int, requests: Int) {
        (await committer.transactions, await committer.requests)
    }

    /// Ends the server process holding `session`'s lease, as a failed network would (tests).
    func terminateLeaseHolder(of session: String) async throws {
        try await client.query(
            """
            SELECT pg_terminate_backend(pid) FROM pg_locks
            WHERE locktype = 'advisory' AND granted AND objsubid = 1
              AND database = (SELECT oid FROM pg_database WHERE datname = current_database())
              AND objid::text::bigint = hashtextextended(\(session), 0) & 4294967295
            """, logger: logger)
    }

    /// Takes the session's lease on the lease connection first (with a `node`), then writes
    /// the record, the first event and the owner's name in one transaction; the lease is let
    /// go again if that transaction fails.
    public func createSession(id: String, createdAt: Int64, metadata: [UInt8], firstEvent: [UInt8], node: String?)
        async throws -> StoredSession
    {
        let took = try await translate { () async throws -> Bool in
            guard node != nil else { return false }
            return try await leases.lock(session: id)
        }
        do {
            try await translate {
                try await transaction { connection, logger in
                    var created = false
                    let rows = try await connection.query(
                        """
                        INSERT INTO sessions (id, created_at, epoch, last_seq, metadata)
                        VALUES (\(id), \(createdAt), 1, 1, \(ByteBuffer(bytes: metadata)))
                        ON CONFLICT (id) DO NOTHING RETURNING id
                        """, logger: logger)
                    for try await _ in rows.decode(String.self) { created = true }
                    guard created else { throw StoreError.duplicateSession(id) }
                    try await connection.query(
                        "INSERT INTO events (session_id, seq, payload) VALUES (\(id), 1, \(ByteBuffer(bytes: firstEvent)))",
                        logger: logger)
                    if let node {
                        try await connection.query(PostgresLeases.recordOwner(session: id, node: node), logger: logger)
                    }
                }
            }
        } catch {
            if took { await leases.release(sessions: [id]) }
            throw error
        }
        return StoredSession(id: id, createdAt: createdAt, epoch: 1, lastSeq: 1, metadata: metadata)
    }

    public func append(session: String, after: Int, payloads: [[UInt8]]) async throws -> [StoredEvent] {
        guard !payloads.isEmpty else { return [] }
        let fence = await leases.fence(for: session)
        return try await committer.append(session: session, after: after, payloads: payloads, leaseHolder: fence)
    }

    public func events(session: String, after: Int, limit: Int?) async throws -> [StoredEvent] {
        try await translate {
            let rows = try await client.query(
                """
                SELECT seq, payload FROM events WHERE session_id = \(session) AND seq > \(after)
                ORDER BY seq LIMIT \(limit)
                """, logger: logger)
            var events: [StoredEvent] = []
            for try await (seq, payload) in rows.decode((Int, ByteBuffer).self) {
                events.append(StoredEvent(seq: seq, payload: Array(payload.readableBytesView)))
            }
            return events
        }
    }

    public func saveSnapshot(session: String, seq: Int, payload: [UInt8]) async throws {
        try await translate {
            try await transaction { connection, logger in
                try await connection.query(
                    """
                    INSERT INTO snapshots (session_id, seq, payload) VALUES (\(session), \(seq), \(ByteBuffer(bytes: payload)))
                    ON CONFLICT (session_id, seq) DO UPDATE SET payload = EXCLUDED.payload
                    """, logger: logger)
                try await connection.query(
                    "DELETE FROM snapshots WHERE session_id = \(session) AND seq < \(seq)", logger: logger)
            }
        }
    }

    public func latestSnapshot(session: String) async throws -> StoredSnapshot? {
        try await translate {
            let rows = try await client.query(
                "SELECT seq, payload FROM snapshots WHERE session_id = \(session) ORDER BY seq DESC LIMIT 1",
                logger: logger)
            var snapshot: StoredSnapshot?
            for try await (seq, payload) in rows.decode((Int, ByteBuffer).self) {
                snapshot = StoredSnapshot(seq: seq, payload: Array(payload.readableBytesView))
            }
            return snapshot
        }
    }

    public func sessions() async throws -> [StoredSession] {
        try await translate {
            // Ids in byte order, as SQLite sorts them, whatever the database's collation.
            try await sessionRows(
                #"SELECT id, created_at, epoch, last_seq, metadata FROM sessions ORDER BY created_at, id COLLATE "C""#)
        }
    }

    public func session(_ id: String) async throws -> StoredSession? {
        try await translate {
            try await sessionRows(
                "SELECT id, created_at, epoch, last_seq, metadata FROM sessions WHERE id = \(id)"
            ).first
        }
    }

    public func replaceLog(session: String, createdAt: Int64, metadata: [UInt8], payloads: [[UInt8]]) async throws
        -> StoredSession
    {
        try await translate {
            try await transaction { connection, logger in
                var previous: Int?
                let rows = try await connection.query(
                    "SELECT epoch FROM sessions WHERE id = \(session) FOR UPDATE", logger: logger)
                for try await epoch in rows.decode(Int.self) { previous = epoch }
                let epoch = (previous ?? 0) + 1
                try await connection.query("DELETE FROM sessions WHERE id = \(session)", logger: logger)
                try await connection.query(
                    """
                    INSERT INTO sessions (id, created_at, epoch, last_seq, metadata)
                    VALUES (\(session), \(createdAt), \(epoch), \(payloads.count), \(ByteBuffer(bytes: metadata)))
                    """, logger: logger)
                try await connection.query(
                    """
                    INSERT INTO events (session_id, seq, payload)
                    SELECT \(session), log.position, log.payload
                    FROM unnest(\(payloads.map { ByteBuffer(bytes: $0) })::bytea[]) WITH ORDINALITY AS log(payload, position)
                    """, logger: logger)
                return StoredSession(
                    id: session, createdAt: createdAt, epoch: epoch, lastSeq: payloads.count, metadata: metadata)
            }
        }
    }

    public func rewrite(session: String, events: [StoredEvent]) async throws {
        try await translate {
            try await transaction { connection, logger in
                try await connection.query(
                    """
                    UPDATE events SET payload = changed.payload
                    FROM unnest(\(events.map(\.seq))::bigint[], \(events.map { ByteBuffer(bytes: $0.payload) })::bytea[])
                        AS changed(seq, payload)
                    WHERE events.session_id = \(session) AND events.seq = changed.seq
                    """, logger: logger)
                try await connection.query("DELETE FROM snapshots WHERE session_id = \(session)", logger: logger)
                try await connection.query("UPDATE sessions SET epoch = epoch + 1 WHERE id = \(session)", logger: logger)
            }
        }
    }

    public func delete(sessions ids: [String]) async throws {
        guard !ids.isEmpty else { return }
        try await translate {
            try await transaction { connection, logger in
                try await connection.query("DELETE FROM sessions WHERE id = ANY(\(ids)::text[])", logger: logger)
                try await connection.query(
                    "DELETE FROM session_owners WHERE session_id = ANY(\(ids)::text[])", logger: logger)
            }
        }
        await leases.release(sessions: ids)
    }

    /// Takes the session's advisory lock on this store's lease connection; see `EventStore`.
    public func claim(session: String, node: String) async throws {
        try await translate { try await leases.claim(session: session, node: node) }
    }

    public func setAside(session: String, keepingFirst keep: Int, reason: String, at: Int64) async throws
        -> StoredSession?
    {
        let left = try await translate {
            try await transaction { connection, logger -> StoredSession? in
                var found: StoredSession?
                let rows = try await connection.query(
                    "SELECT id, created_at, epoch, last_seq, metadata FROM sessions WHERE id = \(session) FOR UPDATE",
                    logger: logger)
                for try await (id, createdAt, epoch, lastSeq, metadata) in rows.decode(
                    (String, Int64, Int, Int, ByteBuffer).self)
                {
                    found = StoredSession(
                        id: id, createdAt: createdAt, epoch: epoch, lastSeq: lastSeq, metadata: Array(metadata.readableBytesView))
                }
                guard let record = found else { throw StoreError.unknownSession(session) }
                try await connection.query(
                    """
                    WITH copied AS (
                        INSERT INTO set_aside_events (session_id, set_aside_at, seq, payload)
                        SELECT session_id, \(at), seq, payload FROM events WHERE session_id = \(session)
                        RETURNING seq
                    )
                    INSERT INTO set_aside_sessions
                        (id, set_aside_at, reason, created_at, epoch, last_seq, metadata, events, kept_live)
                    SELECT id, \(at), \(reason), created_at, epoch, last_seq, metadata, (SELECT count(*) FROM copied), \(keep)
                    FROM sessions WHERE id = \(session)
                    """, logger: logger)
                guard keep > 0 else {
                    try await connection.query("DELETE FROM sessions WHERE id = \(session)", logger: logger)
                    try await connection.query("DELETE FROM session_owners WHERE session_id = \(session)", logger: logger)
                    return nil
                }
                try await connection.query(
                    "DELETE FROM events WHERE session_id = \(session) AND seq > \(keep)", logger: logger)
                try await connection.query("DELETE FROM snapshots WHERE session_id = \(session)", logger: logger)
                try await connection.query(
                    "UPDATE sessions SET last_seq = \(keep), epoch = epoch + 1 WHERE id = \(session)", logger: logger)
                return StoredSession(
                    id: session, createdAt: record.createdAt, epoch: record.epoch + 1, lastSeq: keep,
                    metadata: record.metadata)
            }
        }
        if left == nil { await leases.release(sessions: [session]) }
        return left
    }

    public func setAsideSessions() async throws -> [SetAsideSession] {
        try await translate {
            let rows = try await client.query(
                """
                SELECT id, set_aside_at, reason, last_seq, events, kept_live FROM set_aside_sessions
                ORDER BY set_aside_at DESC, id COLLATE "C"
                """, logger: logger)
            var found: [SetAsideSession] = []
            for try await (id, at, reason, lastSeq, events, kept) in rows.decode((String, Int64, String, Int, Int, Int).self) {
                found.append(SetAsideSession(id: id, setAsideAt: at, reason: reason, lastSeq: lastSeq, events: events, keptLive: kept))
            }
            return found
        }
    }

    /// Closes the lease connection (releasing every claim) and the pool.
    public func close() async {
        await leases.close()
        runner.cancel()
        await runner.value
    }

    // MARK: - Helpers

    private func sessionRows(_ query: PostgresQuery) async throws -> [StoredSession] {
        let rows = try await client.query(query, logger: logger)
        var sessions: [StoredSession] = []
        for try await (id, createdAt, epoch, lastSeq, metadata) in rows.decode(
            (String, Int64, Int, Int, ByteBuffer).self)
        {
            sessions.append(
                StoredSession(
                    id: id, createdAt: createdAt, epoch: epoch, lastSeq: lastSeq,
                    metadata: Array(metadata.readableBytesView)))
        }
        return sessions
    }

    private func single<T: PostgresDecodable & Sendable>(_ type: T.Type, _ query: PostgresQuery) async throws -> T? {
        let rows = try await client.query(query, logger: logger)
        var value: T?
        for try await row in rows.decode(T.self) { value = row }
        return value
    }

    /// Runs `work` between BEGIN and COMMIT on one pooled connection; rolls back on error.
    func transaction<T: Sendable>(
        _ work: @Sendable (PostgresConnection, Logger) async throws -> T
    ) async throws -> T {
        let logger = logger
        return try await client.withConnection { connection in
            try await connection.query("BEGIN", logger: logger)
            do {
                let value = try await work(connection, logger)
                try await connection.query("COMMIT", logger: logger)
                return value
            } catch {
                _ = try? await connection.query("ROLLBACK", logger: logger)
                throw error
            }
        }
    }

    func translate<T>(_ work: () async throws -> T) async throws -> T {
        do {
            return try await work()
        } catch let error as StoreError {
            throw error
        } catch {
            throw StoreError.database(Self.describe(error))
        }
    }
}
