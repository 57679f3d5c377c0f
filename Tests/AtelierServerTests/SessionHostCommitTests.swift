import AtelierEngine
import AtelierKit
import AtelierStore
import AtelierTransport
import Logging
import Synchronization
import TestSupport
import Testing

@testable import AtelierServer

/// A session host over a real SQLite store that can be made to refuse appends: what it
/// shows stays what is stored, and retries are judged by what was stored.
@Suite struct SessionHostCommitTests {
    let scratch = ScratchDirectory()

    /// The SQLite store, refusing every append while `failing` is set.
    final class FailingStore: EventStore {
        let base: SQLiteEventStore
        let failing = Atomic<Bool>(false)

        init(_ base: SQLiteEventStore) { self.base = base }

        func append(session: String, after: Int, payloads: [[UInt8]]) async throws -> [StoredEvent] {
            if failing.load(ordering: .relaxed) { throw StoreError.database("the disk is full") }
            return try await base.append(session: session, after: after, payloads: payloads)
        }
        func createSession(id: String, createdAt: Int64, metadata: [UInt8], firstEvent: [UInt8], node: String?)
            async throws -> StoredSession
        {
            try await base.createSession(id: id, createdAt: createdAt, metadata: metadata, firstEvent: firstEvent, node: node)
        }
        func events(session: String, after: Int, limit: Int?) async throws -> [StoredEvent] {
            try await base.events(session: session, after: after, limit: limit)
        }
        func saveSnapshot(session: String, seq: Int, payload: [UInt8]) async throws {
            try await base.saveSnapshot(session: session, seq: seq, payload: payload)
        }
        func latestSnapshot(session: String) async throws -> StoredSnapshot? { try await base.latestSnapshot(session: session) }
        func sessions() async throws -> [StoredSession] { try await base.sessions() }
        func session(_ id: String) async throws -> StoredSession? { try await base.session(id) }
        func replaceLog(session: String, createdAt: Int64, metadata: [UInt8], payloads: [[UInt8]]) async throws
            -> StoredSession
        {
            try await base.replaceLog(session: session, createdAt: createdAt, metadata: metadata, payloads: payloads)
        }
        func rewrite(session: String, events: [StoredEvent]) async throws { try await base.rewrite(session: session, events: events) }
        func delete(sessions: [String]) async throws { try await base.delete(sessions: sessions) }
        func claim(session: String, node: String) async throws { try await base.claim(session: session, node: node) }
        func setAside(session: String, keepingFirst keep: Int, reason: String, at: Int64) async throws -> StoredSession? {
            try await base.setAside(session: session, keepingFirst: keep, reason: reason, at: at)
        }
        func setAsideSessions() async throws -> [SetAsideSession] { try await base.setAsideSessions() }
        func close() async { await base.close() }
    }

    private let engine = SessionEngine(registry: Activities.registry)

    /// A stored session with one Briefing step, its host, and a participant who joined.
    private func workshop(_ store: FailingStore, outbound: RecordingOutbound = RecordingOutbound()) async throws
        -> (SessionHost, ParticipantID)
    {
        let briefing = try #require(Activities.registry.driver("briefing")).manifest
        let settings = try ActivitySettings.validated([:], against: briefing.settings).get()
        let setup = SessionSetup(
            id: "stest", title: "Test", locale: "fr", templateID: "test", joinCode: "ABCDEF", facilitatorKeyHash: "",
            agenda: [AgendaStep(title: "Consignes", activity: "briefing", settings: settings, timeboxSeconds: 0)],
            maxParticipants: 50)
        let created = EventEnvelope(seq: 1, at: 0, actor: nil, commandID: nil, event: .sessionCreated(setup: setup))
        _ = try await store.createSession(
            id: setup.id, createdAt: 0, metadata: try SessionCodec.encode(SessionMetadata(setup)),
            firstEvent: try SessionCodec.encode(created), node: "test")
        var state = engine.initialState(setup)
        state.seq = 1
        let host = SessionHost(
            state: state, epoch: 1, engine: engine, store: store, outbound: outbound, clock: .system,
            settings: .init(), logger: Logger(label: "test"))
        let member = try await host.join(name: "Ana", role: .participant, on: ConnectionID(rawValue: 1)).get()
        await host.drained()
        return (host, member)
    }

    private func command(_ host: SessionHost, _ id: String, _ intent: String, by member: ParticipantID) async {
        await host.handle(.activity(["kind": .string(intent)]), commandID: id, from: member, on: ConnectionID(rawValue: 1))
        await host.drained()
    }

    /// The state the stored log folds to.
    private func stored(_ store: FailingStore) async throws -> SessionState {
        let log = try await store.events(session: "stest", after: 0, limit: nil).map {
            try SessionCodec.decode(EventEnvelope.self, $0.payload)
        }
        return try #require(engine.fold(log))
    }

