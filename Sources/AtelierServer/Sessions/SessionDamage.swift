import AtelierEngine
import AtelierKit
import AtelierStore

/// Why a stored session cannot be rebuilt. A damaged session is set aside (not served, and
/// named in the logs, `/healthz` and `/metrics`); it never stops the server from serving the
/// others. `atelier sessions repair` deals with it.
struct SessionDamage: Error, Sendable, Equatable, CustomStringConvertible {
    /// The session.
    let session: String
    /// What does not fit, in words an operator can act on.
    let reason: String
    /// How many first events of the log rebuild a session (0: none, not even the first).
    let usableEvents: Int

    var description: String { "session \(session): \(reason)" }
}

/// A stored log read from its start: the longest prefix that rebuilds a session, and why
/// the rest does not (the first problem met).
struct LogReading {
    /// The events that rebuild, in order, from `seq` 1.
    var envelopes: [EventEnvelope] = []
    /// The first problem, or nil when the whole log is sound.
    var problem: String?

    /// Reads `events` (the whole log, in order) against what `registry` knows; `lastSeq`
    /// is where the session's record says the log ends.
    init(_ events: [StoredEvent], lastSeq: Int, registry: ActivityRegistry) {
        guard !events.isEmpty else {
            problem = "the log is empty: it has no first event (sessionCreated)"
            return
        }
        for event in events {
            let expected = envelopes.count + 1
            guard event.seq == expected else {
                problem = expected == 1
                    ? "the log has no first event: it starts at seq \(event.seq)"
                    : "the log jumps from seq \(expected - 1) to seq \(event.seq)"
                return
            }
            guard let envelope = try? SessionCodec.decode(EventEnvelope.self, event.payload), envelope.seq == event.seq else {
                problem = "the event at seq \(event.seq) does not decode"
                return
            }
            if expected == 1 {
                guard case .sessionCreated(let setup) = envelope.event else {
                    problem = "the log does not start with sessionCreated"
                    return
                }
                if let missing = setup.agenda.first(where: { registry.driver($0.activity) == nil }) {
                    problem = "its agenda uses the activity \"\(missing.activity)\", which this build does not have"
                    return
                }
            }
            envelopes.append(envelope)
        }
        if envelopes.count != lastSeq {
            problem = "the log ends at seq \(envelopes.count) but the session's record says \(lastSeq)"
        }
    }
}
