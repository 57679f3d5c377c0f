import Testing

@testable import AtelierServer

/// The commit pipeline as a value: what it asks its host to do, in order, with answers
/// named by letters and states by numbers.
@Suite struct CommitPipelineTests {
    typealias Pipeline = CommitPipeline<String, Int>

    /// A decision storing `events` one-byte payloads (0: an answer alone).
    func decision(_ answer: String, events: Int = 1) -> Pipeline.Decision {
        .init(payloads: Array(repeating: [0x7B], count: events), answer: answer)
    }

    /// Expects these actions, in this order.
    func check(
        _ actions: [Pipeline.Action], _ expected: [String], _ comment: Comment? = nil, sourceLocation: SourceLocation = #_sourceLocation
    ) {
        #expect(text(actions) == expected, comment, sourceLocation: sourceLocation)
    }

    /// The actions as text, to compare whole sequences at a glance.
    func text(_ actions: [Pipeline.Action]) -> [String] {
        actions.map { action in
            switch action {
            case .store(let after, let payloads): "store \(payloads.count) after \(after)"
            case .publish(let state): "publish \(state)"
            case .answer(let answer): "answer \(answer)"
            case .refuse(let answer): "refuse \(answer)"
            case .rewind: "rewind"
            case .stopHosting: "stop hosting"
            }
        }
    }

    @Test func answersAloneAreAnsweredAtOnceWhenNothingIsInFlight() {
        var pipeline = Pipeline(seq: 5)
        pipeline.enqueue(decision("pong", events: 0))
        pipeline.enqueue(decision("retry", events: 0))
        check(pipeline.next(state: 5), ["answer pong", "answer retry"])
        #expect(pipeline.isIdle && pipeline.storedSeq == 5)
    }

    @Test func answersWaitBehindTheCommitsBeforeThemAndDecisionsCoalesce() {
        var pipeline = Pipeline(seq: 1)
        pipeline.enqueue(decision("a", events: 2))
        check(pipeline.next(state: 3), ["store 2 after 1"])
        // Decided while `a` is in flight: a pong, two commands, a refusal. None leaves yet.
        pipeline.enqueue(decision("pong", events: 0))
        pipeline.enqueue(decision("b"))
        pipeline.enqueue(decision("c"))
        pipeline.enqueue(decision("refusal", events: 0))
        let nothing = pipeline.next(state: 5)
        #expect(nothing.isEmpty)
        #expect(!pipeline.isIdle && pipeline.storedSeq == 3)
        // `a` lands: the next batch (everything queued, in one commit) leaves first, then a is answered.
        check(pipeline.landed(state: 5), ["publish 3", "store 2 after 3", "answer a"])
        check(pipeline.landed(state: 5), ["publish 5", "answer pong", "answer b", "answer c", "answer refusal"])
        #expect(pipeline.isIdle && pipeline.durableSeq == 5)
    }

    @Test func whenOnlyAnswersWaitTheyFollowTheLandedBatchesAnswers() {
        var pipeline = Pipeline(seq: 0)
        pipeline.enqueue(decision("a"))
        _ = pipeline.next(state: 1)
        pipeline.enqueue(decision("pong", events: 0))
        check(pipeline.landed(state: 1), ["publish 1", "answer a", "answer pong"])
    }

    @Test func aFailedCommitRefusesItsBatchAndEverythingBehindIt() {
        var pipeline = Pipeline(seq: 10)
        pipeline.enqueue(decision("a"))
        _ = pipeline.next(state: 11)
        pipeline.enqueue(decision("b"))
        pipeline.enqueue(decision("pong", events: 0))
        check(pipeline.failed(leaseLost: false), ["rewind", "refuse a", "refuse b", "refuse pong"])
        #expect(pipeline.isHosting && pipeline.isIdle && pipeline.storedSeq == 10)
        // The next decision appends where the durable log ends.
        pipeline.enqueue(decision("c"))
        check(pipeline.next(state: 11), ["store 1 after 10"])
        check(pipeline.landed(state: 11), ["publish 11", "answer c"])
    }

    @Test func aLostLeaseStopsTheSessionHere() {
        var pipeline = Pipeline(seq: 3)
        pipeline.enqueue(decision("a"))
        _ = pipeline.next(state: 4)
        check(pipeline.failed(leaseLost: true), ["rewind", "refuse a", "stop hosting"])
        #expect(!pipeline.isHosting && pipeline.phase == .stopped)
        pipeline.enqueue(decision("late"))
        check(pipeline.next(state: 5), [], "nothing leaves once stopped")
    }

    @Test func landingOrFailingWithNothingInFlightDoesNothing() {
        var pipeline = Pipeline(seq: 0)
        let landed = pipeline.landed(state: 0)
        let failed = pipeline.failed(leaseLost: true)
        #expect(landed.isEmpty && failed.isEmpty)
        #expect(pipeline.isHosting)
    }
}

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

/// What a reconnecting member gets.
@Suite struct ResumePlanTests {
    func ring() -> PatchRing {
        var ring = PatchRing(capacity: 3, origin: 10)
        for seq in 11...14 { ring.append(.init(base: seq - 1, seq: seq, frame: [UInt8(seq)])) }
        return ring  // holds 12, 13, 14 (11 fell out): gaps from 11 on can be served
    }

    func plan(epoch: Int = 1, seq: Int, roleSince: Int = 0) -> ResumePlan {
        ResumePlan.plan(clientEpoch: epoch, seq: seq, epoch: 1, flushedSeq: 14, roleSince: roleSince, ring: ring())
    }

    @Test func exactlyTheMissedPatchesWhileTheyAreKept() {
        #expect(plan(seq: 12) == .gap([[13], [14]]))
        #expect(plan(seq: 11) == .gap([[12], [13], [14]]))
        #expect(plan(seq: 14) == .gap([]))
    }

    @Test func aSnapshotOtherwise() {
        #expect(plan(seq: 10) == .snapshot, "older than the ring")
        #expect(plan(epoch: 2, seq: 12) == .snapshot, "another epoch")
        #expect(plan(seq: 15) == .snapshot, "ahead of what was flushed")
        #expect(plan(seq: 12, roleSince: 13) == .snapshot, "from before a role change")
    }
}

/// The one dispatch of client messages.
@Suite struct ClientRouteTests {
    func route(_ text: String, bound: Bool) -> ClientRoute { ClientRoute.route(Array(text.utf8), bound: bound) }

    @Test func boundAndUnboundConnectionsAreDispatchedAlike() {
        let command = #"{"type":"command","id":"c1","intent":{"kind":"nextStep"}}"#
        #expect(route(command, bound: true) == .command(.nextStep, commandID: "c1"))
        #expect(route(command, bound: false) == .refuse(ClientRoute.unbound, commandID: "c1"))
        let join = #"{"type":"join","code":"ABC234","name":"Ana"}"#
        #expect(route(join, bound: false) == .bind(.join(code: "ABC234", name: "Ana", observer: false)))
        #expect(route(join, bound: true) == .refuse(ClientMessage.alreadyBound, commandID: nil))
        for bound in [true, false] {
            #expect(route(#"{"type":"ping"}"#, bound: bound) == .pong)
            #expect(route("nope", bound: bound) == .refuse(.badRequest("a message must be a JSON object"), commandID: nil))
            guard case .refuse(let rejection, "c2") = route(#"{"type":"command","id":"c2","intent":{"kind":"fly"}}"#, bound: bound)
            else {
                Issue.record("an unknown intent keeps its command id")
                continue
            }
            #expect(rejection.code == .badRequest)
        }
    }
}
