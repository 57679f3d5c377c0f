import Foundation
import Testing

@testable import AtelierStore

/// The `EventStore` contract: each check runs on a fresh store of `kind`, in
/// `SQLiteContractTests` and `PostgresContractTests` below.
struct StoreContract {
    let kind: StoreKind

    func payload(_ text: String) -> [UInt8] { Array(#"{"e":"\#(text)"}"#.utf8) }
    /// The first event of every session these tests create.
    var created: [UInt8] { payload("created") }

    func outcome<T>(_ work: () async throws -> T) async -> Result<T, any Error> {
        do { return .success(try await work()) } catch { return .failure(error) }
    }

    func appendsAssignDenseSeqsAndReadBack() async throws {
        try await kind.withStore { store in
            try await store.createSession(id: "s1", createdAt: 10, metadata: Array(#"{"title":"A"}"#.utf8))
            let first = try await store.append(session: "s1", after: 1, payloads: [payload("a"), payload("b")])
            let second = try await store.append(session: "s1", after: 3, payloads: [payload("c")])
            #expect(first.map(\.seq) == [2, 3])
            #expect(second.map(\.seq) == [4])
            let all = try await store.events(session: "s1", after: 0, limit: nil)
            #expect(all.map(\.seq) == [1, 2, 3, 4])
            #expect(all.map(\.payload) == [created, payload("a"), payload("b"), payload("c")])
            #expect(try await store.events(session: "s1", after: 1, limit: 1).map(\.seq) == [2])
            let record = try #require(try await store.session("s1"))
            #expect(record.lastSeq == 4 && record.epoch == 1 && record.createdAt == 10)
            #expect(record.metadata == Array(#"{"title":"A"}"#.utf8))
            #expect(try await store.append(session: "s1", after: 4, payloads: []).isEmpty)
            // Bytes come back exactly, multi-byte characters included, in a batch of several.
            let texts = [payload("Chloé « prête » 🎯"), payload(String(repeating: "ü", count: 5000)), payload("x")]
            _ = try await store.append(session: "s1", after: 4, payloads: texts)
            #expect(try await store.events(session: "s1", after: 4, limit: nil).map(\.payload) == texts)
        }
    }

    func anAppendNotRightAfterTheLogIsAConflictAndChangesNothing() async throws {
        try await kind.withStore { store in
            try await store.createSession(id: "s1", createdAt: 0, metadata: Array("{}".utf8))
            _ = try await store.append(session: "s1", after: 1, payloads: [payload("a")])
            await #expect(throws: StoreError.seqConflict(session: "s1", expected: 2, actual: 2)) {
                try await store.append(session: "s1", after: 1, payloads: [payload("again")])
            }
            await #expect(throws: StoreError.unknownSession("nope")) {
                try await store.append(session: "nope", after: 0, payloads: [payload("x")])
            }
            #expect(try await store.events(session: "s1", after: 0, limit: nil).map(\.payload) == [created, payload("a")])
            #expect(try await store.session("s1")?.lastSeq == 2)
        }
    }

    func duplicateSessionsAreRefused() async throws {
        try await kind.withStore { store in
            try await store.createSession(id: "s1", createdAt: 0, metadata: Array("{}".utf8))
            await #expect(throws: StoreError.duplicateSession("s1")) {
                try await store.createSession(id: "s1", createdAt: 0, metadata: Array("{}".utf8))
            }
        }
    }

    func concurrentAppendsFromManySessionsAreAllDenseAndDurable() async throws {
        try await kind.withLocation { location in
            let store = try await kind.open(location)
            let sessions = (0..<20).map { "s\($0)" }
            for id in sessions { try await store.createSession(id: id, createdAt: 0, metadata: Array("{}".utf8)) }
            try await withThrowingTaskGroup(of: Void.self) { group in
                for id in sessions {
                    group.addTask {
                        var last = 1
                        for index in 0..<50 {
                            let stored = try await store.append(session: id, after: last, payloads: [self.payload("\(index)")])
                            last = stored.last!.seq
                        }
                    }
                }
                try await group.waitForAll()
            }
            await store.close()
            let reopened = try await kind.open(location)
            for id in sessions {
                let events = try await reopened.events(session: id, after: 0, limit: nil)
                #expect(events.map(\.seq) == Array(1...51), "\(id)")
                #expect(events.last?.payload == payload("49"))
            }
            await reopened.close()
        }
    }

    func oneBatchKeepsGoodAppendsBesideAConflict() async throws {
        try await kind.withStore { store in
            for id in ["s1", "s2"] { try await store.createSession(id: id, createdAt: 0, metadata: Array("{}".utf8)) }
            async let good = outcome { try await store.append(session: "s1", after: 1, payloads: [payload("a")]) }
            async let bad = outcome { try await store.append(session: "s2", after: 5, payloads: [payload("x")]) }
            async let alsoGood = outcome {
                try await store.append(session: "s2", after: 1, payloads: [payload("b"), payload("c")])
            }
            let outcomes = await (good, bad, alsoGood)
            #expect(try outcomes.0.get().map(\.seq) == [2])
            #expect(try outcomes.2.get().map(\.seq) == [2, 3])
            #expect(throws: StoreError.self) { try outcomes.1.get() }
            #expect(
                try await store.events(session: "s2", after: 0, limit: nil).map(\.payload) == [created, payload("b"), payload("c")])
        }
    }

