import GRDB

/// Turns every append that arrives while a commit is in flight into the next single
/// transaction: one fsync for many commands, from any number of sessions.
actor GroupCommitter {
    private struct Request {
        let session: String
        let after: Int
        let payloads: [[UInt8]]
        let continuation: CheckedContinuation<[StoredEvent], any Error>
    }

    private let pool: DatabasePool
    private let checkpointer: WALCheckpointer
    private var pending: [Request] = []
    private var writing = false

    init(pool: DatabasePool, checkpointer: WALCheckpointer) {
        self.pool = pool
        self.checkpointer = checkpointer
    }

    func append(session: String, after: Int, payloads: [[UInt8]]) async throws -> [StoredEvent] {
        try await withCheckedThrowingContinuation { continuation in
            pending.append(Request(session: session, after: after, payloads: payloads, continuation: continuation))
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
            checkpointer.noteWrite()
            for (request, outcome) in zip(batch, outcomes) { request.continuation.resume(with: outcome) }
        }
        writing = false
    }

    /// One transaction for the whole batch; each request in its own savepoint so that one
    /// conflict does not fail the others.
    private func commit(_ batch: [Request]) async -> [Result<[StoredEvent], any Error>] {
        let work = batch.map { ($0.session, $0.after, $0.payloads) }
        do {
            return try await pool.write { db in
                var outcomes: [Result<[StoredEvent], any Error>] = []
                let advance = try db.cachedStatement(
                    sql: "UPDATE sessions SET last_seq = last_seq + ? WHERE id = ? AND last_seq = ?")
                let insert = try db.cachedStatement(sql: "INSERT INTO events (session_id, seq, payload) VALUES (?, ?, ?)")
                for (session, after, payloads) in work {
                    var stored: [StoredEvent] = []
                    do {
                        try db.inSavepoint {
                            try advance.execute(arguments: [payloads.count, session, after])
                            guard db.changesCount == 1 else {
                                let actual = try Int.fetchOne(
                                    db, sql: "SELECT last_seq FROM sessions WHERE id = ?", arguments: [session])
                                guard let actual else { throw StoreError.unknownSession(session) }
                                throw StoreError.seqConflict(session: session, expected: after + 1, actual: actual)
                            }
                            try EventRows.insert(payloads, session: session, after: after, with: insert, in: db)
                            for (offset, payload) in payloads.enumerated() {
                                stored.append(StoredEvent(seq: after + offset + 1, payload: payload))
                            }
                            return .commit
                        }
                        outcomes.append(.success(stored))
                    } catch {
                        outcomes.append(.failure(error))
                    }
                }
                return outcomes
            }
        } catch {
            let failure = StoreError.database("\(error)")
            return batch.map { _ in .failure(failure) }
        }
    }
}
