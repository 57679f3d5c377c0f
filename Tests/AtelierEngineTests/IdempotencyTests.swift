import AtelierEngine
import AtelierKit
import Testing

@Suite struct IdempotencyTests {
    @Test func anAcceptedCommandIsRememberedWithItsSeq() throws {
        var host = try Fixtures.workshop()
        try host.accept(.nextStep, by: Member.lead, id: "c1")
        #expect(host.state.acknowledged["p1/c1"] == host.state.seq)
        #expect(host.state.acknowledgedOrder == ["p1/c1"])
        #expect(SessionState.acknowledgementKey(Member.lead, "c1") == "p1/c1")
    }

    @Test func theMemorySurvivesFold() throws {
        var host = try Fixtures.workshop()
        try host.accept(.nextStep, by: Member.lead, id: "c1")
        try host.accept(.raiseHand, by: Member.participant, id: "c1")
        try host.accept(.briefing("markReady"), by: Member.otherParticipant, id: "x-9")
        let rebuilt = try #require(host.engine.fold(host.log))
        #expect(rebuilt == host.state)
        #expect(rebuilt.acknowledged == ["p1/c1": 7, "p3/c1": 8, "p5/x-9": 9])
        #expect(rebuilt.acknowledgedOrder == ["p1/c1", "p3/c1", "p5/x-9"])
    }

    @Test func rejectedNoOpAndSystemCommandsAreNotRemembered() throws {
        var host = try Fixtures.workshop()
        #expect(host.send(.nextStep, by: Member.participant, id: "c1").code == .forbidden)
        #expect(try host.accept(.resetTimer, by: Member.lead, id: "c2") == [])
        #expect(try host.system(.setPresence(Member.participant, online: true)).get().count == 1)
        #expect(host.state.acknowledged.isEmpty && host.state.acknowledgedOrder.isEmpty)
    }

    @Test func aCommandWithSeveralEventsIsAnsweredByItsLastSeq() throws {
        var host = try Fixtures.workshop()
        let envelopes = host.commit([.handRaised(id: "p3"), .handRaised(id: "p5")], actor: Member.lead, commandID: "c1")
        #expect(host.state.acknowledged["p1/c1"] == envelopes.last?.seq)
        #expect(host.state.acknowledgedOrder == ["p1/c1"])
    }

    @Test func theMemoryIsBounded() throws {
        let memory = SessionState.acknowledgementMemory
        var host = try Fixtures.workshop()
        let overflow = 25
        for index in 0..<(memory + overflow) {
            let event = SessionEvent.presenceChanged(id: "p3", online: index % 2 == 0)
            host.commit([event], actor: Member.participant, commandID: "c\(index)")
        }
        #expect(host.state.acknowledged.count == memory)
        #expect(host.state.acknowledgedOrder.count == memory)
        #expect(host.state.acknowledgedOrder.first == "p3/c\(overflow)")
        #expect(host.state.acknowledged["p3/c0"] == nil)
        #expect(host.state.acknowledged["p3/c\(overflow - 1)"] == nil)
        #expect(host.state.acknowledged["p3/c\(overflow)"] != nil)
        #expect(host.state.acknowledged["p3/c\(memory + overflow - 1)"] == host.state.seq)
        #expect(Set(host.state.acknowledged.keys) == Set(host.state.acknowledgedOrder))
        #expect(host.engine.fold(host.log) == host.state)
    }
}
