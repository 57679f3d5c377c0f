import PostgresNIO

/// Group commit on PostgreSQL: every append that arrives while a commit is in flight goes
/// into the next single transaction, one savepoint per request so that a conflict fails
/// only its own request, and one COMMIT (one WAL flush) for all of them.
actor PostgresGroupCommitter {
    private struct Request {
        let session: String
        let after: Int
        let payloads: [[UInt8]]
        /// The server process that must still hold the session's lease (nil: not fenced).
        let leaseHolder: Int32?
        let continuation: CheckedContinuation<[StoredEvent], any Error>
    }

    private let client: PostgresClient
    private let logger: Logger
    private var pending: [Request] = []
    private var writing = false
    /// Transactions committed so far and requests they carried (tests read these).
    private(set) var transactions = 0
    private(set) var requests = 0

    init(client: PostgresClient, logger: Logger) {
        self.client = client
        self.logger = logger
    }

    /// Appends in the next transaction. With `leaseHolder`, the append goes ahead only if that
    /// server process still holds the session's advisory lock, checked in the same
    /// transaction (a fence: a node that lost its lease cannot write to a session another
    /// node may have claimed; the counter's compare-and-set covers the rest of the race).
    func append(session: String, after: Int, payloads: [[UInt8]], leaseHolder: Int32? = nil) async throws -> [StoredEvent] {
        try await withCheckedThrowingContinuation { continuation in
            pending.append(
                Request(session: session, after: after, payloads: payloads, leaseHolder: leaseHolder, continuation: continuation))
            if !writing {
                writing = true
                Task { await self.drain() }
            }
        }
    }

    private func drain() async {
        while !pending.isEmpty {
            let batch = pending
            pending.removeAll(keepingCapacity: true)
            let outcomes = await commit(batch)
            transactions += 1
            requests += batch.count
            for (request, outcome) in zip(batch, outcomes) { request.continuation.resume(with: outcome) }
        }
        writing = false
    }

    /// One transaction for the whole batch. Per request, inside a savepoint: one statement
    /// advances the session's counter (`last_seq = last_seq + n` only where it still equals
    /// `after`) and inserts the events at the seqs it made room for.
    private func commit(_ batch: [Request]) async -> [Result<[StoredEvent], any Error>] {
        let logger = logger
        do {
            return try await client.withConnection { connection in
                try await connection.query("BEGIN", logger: logger)
                do {
                    let leasesHeld = try await Self.leasesHeld(by: batch, on: connection, logger: logger)
                    var outcomes: [Result<[StoredEvent], any Error>] = []
                    for request in batch {
                        if request.leaseHolder != nil, !leasesHeld.contains(request.session) {
                            outcomes.append(.failure(StoreError.leaseLost(session: request.session)))
                            continue
                        }
                        try await connection.query("SAVEPOINT append", logger: logger)
                        do {
                            outcomes.append(try await Self.append(request, on: connection, logger: logger))
                            try await connection.query("RELEASE SAVEPOINT append", logger: logger)
                        } catch {
                            try await connection.query("ROLLBACK TO SAVEPOINT append", logger: logger)
                            try await connection.query("RELEASE SAVEPOINT append", logger: logger)
                            outcomes.append(.failure(StoreError.database(PostgresEventStore.describe(error))))
                        }
                    }
                    try await connection.query("COMMIT", logger: logger)
                    return outcomes
                } catch {
                    _ = try? await connection.query("ROLLBACK", logger: logger)
                    throw error
                }
            }
        } catch {
            let failure = StoreError.database(PostgresEventStore.describe(error))
            return batch.map { _ in .failure(failure) }
        }
    }

    /// The fenced sessions of `batch` whose lease its server process still holds, read once per
    /// transaction (the 64-bit key of a session's advisory lock shows in `pg_locks` as
    /// `classid` (high half) and `objid` (low half)).
    private static func leasesHeld(by batch: [Request], on connection: PostgresConnection, logger: Logger)
        async throws -> Set<String>
    {
        guard let holder = batch.lazy.compactMap(\.leaseHolder).first else { return [] }
        let sessions = Array(Set(batch.filter { $0.leaseHolder != nil }.map(\.session)))
        let rows = try await connection.query(
            """
            SELECT s FROM unnest(\(sessions)::text[]) AS s
            WHERE EXISTS (
                SELECT 1 FROM pg_locks
                WHERE locktype = 'advisory' AND granted AND pid = \(holder) AND objsubid = 1
                  AND database = (SELECT oid FROM pg_database WHERE datname = current_database())
                  AND classid::text::bigint = (hashtextextended(s, 0) >> 32) & 4294967295
                  AND objid::text::bigint = hashtextextended(s, 0) & 4294967295)
            """, logger: logger)
        var held: Set<String> = []
        for try await session in rows.decode(String.self) { held.insert(session) }
        return held
    }

    /// The events stored, or why not (`seqConflict`, `unknownSession`): a refusal changes
    /// nothing, so it needs no rollback.
    private static func append(_ request: Request, on connection: PostgresConnection, logger: Logger) async throws
        -> Result<[StoredEvent], any Error>
    {
        let session = request.session
        let after = request.after
        let count = request.payloads.count
        let payloads = request.payloads.map { ByteBuffer(bytes: $0) }
        let rows = try await connection.query(
            """
            WITH advanced AS (
                UPDATE sessions SET last_seq = last_seq + \(count) WHERE id = \(session) AND last_seq = \(after)
                RETURNING last_seq
            ), inserted AS (
                INSERT INTO events (session_id, seq, payload)
                SELECT \(session), advanced.last_seq - \(count) + batch.position, batch.payload
                FROM advanced, unnest(\(payloads)::bytea[]) WITH ORDINALITY AS batch(payload, position)
            )
            SELECT last_seq FROM advanced
            """, logger: logger)
        var advanced: Int?
        for try await lastSeq in rows.decode(Int.self) { advanced = lastSeq }
        if advanced != nil {
            let stored = request.payloads.enumerated().map { StoredEvent(seq: after + $0.offset + 1, payload: $0.element) }
            return .success(stored)
        }
        var actual: Int?
        let current = try await connection.query("SELECT last_seq FROM sessions WHERE id = \(session)", logger: logger)
        for try await lastSeq in current.decode(Int.self) { actual = lastSeq }
        guard let actual else { return .failure(StoreError.unknownSession(session)) }
        return .failure(StoreError.seqConflict(session: session, expected: after + 1, actual: actual))
    }
}
