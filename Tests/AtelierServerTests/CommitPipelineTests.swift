import Testing

@testable import AtelierServer

/// The commit pipeline as a value: what it asks its host to do, in order, with answers
/// named by letters and states by numbers.
@Suite struct CommitPipelineTests {
    typealias Pipeline = CommitPipeline<String, Int>

    /// Queues a decision storing `events` one-byte payloads (0: an answer alone).
    func enqueue(_ pipeline: inout Pipeline, _ answer: String, events: Int = 1) {
        pipeline.enqueue(answer, storing: Array(repeating: [0x7B], count: events))
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
        enqueue(&pipeline, "pong", events: 0)
        enqueue(&pipeline, "retry", events: 0)
        check(pipeline.next(state: 5), ["answer pong", "answer retry"])
        #expect(pipeline.isIdle && pipeline.storedSeq == 5)
    }

    @Test func answersWaitBehindTheCommitsBeforeThemAndDecisionsCoalesce() {
        var pipeline = Pipeline(seq: 1)
        enqueue(&pipeline, "a", events: 2)
        check(pipeline.next(state: 3), ["store 2 after 1"])
        // Decided while `a` is in flight: a pong, two commands, a refusal. None leaves yet.
        enqueue(&pipeline, "pong", events: 0)
        enqueue(&pipeline, "b")
        enqueue(&pipeline, "c")
        enqueue(&pipeline, "refusal", events: 0)
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
        enqueue(&pipeline, "a")
        _ = pipeline.next(state: 1)
        enqueue(&pipeline, "pong", events: 0)
        check(pipeline.landed(state: 1), ["publish 1", "answer a", "answer pong"])
    }

    @Test func aFailedCommitRefusesItsBatchAndEverythingBehindIt() {
        var pipeline = Pipeline(seq: 10)
        enqueue(&pipeline, "a")
        _ = pipeline.next(state: 11)
        enqueue(&pipeline, "b")
        enqueue(&pipeline, "pong", events: 0)
        check(pipeline.failed(leaseLost: false), ["rewind", "refuse a", "refuse b", "refuse pong"])
        #expect(pipeline.isHosting && pipeline.isIdle && pipeline.storedSeq == 10)
        // The next decision appends where the durable log ends.
        enqueue(&pipeline, "c")
        check(pipeline.next(state: 11), ["store 1 after 10"])
        check(pipeline.landed(state: 11), ["publish 11", "answer c"])
    }

    @Test func aLostLeaseStopsTheSessionHere() {
        var pipeline = Pipeline(seq: 3)
        enqueue(&pipeline, "a")
        _ = pipeline.next(state: 4)
        check(pipeline.failed(leaseLost: true), ["rewind", "refuse a", "stop hosting"])
        #expect(!pipeline.isHosting && pipeline.phase == .stopped)
        enqueue(&pipeline, "late")
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
