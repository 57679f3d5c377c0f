import AtelierCohort
import AtelierEngine
import AtelierKit
import AtelierStore
import Logging

/// Every cohort, folded from its log, and the one way to change one: decide, store, apply.
///
/// An actor, so one node never races itself; a second node that wrote first makes the
/// append a `seqConflict`, and the cohort is read back and the command decided again.
actor CohortDirectory {
    private var cohorts: [String: Cohort] = [:]
    private var lastSeq: [String: Int] = [:]
    private var createdAt: [String: Int64] = [:]
    let store: any CohortStore
    let clock: WallClock
    let logger: Logger

    init(store: any CohortStore, clock: WallClock, logger: Logger) {
        self.store = store
        self.clock = clock
        self.logger = logger
    }

    /// Reads every cohort back from the store; returns how many.
    func restoreAll() async throws -> Int {
        for record in try await store.cohorts() {
            try await reload(record.id)
            createdAt[record.id] = record.createdAt
        }
        return cohorts.count
    }

    /// Every cohort, newest first (with those another node created since).
    func all() async -> [(cohort: Cohort, createdAt: Int64)] {
        if let records = try? await store.cohorts() {
            for record in records where cohorts[record.id] == nil || lastSeq[record.id] != record.lastSeq {
                await refresh(record.id)
                createdAt[record.id] = record.createdAt
            }
        }
        return cohorts.values.map { ($0, createdAt[$0.id] ?? 0) }.sorted { $0.1 > $1.1 || ($0.1 == $1.1 && $0.0.id < $1.0.id) }
    }

    /// One cohort, with what another node wrote to it since (several nodes share one store).
    func cohort(_ id: String) async -> Cohort? {
        await refresh(id)
        return cohorts[id]
    }

    /// Folds the events written after what this node holds (by another node); a cohort this
    /// node has not seen is read whole. A store that does not answer leaves what is known.
    private func refresh(_ id: String) async {
        guard id.utf8.count <= 64 else { return }
        do {
            let after = lastSeq[id] ?? 0
            let events = try await store.cohortEvents(id: id, after: after)
            guard !events.isEmpty else { return }
            var cohort = cohorts[id] ?? Cohort(id: id)
            for event in events { cohort.apply(try SessionCodec.decode(CohortRecord.self, event.payload).event) }
            cohorts[id] = cohort
            lastSeq[id] = events.last?.seq ?? after
        } catch {
            logger.error("a cohort could not be read again", metadata: ["cohort.id": "\(id)", "error": "\(error)"])
        }
    }

    /// Creates a cohort, with its plan drawn from `pathway` when one is given, in one write;
    /// returns it once durable.
    func create(name: String, locale: String, starts: String?, ends: String?, pathway: Pathway? = nil) async throws -> Result<
        Cohort, Rejection
    > {
        let created: CohortEvent
        switch Cohort.creation(name: name, locale: locale, starts: starts, ends: ends) {
        case .failure(let rejection): return .failure(rejection)
        case .success(let event): created = event
        }
        let id = "c" + JoinCode.make(from: Secrets.randomBytes(6)).lowercased() + JoinCode.make(from: Secrets.randomBytes(6)).lowercased()
        let now = clock.now()
        var cohort = Cohort(id: id).applying(created)
        var events = [created]
        if let pathway {
            switch cohort.decide(.applyPathway(pathway), now: now) {
            case .failure(let rejection): return .failure(rejection)
            case .success(let planned): events += planned
            }
        }
        let payloads = try events.map { try SessionCodec.encode(CohortRecord(at: now, actor: "trainer", event: $0)) }
        _ = try await store.createCohort(id: id, createdAt: now, events: payloads)
        for event in events.dropFirst() { cohort.apply(event) }
        cohorts[id] = cohort
        lastSeq[id] = events.count
        createdAt[id] = now
        logger.info("cohort created", metadata: ["cohort.id": "\(id)"])
        return .success(cohort)
    }

    /// Decides `command` on cohort `id`, stores the events and applies them; the cohort
    /// after, or why the command was refused. Nothing is applied that is not stored.
    func run(_ command: CohortCommand, on id: String, actor: String = "trainer") async throws -> Result<Cohort, Rejection> {
        await refresh(id)
        for attempt in 0..<2 {
            guard let cohort = cohorts[id], let after = lastSeq[id] else {
                return .failure(Rejection(.notFound, "no such cohort"))
            }
            let now = clock.now()
            let events: [CohortEvent]
            switch cohort.decide(command, now: now) {
            case .failure(let rejection): return .failure(rejection)
            case .success(let decided): events = decided
            }
            guard !events.isEmpty else { return .success(cohort) }
            let payloads = try events.map { try SessionCodec.encode(CohortRecord(at: now, actor: actor, event: $0)) }
            do {
                _ = try await store.appendCohort(id: id, after: after, payloads: payloads)
            } catch StoreError.seqConflict where attempt == 0 {
                try await reload(id)  // another node wrote first: decide again on what it wrote
                continue
            }
            let next = events.reduce(into: cohort) { $0.apply($1) }
            cohorts[id] = next
            lastSeq[id] = after + events.count
            return .success(next)
        }
        return .failure(Rejection(.conflict, "the cohort changed meanwhile; try again"))
    }

    /// Erases a member: pseudonymised in the cohort, then their personal data rewritten out
    /// of every stored event of its log (their name, link, subjects, notes). Erasing an
    /// erased member again rewrites again (a retry after a failure finishes the work).
    func erase(member: String, in id: String) async throws -> Result<Cohort, Rejection> {
        if cohorts[id]?.member(member)?.erased != true {
            let result = try await run(.eraseMember(id: member), on: id)
            guard case .success = result else { return result }
        }
        guard let cohort = cohorts[id], let pseudonym = cohort.member(member)?.name else {
            return .failure(Rejection(.notFound, "no member \(member.prefix(20)) in this cohort"))
        }
        let stored = try await store.cohortEvents(id: id)
        var changed: [StoredEvent] = []
        for event in stored {
            let record = try SessionCodec.decode(CohortRecord.self, event.payload)
            let erased = CohortRecord(at: record.at, actor: record.actor, event: record.event.erasing(member, pseudonym: pseudonym))
            if erased != record { changed.append(StoredEvent(seq: event.seq, payload: try SessionCodec.encode(erased))) }
        }
        try await store.rewriteCohort(id: id, events: changed)
        try await reload(id)
        logger.notice("a cohort member was erased", metadata: ["cohort.id": "\(id)", "member": "\(member)", "events": "\(changed.count)"])
        return .success(cohorts[id] ?? cohort)
    }

    /// The cohort and member a personal link's key opens (`<cohort>.<member>.<secret>`),
    /// compared in constant time; nil for any other key.
    func member(forKey key: String) async -> (cohort: Cohort, member: Member)? {
        guard let link = MemberKey(key), let cohort = await cohort(link.cohort), let member = cohort.member(link.member),
            !member.erased, Secrets.sameHash(member.keyHash, Secrets.hash(link.secret))
        else { return nil }
        return (cohort, member)
    }

    /// Records sessions created for planned sessions whose cohort did not get to record it
    /// (a crash between the two writes): the session's metadata names its planned session.
    func reconcile(sessions: [(id: String, cohort: String, planned: String)]) async {
        for session in sessions {
            guard let planned = cohorts[session.cohort]?.planned(session.planned), planned.sessionID == nil else { continue }
            do {
                _ = try await run(.openSession(id: session.planned, sessionID: session.id), on: session.cohort)
                logger.notice(
                    "a session opened for a cohort is recorded in its plan after a restart",
                    metadata: ["cohort.id": "\(session.cohort)", "session.id": "\(session.id)"])
            } catch {
                logger.error("a cohort's plan could not record its session", metadata: ["cohort.id": "\(session.cohort)"])
            }
        }
    }

    private func reload(_ id: String) async throws {
        let records = try await store.cohortEvents(id: id).map { try SessionCodec.decode(CohortRecord.self, $0.payload) }
        cohorts[id] = Cohort.folding(id: id, records)
        lastSeq[id] = records.count
    }
}

/// A member's personal-link key: `<cohort>.<member>.<secret>`.
struct MemberKey: Equatable {
    let cohort: String
    let member: String
    let secret: String

    init(cohort: String, member: String, secret: String) {
        self.cohort = cohort
        self.member = member
        self.secret = secret
    }

    init?(_ text: String) {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard text.utf8.count <= 200, parts.count == 3, parts.allSatisfy({ !$0.isEmpty }) else { return nil }
        self.init(cohort: String(parts[0]), member: String(parts[1]), secret: String(parts[2]))
    }

    var text: String { "\(cohort).\(member).\(secret)" }
}
