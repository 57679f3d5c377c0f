import Foundation
import GRDB
import Testing

@testable import AtelierStore

/// The store contract, run on a fresh SQLite file per test.
@Suite struct SQLiteStoreTests {
    func temporaryPath() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("atelier-store-\(UUID().uuidString).sqlite").path
    }

    func makeStore() throws -> SQLiteEventStore { try SQLiteEventStore(path: temporaryPath()) }

    func payload(_ text: String) -> [UInt8] { Array(#"{"e":"\#(text)"}"#.utf8) }

    @Test func appendsAssignDenseSeqsAndReadBack() async throws {
        let store = try makeStore()
        try await store.createSession(id: "s1", createdAt: 10, metadata: Array(#"{"title":"A"}"#.utf8))
        let first = try await store.append(session: "s1", after: 0, payloads: [payload("a"), payload("b")])
        let second = try await store.append(session: "s1", after: 2, payloads: [payload("c")])
        #expect(first.map(\.seq) == [1, 2])
        #expect(second.map(\.seq) == [3])
        let all = try await store.events(session: "s1", after: 0, limit: nil)
        #expect(all.map(\.seq) == [1, 2, 3])
        #expect(all.map(\.payload) == [payload("a"), payload("b"), payload("c")])
        #expect(try await store.events(session: "s1", after: 1, limit: 1).map(\.seq) == [2])
        let record = try #require(try await store.session("s1"))
        #expect(record.lastSeq == 3 && record.epoch == 1 && record.createdAt == 10)
    }

    @Test func anAppendNotRightAfterTheLogIsAConflictAndChangesNothing() async throws {
        let store = try makeStore()
        try await store.createSession(id: "s1", createdAt: 0, metadata: Array("{}".utf8))
        _ = try await store.append(session: "s1", after: 0, payloads: [payload("a")])
        await #expect(throws: StoreError.seqConflict(session: "s1", expected: 1, actual: 1)) {
            try await store.append(session: "s1", after: 0, payloads: [payload("again")])
        }
        await #expect(throws: StoreError.unknownSession("nope")) {
            try await store.append(session: "nope", after: 0, payloads: [payload("x")])
        }
        #expect(try await store.events(session: "s1", after: 0, limit: nil).map(\.payload) == [payload("a")])
    }

    @Test func duplicateSessionsAreRefused() async throws {
        let store = try makeStore()
        try await store.createSession(id: "s1", createdAt: 0, metadata: Array("{}".utf8))
        await #expect(throws: StoreError.duplicateSession("s1")) {
            try await store.createSession(id: "s1", createdAt: 0, metadata: Array("{}".utf8))
        }
    }

    @Test func concurrentAppendsFromManySessionsAreAllDenseAndDurable() async throws {
        let path = temporaryPath()
        let store = try SQLiteEventStore(path: path)
        let sessions = (0..<20).map { "s\($0)" }
        for id in sessions { try await store.createSession(id: id, createdAt: 0, metadata: Array("{}".utf8)) }
        try await withThrowingTaskGroup(of: Void.self) { group in
            for id in sessions {
                group.addTask {
                    var last = 0
                    for index in 0..<50 {
                        let stored = try await store.append(session: id, after: last, payloads: [self.payload("\(index)")])
                        last = stored.last!.seq
                    }
                }
            }
            try await group.waitForAll()
        }
        await store.close()
        let reopened = try SQLiteEventStore(path: path)
        for id in sessions {
            let events = try await reopened.events(session: id, after: 0, limit: nil)
            #expect(events.map(\.seq) == Array(1...50), "\(id)")
            #expect(events.last?.payload == payload("49"))
        }
    }

    @Test func theLatestSnapshotWins() async throws {
        let store = try makeStore()
        try await store.createSession(id: "s1", createdAt: 0, metadata: Array("{}".utf8))
        #expect(try await store.latestSnapshot(session: "s1") == nil)
        try await store.saveSnapshot(session: "s1", seq: 10, payload: payload("ten"))
        try await store.saveSnapshot(session: "s1", seq: 20, payload: payload("twenty"))
        #expect(try await store.latestSnapshot(session: "s1") == StoredSnapshot(seq: 20, payload: payload("twenty")))
    }

    @Test func replacingALogBumpsTheEpochAndDropsSnapshots() async throws {
        let store = try makeStore()
        try await store.createSession(id: "s1", createdAt: 5, metadata: Array("{}".utf8))
        _ = try await store.append(session: "s1", after: 0, payloads: [payload("old")])
        try await store.saveSnapshot(session: "s1", seq: 1, payload: payload("snap"))
        let replaced = try await store.replaceLog(
            session: "s1", createdAt: 5, metadata: Array("{}".utf8), payloads: [payload("a"), payload("b")])
        #expect(replaced.epoch == 2 && replaced.lastSeq == 2)
        #expect(try await store.latestSnapshot(session: "s1") == nil)
        #expect(try await store.events(session: "s1", after: 0, limit: nil).map(\.payload) == [payload("a"), payload("b")])
        let imported = try await store.replaceLog(
            session: "new", createdAt: 1, metadata: Array("{}".utf8), payloads: [payload("x")])
        #expect(imported.epoch == 1)
    }

    @Test func rewritingKeepsSeqsBumpsTheEpochAndDropsSnapshots() async throws {
        let store = try makeStore()
        try await store.createSession(id: "s1", createdAt: 0, metadata: Array("{}".utf8))
        _ = try await store.append(session: "s1", after: 0, payloads: [payload("Ana"), payload("Léo")])
        try await store.saveSnapshot(session: "s1", seq: 2, payload: payload("snap"))
        try await store.rewrite(session: "s1", events: [StoredEvent(seq: 1, payload: payload("Participant 1"))])
        let events = try await store.events(session: "s1", after: 0, limit: nil)
        #expect(events.map(\.payload) == [payload("Participant 1"), payload("Léo")])
        #expect(try await store.session("s1")?.epoch == 2)
        #expect(try await store.latestSnapshot(session: "s1") == nil)
    }

    @Test func deletingASessionDeletesItsEventsAndSnapshots() async throws {
        let store = try makeStore()
        for id in ["s1", "s2"] { try await store.createSession(id: id, createdAt: 0, metadata: Array("{}".utf8)) }
        _ = try await store.append(session: "s1", after: 0, payloads: [payload("a")])
        try await store.saveSnapshot(session: "s1", seq: 1, payload: payload("snap"))
        try await store.delete(sessions: ["s1"])
        #expect(try await store.sessions().map(\.id) == ["s2"])
        #expect(try await store.events(session: "s1", after: 0, limit: nil).isEmpty)
        #expect(try await store.latestSnapshot(session: "s1") == nil)
    }

    @Test func aNewFileIsMigratedToTheLatestSchema() throws {
        let store = try makeStore()
        #expect(try store.schemaVersion() == 2)
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
        #expect(try store.schemaVersion() == 2)
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
