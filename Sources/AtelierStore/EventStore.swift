/// One event as stored: its dense position in the session's log and its encoded payload.
public struct StoredEvent: Sendable, Equatable {
    /// Dense, per-session position, from 1.
    public let seq: Int
    /// The encoded event (JSON); the store never looks inside.
    public let payload: [UInt8]

    /// Creates a stored event.
    public init(seq: Int, payload: [UInt8]) {
        self.seq = seq
        self.payload = payload
    }
}

/// A session as the store knows it.
public struct StoredSession: Sendable, Equatable {
    /// Session id.
    public let id: String
    /// Creation time, ms since 1970.
    public let createdAt: Int64
    /// Changes only when the log is replaced (import, restore): clients then resync.
    public let epoch: Int
    /// The `seq` of the last committed event.
    public let lastSeq: Int
    /// Opaque metadata (JSON) the server keeps for listings.
    public let metadata: [UInt8]

    /// Creates a record.
    public init(id: String, createdAt: Int64, epoch: Int, lastSeq: Int, metadata: [UInt8]) {
        self.id = id
        self.createdAt = createdAt
        self.epoch = epoch
        self.lastSeq = lastSeq
        self.metadata = metadata
    }
}

/// A session (or the part of its log that could not be replayed) kept aside by
/// `EventStore.setAside`, never deleted by Atelier.
public struct SetAsideSession: Sendable, Equatable, Codable {
    /// Session id.
    public let id: String
    /// When it was set aside, ms since 1970.
    public let setAsideAt: Int64
    /// Why (the damage found).
    public let reason: String
    /// The `seq` its record said the log ended at.
    public let lastSeq: Int
    /// How many events were kept aside.
    public let events: Int
    /// How many first events stayed live (0: the session was removed from the live ones).
    public let keptLive: Int

    /// Creates a record.
    public init(id: String, setAsideAt: Int64, reason: String, lastSeq: Int, events: Int, keptLive: Int) {
        self.id = id
        self.setAsideAt = setAsideAt
        self.reason = reason
        self.lastSeq = lastSeq
        self.events = events
        self.keptLive = keptLive
    }
}

/// A saved state of a session at `seq`.
public struct StoredSnapshot: Sendable, Equatable {
    /// The `seq` the state includes.
    public let seq: Int
    /// The encoded state.
    public let payload: [UInt8]

    /// Creates a snapshot record.
    public init(seq: Int, payload: [UInt8]) {
        self.seq = seq
        self.payload = payload
    }
}

/// Why a store operation failed.
public enum StoreError: Error, Equatable, CustomStringConvertible {
    /// The data file or database cannot be opened or read (corrupt, wrong format, no access).
    case unreadable(location: String, reason: String)
    /// The session does not exist.
    case unknownSession(String)
    /// The session already exists.
    case duplicateSession(String)
    /// An append did not start right after the last committed `seq` (another writer?).
    case seqConflict(session: String, expected: Int, actual: Int)
    /// Another node hosts the session.
    case ownedElsewhere(session: String, node: String)
    /// This node claimed the session but no longer holds its lease (its lease connection
    /// was lost), so it may not write to it: another node may host it now.
    case leaseLost(session: String)
    /// The database failed.
    case database(String)
    /// The cohort does not exist.
    case unknownCohort(String)
    /// The cohort already exists.
    case duplicateCohort(String)

    public var description: String {
        switch self {
        case .unreadable(let location, let reason): "cannot open the event store \(location): \(reason)"
        case .unknownSession(let id): "no session \(id) in the store"
        case .duplicateSession(let id): "session \(id) already exists in the store"
        case .seqConflict(let session, let expected, let actual):
            "session \(session): append at seq \(expected) but the log ends at \(actual)"
        case .ownedElsewhere(let session, let node): "session \(session) is hosted by node \(node)"
        case .leaseLost(let session):
            "session \(session): this node lost its lease (the lease connection closed); another node may host it"
        case .database(let message): "database error: \(message)"
        case .unknownCohort(let id): "no cohort \(id) in the store"
        case .duplicateCohort(let id): "cohort \(id) already exists in the store"
        }
    }
}

/// The durable event log of every session. Implementations: SQLite (embedded default)
/// and PostgreSQL (several nodes). The engine and activities never see which runs.
///
/// Appends are atomic per call, assign dense `seq`s in the transaction, and return only
/// once committed: nothing may be acknowledged or shown before that.
public protocol EventStore: Sendable {
    /// Creates a session with its first event at `seq` 1, in one transaction with, where
    /// the store has leases and a `node` is given, that node's claim on it: after a crash the
    /// session is there whole (record, first event, owner) or not at all. Returns the record
    /// (`lastSeq` 1, epoch 1); `duplicateSession` when the id is taken.
    func createSession(id: String, createdAt: Int64, metadata: [UInt8], firstEvent: [UInt8], node: String?) async throws
        -> StoredSession
    /// Appends events at `lastSeq + 1 …`, failing with `seqConflict` unless the log ends at
    /// `after`; returns the assigned stored events.
    func append(session: String, after: Int, payloads: [[UInt8]]) async throws -> [StoredEvent]
    /// Events with `seq > after`, in order, at most `limit`.
    func events(session: String, after: Int, limit: Int?) async throws -> [StoredEvent]
    /// Saves a snapshot of the state at `seq`.
    func saveSnapshot(session: String, seq: Int, payload: [UInt8]) async throws
    /// The snapshot with the highest `seq`, if any.
    func latestSnapshot(session: String) async throws -> StoredSnapshot?
    /// Every session, oldest first.
    func sessions() async throws -> [StoredSession]
    /// One session.
    func session(_ id: String) async throws -> StoredSession?
    /// Replaces a session's whole log (import, restore): the epoch increases, snapshots go.
    func replaceLog(session: String, createdAt: Int64, metadata: [UInt8], payloads: [[UInt8]]) async throws -> StoredSession
    /// Rewrites stored payloads in place (erasure of personal data); seqs are unchanged.
    func rewrite(session: String, events: [StoredEvent]) async throws
    /// Deletes sessions and everything they hold.
    func delete(sessions: [String]) async throws
    /// Sets a damaged session aside in one transaction: copies its record and whole log into
    /// the set-aside tables (with `reason` and `at`, ms since 1970), then keeps only its
    /// first `keep` events (a new epoch, no snapshots) or, when `keep` is 0, removes it from
    /// the live sessions. Nothing is deleted that is not kept aside first (snapshots aside:
    /// they are caches of the log). Returns the live record left, or nil.
    func setAside(session: String, keepingFirst keep: Int, reason: String, at: Int64) async throws -> StoredSession?
    /// The sessions set aside so far, most recent first.
    func setAsideSessions() async throws -> [SetAsideSession]
    /// Claims the right to host `session` on this node (named `node`) for as long as the
    /// store stays open; throws `ownedElsewhere` with the holder's name when another live
    /// node holds it. Claiming again a session this node holds succeeds.
    func claim(session: String, node: String) async throws
    /// Releases connections, files and claims.
    func close() async
}
