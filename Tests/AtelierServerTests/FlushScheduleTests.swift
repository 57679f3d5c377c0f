import Testing

@testable import AtelierServer

/// Coalescing: at most one flush per interval, however many commits land.
@Suite struct FlushScheduleTests {
    let start = ContinuousClock.now

    func ms(_ value: Int) -> ContinuousClock.Instant { start + .milliseconds(value) }

    @Test func changesAreFlushedAtOnceThenAtMostOncePerInterval() {
        var schedule = FlushSchedule(interval: .milliseconds(50), now: start)
        var decisions = [schedule.settle(now: start)]  // nothing changed
        schedule.changed()
        decisions.append(schedule.settle(now: start))
        var flushed = [schedule.flush(now: start)]
        schedule.changed()
        decisions.append(schedule.settle(now: ms(10)))
        schedule.changed()
        decisions.append(schedule.settle(now: ms(10)))  // one wake-up for the whole burst
        flushed.append(schedule.flush(now: ms(50)))
        flushed.append(schedule.flush(now: ms(60)))  // nothing left to send
        #expect(decisions == [.nothing, .flushNow, .wake(at: ms(50)), .nothing])
        #expect(flushed == [true, true, false])
    }

    @Test func aForcedFlushSendsWhatIsWaitingAndTheWakeUpFindsNothing() {
        var schedule = FlushSchedule(interval: .milliseconds(50), now: start)
        schedule.changed()
        _ = schedule.flush(now: start)
        schedule.changed()
        let decision = schedule.settle(now: ms(1))
        let forced = schedule.flush(now: ms(2))  // a snapshot forces the flush
        let woken = schedule.flush(now: ms(50))
        #expect(decision == .wake(at: ms(50)) && forced && !woken)
    }
}
