/// A token bucket: `rate` tokens per second, at most `burst` saved up.
struct TokenBucket {
    let rate: Double
    let burst: Double
    private var tokens: Double
    private var updated: ContinuousClock.Instant

    init(rate: Double, burst: Double, now: ContinuousClock.Instant = .now) {
        self.rate = rate
        self.burst = burst
        tokens = burst
        updated = now
    }

    /// Takes one token if there is one.
    mutating func take(now: ContinuousClock.Instant = .now) -> Bool {
        let elapsed = now - updated
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        tokens = min(burst, tokens + seconds * rate)
        updated = now
        guard tokens >= 1 else { return false }
        tokens -= 1
        return true
    }
}

/// Counts events per key over a sliding minute (joins per address).
struct MinuteWindow {
    let limit: Int
    private var hits: [String: [ContinuousClock.Instant]] = [:]

    init(limit: Int) { self.limit = limit }

    /// Whether `key` had `limit` hits in the last minute (nothing is recorded).
    func isFull(_ key: String, now: ContinuousClock.Instant = .now) -> Bool {
        let cutoff = now - .seconds(60)
        return (hits[key]?.lazy.filter { $0 > cutoff }.count ?? 0) >= limit
    }

    /// Records a hit for `key` unless it already had `limit` in the last minute.
    mutating func allow(_ key: String, now: ContinuousClock.Instant = .now) -> Bool {
        let cutoff = now - .seconds(60)
        var recent = hits[key, default: []].filter { $0 > cutoff }
        guard recent.count < limit else {
            hits[key] = recent
            return false
        }
        recent.append(now)
        hits[key] = recent
        if hits.count > 10_000 { hits = hits.filter { !$0.value.allSatisfy { $0 <= cutoff } } }
        return true
    }
}
