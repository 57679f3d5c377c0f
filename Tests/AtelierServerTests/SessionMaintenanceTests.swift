import AtelierEngine
import AtelierKit
import AtelierStore
import Foundation
import TestSupport
import Testing

@testable import AtelierServer

@Suite struct SessionMaintenanceTests {
    let scratch = ScratchDirectory()

    /// A stored session: created, two members joined, one marked ready.
    func storedSession() async throws -> (SessionMaintenance, any EventStore, String) {
        let path = scratch.path("maint-\(UUID().uuidString).sqlite")
        let store = try SQLiteEventStore(path: path)
        let engine = SessionEngine(registry: Activities.registry)
        let template = SessionTemplate(
            id: "t", title: "Atelier", locale: "fr", agenda: [.init(title: "Accueil", activity: "briefing")])
        let agenda = try template.validatedAgenda(registry: Activities.registry).get()
        let setup = SessionSetup(
            id: "s1", title: "Atelier", locale: "fr", templateID: "t", joinCode: "ABCDEF", facilitatorKeyHash: "h",
            agenda: agenda, maxParticipants: 10)
        let events: [(ParticipantID?, SessionEvent)] = [
            (nil, .sessionCreated(setup: setup)),
            (nil, .participantJoined(id: "p1", name: "Camille Dupont", role: .participant, tokenHash: "x")),
            (nil, .participantJoined(id: "p2", name: "Léo Martin", role: .participant, tokenHash: "y")),
            ("p1", .activity(step: 0, event: ["readyMarked": ["_0": "p1"]])),
        ]
        let envelopes = events.enumerated().map { index, item in
            EventEnvelope(seq: index + 1, at: Int64(index), actor: item.0, commandID: item.0 == nil ? nil : "c1", event: item.1)
        }
        let payloads = try envelopes.map { try SessionCodec.encode($0) }
        _ = try await store.createSession(
            id: "s1", createdAt: 1, metadata: try SessionCodec.encode(SessionMetadata(setup)), firstEvent: payloads[0], node: "test")
        _ = try await store.append(session: "s1", after: 1, payloads: Array(payloads.dropFirst()))
        #expect(engine.fold(envelopes)?.activities.first != nil)
        return (SessionMaintenance(store: store), store, "s1")
    }

    @Test func erasureReplacesTheNameAndKeepsTheLogReplayable() async throws {
        let (maintenance, store, id) = try await storedSession()
        let changed = try await maintenance.erase(session: id, participant: "p1", removeTexts: true)
        #expect(changed == 1)
        let envelopes = try await store.events(session: id, after: 0, limit: nil)
            .map { try SessionCodec.decode(EventEnvelope.self, $0.payload) }
        let state = try #require(SessionEngine(registry: Activities.registry).fold(envelopes))
        #expect(state.members["p1"]?.name == "Participant 1")
        #expect(state.members["p2"]?.name == "Léo Martin")
        #expect(try await store.session(id)?.epoch == 2)
        await #expect(throws: MaintenanceError.unknownMember("p9")) {
            try await maintenance.erase(session: id, participant: "p9", removeTexts: false)
        }
    }

    @Test func anExportedLogImportsElsewhereAndReplaysTheSame() async throws {
        let (maintenance, store, id) = try await storedSession()
        let exported = try await maintenance.exportLog(session: id)
        let otherPath = scratch.path("maint-\(UUID().uuidString).sqlite")
        let other = SessionMaintenance(store: try SQLiteEventStore(path: otherPath))
        let imported = try await other.importLog(exported, replace: false)
        #expect(imported.lastSeq == 4 && imported.epoch == 1)
        #expect(try await other.exportLog(session: id).count == exported.count)
        await #expect(throws: MaintenanceError.exists(id)) { try await other.importLog(exported, replace: false) }
        #expect(try await other.importLog(exported, replace: true).epoch == 2)
        _ = store
    }

    @Test func aDamagedLogIsRefusedBeforeAnythingIsStored() async throws {
        let (maintenance, _, id) = try await storedSession()
        var lines = try await maintenance.exportLog(session: id).split(separator: 0x0A).map(Array.init)
        lines.remove(at: 2)  // a gap in seq
        let damaged = Array(lines.joined(separator: [0x0A]))
        let otherPath = scratch.path("maint-\(UUID().uuidString).sqlite")
        let otherStore = try SQLiteEventStore(path: otherPath)
        let other = SessionMaintenance(store: otherStore)
        await #expect(throws: MaintenanceError.self) { try await other.importLog(damaged, replace: false) }
        await #expect(throws: MaintenanceError.self) { try await other.importLog(Array("not a log".utf8), replace: false) }
        #expect(try await otherStore.sessions().isEmpty)
    }

    @Test func purgeDeletesOnlyOlderSessions() async throws {
        let (maintenance, store, _) = try await storedSession()
        _ = try await store.createSession(
            id: "recent", createdAt: 1_000, metadata: Array("{}".utf8), firstEvent: Array("{}".utf8), node: "test")
        #expect(try await maintenance.purge(createdBefore: 500, dryRun: true) == ["s1"])
        #expect(try await store.sessions().count == 2)
        #expect(try await maintenance.purge(createdBefore: 500, dryRun: false) == ["s1"])
        #expect(try await store.sessions().map(\.id) == ["recent"])
    }

    @Test func durationsParse() {
        #expect(DurationText.milliseconds("90d") == 7_776_000_000)
        #expect(DurationText.milliseconds("12h") == 43_200_000)
        #expect(DurationText.milliseconds("45s") == 45_000)
        #expect(DurationText.milliseconds("5w") == nil)
        #expect(DurationText.milliseconds("-3d") == nil)
        #expect(DurationText.milliseconds("d") == nil)
    }
}
