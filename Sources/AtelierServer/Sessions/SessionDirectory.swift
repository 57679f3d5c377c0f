import AtelierEngine
import AtelierKit
import AtelierStore
import Logging

/// Every live session of this process, by id and by join code.
actor SessionDirectory {
    private var byID: [String: SessionHost] = [:]
    private var byCode: [String: SessionHost] = [:]
    private var createdAt: [String: Int64] = [:]
    /// Sessions another node hosted when last asked: id → node name.
    private var elsewhereByID: [String: String] = [:]
    /// This node's name in leases.
    let node: String
    let engine: SessionEngine
    let store: any EventStore
    let outbound: any SessionOutbound
    let clock: WallClock
    let hostSettings: SessionHost.Settings
    let maxParticipants: Int
    let logger: Logger
    /// Stored sessions that cannot be rebuilt: set aside, not served.
    nonisolated let damaged = DamagedSessions()

    init(
        engine: SessionEngine, store: any EventStore, outbound: any SessionOutbound, clock: WallClock,
        hostSettings: SessionHost.Settings, maxParticipants: Int, node: String, logger: Logger
    ) {
        self.node = node
        self.engine = engine
        self.store = store
        self.outbound = outbound
        self.clock = clock
        self.hostSettings = hostSettings
        self.maxParticipants = maxParticipants
        self.logger = logger
    }

    /// What creating a session returns: the facilitator invite is shown once.
    struct Created: Sendable {
        let setup: SessionSetup
        let facilitatorInvite: String
    }

    /// Creates a session from a validated template agenda; returns once it is durable.
    func create(template: SessionTemplate, agenda: [AgendaStep], title: String?, cohort: SessionCohort? = nil) async throws
        -> Created
    {
        var code = JoinCode.make(from: Secrets.randomBytes(JoinCode.length))
        while byCode[code] != nil { code = JoinCode.make(from: Secrets.randomBytes(JoinCode.length)) }
        let id = "s" + JoinCode.make(from: Secrets.randomBytes(6)).lowercased()
            + JoinCode.make(from: Secrets.randomBytes(6)).lowercased()
        let invite = Secrets.make()
        let setup = SessionSetup(
            id: id, title: title ?? template.title, locale: template.locale, templateID: template.id, joinCode: code,
            facilitatorKeyHash: Secrets.hash(invite), agenda: agenda, maxParticipants: maxParticipants,
            cohort: cohort)
        let now = clock.now()
        let created = EventEnvelope(seq: 1, at: now, actor: nil, commandID: nil, event: .sessionCreated(setup: setup))
        _ = try await store.createSession(
            id: id, createdAt: now, metadata: try SessionCodec.encode(SessionMetadata(setup)),
            firstEvent: try SessionCodec.encode(created), node: node)
        var state = engine.initialState(setup, at: now)
        state.seq = 1
        register(state: state, epoch: 1, createdAt: now)
        logger.info("session created", metadata: ["session.id": "\(id)", "template": "\(template.id)"])
        return Created(setup: setup, facilitatorInvite: invite)
    }

    @discardableResult
    private func register(state: SessionState, epoch: Int, createdAt: Int64) -> SessionHost {
        let id = state.setup.id
        let host = SessionHost(
            state: state, epoch: epoch, engine: engine, store: store, outbound: outbound, clock: clock,
            settings: hostSettings, logger: logger, onLeaseLost: { [weak self] in await self?.leaseLost(session: id) })
        byID[id] = host
        byCode[state.setup.joinCode] = host
        self.createdAt[id] = createdAt
        elsewhereByID.removeValue(forKey: id)
        return host
    }

    /// How many sessions are read back from the store at once at start.
    static let restoreConcurrency = 8

    /// Rebuilds every stored session this node can claim (latest snapshot plus the events
    /// after it), several at once; the others are remembered as hosted elsewhere. A session
    /// whose log does not rebuild is set aside (logged, counted, not served): it never stops
    /// the others.
    func restoreAll() async throws -> Int {
        let records = try await store.sessions()
        return try await withThrowingTaskGroup(of: Bool.self) { group in
            var restored = 0
            var running = 0
            for record in records {
                if running == Self.restoreConcurrency, let done = try await group.next() {
                    running -= 1
                    if done { restored += 1 }
                }
                group.addTask { try await self.restore(record) }
                running += 1
            }
            for try await done in group where done { restored += 1 }
            return restored
        }
    }

    /// One stored session at start: true when it is served here now.
    private func restore(_ record: StoredSession) async throws -> Bool {
        do {
            return try await claimAndRestore(record) != nil
        } catch let damage as SessionDamage {
            setAside(damage, record: record)
            return false
        }
    }

    private func setAside(_ damage: SessionDamage, record: StoredSession) {
        damaged.note(record, reason: damage.reason)
        logger.error(
            "a stored session cannot be rebuilt: set aside, not served (atelier sessions repair ID)",
            metadata: ["session.id": "\(damage.session)", "reason": "\(damage.reason)"])
    }

    /// Claims and restores one stored session, or records who hosts it (nil). Running
    /// timers are re-armed from their stored deadlines; members are marked offline.
    private func claimAndRestore(_ record: StoredSession) async throws -> SessionHost? {
        if let host = byID[record.id] { return host }
        do {
            try await store.claim(session: record.id, node: node)
        } catch StoreError.ownedElsewhere(_, let owner) {
            elsewhereByID[record.id] = owner
            logger.info("session hosted by another node", metadata: ["session.id": "\(record.id)", "node": "\(owner)"])
            return nil
        }
        // Read again once claimed: the former holder may have appended until it lost the lease.
        let current = try await store.session(record.id) ?? record
        let state = try await SessionRestore(engine: engine, store: store).state(of: current)
        guard byID[record.id] == nil else { return byID[record.id] }  // restored meanwhile
        let host = register(state: state, epoch: current.epoch, createdAt: current.createdAt)
        damaged.clear(record.id)
        await host.markEveryoneOffline()
        return host
    }

    /// The session with this join code, or why it cannot be served here. A session another
    /// node hosted (or one created since this node started) is taken over when its lease
    /// is free: the first member who comes here for it brings it here.
    func host(code: String) async -> Result<SessionHost, Rejection> {
        if let host = byCode[code] { return .success(host) }
        // The store knows sessions by id only: look the code up in their metadata.
        guard let sessions = try? await store.sessions(),
            let record = sessions.first(where: { Self.joinCode(of: $0) == code })
        else { return .failure(Rejection(.notFound, "no session has this join code")) }
        return await takeOver(record)
    }

    /// The session with this id, or why it cannot be served here (taken over like
    /// `host(code:)`).
    func host(id: String) async -> Result<SessionHost, Rejection> {
        if let host = byID[id] { return .success(host) }
        guard let record = try? await store.session(id) else {
            return .failure(Rejection(.notFound, "no such session"))
        }
        return await takeOver(record)
    }

    private static func joinCode(of record: StoredSession) -> String? {
        (try? SessionCodec.decode(SessionMetadata.self, record.metadata))?.joinCode
    }

    private func takeOver(_ record: StoredSession) async -> Result<SessionHost, Rejection> {
        do {
            if let host = try await claimAndRestore(record) {
                logger.notice("took over a session", metadata: ["session.id": "\(record.id)"])
                return .success(host)
            }
        } catch let damage as SessionDamage {
            setAside(damage, record: record)
            return .failure(Rejection(.unavailable, "this session's stored data is damaged: an operator must repair it"))
        } catch {
            logger.error("could not take over a session", metadata: ["session.id": "\(record.id)", "error": "\(error)"])
            return .failure(Rejection(.internal, "this session cannot be served here now; retry"))
        }
        let owner = elsewhereByID[record.id] ?? "unknown"
        return .failure(Rejection(.conflict, "this session is hosted by node \(owner)"))
    }

    /// A host whose lease was lost stops being served here; the next member who comes back
    /// takes it over again if the lease is free, or is told which node has it.
    private func leaseLost(session id: String) {
        guard let host = byID.removeValue(forKey: id) else { return }
        if let code = byCode.first(where: { $0.value === host })?.key { byCode.removeValue(forKey: code) }
        createdAt.removeValue(forKey: id)
        logger.error("lost the lease of a session: no longer served here", metadata: ["session.id": "\(id)"])
    }

    /// Rewrites a session's stored log while it is served: its host stops and commits what
    /// it accepted, `rewrite` changes the log (a new epoch), and a new host is built from it;
    /// clients reconnect and get a snapshot. A session another node hosts is rewritten in the
    /// store only (that node serves the old state until it restarts or loses the lease).
    func rewriting(_ id: String, _ rewrite: () async throws -> Void) async throws {
        guard let host = byID[id] else {
            try await rewrite()
            return
        }
        await host.retire()
        byID.removeValue(forKey: id)
        if let code = byCode.first(where: { $0.value === host })?.key { byCode.removeValue(forKey: code) }
        do {
            try await rewrite()
        } catch {
            await reinstate(id)
            throw error
        }
        await reinstate(id)
    }

    /// Builds the host of a session again from the store (after `rewriting`).
    private func reinstate(_ id: String) async {
        do {
            guard let record = try await store.session(id) else { return }
            _ = try await claimAndRestore(record)
        } catch let damage as SessionDamage {
            if let record = try? await store.session(id) { setAside(damage, record: record) }
        } catch {
            logger.error("a rewritten session could not be served again", metadata: ["session.id": "\(id)", "error": "\(error)"])
        }
    }

    /// Waits until every host has committed what it has queued (graceful stop).
    func drainAll() async {
        for host in byID.values { await host.drained() }
    }

    /// Every session with its creation time.
    func all() -> [(host: SessionHost, createdAt: Int64)] {
        byID.map { ($0.value, createdAt[$0.key] ?? 0) }
    }

    /// The host of a session this node serves now, without taking any over.
    func served(_ id: String) -> SessionHost? { byID[id] }

    /// The join code of every session this node hosts, by session id.
    func joinCodes() -> [String: String] {
        var codes: [String: String] = [:]
        for (code, host) in byCode { codes[byID.first { $0.value === host }?.key ?? ""] = code }
        codes.removeValue(forKey: "")
        return codes
    }

    /// The damaged sessions as the trainer's list shows them: what their record says, and
    /// why they are not served.
    nonisolated func damagedSummaries() -> [SessionSummary] {
        damaged.entriesByID.values.map { entry in
            let metadata = try? SessionCodec.decode(SessionMetadata.self, entry.record.metadata)
            return SessionSummary(
                id: entry.record.id, title: metadata?.title ?? entry.record.id, template: metadata?.template ?? "",
                locale: metadata?.locale ?? "fr", joinCode: metadata?.joinCode ?? "", createdAt: entry.record.createdAt,
                members: 0, online: 0, currentStep: 0, steps: 0, seq: entry.record.lastSeq, damage: entry.reason)
        }
    }
}

/// What the store keeps beside a session for listings without replaying it.
struct SessionMetadata: Codable, Sendable {
    let title: String
    let template: String
    let locale: String
    let joinCode: String
    /// The cohort and planned session it belongs to, if any.
    let cohort: String?
    let planned: String?

    init(_ setup: SessionSetup) {
        title = setup.title
        template = setup.templateID
        locale = setup.locale
        joinCode = setup.joinCode
        cohort = setup.cohort?.id
        planned = setup.cohort?.planned
    }
}
