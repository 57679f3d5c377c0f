import AtelierEngine
import AtelierKit
import Testing

/// The replay index: the state it gives at any seq is the fold of the log up to that seq,
/// across its kept states, and a member's view is their audience's view with their own part.
@Suite struct ReplayIndexTests {
    /// A log longer than two strides: joins, hands, timers, steps and ready marks.
    static func session() throws -> TestHost {
        var host = try Fixtures.workshop()
        for round in 0..<700 {
            host.advance(seconds: 1)
            switch round % 6 {
            case 0: try host.accept(.raiseHand, by: Member.participant)
            case 1: try host.accept(.lowerHand(nil), by: Member.participant)
            case 2: try host.accept(.briefing(round % 12 == 2 ? "markReady" : "markNotReady"), by: Member.otherParticipant)
            case 3: try host.accept(.startTimer(seconds: 60), by: Member.lead)
            case 4: try host.accept(round == 4 || round == 148 ? .nextStep : .resetTimer, by: Member.lead)
            default: if round % 60 == 5 { try host.join("Invité \(round)") } else { try host.accept(.raiseHand, by: Member.otherParticipant) }
            }
        }
        return host
    }

    @Test func theStateAtEverySeqIsTheFoldOfTheLogUpToIt() throws {
        let host = try Self.session()
        let index = try #require(ReplayIndex(engine: host.engine, log: host.log))
        #expect(index.lastSeq == host.log.count)
        #expect(index.lastSeq > 2 * ReplayIndex.stride)
        for seq in [1, 2, ReplayIndex.stride - 1, ReplayIndex.stride, ReplayIndex.stride + 1, 2 * ReplayIndex.stride, index.lastSeq - 1, index.lastSeq] {
            #expect(index.state(at: seq) == host.engine.fold(Array(host.log.prefix(seq))), "seq \(seq)")
        }
        for seq in stride(from: 1, through: index.lastSeq, by: 37) {
            #expect(index.view(at: seq, for: .participant) == host.engine.view(of: host.engine.fold(Array(host.log.prefix(seq)))!, for: .participant))
        }
    }

    @Test func aGrowingLogIsAppendedAndAMemberSeesTheirOwnPart() throws {
        let host = try Self.session()
        var index = try #require(ReplayIndex(engine: host.engine, log: Array(host.log.prefix(100))))
        index.append(host.log.dropFirst(100))
        index.append(host.log.suffix(5))  // already there: ignored
        #expect(index.lastSeq == host.log.count)
        #expect(index.state(at: index.lastSeq) == host.state)
        let mine = try #require(index.view(at: index.lastSeq, of: Member.participant))
        #expect(mine["me"]?["id"] == .string(Member.participant.rawValue))
        #expect(mine["activity"] == host.engine.view(of: host.state, for: .participant)["activity"])
        #expect(index.view(at: 2, of: Member.otherParticipant) == nil)  // not joined yet at seq 2
        #expect(index.markers.contains { $0.kind == "stepChanged" })
        #expect(index.markers.contains { $0.kind == "timerStarted" })
        #expect(index.moments.map(\.seq) == Array(1...index.lastSeq))
    }
}