    func theLatestSnapshotWins() async throws {
        try await kind.withStore { store in
            try await store.createSession(id: "s1", createdAt: 0, metadata: Array("{}".utf8))
            #expect(try await store.latestSnapshot(session: "s1") == nil)
            try await store.saveSnapshot(session: "s1", seq: 10, payload: payload("ten"))
            try await store.saveSnapshot(session: "s1", seq: 20, payload: payload("twenty"))
            #expect(try await store.latestSnapshot(session: "s1") == StoredSnapshot(seq: 20, payload: payload("twenty")))
            try await store.saveSnapshot(session: "s1", seq: 20, payload: payload("again"))
            #expect(try await store.latestSnapshot(session: "s1") == StoredSnapshot(seq: 20, payload: payload("again")))
        }
    }

    func replacingALogBumpsTheEpochAndDropsSnapshots() async throws {
        try await kind.withStore { store in
            try await store.createSession(id: "s1", createdAt: 5, metadata: Array("{}".utf8))
            _ = try await store.append(session: "s1", after: 1, payloads: [payload("old")])
            try await store.saveSnapshot(session: "s1", seq: 2, payload: payload("snap"))
            let replaced = try await store.replaceLog(
                session: "s1", createdAt: 5, metadata: Array("{}".utf8), payloads: [payload("a"), payload("b")])
            #expect(replaced.epoch == 2 && replaced.lastSeq == 2)
            #expect(try await store.session("s1") == replaced)
            #expect(try await store.latestSnapshot(session: "s1") == nil)
            #expect(try await store.events(session: "s1", after: 0, limit: nil).map(\.payload) == [payload("a"), payload("b")])
            let imported = try await store.replaceLog(
                session: "new", createdAt: 1, metadata: Array("{}".utf8), payloads: [payload("x")])
            #expect(imported.epoch == 1)
            #expect(try await store.append(session: "new", after: 1, payloads: [payload("y")]).map(\.seq) == [2])
        }
    }

    func rewritingKeepsSeqsBumpsTheEpochAndDropsSnapshots() async throws {
        try await kind.withStore { store in
            try await store.createSession(id: "s1", createdAt: 0, metadata: Array("{}".utf8))
            _ = try await store.append(session: "s1", after: 1, payloads: [payload("Ana"), payload("Léo")])
            try await store.saveSnapshot(session: "s1", seq: 3, payload: payload("snap"))
            try await store.rewrite(session: "s1", events: [StoredEvent(seq: 2, payload: payload("Participant 1"))])
            let events = try await store.events(session: "s1", after: 0, limit: nil)
            #expect(events.map(\.payload) == [created, payload("Participant 1"), payload("Léo")])
            #expect(try await store.session("s1")?.epoch == 2)
            #expect(try await store.latestSnapshot(session: "s1") == nil)
        }
    }

    func deletingASessionDeletesItsEventsAndSnapshots() async throws {
        try await kind.withStore { store in
            for id in ["s1", "s2"] { try await store.createSession(id: id, createdAt: 0, metadata: Array("{}".utf8)) }
            _ = try await store.append(session: "s1", after: 1, payloads: [payload("a")])
            try await store.saveSnapshot(session: "s1", seq: 2, payload: payload("snap"))
            try await store.delete(sessions: ["s1"])
            #expect(try await store.sessions().map(\.id) == ["s2"])
            #expect(try await store.events(session: "s1", after: 0, limit: nil).isEmpty)
            #expect(try await store.latestSnapshot(session: "s1") == nil)
            #expect(try await store.session("s1") == nil)
        }
    }

