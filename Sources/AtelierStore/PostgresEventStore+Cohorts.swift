import PostgresNIO

extension PostgresEventStore: CohortStore {
    public func createCohort(id: String, createdAt: Int64, events: [[UInt8]]) async throws -> StoredCohort {
        precondition(!events.isEmpty, "a cohort starts with its creation")
        try await translate {
            try await transaction { connection, logger in
                var created = false
                let rows = try await connection.query(
                    """
                    INSERT INTO cohorts (id, created_at, last_seq) VALUES (\(id), \(createdAt), \(events.count))
                    ON CONFLICT (id) DO NOTHING RETURNING id
                    """, logger: logger)
                for try await _ in rows.decode(String.self) { created = true }
                guard created else { throw StoreError.duplicateCohort(id) }
                try await connection.query(
                    """
                    INSERT INTO cohort_events (cohort_id, seq, payload)
                    SELECT \(id), log.position, log.payload
                    FROM unnest(\(events.map { ByteBuffer(bytes: $0) })::bytea[]) WITH ORDINALITY AS log(payload, position)
                    """, logger: logger)
            }
        }
        return StoredCohort(id: id, createdAt: createdAt, lastSeq: events.count)
    }

    public func appendCohort(id: String, after: Int, payloads: [[UInt8]]) async throws -> [StoredEvent] {
        guard !payloads.isEmpty else { return [] }
        return try await translate {
            try await transaction { connection, logger in
                var last: Int?
                let rows = try await connection.query(
                    "SELECT last_seq FROM cohorts WHERE id = \(id) FOR UPDATE", logger: logger)
                for try await seq in rows.decode(Int.self) { last = seq }
                guard let last else { throw StoreError.unknownCohort(id) }
                guard last == after else { throw StoreError.seqConflict(session: id, expected: after + 1, actual: last) }
                try await connection.query(
                    """
                    INSERT INTO cohort_events (cohort_id, seq, payload)
                    SELECT \(id), \(after) + log.position, log.payload
                    FROM unnest(\(payloads.map { ByteBuffer(bytes: $0) })::bytea[]) WITH ORDINALITY AS log(payload, position)
                    """, logger: logger)
                try await connection.query(
                    "UPDATE cohorts SET last_seq = \(after + payloads.count) WHERE id = \(id)", logger: logger)
                return payloads.enumerated().map { StoredEvent(seq: after + $0.offset + 1, payload: $0.element) }
            }
        }
    }

    public func cohortEvents(id: String, after: Int) async throws -> [StoredEvent] {
        try await translate {
            let rows = try await client.query(
                "SELECT seq, payload FROM cohort_events WHERE cohort_id = \(id) AND seq > \(after) ORDER BY seq", logger: logger)
            var events: [StoredEvent] = []
            for try await (seq, payload) in rows.decode((Int, ByteBuffer).self) {
                events.append(StoredEvent(seq: seq, payload: Array(payload.readableBytesView)))
            }
            return events
        }
    }

    public func cohorts() async throws -> [StoredCohort] {
        try await translate {
            let rows = try await client.query(
                #"SELECT id, created_at, last_seq FROM cohorts ORDER BY created_at, id COLLATE "C""#, logger: logger)
            var cohorts: [StoredCohort] = []
            for try await (id, createdAt, lastSeq) in rows.decode((String, Int64, Int).self) {
                cohorts.append(StoredCohort(id: id, createdAt: createdAt, lastSeq: lastSeq))
            }
            return cohorts
        }
    }

    public func rewriteCohort(id: String, events: [StoredEvent]) async throws {
        try await translate {
            try await transaction { connection, logger in
                _ = try await connection.query(
                    """
                    UPDATE cohort_events SET payload = changed.payload
                    FROM unnest(\(events.map(\.seq))::bigint[], \(events.map { ByteBuffer(bytes: $0.payload) })::bytea[])
                        AS changed(seq, payload)
                    WHERE cohort_events.cohort_id = \(id) AND cohort_events.seq = changed.seq
                    """, logger: logger)
            }
        }
    }
}
