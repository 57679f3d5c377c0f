import AtelierEngine
import AtelierKit
import Testing

@testable import AtelierServer

@Suite struct ClientMessageTests {
    func parse(_ text: String) -> Result<ClientMessage, ProtocolFailure> { ClientMessage.parse(Array(text.utf8)) }

    @Test func joinFacilitateResumeCommandAndPingParse() throws {
        #expect(try parse(#"{"type":"join","code":"abc234","name":"Ana"}"#).get() == .join(code: "abc234", name: "Ana", observer: false))
        #expect(try parse(#"{"type":"join","code":"ABC234","name":"Ana","role":"observer"}"#).get() == .join(code: "ABC234", name: "Ana", observer: true))
        #expect(
            try parse(#"{"type":"facilitate","session":"s1","invite":"k"}"#).get()
                == .facilitate(session: "s1", trainerToken: nil, invite: "k", name: ""))
        #expect(
            try parse(#"{"type":"resume","session":"s1","participant":"p2","token":"t","epoch":1,"seq":9}"#).get()
                == .resume(session: "s1", participant: "p2", token: "t", epoch: 1, seq: 9))
        #expect(try parse(#"{"type":"command","id":"c1","intent":{"kind":"nextStep"}}"#).get() == .command(commandID: "c1", intent: .nextStep))
        #expect(try parse(#"{"type":"ping"}"#).get() == .ping)
    }

    @Test(arguments: [
        "not json", "[1,2]", "42", #"{"kind":"join"}"#, #"{"type":7}"#, #"{"type":"dance"}"#,
        #"{"type":"join","code":5,"name":"Ana"}"#, #"{"type":"join","code":"ABC234"}"#,
        #"{"type":"join","code":"ABC234","name":"Ana","role":"facilitator"}"#,
        #"{"type":"facilitate","session":"s1"}"#, #"{"type":"resume","session":"s1","participant":"p1","token":"t"}"#,
        #"{"type":"resume","session":"s1","participant":"p1","token":"t","epoch":1,"seq":-1}"#,
        #"{"type":"command","intent":{"kind":"nextStep"}}"#, #"{"type":"command","id":"","intent":{"kind":"nextStep"}}"#,
    ])
    func malformedMessagesAreBadRequests(text: String) {
        guard case .failure(let failure) = parse(text) else {
            Issue.record("\(text) parsed")
            return
        }
        #expect(failure.rejection.code == .badRequest, "\(text)")
    }

    /// 32 levels of nesting are read; the 33rd is refused by the parser itself, without
    /// reading further (a 100,000-level document costs no more than a shallow one).
    @Test func nestingIsCappedAt32Levels() throws {
        func nested(_ levels: Int) -> String { #"{"type":"ping","x":"# + String(repeating: "[", count: levels - 1) + String(repeating: "]", count: levels - 1) + "}" }
        #expect(try parse(nested(32)).get() == .ping)
        for levels in [33, 100_000] {
            guard case .failure(let failure) = parse(nested(levels)) else {
                Issue.record("\(levels) levels parsed")
                continue
            }
            #expect(failure.rejection == .badRequest("a message may nest at most 32 levels"))
        }
        guard case .failure(let failure) = parse(#"{"type":"ping","x":[}"#) else {
            Issue.record("an unbalanced document parsed")
            return
        }
        #expect(failure.rejection == .badRequest("a message must be a JSON object"))
    }

    @Test func commandErrorsKeepTheCommandID() {
        guard case .failure(let failure) = parse(#"{"type":"command","id":"c9","intent":{"kind":"fly"}}"#) else {
            Issue.record("parsed")
            return
        }
        #expect(failure.commandID == "c9")
        #expect(failure.rejection.code == .badRequest)
    }

    @Test func oversizedIdsAndSecretsAreRefused() {
        let longID = String(repeating: "x", count: ClientMessage.maxCommandID + 1)
        guard case .failure = parse(#"{"type":"command","id":"\#(longID)","intent":{"kind":"nextStep"}}"#) else {
            Issue.record("a long id was accepted")
            return
        }
        let longToken = String(repeating: "t", count: ClientMessage.maxSecret + 1)
        guard case .failure = parse(#"{"type":"facilitate","session":"s1","token":"\#(longToken)"}"#) else {
            Issue.record("a long token was accepted")
            return
        }
    }

    @Test func deepNestingIsABadRequestNotACrash() {
        let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        guard case .failure(let failure) = parse(#"{"type":"command","id":"c1","intent":\#(deep)}"#) else {
            Issue.record("parsed")
            return
        }
        #expect(failure.rejection.code == .badRequest)
    }
}

@Suite struct RateLimitTests {
    @Test func theBucketAllowsABurstThenTheRate() {
        let start = ContinuousClock.now
        var bucket = TokenBucket(rate: 10, burst: 5, now: start)
        let burst = (0..<8).filter { _ in bucket.take(now: start) }.count
        #expect(burst == 5)
        let refilled = bucket.take(now: start + .milliseconds(100))
        let empty = bucket.take(now: start + .milliseconds(110))
        let later = bucket.take(now: start + .milliseconds(300))
        #expect(refilled && !empty && later)
    }

