/// What a member who reconnects gets: exactly the patches they missed, or a snapshot.
enum ResumePlan: Equatable {
    /// The shared patches after the client's `seq`, in order (then their private part).
    case gap([[UInt8]])
    /// The whole view: the gap is not kept, or the client's view is not one we can patch.
    case snapshot

    /// The plan for a client holding the view of `seq` in `clientEpoch`, when views were
    /// last flushed at `flushedSeq` in `epoch`; `roleSince` is the seq of the member's last
    /// role change (their audience's patches start there); `ring` holds their audience's
    /// recent patches.
    static func plan(
        clientEpoch: Int, seq: Int, epoch: Int, flushedSeq: Int, roleSince: Int, ring: PatchRing?
    ) -> ResumePlan {
        guard clientEpoch == epoch, seq <= flushedSeq, seq >= roleSince, let missed = ring?.missed(after: seq) else {
            return .snapshot
        }
        return .gap(missed)
    }
}