    func sessionsAreListedOldestFirst() async throws {
        try await kind.withStore { store in
            for (id, createdAt) in [("b", 20), ("c", 10), ("a", 20), ("d", 30)] {
                try await store.createSession(id: id, createdAt: Int64(createdAt), metadata: Array(#"{"id":"\#(id)"}"#.utf8))
            }
            let listed = try await store.sessions()
            #expect(listed.map(\.id) == ["c", "a", "b", "d"])
            #expect(listed.first?.metadata == Array(#"{"id":"c"}"#.utf8))
        }
    }

    func aSessionIsCreatedWithItsFirstEventOrNotAtAll() async throws {
        try await kind.withStore { store in
            let metadata = Array(#"{"title":"A"}"#.utf8)
            let record = try await store.createSession(
                id: "s1", createdAt: 3, metadata: metadata, firstEvent: payload("first"), node: "node-a")
            #expect(record == StoredSession(id: "s1", createdAt: 3, epoch: 1, lastSeq: 1, metadata: metadata))
            #expect(try await store.session("s1") == record)
            #expect(try await store.events(session: "s1", after: 0, limit: nil) == [StoredEvent(seq: 1, payload: payload("first"))])
            await #expect(throws: StoreError.duplicateSession("s1")) {
                try await store.createSession(id: "s1", createdAt: 4, metadata: [], firstEvent: payload("second"), node: "node-a")
            }
            #expect(try await store.session("s1") == record)
            #expect(try await store.events(session: "s1", after: 0, limit: nil).map(\.payload) == [payload("first")])
            #expect(try await store.append(session: "s1", after: 1, payloads: [payload("next")]).map(\.seq) == [2])
        }
    }

    func aDamagedSessionIsSetAsideWithNothingLost() async throws {
        try await kind.withStore { store in
            try await store.createSession(id: "s1", createdAt: 5, metadata: Array("{}".utf8))
            _ = try await store.append(session: "s1", after: 1, payloads: [payload("a"), payload("b"), payload("c")])
            try await store.saveSnapshot(session: "s1", seq: 4, payload: payload("snap"))
            let kept = try await store.setAside(session: "s1", keepingFirst: 2, reason: "seq 3 does not decode", at: 100)
            #expect(kept == StoredSession(id: "s1", createdAt: 5, epoch: 2, lastSeq: 2, metadata: Array("{}".utf8)))
            #expect(try await store.session("s1") == kept)
            #expect(try await store.events(session: "s1", after: 0, limit: nil).map(\.payload) == [created, payload("a")])
            #expect(try await store.latestSnapshot(session: "s1") == nil)
            #expect(try await store.append(session: "s1", after: 2, payloads: [payload("d")]).map(\.seq) == [3])

            try await store.createSession(id: "s2", createdAt: 6, metadata: Array("{}".utf8))
            _ = try await store.append(session: "s2", after: 1, payloads: [payload("x")])
            #expect(try await store.setAside(session: "s2", keepingFirst: 0, reason: "unknown activity", at: 200) == nil)
            #expect(try await store.sessions().map(\.id) == ["s1"])
            #expect(try await store.events(session: "s2", after: 0, limit: nil).isEmpty)
            #expect(
                try await store.setAsideSessions() == [
                    SetAsideSession(id: "s2", setAsideAt: 200, reason: "unknown activity", lastSeq: 2, events: 2, keptLive: 0),
                    SetAsideSession(id: "s1", setAsideAt: 100, reason: "seq 3 does not decode", lastSeq: 4, events: 4, keptLive: 2),
                ])
            await #expect(throws: StoreError.unknownSession("nope")) {
                try await store.setAside(session: "nope", keepingFirst: 0, reason: "", at: 300)
            }
            // Set aside twice: both copies stay.
            _ = try await store.setAside(session: "s1", keepingFirst: 1, reason: "again", at: 300)
            #expect(try await store.setAsideSessions().map(\.events) == [3, 2, 4])
        }
    }

    func claimingTwiceOnOneNodeSucceeds() async throws {
        try await kind.withStore { store in
            try await store.createSession(id: "s1", createdAt: 0, metadata: Array("{}".utf8))
            try await store.claim(session: "s1", node: "node-a")
            try await store.claim(session: "s1", node: "node-a")
        }
    }
}

/// The contract on a fresh SQLite file per test.
@Suite struct SQLiteContractTests {
    let contract = StoreContract(kind: .sqlite)

