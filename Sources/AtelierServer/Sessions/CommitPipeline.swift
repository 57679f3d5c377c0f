/// The order in which a session's decisions become durable and are answered, as a value:
/// each mutating method returns the actions its host performs, in order.
///
/// One commit is in flight at a time; whatever is decided meanwhile leaves together in the
/// next one (group commit within a session). A decision with nothing to store (a pong, a
/// retried command, a refusal) is answered in its turn, behind the commits queued before
/// it. When a commit lands, the next one leaves before this one's answers are sent, unless
/// it would only carry answers. A failed commit refuses what it carried and everything
/// queued behind it; when the store says the lease is lost, the session stops here.
///
/// `Answer` is what the host does for a decision once durable; `State` is the state the
/// store holds once a batch lands (given when the batch leaves).
struct CommitPipeline<Answer, State> {
    /// Where the pipeline is.
    enum Phase: Equatable {
        /// Nothing in flight.
        case idle
        /// A batch is being stored.
        case committing
        /// The lease was lost: nothing more is accepted here.
        case stopped
    }

    /// What the host does, in order.
    enum Action {
        /// Append `payloads` to the log after `after`, then report `landed` or `failed`.
        case store(after: Int, payloads: [[UInt8]])
        /// The batch is durable: this is what anyone may be shown now.
        case publish(State)
        /// Answer a decision (its events are durable, or it had none).
        case answer(Answer)
        /// Refuse a decision: its commit failed, nothing of it is stored.
        case refuse(Answer)
        /// Go back to the committed state (the refused decisions are no longer in it).
        case rewind
        /// The store says another node may host the session now: stop serving it here.
        case stopHosting
    }

    private(set) var phase = Phase.idle
    /// The answers of the decisions queued, in order.
    private var queued: [Answer] = []
    /// Their encoded events, in order (one buffer: no array per decision).
    private var queuedPayloads: [[UInt8]] = []
    private var inFlight: (batch: [Answer], state: State, end: Int)?
    /// Where the log ends once everything that left lands: the next batch appends after it.
    private(set) var storedSeq: Int
    /// Where the durable log ends.
    private(set) var durableSeq: Int

    /// A pipeline over a log that ends at `seq`.
    init(seq: Int) {
        storedSeq = seq
        durableSeq = seq
    }

    /// Whether decisions are still accepted (false once the lease is lost).
    var isHosting: Bool { phase != .stopped }

    /// Whether nothing is queued or in flight.
    var isIdle: Bool { phase != .committing && queued.isEmpty }

    /// Queues a decision behind the others: its answer and its encoded events (none for
    /// an answer alone).
    mutating func enqueue(_ answer: Answer, storing payloads: [[UInt8]] = []) {
        queued.append(answer)
        queuedPayloads.append(contentsOf: payloads)
    }

    /// Starts the next batch when nothing is in flight: everything queued leaves together.
    /// `state` is the state once everything queued is stored (read only when a batch leaves).
    mutating func next(state: @autoclosure () -> State) -> [Action] {
        guard phase == .idle, !queued.isEmpty else { return [] }
        let batch = queued
        queued.removeAll(keepingCapacity: true)
        guard !queuedPayloads.isEmpty else { return batch.map { .answer($0) } }
        var payloads: [[UInt8]] = []
        swap(&payloads, &queuedPayloads)
        phase = .committing
        let after = storedSeq
        storedSeq += payloads.count
        inFlight = (batch, state(), storedSeq)
        return [.store(after: after, payloads: payloads)]
    }

    /// The batch in flight is durable: publish its state, start the next batch (first, when
    /// it stores something), and answer the batch's decisions in order.
    mutating func landed(state: @autoclosure () -> State) -> [Action] {
        guard phase == .committing, let (batch, published, end) = inFlight else { return [] }
        phase = .idle
        inFlight = nil
        durableSeq = end
        var actions: [Action] = [.publish(published)]
        let storesNext = !queuedPayloads.isEmpty
        if storesNext { actions += next(state: state()) }
        actions += batch.map { .answer($0) }
        if !storesNext { actions += next(state: state()) }
        return actions
    }

    /// The batch in flight was not stored: rewind, and refuse it and everything queued
    /// behind it (decided against its events). With `leaseLost`, the session stops here.
    mutating func failed(leaseLost: Bool) -> [Action] {
        guard phase == .committing else { return [] }
        let refused = (inFlight?.batch ?? []) + queued
        inFlight = nil
        queued.removeAll()
        queuedPayloads.removeAll()
        storedSeq = durableSeq
        phase = leaseLost ? .stopped : .idle
        return [.rewind] + refused.map { .refuse($0) } + (leaseLost ? [.stopHosting] : [])
    }
}
