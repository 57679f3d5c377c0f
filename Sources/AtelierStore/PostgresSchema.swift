import PostgresNIO

/// The PostgreSQL schema, as versioned migrations applied in order at open and recorded in
/// `schema_migrations`. Nodes that start together take turns (a transaction-level advisory
/// lock), so each migration runs once.
enum PostgresSchema {
    struct Migration: Sendable {
        let version: Int
        let name: String
        let statements: [String]
    }

    static let migrations: [Migration] = [
        // v1: sessions and their event logs; `last_seq` is the per-session counter appends advance.
        Migration(
            version: 1, name: "sessions-and-events",
            statements: [
                """
                CREATE TABLE sessions (
                    id TEXT PRIMARY KEY,
                    created_at BIGINT NOT NULL,
                    last_seq BIGINT NOT NULL DEFAULT 0,
                    metadata BYTEA NOT NULL
                )
                """,
                #"CREATE INDEX sessions_by_age ON sessions (created_at, id COLLATE "C")"#,
                """
                CREATE TABLE events (
                    session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
                    seq BIGINT NOT NULL,
                    payload BYTEA NOT NULL,
                    PRIMARY KEY (session_id, seq)
                )
                """,
            ]),
        // v2: epochs (log replaced → clients resync) and snapshots.
        Migration(
            version: 2, name: "epochs-and-snapshots",
            statements: [
                "ALTER TABLE sessions ADD COLUMN epoch BIGINT NOT NULL DEFAULT 1",
                """
                CREATE TABLE snapshots (
                    session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
                    seq BIGINT NOT NULL,
                    payload BYTEA NOT NULL,
                    PRIMARY KEY (session_id, seq)
                )
                """,
            ]),
        // v3: who hosts which session (the advisory lock decides; this names the holder).
        Migration(
            version: 3, name: "session-owners",
            statements: [
                """
                CREATE TABLE session_owners (
                    session_id TEXT PRIMARY KEY,
                    node TEXT NOT NULL,
                    claimed_at TIMESTAMPTZ NOT NULL DEFAULT now()
                )
                """
            ]),
        // v4: damaged sessions set aside (`EventStore.setAside`), never deleted.
        Migration(
            version: 4, name: "set-aside",
            statements: [
                """
                CREATE TABLE set_aside_sessions (
                    id TEXT NOT NULL,
                    set_aside_at BIGINT NOT NULL,
                    reason TEXT NOT NULL,
                    created_at BIGINT NOT NULL,
                    epoch BIGINT NOT NULL,
                    last_seq BIGINT NOT NULL,
                    metadata BYTEA NOT NULL,
                    events BIGINT NOT NULL,
                    kept_live BIGINT NOT NULL,
                    PRIMARY KEY (id, set_aside_at)
                )
                """,
                """
                CREATE TABLE set_aside_events (
                    session_id TEXT NOT NULL,
                    set_aside_at BIGINT NOT NULL,
                    seq BIGINT NOT NULL,
                    payload BYTEA NOT NULL,
                    PRIMARY KEY (session_id, set_aside_at, seq)
                )
                """,
            ]),
        // v5: cohorts and their event logs (`CohortStore`).
        Migration(
            version: 5, name: "cohorts",
            statements: [
                """
                CREATE TABLE cohorts (
                    id TEXT PRIMARY KEY,
                    created_at BIGINT NOT NULL,
                    last_seq BIGINT NOT NULL DEFAULT 0
                )
                """,
                """
                CREATE TABLE cohort_events (
                    cohort_id TEXT NOT NULL REFERENCES cohorts(id) ON DELETE CASCADE,
                    seq BIGINT NOT NULL,
                    payload BYTEA NOT NULL,
                    PRIMARY KEY (cohort_id, seq)
                )
                """,
            ]),
    ]

    /// The version a fully migrated database is at.
    static var latestVersion: Int { migrations.last?.version ?? 0 }

    /// Serializes migrations across nodes: `pg_advisory_xact_lock(int, int)` keys never meet
    /// the single 64-bit keys of session leases.
    private static let lockKey = (Int32(0x4174_656C), Int32(1))  // "Atel", 1

    /// Applies every missing migration in one transaction; returns the version reached.
    /// A database at a version this build does not know is refused, never touched.
    static func migrate(_ connection: PostgresConnection, logger: Logger) async throws -> Int {
        try await connection.query("BEGIN", logger: logger)
        do {
            try await connection.query(
                "SELECT pg_advisory_xact_lock(\(lockKey.0), \(lockKey.1))", logger: logger)
            try await connection.query(
                """
                CREATE TABLE IF NOT EXISTS schema_migrations (
                    version INTEGER PRIMARY KEY,
                    name TEXT NOT NULL,
                    applied_at TIMESTAMPTZ NOT NULL DEFAULT now()
                )
                """, logger: logger)
            var applied = Set<Int>()
            let rows = try await connection.query("SELECT version FROM schema_migrations", logger: logger)
            for try await version in rows.decode(Int.self) { applied.insert(version) }
            if let newest = applied.max(), newest > latestVersion {
                throw StoreError.database(
                    "the database schema is at version \(newest), newer than this build (\(latestVersion))")
            }
            for migration in migrations where !applied.contains(migration.version) {
                for statement in migration.statements {
                    try await connection.query(PostgresQuery(unsafeSQL: statement), logger: logger)
                }
                try await connection.query(
                    "INSERT INTO schema_migrations (version, name) VALUES (\(migration.version), \(migration.name))",
                    logger: logger)
            }
            try await connection.query("COMMIT", logger: logger)
            return latestVersion
        } catch {
            _ = try? await connection.query("ROLLBACK", logger: logger)
            throw error
        }
    }
}
