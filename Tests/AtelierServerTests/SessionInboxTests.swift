import AtelierKit
import AtelierTransport
import Testing

@testable import AtelierServer

/// A session's inbox asks for one turn at a time and hands over what arrived during a turn.
@Suite struct SessionInboxTests {
    private func message(_ index: Int) -> SessionInbox.Item {
        .message(ConnectionID(rawValue: UInt64(index)), ParticipantID("p\(index)"), [UInt8(truncatingIfNeeded: index)])
    }

    private func connections(_ items: [SessionInbox.Item]) -> [UInt64] {
        items.map { item in
            switch item {
            case .message(let connection, _, _), .closed(let connection, _): connection.rawValue
            }
        }
    }

    @Test func onlyTheFirstPostOfAnIdleInboxSchedulesATurn() {
        let inbox = SessionInbox()
        #expect(inbox.isIdle)
        #expect(inbox.post(message(1)))
        #expect(!inbox.post(message(2)))
        #expect(!inbox.post(.closed(ConnectionID(rawValue: 3), ParticipantID("p3"))))
        #expect(!inbox.isIdle)
        var batch: [SessionInbox.Item] = []
        inbox.take(into: &batch)
        #expect(connections(batch) == [1, 2, 3])
        #expect(!inbox.post(message(4)), "a post during a turn is left to that turn's end")
        #expect(inbox.endTurn(), "more arrived: the turn goes on")
        batch.removeAll()
        inbox.take(into: &batch)
        #expect(connections(batch) == [4])
        #expect(!inbox.endTurn())
        #expect(inbox.isIdle)
        #expect(inbox.post(message(5)), "idle again: the next post schedules a turn")
    }

    @Test func postsFromManyThreadsAreAllTakenOnceInEachPostersOrder() async {
        let inbox = SessionInbox()
        let turns = await withTaskGroup(of: Int.self) { group in
            for poster in 0..<8 {
                group.addTask {
                    var scheduled = 0
                    for index in 0..<500 where inbox.post(self.message(poster * 1000 + index)) { scheduled += 1 }
                    return scheduled
                }
            }
            return await group.reduce(0, +)
        }
        #expect(turns == 1, "nobody ended the turn: only one was scheduled")
        var taken: [SessionInbox.Item] = []
        inbox.take(into: &taken)
        #expect(!inbox.endTurn())
        let seen = connections(taken)
        #expect(seen.count == 8 * 500)
        for poster in 0..<8 {
            let own = seen.filter { $0 / 1000 == UInt64(poster) }
            #expect(own == (0..<500).map { UInt64(poster * 1000 + $0) })
        }
    }
}
