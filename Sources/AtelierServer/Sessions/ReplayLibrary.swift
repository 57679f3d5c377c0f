import AtelierEngine
import AtelierKit
import AtelierStore

/// The replay indexes of the sessions someone is replaying, built from the store on first
/// use and extended with what a live session logged since; the few most recently used are
/// kept (a 100,000-event session's index is tens of megabytes).
actor ReplayLibrary {
    private let store: any EventStore
    private let engine: SessionEngine
    private let capacity: Int
    private var indexes: [String: ReplayIndex] = [:]
    private var recent: [String] = []

    init(store: any EventStore, engine: SessionEngine, capacity: Int = 3) {
        self.store = store
        self.engine = engine
        self.capacity = capacity
    }

    /// The session's index, up to date with its stored log; nil when it has no log.
    func index(of session: String) async throws -> ReplayIndex? {
        let known = indexes[session]
        let stored = try await store.events(session: session, after: known?.lastSeq ?? 0, limit: nil)
        let envelopes = stored.compactMap { try? SessionCodec.decode(EventEnvelope.self, $0.payload) }
        var index: ReplayIndex
        if var known {
            known.append(envelopes)
            index = known
        } else {
            guard let built = ReplayIndex(engine: engine, log: envelopes) else { return nil }
            index = built
        }
        indexes[session] = index
        recent.removeAll { $0 == session }
        recent.append(session)
        while recent.count > capacity { indexes[recent.removeFirst()] = nil }
        return index
    }
}
