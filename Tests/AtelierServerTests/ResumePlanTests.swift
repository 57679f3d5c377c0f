import Testing

@testable import AtelierServer

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
