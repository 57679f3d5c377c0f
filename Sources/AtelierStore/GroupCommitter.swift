import Dispatch
import GRDB
import Synchronization

/// Turns every append that arrives while a commit is in flight into the next single
/// transaction: one fsync for many commands, from any number of sessions.
///
/// Commits run one after another on a serial queue of their own, which takes the waiting
/// appends, writes them in one transaction (GRDB's synchronous write runs on the calling
/// thread) and resumes each waiting append from there: no actor or task hop between an
/// append and its commit, nor between the commit and the appends it answers.
final class GroupCommitter: Sendable {
    private struct Request: Sendable {
        let session: String
        let after: Int
        let payloads: [[UInt8]]
        let continuation: CheckedContinuation<[StoredEvent], any Error>
    }

    private struct Queue {
        var pending: [Request] = []
        var writing = false
    }

    private let pool: DatabasePool
    private let checkpointer: WALCheckpointer
    private let queue = Mutex(Queue())
    private let commits = DispatchQueue(label: "atelier.sqlite.commits")

    init(pool: DatabasePool, checkpointer: WALCheckpointer) {
        self.pool = pool
        self.checkpointer = checkpointer
    }

    func append(session: String, after: Int, payloads: [[UInt8]]) async throws -> [StoredEvent] {
        try await withCheckedThrowingContinuation { continuation in
            let request = Request(session: session, after: after, payloads: payloads, continuation: continuation)
            let start = queue.withLock { queue in
                queue.pending.append(request)
                defer { queue.writing = true }
                return !queue.writing
            }
            if start { commits.async { self.drain() } }
        }
    }

    /// On `commits`: writes batch after batch until nothing waits.
    private func drain() {
        var batch: [Request] = []
        while true {
            let more = queue.withLock { queue in
                swap(&batch, &queue.pending)
                queue.writing = !batch.isEmpty
                return queue.writing
            }
            guard more else { return }
            let outcomes = commit(batch)
            checkpointer.noteWrite()
            for (request, outcome) in zip(batch, outcomes) { request.continuation.resume(with: outcome) }
            batch.removeAll(keepingCapacity: true)
        }
    }

    /// One transaction for the whole batch; each request in its own savepoint so that one
    /// conflict does not fail the others.
    private func commit(_ batch: [Request]) -> [Result<[StoredEvent], any Error>] {
        do {
            return try pool.write { db in
                var outcomes: [Result<[StoredEvent], any Error>] = []
                let advance = try db.cachedStatement(
                    sql: "UPDATE sessions SET last_seq = last_seq + ? WHERE id = ? AND last_seq = ?")
                let insert = try db.cachedStatement(sql: "INSERT INTO events (session_id, seq, payload) VALUES (?, ?, ?)")
                for request in batch {
                    let (session, after, payloads) = (request.session, request.after, request.payloads)
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