    @Test func theMinuteWindowForgetsOldHits() {
        let start = ContinuousClock.now
        var window = MinuteWindow(limit: 2)
        let answers = [
            window.allow("a", now: start), window.allow("a", now: start + .seconds(1)),
            window.allow("a", now: start + .seconds(2)), window.allow("b", now: start + .seconds(2)),
            window.allow("a", now: start + .seconds(61)),
        ]
        #expect(answers == [true, true, false, true, true])
    }

    @Test func isFullCountsOnlyTheLastMinuteAndRecordsNothing() {
        let start = ContinuousClock.now
        var window = MinuteWindow(limit: 2)
        _ = window.allow("a", now: start)
        #expect(!window.isFull("a", now: start))
        _ = window.allow("a", now: start + .seconds(1))
        #expect(window.isFull("a", now: start + .seconds(2)) && window.isFull("a", now: start + .seconds(2)))
        #expect(!window.isFull("a", now: start + .seconds(61)) && !window.isFull("b", now: start))
    }

    @Test func aRoomJoinsTogetherButGuessesLockTheAddressOut() {
        let joins = JoinLimiter(limit: 1000, failures: 3)
        #expect((0..<500).allSatisfy { _ in joins.allow("10.0.0.1") }, "a room behind one address")
        #expect(!joins.failed("10.0.0.2") && !joins.failed("10.0.0.2"))
        #expect(joins.allow("10.0.0.2"), "two failures: still allowed")
        #expect(joins.failed("10.0.0.2"), "the third failure reaches the limit")
        #expect(!joins.allow("10.0.0.2"), "then even a right code waits")
        #expect(joins.allow("10.0.0.1"), "other addresses are not affected")
        #expect(JoinLimiter.isGuess(Rejection(.notFound, "no session")) && JoinLimiter.isGuess(Rejection(.unauthorized, "")))
        #expect(!JoinLimiter.isGuess(Rejection(.conflict, "full")) && !JoinLimiter.isGuess(Rejection(.badRequest, "name")))
    }
}

@Suite struct PatchRingTests {
    func ring(_ seqs: [(Int, Int)], capacity: Int = 10) -> PatchRing {
        var ring = PatchRing(capacity: capacity)
        for (base, seq) in seqs { ring.append(.init(base: base, seq: seq, frame: [UInt8(seq)])) }
        return ring
    }

    @Test func exactlyTheMissedPatchesInOrder() {
        let patches = ring([(0, 3), (3, 5), (5, 9), (9, 12)])
        #expect(patches.missed(after: 5) == [[9], [12]])
        #expect(patches.missed(after: 7) == [[9], [12]])  // nothing changed for this audience between 5 and 9
        #expect(patches.missed(after: 12) == [])
    }

    @Test func aGapOlderThanTheRingNeedsASnapshot() {
        let patches = ring([(0, 3), (3, 5), (5, 9), (9, 12)], capacity: 2)
        #expect(patches.missed(after: 3) == nil)
        #expect(patches.missed(after: 5) == [[9], [12]])
    }
}