    @Test func whatIsShownIsWhatIsStoredAndRetriesAreJudgedByWhatWasStored() async throws {
        let store = FailingStore(try SQLiteEventStore(path: scratch.path("store.sqlite")))
        let (host, ana) = try await workshop(store)
        await command(host, "c1", "markReady", by: ana)
        await command(host, "c2", "markNotReady", by: ana)
        await command(host, "c3", "markReady", by: ana)

        store.failing.store(true, ordering: .relaxed)
        await command(host, "c4", "markNotReady", by: ana)  // refused: nothing stored
        var log = try await stored(store)
        #expect(await host.committed == log.withoutAcknowledgements)
        #expect(await host.working.withoutAcknowledgements == log.withoutAcknowledgements)
        #expect(await host.working.acknowledged == log.acknowledged, "c1–c3 remembered, c4 forgotten")
        #expect(log.acknowledged[SessionState.acknowledgementKey(ana, "c4")] == nil)

        store.failing.store(false, ordering: .relaxed)
        let before = log.seq
        await command(host, "c3", "markNotReady", by: ana)  // a retry of a stored command: no effect
        #expect(try await stored(store).seq == before)
        await command(host, "c4", "markNotReady", by: ana)  // the refused one, judged again
        log = try await stored(store)
        #expect(log.seq == before + 1)
        #expect(log.acknowledged[SessionState.acknowledgementKey(ana, "c4")] == log.seq)
        #expect(await host.committed == log.withoutAcknowledgements)
        #expect(await host.working == log)
        await store.close()
    }

    /// What the member's connection is told, in order: every ack after its commit with the
    /// seq it landed at, a retry answered with the original seq, a refusal in its turn, a
    /// failed commit refused with `internal`; then a resume gets exactly the gap.
    @Test func answersComeInOrderAfterTheirCommitAndAResumeGetsTheGap() async throws {
        let store = FailingStore(try SQLiteEventStore(path: scratch.path("answers.sqlite")))
        let outbound = RecordingOutbound()
        let (host, ana) = try await workshop(store, outbound: outbound)
        let connection = ConnectionID(rawValue: 1)
        let welcome = try #require(outbound.frames(to: connection).first)
        #expect(welcome["type"] == "welcome" && welcome["participant"] == "p1")
        let token = try #require(welcome["token"]?.stringValue)
        outbound.clear()

        await host.receive(Array(#"{"type":"command","id":"a","intent":{"kind":"activity","intent":{"kind":"markReady"}}}"#.utf8), from: ana, on: connection)
        await host.receive(Array(#"{"type":"command","id":"b","intent":{"kind":"nextStep"}}"#.utf8), from: ana, on: connection)
        await host.receive(Array(#"{"type":"ping"}"#.utf8), from: ana, on: connection)
        await host.receive(Array(#"{"type":"command","id":"a","intent":{"kind":"raiseHand"}}"#.utf8), from: ana, on: connection)
        await host.receive(Array(#"{"type":"join","code":"ABCDEF","name":"X"}"#.utf8), from: ana, on: connection)
        await host.drained()
        let answers = outbound.frames(to: connection).filter { $0["type"] != "patch" }
        let readySeq = try await stored(store).seq
        #expect(
            answers == [
                ["type": "ack", "id": "a", "seq": .int(readySeq)],
                [
                    "type": "error", "code": "forbidden", "id": "b", "message": "a participant may not nextStep",
                    "reason": "role.forbidden", "params": ["role": "participant", "variant": "nextStep"],
                ],
                ["type": "pong"],
                ["type": "ack", "id": "a", "seq": .int(readySeq), "duplicate": true],
                ["type": "error", "code": "conflict", "message": "this connection already belongs to a session"],
            ])

        store.failing.store(true, ordering: .relaxed)
        outbound.clear()
        await host.receive(Array(#"{"type":"command","id":"c","intent":{"kind":"raiseHand"}}"#.utf8), from: ana, on: connection)
        await host.drained()
        // (A coalesced patch of what was committed before may still go out meanwhile.)
        #expect(
            outbound.frames(to: connection).filter { $0["type"] != "patch" } == [
                ["type": "error", "code": "internal", "id": "c", "message": "the command could not be stored; retry"]
            ])
        store.failing.store(false, ordering: .relaxed)

        // Ana's connection drops after the ready mark; she resumes from the seq she held
        // before it and gets exactly the patch she missed, then her own part.
        await host.disconnected(connection, member: ana)
        await host.drained()
        outbound.clear()
        let again = ConnectionID(rawValue: 2)
        #expect((try? await host.resume(ana, token: token, epoch: 1, seq: readySeq - 1, on: again).get()) != nil)
        await host.drained()  // the answer waits for her return to be stored
        let resumed = outbound.frames(to: again)
        #expect(resumed.first?["type"] == "welcome" && resumed.first?["token"] == nil)
        #expect(resumed.dropFirst().dropLast().allSatisfy { $0["type"] == "patch" } && resumed.count >= 4, "\(resumed)")
        #expect(resumed.contains { $0["patch"]?["activity"]?["view"]?["readyCount"] == 1 }, "the missed ready mark")
        #expect(resumed.last?["type"] == "resumed" && resumed.last?["mode"] == "patches")
        // From another epoch, the whole view instead.
        outbound.clear()
        let third = ConnectionID(rawValue: 3)
        #expect((try? await host.resume(ana, token: token, epoch: 7, seq: readySeq, on: third).get()) != nil)
        await host.drained()
        #expect(outbound.frames(to: third).map { $0["type"] } == ["welcome", "snapshot", "resumed"])
        await store.close()
    }
}
