import AtelierEngine
import AtelierKit
import Testing

/// Snapshots leave the remembered command ids to the log (format 2) and still read the
/// format 1 snapshots that carried them.
@Suite struct SnapshotFormatTests {
    /// A workshop with more remembered commands than the memory holds, some with two events.
    static func busyWorkshop() throws -> TestHost {
        var host = try Fixtures.workshop()
        for index in 0..<(SessionState.acknowledgementMemory + 40) {
            if index % 500 == 0 {
                host.commit([.handRaised(id: "p3"), .handLowered(id: "p3")], actor: Member.participant, commandID: "h\(index)")
            } else {
                host.commit([.presenceChanged(id: "p5", online: index % 2 == 0)], actor: Member.otherParticipant, commandID: "c\(index)")
            }
            if index % 3_000 == 0 { host.commit([.presenceChanged(id: "p4", online: index % 2 == 0)], actor: nil, commandID: nil) }
        }
        return host
    }

    @Test func theLogGivesBackWhatTheSnapshotLeavesOutAtAnyCut() throws {
        let host = try Self.busyWorkshop()
        let remembered = try host.log.compactMap { RememberedCommand(envelope: try $0.tree()) }
        for cut in [host.log.count, host.log.count - 1, host.log.count - 777, 12_345, 9] {
            let prefix = Array(host.log.prefix(cut))
            let before = try #require(host.engine.fold(prefix))
            let snapshot = try host.engine.snapshot(of: before)
            #expect(snapshot.acknowledgedOrder == nil && snapshot.acknowledgedSeqs == nil)
            // The remembered commands may include later ones: only those up to the cut count.
            let rebuilt = host.engine.restore(snapshot: snapshot, remembered: remembered, events: Array(host.log.dropFirst(cut)))
            #expect(try rebuilt.get() == host.state, "cut at \(cut)")
        }
    }

    @Test func withoutTheRememberedCommandsARetryWouldNotBeRecognised() throws {
        let host = try Self.busyWorkshop()
        let rebuilt = try host.engine.restore(snapshot: try host.engine.snapshot(of: host.state), events: []).get()
        #expect(rebuilt.acknowledged.isEmpty)
        #expect(rebuilt != host.state)
    }

    @Test func onlyActorAndCommandMakeARememberedCommand() throws {
        let envelope = EventEnvelope(seq: 7, at: 1, actor: "p3", commandID: "x-1", event: .handRaised(id: "p3"))
        #expect(RememberedCommand(envelope: try envelope.tree()) == RememberedCommand(key: "p3/x-1", seq: 7))
        let system = EventEnvelope(seq: 8, at: 1, actor: nil, commandID: nil, event: .timerElapsed)
        #expect(RememberedCommand(envelope: try system.tree()) == nil)
        #expect(RememberedCommand(envelope: ["actor": "p3", "command": "x", "seq": "7"]) == nil)
        #expect(RememberedCommand(envelope: [1, 2]) == nil)
    }

    @Test func aFormatOneSnapshotStillRestoresWithItsIds() throws {
        let host = try Self.busyWorkshop()
        var snapshot = try host.engine.snapshot(of: host.state)
        snapshot.format = 1
        snapshot.acknowledgedOrder = Array(host.state.acknowledgedOrder)
        snapshot.acknowledgedSeqs = Array(host.state.acknowledgedOrder.seqs)
        let decoded = try JSONValueDecoder().decode(SessionSnapshot.self, from: JSONValueEncoder().encode(snapshot))
        #expect(try host.engine.restore(snapshot: decoded, events: []).get() == host.state)
        // Format 1 carries its ids: remembered commands from the log are not needed (nor used).
        #expect(try host.engine.restore(snapshot: decoded, remembered: [RememberedCommand(key: "p9/z", seq: 1)], events: []).get() == host.state)
    }

    @Test func formatAndIdsMustAgree() throws {
        let host = try Fixtures.workshop()
        var withIds = try host.engine.snapshot(of: host.state)
        withIds.acknowledgedOrder = ["p1/a"]
        withIds.acknowledgedSeqs = [3]
        #expect(throws: Rejection.self) { try host.engine.state(from: withIds).get() }
        var without = try host.engine.snapshot(of: host.state)
        without.format = 1
        #expect(throws: Rejection.self) { try host.engine.state(from: without).get() }
        var unknown = try host.engine.snapshot(of: host.state)
        unknown.format = 3
        #expect(throws: Rejection.self) { try host.engine.state(from: unknown).get() }
    }
}
