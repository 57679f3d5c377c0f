import Metrics
import Synchronization

/// The sessions this server could not rebuild from the store, with why: read by `/healthz`
/// (without waiting on the session directory) and counted in `/metrics`
/// (`atelier_sessions_damaged`).
final class DamagedSessions: Sendable {
    private let reasons = Mutex<[String: String]>([:])
    private let gauge = Gauge(label: "atelier_sessions_damaged")

    init() { gauge.record(0) }

    /// Notes that `session` cannot be rebuilt, and why.
    func note(_ session: String, reason: String) {
        let count = reasons.withLock { reasons in
            reasons[session] = reason
            return reasons.count
        }
        gauge.record(count)
    }

    /// Forgets `session` (rebuilt after a repair).
    func clear(_ session: String) {
        let count = reasons.withLock { reasons in
            reasons.removeValue(forKey: session)
            return reasons.count
        }
        gauge.record(count)
    }

    /// How many sessions are damaged now.
    var count: Int { reasons.withLock { $0.count } }

    /// Each damaged session with its reason.
    var all: [String: String] { reasons.withLock { $0 } }
}