    @Test func appendsAssignDenseSeqsAndReadBack() async throws {
        try await contract.appendsAssignDenseSeqsAndReadBack()
    }
    @Test func anAppendNotRightAfterTheLogIsAConflictAndChangesNothing() async throws {
        try await contract.anAppendNotRightAfterTheLogIsAConflictAndChangesNothing()
    }
    @Test func duplicateSessionsAreRefused() async throws {
        try await contract.duplicateSessionsAreRefused()
    }
    @Test func concurrentAppendsFromManySessionsAreAllDenseAndDurable() async throws {
        try await contract.concurrentAppendsFromManySessionsAreAllDenseAndDurable()
    }
    @Test func oneBatchKeepsGoodAppendsBesideAConflict() async throws {
        try await contract.oneBatchKeepsGoodAppendsBesideAConflict()
    }
    @Test func theLatestSnapshotWins() async throws {
        try await contract.theLatestSnapshotWins()
    }
    @Test func replacingALogBumpsTheEpochAndDropsSnapshots() async throws {
        try await contract.replacingALogBumpsTheEpochAndDropsSnapshots()
    }
    @Test func rewritingKeepsSeqsBumpsTheEpochAndDropsSnapshots() async throws {
        try await contract.rewritingKeepsSeqsBumpsTheEpochAndDropsSnapshots()
    }
    @Test func deletingASessionDeletesItsEventsAndSnapshots() async throws {
        try await contract.deletingASessionDeletesItsEventsAndSnapshots()
    }
    @Test func sessionsAreListedOldestFirst() async throws {
        try await contract.sessionsAreListedOldestFirst()
    }
    @Test func claimingTwiceOnOneNodeSucceeds() async throws {
        try await contract.claimingTwiceOnOneNodeSucceeds()
    }
    @Test func aSessionIsCreatedWithItsFirstEventOrNotAtAll() async throws {
        try await contract.aSessionIsCreatedWithItsFirstEventOrNotAtAll()
    }
    @Test func aDamagedSessionIsSetAsideWithNothingLost() async throws {
        try await contract.aDamagedSessionIsSetAsideWithNothingLost()
    }
}

/// The contract on a fresh PostgreSQL database per test; skipped, with the reason shown,
/// when `ATELIER_TEST_POSTGRES_URL` is not set.
@Suite(.enabled(if: PostgresTestServer.url != nil, PostgresTestServer.skipReason))
struct PostgresContractTests {
    let contract = StoreContract(kind: .postgres)

    @Test func appendsAssignDenseSeqsAndReadBack() async throws {
        try await contract.appendsAssignDenseSeqsAndReadBack()
    }
    @Test func anAppendNotRightAfterTheLogIsAConflictAndChangesNothing() async throws {
        try await contract.anAppendNotRightAfterTheLogIsAConflictAndChangesNothing()
    }
    @Test func duplicateSessionsAreRefused() async throws {
        try await contract.duplicateSessionsAreRefused()
    }
    @Test func concurrentAppendsFromManySessionsAreAllDenseAndDurable() async throws {
        try await contract.concurrentAppendsFromManySessionsAreAllDenseAndDurable()
    }
    @Test func oneBatchKeepsGoodAppendsBesideAConflict() async throws {
        try await contract.oneBatchKeepsGoodAppendsBesideAConflict()
    }
    @Test func theLatestSnapshotWins() async throws {
        try await contract.theLatestSnapshotWins()
    }
    @Test func replacingALogBumpsTheEpochAndDropsSnapshots() async throws {
        try await contract.replacingALogBumpsTheEpochAndDropsSnapshots()
    }
    @Test func rewritingKeepsSeqsBumpsTheEpochAndDropsSnapshots() async throws {
        try await contract.rewritingKeepsSeqsBumpsTheEpochAndDropsSnapshots()
    }
    @Test func deletingASessionDeletesItsEventsAndSnapshots() async throws {
        try await contract.deletingASessionDeletesItsEventsAndSnapshots()
    }
    @Test func sessionsAreListedOldestFirst() async throws {
        try await contract.sessionsAreListedOldestFirst()
    }
    @Test func claimingTwiceOnOneNodeSucceeds() async throws {
        try await contract.claimingTwiceOnOneNodeSucceeds()
    }
    @Test func aSessionIsCreatedWithItsFirstEventOrNotAtAll() async throws {
        try await contract.aSessionIsCreatedWithItsFirstEventOrNotAtAll()
    }
    @Test func aDamagedSessionIsSetAsideWithNothingLost() async throws {
        try await contract.aDamagedSessionIsSetAsideWithNothingLost()
    }
}
