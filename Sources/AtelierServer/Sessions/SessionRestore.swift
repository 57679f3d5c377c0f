import AtelierEngine
import AtelierKit
import AtelierStore

/// Rebuilds a stored session's state: its latest snapshot, the remembered command ids the
/// snapshot leaves to the log, and the events after it.
struct SessionRestore {
    let engine: SessionEngine
    let store: any EventStore

    /// The state of `record`'s session, or a `StoreError` naming what does not fit.
    func state(of record: StoredSession) async throws -> SessionState {
        let snapshot = try await store.latestSnapshot(session: record.id)
            .flatMap { try? SessionCodec.decode(SessionSnapshot.self, $0.payload) }
        let tail = try await store.events(session: record.id, after: snapshot?.seq ?? 0, limit: nil)
        var envelopes: [EventEnvelope] = []
        for event in tail {
            guard let envelope = try? SessionCodec.decode(EventEnvelope.self, event.payload) else {
                // The caller names the store's file or database around this reason.
                throw StoreError.database("session \(record.id), seq \(event.seq): the event does not decode")
            }
            envelopes.append(envelope)
        }
        var remembered: [RememberedCommand] = []
        if let snapshot, snapshot.needsRememberedCommands {
            remembered = try await RememberedCommandLog.read(from: store, session: record.id, upTo: snapshot.seq)
        }
        switch engine.restore(snapshot: snapshot, remembered: remembered, events: envelopes) {
        case .failure(let rejection):
            throw StoreError.database("session \(record.id): \(rejection.message)")
        case .success(let state):
            guard state.seq == record.lastSeq else {
                throw StoreError.database("session \(record.id): log ends at \(state.seq), expected \(record.lastSeq)")
            }
            return state
        }
    }
}
