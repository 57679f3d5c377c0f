/// When a session pushes its views: committed changes are coalesced into at most one flush
/// per `interval`, so a burst of commands costs one patch per audience, not one each.
struct FlushSchedule {
    /// What to do after an entry point.
    enum Decision: Equatable {
        /// Nothing changed, or a flush is already due.
        case nothing
        /// Flush now: the last one is at least `interval` old.
        case flushNow
        /// Flush at this instant (the host sets a wake-up).
        case wake(at: ContinuousClock.Instant)
    }

    let interval: Duration
    /// Something committed is not shown yet.
    private(set) var dirty = false
    /// A wake-up is set.
    private(set) var scheduled = false
    private var lastFlush: ContinuousClock.Instant

    /// A schedule whose first flush may happen at once.
    init(interval: Duration, now: ContinuousClock.Instant) {
        self.interval = interval
        lastFlush = now - interval
    }

    /// Notes that committed changes are waiting to be shown.
    mutating func changed() { dirty = true }

    /// After an entry point: flush now, set a wake-up, or nothing (the clock is read only
    /// when something waits to be shown).
    mutating func settle(now: @autoclosure () -> ContinuousClock.Instant) -> Decision {
        guard dirty, !scheduled else { return .nothing }
        let due = lastFlush + interval
        guard due > now() else { return .flushNow }
        scheduled = true
        return .wake(at: due)
    }

    /// A flush starts (woken, due, or forced before a snapshot): true when there is
    /// something to send.
    mutating func flush(now: ContinuousClock.Instant) -> Bool {
        scheduled = false
        guard dirty else { return false }
        dirty = false
        lastFlush = now
        return true
    }
}
