import GRDB

extension SQLiteEventStore: CohortStore {
    public func createCohort(id: String, createdAt: Int64, events: [[UInt8]]) async throws -> StoredCohort {
        precondition(!events.isEmpty, "a cohort starts with its creation")
        try await translate {
            try await pool.write { db in
                if try Int.fetchOne(db, sql: "SELECT 1 FROM cohorts WHERE id = ?", arguments: [id]) != nil {
                    throw StoreError.duplicateCohort(id)
                }
                try db.execute(
                    sql: "INSERT INTO cohorts (id, created_at, last_seq) VALUES (?, ?, ?)", arguments: [id, createdAt, events.count])
                for (offset, payload) in events.enumerated() {
                    try db.execute(
                        sql: "INSERT INTO cohort_events (cohort_id, seq, payload) VALUES (?, ?, ?)",
                        arguments: [id, offset + 1, String(decoding: payload, as: UTF8.self)])
                }
            }
        }
        checkpointer.noteWrite()
        return StoredCohort(id: id, createdAt: createdAt, lastSeq: events.count)
    }

    public func appendCohort(id: String, after: Int, payloads: [[UInt8]]) async throws -> [StoredEvent] {
        guard !payloads.isEmpty else { return [] }
        let events = try await translate {
            try await pool.write { db in
                guard let last = try Int.fetchOne(db, sql: "SELECT last_seq FROM cohorts WHERE id = ?", arguments: [id]) else {
                    throw StoreError.unknownCohort(id)
                }
                guard last == after else { throw StoreError.seqConflict(session: id, expected: after + 1, actual: last) }
                var stored: [StoredEvent] = []
                for (offset, payload) in payloads.enumerated() {
                    try db.execute(
                        sql: "INSERT INTO cohort_events (cohort_id, seq, payload) VALUES (?, ?, ?)",
                        arguments: [id, after + offset + 1, String(decoding: payload, as: UTF8.self)])
                    stored.append(StoredEvent(seq: after + offset + 1, payload: payload))
                }
                try db.execute(sql: "UPDATE cohorts SET last_seq = ? WHERE id = ?", arguments: [after + payloads.count, id])
                return stored
            }
        }
        checkpointer.noteWrite()
        return events
    }

    public func cohortEvents(id: String, after: Int) async throws -> [StoredEvent] {
        try await translate {
            try await pool.read { db in
                try Row.fetchAll(
                    db, sql: "SELECT seq, payload FROM cohort_events WHERE cohort_id = ? AND seq > ? ORDER BY seq",
                    arguments: [id, after]
                ).map { StoredEvent(seq: $0["seq"], payload: Array(($0["payload"] as String).utf8)) }
            }
        }
    }

    public func cohorts() async throws -> [StoredCohort] {
        try await translate {
            try await pool.read { db in
                try Row.fetchAll(db, sql: "SELECT id, created_at, last_seq FROM cohorts ORDER BY created_at, id").map {
                    StoredCohort(id: $0["id"], createdAt: $0["created_at"], lastSeq: $0["last_seq"])
                }
            }
        }
    }

    public func rewriteCohort(id: String, events: [StoredEvent]) async throws {
        try await translate {
            try await pool.write { db in
                for event in events {
                    try db.execute(
                        sql: "UPDATE cohort_events SET payload = ? WHERE cohort_id = ? AND seq = ?",
                        arguments: [String(decoding: event.payload, as: UTF8.self), id, event.seq])
                }
            }
        }
        checkpointer.noteWrite()
    }
}
