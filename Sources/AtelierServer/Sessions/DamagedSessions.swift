import AtelierStore
import Metrics
import Synchronization

/// The sessions this server could not rebuild from the store, with why: read by `/healthz`
/// (without waiting on the session directory) and counted in `/metrics`
/// (`atelier_sessions_damaged`).
final class DamagedSessions: Sendable {
    /// A damaged session: why, and its stored record (for listings).
    struct Entry: Sendable {
        let reason: String
        let record: StoredSession
    }

    private let entries = Mutex<[String: Entry]>([:])
    private let gauge = Gauge(label: "atelier_sessions_damaged")

    init() { gauge.record(0) }

    /// Notes that the session of `record` cannot be rebuilt, and why.
    func note(_ record: StoredSession, reason: String) {
        let count = entries.withLock { entries in
            entries[record.id] = Entry(reason: reason, record: record)
            return entries.count
        }
        gauge.record(count)
    }

    /// Forgets `session` (rebuilt after a repair).
    func clear(_ session: String) {
        let count = entries.withLock { entries in
            entries.removeValue(forKey: session)
            return entries.count
        }
        gauge.record(count)
    }

    /// How many sessions are damaged now.
    var count: Int { entries.withLock { $0.count } }

    /// Each damaged session with its reason.
    var all: [String: String] { entries.withLock { $0.mapValues(\.reason) } }

    /// Each damaged session with its reason and record.
    var entriesByID: [String: Entry] { entries.withLock { $0 } }
}
