import GRDB

/// The SQLite schema, as versioned migrations applied in order at open.
enum SQLiteSchema {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        // v1: sessions and their event logs.
        migrator.registerMigration("v1-sessions-and-events") { db in
            try db.execute(
                sql: """
                    CREATE TABLE sessions (
                        id TEXT PRIMARY KEY NOT NULL,
                        created_at INTEGER NOT NULL,
                        last_seq INTEGER NOT NULL DEFAULT 0,
                        metadata TEXT NOT NULL
                    );
                    CREATE TABLE events (
                        session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
                        seq INTEGER NOT NULL,
                        payload TEXT NOT NULL,
                        PRIMARY KEY (session_id, seq)
                    ) WITHOUT ROWID;
                    """)
        }
        // v2: epochs (log replaced → clients resync) and snapshots.
        migrator.registerMigration("v2-epochs-and-snapshots") { db in
            try db.execute(
                sql: """
                    ALTER TABLE sessions ADD COLUMN epoch INTEGER NOT NULL DEFAULT 1;
                    CREATE TABLE snapshots (
                        session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
                        seq INTEGER NOT NULL,
                        payload TEXT NOT NULL,
                        PRIMARY KEY (session_id, seq)
                    ) WITHOUT ROWID;
                    """)
        }
        // v3: damaged sessions set aside (`EventStore.setAside`), never deleted.
        migrator.registerMigration("v3-set-aside") { db in
            try db.execute(
                sql: """
                    CREATE TABLE set_aside_sessions (
                        id TEXT NOT NULL,
                        set_aside_at INTEGER NOT NULL,
                        reason TEXT NOT NULL,
                        created_at INTEGER NOT NULL,
                        epoch INTEGER NOT NULL,
                        last_seq INTEGER NOT NULL,
                        metadata TEXT NOT NULL,
                        events INTEGER NOT NULL,
                        kept_live INTEGER NOT NULL,
                        PRIMARY KEY (id, set_aside_at)
                    );
                    CREATE TABLE set_aside_events (
                        session_id TEXT NOT NULL,
                        set_aside_at INTEGER NOT NULL,
                        seq INTEGER NOT NULL,
                        payload TEXT NOT NULL,
                        PRIMARY KEY (session_id, set_aside_at, seq)
                    ) WITHOUT ROWID;
                    """)
        }
        // v4: cohorts and their event logs (`CohortStore`).
        migrator.registerMigration("v4-cohorts") { db in
            try db.execute(
                sql: """
                    CREATE TABLE cohorts (
                        id TEXT PRIMARY KEY NOT NULL,
                        created_at INTEGER NOT NULL,
                        last_seq INTEGER NOT NULL DEFAULT 0
                    );
                    CREATE TABLE cohort_events (
                        cohort_id TEXT NOT NULL REFERENCES cohorts(id) ON DELETE CASCADE,
                        seq INTEGER NOT NULL,
                        payload TEXT NOT NULL,
                        PRIMARY KEY (cohort_id, seq)
                    ) WITHOUT ROWID;
                    """)
        }
        return migrator
    }
}
