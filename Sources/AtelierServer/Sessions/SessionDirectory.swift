import AtelierEngine
import AtelierKit
import AtelierStore
import AtelierTransport
import Logging

/// Every live session of this process, by id and by join code.
actor SessionDirectory {
    private var byID: [String: SessionHost] = [:]
    private var byCode: [String: SessionHost] = [:]
    private var createdAt: [String: Int64] = [:]
    /// Sessions another node hosts: join code → node name.
    private var elsewhere: [String: String] = [:]
    private var elsewhereByID: [String: String] = [:]
    /// This node's name in leases.
    let node: String
    let engine: SessionEngine
    let store: any EventStore
    let transport: WebSocketServer
    let clock: WallClock
    let hostSettings: SessionHost.Settings
    let maxParticipants: Int
    let logger: Logger

    init(
        engine: SessionEngine, store: any EventStore, transport: WebSocketServer, clock: WallClock,
        hostSettings: SessionHost.Settings, maxParticipants: Int, node: String, logger: Logger
    ) {
        self.node = node
        self.engine = engine
        self.store = store
        self.transport = transport
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
    func create(template: SessionTemplate, agenda: [AgendaStep], title: String?) async throws -> Created {
        var code = JoinCode.make(from: Secrets.randomBytes(JoinCode.length))
        while byCode[code] != nil { code = JoinCode.make(from: Secrets.randomBytes(JoinCode.length)) }
        let id = "s" + JoinCode.make(from: Secrets.randomBytes(6)).lowercased()
            + JoinCode.make(from: Secrets.randomBytes(6)).lowercased()
        let invite = Secrets.make()
        let setup = SessionSetup(
            id: id, title: title ?? template.title, locale: template.locale, templateID: template.id, joinCode: code,
            facilitatorKeyHash: Secrets.hash(invite), agenda: agenda, maxParticipants: maxParticipants)
        let now = clock.now()
        let created = EventEnvelope(seq: 1, at: now, actor: nil, command: nil, event: .sessionCreated(setup: setup))
        try await store.createSession(id: id, createdAt: now, metadata: SessionCodec.encode(SessionMetadata(setup)))
        try await store.claim(session: id, node: node)
        _ = try await store.append(session: id, after: 0, payloads: [SessionCodec.encode(created)])
        var state = engine.initialState(setup)
        state.seq = 1
        register(state: state, epoch: 1, createdAt: now)
        logger.info("session created", metadata: ["session.id": "\(id)", "template": "\(template.id)"])
        return Created(setup: setup, facilitatorInvite: invite)
    }

    @discardableResult
    private func register(state: SessionState, epoch: Int, createdAt: Int64) -> SessionHost {
        let host = SessionHost(
            state: state, epoch: epoch, engine: engine, store: store, transport: transport, clock: clock,
            settings: hostSettings, logger: logger)
        byID[state.setup.id] = host
        byCode[state.setup.joinCode] = host
        self.createdAt[state.setup.id] = createdAt
        return host
    }

    /// Rebuilds every stored session: latest snapshot plus the events after it. Running
    /// timers are re-armed from their stored deadlines; members are marked offline.
    func restoreAll() async throws -> Int {
        var restored = 0
        for record in try await store.sessions() {
            do {
                try await store.claim(session: record.id, node: node)
            } catch StoreError.ownedElsewhere(_, let owner) {
                let metadata = try? SessionCodec.decode(SessionMetadata.self, record.metadata)
                if let code = metadata?.joinCode { elsewhere[code] = owner }
                elsewhereByID[record.id] = owner
                logger.info("session hosted by another node", metadata: ["session.id": "\(record.id)", "node": "\(owner)"])
                continue
            }
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
                let host = register(state: state, epoch: record.epoch, createdAt: record.createdAt)
                await host.markEveryoneOffline()
                restored += 1
            }
        }
        return restored
    }

    /// The session with this join code, or why it cannot be served here.
    func host(code: String) -> Result<SessionHost, Rejection> {
        if let host = byCode[code] { return .success(host) }
        if let owner = elsewhere[code] { return .failure(Rejection(.conflict, "this session is hosted by node \(owner)")) }
        return .failure(Rejection(.notFound, "no session has this join code"))
    }

    /// The session with this id, or why it cannot be served here.
    func host(id: String) -> Result<SessionHost, Rejection> {
        if let host = byID[id] { return .success(host) }
        if let owner = elsewhereByID[id] { return .failure(Rejection(.conflict, "this session is hosted by node \(owner)")) }
        return .failure(Rejection(.notFound, "no such session"))
    }

    /// Waits until every host has committed what it has queued (graceful stop).
    func drainAll() async {
        for host in byID.values { await host.drained() }
    }

    /// Every session with its creation time.
    func all() -> [(host: SessionHost, createdAt: Int64)] {
        byID.map { ($0.value, createdAt[$0.key] ?? 0) }
    }
}

/// What the store keeps beside a session for listings without replaying it.
struct SessionMetadata: Codable, Sendable {
    let title: String
    let template: String
    let locale: String
    let joinCode: String

    init(_ setup: SessionSetup) {
        title = setup.title
        template = setup.templateID
        locale = setup.locale
        joinCode = setup.joinCode
    }
}
