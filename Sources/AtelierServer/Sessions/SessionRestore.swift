import AtelierEngine
import AtelierKit
import AtelierStore

/// Rebuilds a stored session's state: its latest snapshot, the remembered command ids the
/// snapshot leaves to the log, and the events after it. When that fails (a snapshot that
/// does not decode or no longer fits is only a cache), the whole log is read from its
/// start; a log that does not rebuild is a `SessionDamage`.
struct SessionRestore {
    let engine: SessionEngine
    let store: any EventStore

    /// The state of `record`'s session; throws `SessionDamage` naming what does not fit, or
    /// the store's own error when it cannot be read.
    func state(of record: StoredSession) async throws -> SessionState {
        if let snapshot = try await store.latestSnapshot(session: record.id)
            .flatMap({ try? SessionCodec.decode(SessionSnapshot.self, $0.payload) }),
            let state = try await state(of: record, from: snapshot)
        {
            return state
        }
        let events = try await store.events(session: record.id, after: 0, limit: nil)
        let reading = LogReading(events, lastSeq: record.lastSeq, registry: engine.registry)
        if let problem = reading.problem {
            throw SessionDamage(session: record.id, reason: problem, usableEvents: usable(reading))
        }
        switch engine.restore(snapshot: nil, events: reading.envelopes) {
        case .failure(let rejection):
            throw SessionDamage(session: record.id, reason: rejection.message, usableEvents: 0)
        case .success(let state):
            return state
        }
    }

    /// How many first events of a damaged log rebuild (a log must keep its first event).
    private func usable(_ reading: LogReading) -> Int {
        guard !reading.envelopes.isEmpty else { return 0 }
        if case .success = engine.restore(snapshot: nil, events: reading.envelopes) { return reading.envelopes.count }
        return 0
    }

    /// The state from `snapshot` plus the events after it, or nil when they do not fit
    /// together (then the whole log decides).
    private func state(of record: StoredSession, from snapshot: SessionSnapshot) async throws -> SessionState? {
        let tail = try await store.events(session: record.id, after: snapshot.seq, limit: nil)
        var envelopes: [EventEnvelope] = []
        for event in tail {
            guard let envelope = try? SessionCodec.decode(EventEnvelope.self, event.payload) else { return nil }
            envelopes.append(envelope)
        }
        var remembered: [RememberedCommand] = []
        if snapshot.needsRememberedCommands {
            guard let read = try? await RememberedCommandLog.read(from: store, session: record.id, upTo: snapshot.seq)
            else { return nil }
            remembered = read
        }
        guard case .success(let state) = engine.restore(snapshot: snapshot, remembered: remembered, events: envelopes),
            state.seq == record.lastSeq
        else { return nil }
        return state
    }
}
