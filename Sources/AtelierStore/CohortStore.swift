/// A cohort as the store knows it: its id, creation time and the end of its log.
public struct StoredCohort: Sendable, Equatable {
    /// Cohort id.
    public let id: String
    /// Creation time, ms since 1970.
    public let createdAt: Int64
    /// The `seq` of its last event.
    public let lastSeq: Int

    /// Creates a record.
    public init(id: String, createdAt: Int64, lastSeq: Int) {
        self.id = id
        self.createdAt = createdAt
        self.lastSeq = lastSeq
    }
}

/// The durable event log of every cohort, in the same database as the sessions (SQLite or
/// PostgreSQL). Like a session's log: dense `seq`s from 1, appends atomic per call and
/// checked against the end of the log, so two writers never interleave.
public protocol CohortStore: Sendable {
    /// Creates a cohort with its first events at `seq` 1, 2…, in one transaction (after a
    /// crash it is there whole or not at all); `duplicateCohort` when the id is taken.
    func createCohort(id: String, createdAt: Int64, events: [[UInt8]]) async throws -> StoredCohort
    /// Appends events after `after`, failing with `seqConflict` unless the log ends there.
    func appendCohort(id: String, after: Int, payloads: [[UInt8]]) async throws -> [StoredEvent]
    /// A cohort's events with `seq > after`, in order (what another node wrote since).
    func cohortEvents(id: String, after: Int) async throws -> [StoredEvent]
    /// Every cohort, oldest first.
    func cohorts() async throws -> [StoredCohort]
    /// Rewrites stored payloads in place (erasure of personal data); seqs are unchanged.
    func rewriteCohort(id: String, events: [StoredEvent]) async throws
}

extension CohortStore {
    /// Creates a cohort with one first event.
    public func createCohort(id: String, createdAt: Int64, firstEvent: [UInt8]) async throws -> StoredCohort {
        try await createCohort(id: id, createdAt: createdAt, events: [firstEvent])
    }

    /// A cohort's whole log, in order.
    public func cohortEvents(id: String) async throws -> [StoredEvent] { try await cohortEvents(id: id, after: 0) }
}

/// The store a server runs on: sessions and cohorts together.
public typealias AtelierStorage = EventStore & CohortStore
