import Foundation
import GRDB
import TestSupport
import Testing

@testable import AtelierStore

/// What only the SQLite store does: file migrations and corrupt files (the shared
/// contract is in `StoreContractTests`).
@Suite struct SQLiteStoreTests {
    let scratch = ScratchDirectory()

    func temporaryPath() -> String { scratch.path("store-\(UUID().uuidString).sqlite") }

    func makeStore() throws -> SQLiteEventStore { try SQLiteEventStore(path: temporaryPath()) }

    func payload(_ text: String) -> [UInt8] { Array(#"{"e":"\#(text)"}"#.utf8) }

    @Test func aNewFileIsMigratedToTheLatestSchema() throws {
        let store = try makeStore()
        #expect(try store.schemaVersion() == 4)
    }

    @Test func aVersionOneFileIsMigratedWithItsDataKept() async throws {
        let path = temporaryPath()
        let old = try DatabaseQueue(path: path)
        try await old.write { db in
            try db.execute(
                sql: """
                    CREATE TABLE grdb_migrations (identifier TEXT NOT NULL PRIMARY KEY);
                    INSERT INTO grdb_migrations VALUES ('v1-sessions-and-events');
                    CREATE TABLE sessions (id TEXT PRIMARY KEY NOT NULL, created_at INTEGER NOT NULL,
                        last_seq INTEGER NOT NULL DEFAULT 0, metadata TEXT NOT NULL);
                    CREATE TABLE events (session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
                        seq INTEGER NOT NULL, payload TEXT NOT NULL, PRIMARY KEY (session_id, seq)) WITHOUT ROWID;
                    INSERT INTO sessions VALUES ('s1', 7, 1, '{}');
                    INSERT INTO events VALUES ('s1', 1, '{"e":"kept"}');
                    """)
        }
        try old.close()
        let store = try SQLiteEventStore(path: path)
        #expect(try store.schemaVersion() == 4)
        #expect(try await store.session("s1")?.epoch == 1)
        #expect(try await store.events(session: "s1", after: 0, limit: nil).map(\.payload) == [payload("kept")])
        _ = try await store.append(session: "s1", after: 1, payloads: [payload("new")])
        try await store.saveSnapshot(session: "s1", seq: 2, payload: payload("snap"))
    }

    @Test func aCorruptFileIsAClearErrorNotAFreshStart() throws {
        let path = temporaryPath()
        let garbage = Data((0..<8192).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) })
        try garbage.write(to: URL(fileURLWithPath: path))
        #expect {
            _ = try SQLiteEventStore(path: path)
        } throws: { error in
            guard case StoreError.unreadable(let location, _) = error else { return false }
            return location == path
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == garbage, "the file must be left untouched")
    }
}

extension SQLiteStoreTests {
    @Test func aDamagedPageIsFoundBeforeTheFileIsOpenedForWriting() async throws {
        let path = temporaryPath()
        do {
            let store = try SQLiteEventStore(path: path)
            try await store.createSession(id: "s1", createdAt: 1, metadata: Array("{}".utf8))
            _ = try await store.append(
                session: "s1", after: 1, payloads: (0..<400).map { Array("{\"event\":\($0),\"pad\":\"\(String(repeating: "x", count: 200))\"}".utf8) })
            await store.close()
        }
        // Fold the WAL into the file, then overwrite one page of the events table.
        let (pageSize, root): (Int, Int) = try {
            let queue = try DatabaseQueue(path: path)
            defer { try? queue.close() }
            return try queue.writeWithoutTransaction { db in
                try db.execute(sql: "PRAGMA wal_checkpoint(TRUNCATE)")
                let pageSize = try Int.fetchOne(db, sql: "PRAGMA page_size") ?? 4096
                let root = try Int.fetchOne(db, sql: "SELECT rootpage FROM sqlite_master WHERE name = 'events'") ?? 2
                return (pageSize, root)
            }
        }()
        let handle = try FileHandle(forUpdating: URL(fileURLWithPath: path))
        try handle.seek(toOffset: UInt64((root - 1) * pageSize))
        try handle.write(contentsOf: Data((0..<pageSize).map { UInt8(truncatingIfNeeded: $0 &* 131 &+ 17) }))
        try handle.close()
        let damaged = try Data(contentsOf: URL(fileURLWithPath: path))
        #expect {
            _ = try SQLiteEventStore(path: path)
        } throws: { error in
            guard case StoreError.unreadable(let location, _) = error else { return false }
            return location == path
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == damaged, "the file must be left byte for byte")
    }
}

extension SQLiteStoreTests {
    /// Commits never wait for a checkpoint: the write-ahead log is copied into the database
    /// file by the store's own checkpointer while the writer's automatic checkpoint (the
    /// backstop) is far away.
    @Test func committedPagesReachTheDatabaseFileWithoutTheWriterCheckpointing() async throws {
        let path = temporaryPath()
        let store = try SQLiteEventStore(path: path)
        try await store.createSession(id: "s1", createdAt: 1, metadata: Array("{}".utf8))
        let initialSize = try fileSize(path)
        let text = String(repeating: "x", count: 1_000)
        for batch in 0..<100 {
            _ = try await store.append(session: "s1", after: 1 + batch * 20, payloads: (0..<20).map { payload("\(text)\($0)") })
        }
        // ~2 MB written: about 500 pages, well below the writer's backstop.
        #expect(WALCheckpointer.backstopPages * 4096 >= 4_000_000)
        var size = try fileSize(path)
        for _ in 0..<100 where size < initialSize + 1_500_000 {
            try await Task.sleep(for: .milliseconds(50))
            size = try fileSize(path)
        }
        #expect(size >= initialSize + 1_500_000, "the database file stayed at \(size) bytes")
        #expect(try await store.events(session: "s1", after: 1_991, limit: nil).count == 10)
        await store.close()
        // Closed: everything is in the database file and the log is empty, so the next start
        // reads nothing back.
        #expect(((try? fileSize(path + "-wal")) ?? 0) == 0)
        let reopened = try SQLiteEventStore(path: path)
        #expect(try await reopened.events(session: "s1", after: 0, limit: nil).count == 2_001)
        await reopened.close()
    }

    func fileSize(_ path: String) throws -> Int {
        (try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
    }
}

extension SQLiteStoreTests {
    /// The writer commits with the durability asked for, on a new file and on an existing
    /// one (GRDB turns WAL on with `synchronous = NORMAL`; `full` must not silently be that).
    @Test(arguments: [(SQLiteEventStore.Durability.full, 2), (.normal, 1)])
    func theWriterCommitsWithTheChosenDurability(_ durability: SQLiteEventStore.Durability, _ expected: Int) async throws {
        let path = temporaryPath()
        for _ in 0..<2 {
            let store = try SQLiteEventStore(path: path, durability: durability)
            #expect(try store.writerSynchronous() == expected)
            await store.close()
        }
    }
}
