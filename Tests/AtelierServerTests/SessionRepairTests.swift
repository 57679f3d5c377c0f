import AtelierEngine
import AtelierKit
import AtelierStore
import AtelierTransport
import Foundation
import Logging
import TestSupport
import Testing

@testable import AtelierServer

/// Damaged sessions: what the server and `atelier sessions list` / `repair` make of a log
/// that does not rebuild. Over a real SQLite file.
@Suite struct SessionRepairTests {
    let scratch = ScratchDirectory()
    let engine = SessionEngine(registry: Activities.registry)

    func store() throws -> SQLiteEventStore {
        try SQLiteEventStore(path: scratch.path("repair-\(UUID().uuidString).sqlite"))
    }

    func setup(_ id: String, code: String, activity: String = "briefing") throws -> SessionSetup {
        let settings = try ActivitySettings.validated([:], against: Activities.registry.driver("briefing")!.manifest.settings).get()
        return SessionSetup(
            id: id, title: "Atelier \(id)", locale: "fr", templateID: "t", joinCode: code, facilitatorKeyHash: "h",
            agenda: [AgendaStep(title: "Accueil", activity: activity, settings: settings, timeboxSeconds: 0)],
            maxParticipants: 10)
    }

    func envelope(_ seq: Int, _ event: SessionEvent) throws -> [UInt8] {
        try SessionCodec.encode(EventEnvelope(seq: seq, at: Int64(seq), actor: nil, commandID: nil, event: event))
    }

    /// A sound session with `members` joined after its first event.
    @discardableResult
    func stored(_ setup: SessionSetup, in store: any EventStore, members: Int = 2) async throws -> StoredSession {
        _ = try await store.createSession(
            id: setup.id, createdAt: 1, metadata: try SessionCodec.encode(SessionMetadata(setup)),
            firstEvent: envelope(1, .sessionCreated(setup: setup)), node: nil)
        let joins = try (0..<members).map {
            try envelope($0 + 2, .participantJoined(id: ParticipantID("p\($0 + 1)"), name: "M\($0)", role: .participant, tokenHash: "t"))
        }
        _ = try await store.append(session: setup.id, after: 1, payloads: joins)
        return try #require(try await store.session(setup.id))
    }

    @Test func eachKindOfDamageIsNamed() async throws {
        let store = try store()
        let maintenance = SessionMaintenance(store: store)
        try await stored(try setup("sound", code: "AAAAAA"), in: store)
        try await stored(try setup("garbled", code: "BBBBBB"), in: store)
        _ = try await store.append(session: "garbled", after: 3, payloads: [Array("{not json".utf8), envelope(5, .handRaised(id: "p1"))])
        try await stored(try setup("gone", code: "CCCCCC", activity: "vanished"), in: store)
        // A row whose first event never came (what three separate writes left after a crash).
        _ = try await store.createSession(
            id: "headless", createdAt: 1, metadata: try SessionCodec.encode(SessionMetadata(try setup("headless", code: "DDDDDD"))),
            firstEvent: envelope(1, .handRaised(id: "p1")), node: nil)
        let damage = Dictionary(uniqueKeysWithValues: try await maintenance.list().map { ($0.id, $0.damage) })
        #expect(damage["sound"] == .some(nil))
        #expect(damage["garbled"] == "the event at seq 4 does not decode")
        #expect(damage["gone"] == #"its agenda uses the activity "vanished", which this build does not have"#)
        #expect(damage["headless"] == "the log does not start with sessionCreated")
        await store.close()
    }

    @Test func repairKeepsWhatRebuildsAndKeepsTheRestAside() async throws {
        let store = try store()
        let maintenance = SessionMaintenance(store: store)
        try await stored(try setup("s1", code: "AAAAAA"), in: store)
        _ = try await store.append(session: "s1", after: 3, payloads: [Array("{not json".utf8), envelope(5, .handRaised(id: "p1"))])
        #expect(try await maintenance.repair(session: "s1", now: 42) == .rebuilt(kept: 3, of: 5, reason: "the event at seq 4 does not decode"))
        let record = try #require(try await store.session("s1"))
        #expect(record.lastSeq == 3 && record.epoch == 2)
        #expect(try await maintenance.list().map(\.damage) == [nil])
        #expect(try await maintenance.repair(session: "s1", now: 43) == .sound)
        #expect(
            try await maintenance.setAside() == [
                SetAsideSession(id: "s1", setAsideAt: 42, reason: "the event at seq 4 does not decode", lastSeq: 5, events: 5, keptLive: 3)
            ])
        await store.close()
    }

    @Test func repairMovesAsideWhatDoesNotRebuildAtAll() async throws {
        let store = try store()
        let maintenance = SessionMaintenance(store: store)
        try await stored(try setup("gone", code: "CCCCCC", activity: "vanished"), in: store, members: 1)
        #expect(
            try await maintenance.repair(session: "gone", now: 7)
                == .movedAside(events: 2, reason: #"its agenda uses the activity "vanished", which this build does not have"#))
        #expect(try await store.sessions().isEmpty)
        #expect(try await maintenance.setAside().map(\.events) == [2])
        await #expect(throws: StoreError.unknownSession("gone")) { try await maintenance.repair(session: "gone", now: 8) }
        await store.close()
    }

    @Test func theServerSetsADamagedSessionAsideAndServesTheOthers() async throws {
        let store = try store()
        try await stored(try setup("sound", code: "AAAAAA"), in: store)
        try await stored(try setup("broken", code: "BBBBBB"), in: store)
        _ = try await store.append(session: "broken", after: 3, payloads: [envelope(9, .handRaised(id: "p1"))])
        let directory = SessionDirectory(
            engine: engine, store: store,
            outbound: RecordingOutbound(),
            clock: .system, hostSettings: .init(), maxParticipants: 10, node: "test", logger: Logger(label: "test"))
        #expect(try await directory.restoreAll() == 1)
        #expect(directory.damaged.all == ["broken": "the event at seq 4 does not decode"])
        guard case .success = await directory.host(code: "AAAAAA") else {
            Issue.record("the sound session is not served")
            return
        }
        guard case .failure(let refusal) = await directory.host(code: "BBBBBB") else {
            Issue.record("a damaged session was served")
            return
        }
        #expect(refusal.code == .unavailable)
        // Repaired (here directly in the store), it is served on the next visit and no longer counted.
        #expect(try await SessionMaintenance(store: store).repair(session: "broken", now: 1) != .sound)
        guard case .success = await directory.host(code: "BBBBBB") else {
            Issue.record("the repaired session is not served")
            return
        }
        #expect(directory.damaged.count == 0)
        await store.close()
    }
}
