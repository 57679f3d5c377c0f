import AtelierEngine
import Testing

@Suite struct RecentKeysTests {
    @Test func forgettingTheOldestKeepsTheRestInOrder() {
        var keys: RecentKeys = []
        var model: [String] = []
        for index in 0..<5000 {
            keys.append("k\(index)")
            model.append("k\(index)")
            if index % 3 == 0, model.count > 10 {
                let drop = index % 7
                keys.removeFirst(drop)
                model.removeFirst(drop)
            }
            if index % 97 == 0 { #expect(Array(keys) == model) }
        }
        #expect(Array(keys) == model)
        #expect(keys.count == model.count && keys.first == model.first && keys.last == model.last)
        #expect(keys == RecentKeys(model))
        #expect(RecentKeys(["a", "b"]) == ["a", "b"])
        #expect(RecentKeys(["a", "b"]) != ["b"])
    }
}

extension RecentKeysTests {
    @Test func seqsFollowTheirKeysThroughUpdatesAndEviction() {
        var keys = RecentKeys(["a", "b"], seqs: [1, 2])
        keys.append("c", seq: 3)
        keys.update("c", seq: 4)
        keys.update("a", seq: 5)
        #expect(Array(keys.seqs) == [5, 2, 4])
        for index in 0..<200 { keys.append("k\(index)", seq: 10 + index) }
        keys.removeFirst(150)
        #expect(Array(keys) == (147..<200).map { "k\($0)" })
        #expect(Array(keys.seqs) == (147..<200).map { 10 + $0 })
    }

    @Test func theSnapshotSeqsAreTheRememberedOnes() throws {
        var host = try Fixtures.workshop()
        host.commit([.handRaised(id: "p3"), .handLowered(id: "p3")], actor: Member.participant, commandID: "two")
        for index in 0..<(SessionState.acknowledgementMemory + 10) {
            host.commit([.presenceChanged(id: "p5", online: index % 2 == 0)], actor: Member.otherParticipant, commandID: "c\(index)")
        }
        host.commit([.handRaised(id: "p3"), .handLowered(id: "p3")], actor: Member.participant, commandID: "again")
        let state = host.state
        #expect(Array(state.acknowledgedOrder.seqs) == state.acknowledgedOrder.map { state.acknowledged[$0]! })
        #expect(state.acknowledged["p3/again"] == state.seq)
        let snapshot = try host.engine.snapshot(of: state)
        #expect(snapshot.format == 2 && snapshot.needsRememberedCommands)
        let remembered = try host.log.compactMap { RememberedCommand(envelope: try $0.tree()) }
        #expect(try host.engine.restore(snapshot: snapshot, remembered: remembered, events: []).get() == state)
    }
}

extension RecentKeysTests {
    @Test func forgettingChosenKeysKeepsTheOthersWithTheirSeqs() {
        var keys = RecentKeys(["a", "b", "c", "d", "e"], seqs: [1, 2, 3, 4, 5])
        keys.removeFirst(1)
        keys.forget(["c", "e", "zz"])
        #expect(Array(keys) == ["b", "d"])
        #expect(Array(keys.seqs) == [2, 4])
        keys.append("f", seq: 6)
        #expect(Array(keys) == ["b", "d", "f"] && Array(keys.seqs) == [2, 4, 6])
    }

    @Test func aStateForgetsOnlyTheAcknowledgementsItIsTold() throws {
        var state = try Fixtures.workshop().state
        let engine = try Fixtures.workshop().engine
        for (index, actor) in [Member.participant, Member.otherParticipant, Member.participant].enumerated() {
            let envelope = EventEnvelope(
                seq: state.seq + 1, at: Fixtures.t0, actor: actor, commandID: "c\(index)", event: .commandAcknowledged)
            engine.apply(envelope, to: &state)
        }
        let kept = SessionState.acknowledgementKey(Member.otherParticipant, "c1")
        let gone = [SessionState.acknowledgementKey(Member.participant, "c0"), SessionState.acknowledgementKey(Member.participant, "c2")]
        let before = state.acknowledged.count
        state.forgetAcknowledgements(Set(gone))
        #expect(state.acknowledged.count == before - 2)
        #expect(state.acknowledged[kept] != nil && gone.allSatisfy { state.acknowledged[$0] == nil })
        #expect(!state.acknowledgedOrder.contains(gone[0]) && state.acknowledgedOrder.contains(kept))
        #expect(Set(state.acknowledgedOrder) == Set(state.acknowledged.keys))
        let bare = state.withoutAcknowledgements
        #expect(bare.acknowledged.isEmpty && bare.acknowledgedOrder.isEmpty)
        #expect(bare.members == state.members && bare.seq == state.seq && bare.activities == state.activities)
    }
}
