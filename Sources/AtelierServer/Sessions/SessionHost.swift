import AtelierEngine
import AtelierKit
import AtelierTransport
import Foundation
import Logging

/// Hosts one live session: the serial executor every command of that session goes through.
///
/// It decides with the pure engine, appends the events to the log, applies them, and
/// pushes views: computed and serialized once per audience, diffed as JSON Merge Patches,
/// coalesced to at most one flush per `flushInterval`, the same bytes fanned out to every
/// connection of the audience.
actor SessionHost {
    struct Settings: Sendable {
        var flushInterval: Duration = .milliseconds(50)
        var ringCapacity = 512
    }

    let engine: SessionEngine
    let transport: WebSocketServer
    let clock: WallClock
    let settings: Settings
    let logger: Logger
    let epoch = 1

    private(set) var state: SessionState
    private(set) var log: [EventEnvelope] = []

    // Connections.
    private var connections: [ParticipantID: Set<ConnectionID>] = [:]
    /// Connections that joined or resumed and have not yet had their snapshot or gap:
    /// patches skip them so that nothing arrives out of order.
    private var awaiting: Set<ConnectionID> = []

    // What was last sent.
    private var sharedViews: [Audience: JSONValue] = [:]
    private var sharedSeq: [Audience: Int] = [:]
    private var rings: [Audience: PatchRing] = [:]
    private var privateViews: [ParticipantID: JSONValue] = [:]
    private var flushedSeq = 0

    // Pending work.
    private var dirty = false
    private var touched: Set<ParticipantID> = []
    private var resync: Set<ParticipantID> = []
    private var flushScheduled = false
    private var lastFlush = ContinuousClock.now - .seconds(1)
    private var timerTask: Task<Void, Never>?
    private var timerRun: Int?
    private var noopAcks: [String: Int] = [:]

    init(setup: SessionSetup, engine: SessionEngine, transport: WebSocketServer, clock: WallClock, settings: Settings, logger: Logger) {
        self.engine = engine
        self.transport = transport
        self.clock = clock
        self.settings = settings
        var logger = logger
        logger[metadataKey: "session.id"] = "\(setup.id)"
        self.logger = logger
        state = engine.initialState(setup)
        let created = EventEnvelope(seq: 1, at: clock.now(), actor: nil, command: nil, event: .sessionCreated(setup))
        log.append(created)
        state.seq = 1
        for audience in Audience.allCases { rings[audience] = PatchRing(capacity: settings.ringCapacity) }
    }

    var setup: SessionSetup { state.setup }

    // MARK: Committing

    /// Appends events to the log and applies them; returns the last `seq`.
    @discardableResult
    private func commit(_ events: [SessionEvent], actor: ParticipantID?, command: String?) -> Int {
        let now = clock.now()
        for event in events {
            let envelope = EventEnvelope(seq: state.seq + 1, at: now, actor: actor, command: command, event: event)
            log.append(envelope)
            engine.apply(envelope, to: &state)
            note(event)
        }
        if !events.isEmpty { dirty = true }
        return state.seq
    }

    private func note(_ event: SessionEvent) {
        switch event {
        case .participantJoined(let id, _, _, _), .presenceChanged(let id, _), .handRaised(let id), .handLowered(let id):
            touched.insert(id)
        case .roleChanged(let id, _):
            resync.insert(id)
        case .leadHandedOver(let from, let to):
            resync.formUnion([from, to])
        case .participantRemoved(let id):
            expel(id)
        default:
            break
        }
    }

    private func expel(_ id: ParticipantID) {
        let removed = ServerFrame.error(Rejection(.forbidden, "you were removed from the session"))
        for connection in connections.removeValue(forKey: id) ?? [] {
            transport.send(OutboundFrame(bytes: removed.encodedBytes()), to: connection)
            transport.close(connection, code: CloseCode(rawValue: 4001), reason: "removed from the session")
        }
        privateViews.removeValue(forKey: id)
    }

    // MARK: Members

    /// A new member joins on `connection`; they get a welcome with their secret token, then a snapshot.
    func join(name: String, role: Role, on connection: ConnectionID) -> Result<ParticipantID, Rejection> {
        let token = Secrets.make()
        let decided = engine.decide(
            system: .join(name: name, role: role, tokenHash: Secrets.hash(token)), in: state,
            context: EngineContext(now: clock.now()))
        switch decided {
        case .failure(let rejection):
            return .failure(rejection)
        case .success(let events):
            commit(events, actor: nil, command: nil)
            guard case .participantJoined(let id, _, let joinedRole, _)? = events.first else {
                return .failure(Rejection(.internal, "join produced no member"))
            }
            attach(connection, to: id)
            send(ServerFrame.welcome(session: setup.id, participant: id, role: joinedRole, token: token, epoch: epoch), to: [connection])
            sendSnapshot(to: id, connections: [connection])
            awaiting.remove(connection)
            settle()
            return .success(id)
        }
    }

    /// A facilitator joins: the first becomes lead, later ones co-facilitators.
    func joinAsFacilitator(name: String, on connection: ConnectionID) -> Result<ParticipantID, Rejection> {
        let role: Role = state.lead == nil ? .facilitator : .cofacilitator
        return join(name: name.isEmpty ? (setup.locale == "fr" ? "Animation" : "Facilitator") : name, role: role, on: connection)
    }

    /// Whether `invite` is this session's facilitator invite.
    func acceptsInvite(_ invite: String) -> Bool { Secrets.sameHash(Secrets.hash(invite), setup.facilitatorKeyHash) }

    /// A known member reconnects: exactly the missed patches, or a snapshot.
    func resume(_ id: ParticipantID, token: String, epoch clientEpoch: Int, seq: Int, on connection: ConnectionID)
        -> Result<Void, Rejection>
    {
        guard let member = state.members[id], Secrets.sameHash(member.tokenHash, Secrets.hash(token)) else {
            return .failure(Rejection(.unauthorized, "unknown member or wrong token"))
        }
        guard !member.removed else { return .failure(.forbidden("you were removed from the session")) }
        attach(connection, to: id)
        flushNow()
        send(ServerFrame.welcome(session: setup.id, participant: id, role: member.role, token: nil, epoch: epoch), to: [connection])
        let audience = member.role.audience
        if clientEpoch == epoch, seq <= flushedSeq, seq >= member.roleSince,
            let missed = rings[audience]?.missed(after: seq)
        {
            for frame in missed { transport.send(OutboundFrame(bytes: frame), to: connection) }
            let me = engine.privateView(of: state, for: id)
            privateViews[id] = me
            send(ServerFrame.patch(seq: flushedSeq, patch: me), to: [connection])
        } else {
            sendSnapshot(to: id, connections: [connection])
        }
        awaiting.remove(connection)
        settle()
        return .success(())
    }

    /// A connection of `id` closed.
    func disconnected(_ connection: ConnectionID, member id: ParticipantID) {
        awaiting.remove(connection)
        guard var open = connections[id] else { return }
        open.remove(connection)
        if open.isEmpty {
            connections.removeValue(forKey: id)
            presence(id, online: false)
        } else {
            connections[id] = open
        }
        settle()
    }

    private func attach(_ connection: ConnectionID, to id: ParticipantID) {
        let wasOffline = connections[id, default: []].isEmpty
        awaiting.insert(connection)
        connections[id, default: []].insert(connection)
        if wasOffline { presence(id, online: true) }
    }

    private func presence(_ id: ParticipantID, online: Bool) {
        if case .success(let events) = engine.decide(
            system: .setPresence(id, online: online), in: state, context: EngineContext(now: clock.now()))
        {
            commit(events, actor: nil, command: nil)
        }
    }

    // MARK: Commands

    /// Runs a member's command; answers with an ack (the original one for a retry) or an error.
    func handle(command id: String, _ command: SessionCommand, from member: ParticipantID, on connection: ConnectionID) {
        let key = SessionState.acknowledgementKey(member, id)
        if let seq = state.acknowledged[key] ?? noopAcks[key] {
            send(ServerFrame.ack(command: id, seq: seq, duplicate: true), to: [connection])
            return
        }
        let context = EngineContext(now: clock.now(), random: Secrets.randomWord())
        switch engine.decide(command, by: member, in: state, context: context) {
        case .failure(let rejection):
            send(ServerFrame.error(rejection, command: id), to: [connection])
        case .success(let events):
            let seq = commit(events, actor: member, command: id)
            if events.isEmpty { rememberNoop(key, seq: seq) }
            send(ServerFrame.ack(command: id, seq: seq, duplicate: false), to: [connection])
        }
        settle()
    }

    /// After an entry point has answered its caller: push views (coalesced) and re-arm the timer.
    private func settle() {
        if dirty { scheduleFlush() }
        scheduleTimer()
    }

    private func rememberNoop(_ key: String, seq: Int) {
        if noopAcks.count >= 10_000 { noopAcks.removeAll(keepingCapacity: true) }
        noopAcks[key] = seq
    }

    // MARK: Timer

    private func scheduleTimer() {
        let timer = state.timer
        guard timer.status == .running, let deadline = timer.deadline else {
            timerTask?.cancel()
            timerTask = nil
            timerRun = nil
            return
        }
        guard timerRun != timer.run else { return }
        timerTask?.cancel()
        timerRun = timer.run
        let run = timer.run
        let delay = max(0, deadline - clock.now())
        timerTask = Task { [weak self] in
            try? await Task.sleep(for: .milliseconds(delay))
            guard !Task.isCancelled else { return }
            await self?.timerFired(run: run)
        }
    }

    private func timerFired(run: Int) {
        guard state.timer.run == run, state.timer.status == .running else { return }
        if let deadline = state.timer.deadline, clock.now() < deadline {
            timerRun = nil
            scheduleTimer()
            return
        }
        if case .success(let events) = engine.decide(
            system: .timerElapsed(run: run), in: state, context: EngineContext(now: clock.now()))
        {
            commit(events, actor: nil, command: nil)
        }
        settle()
    }

    // MARK: Views

    private func scheduleFlush() {
        guard !flushScheduled else { return }
        let due = lastFlush + settings.flushInterval
        if due <= ContinuousClock.now {
            flushNow()
            return
        }
        flushScheduled = true
        Task { [weak self] in
            try? await Task.sleep(until: due)
            await self?.flushNow()
        }
    }

    /// Sends every pending change now.
    func flushNow() {
        flushScheduled = false
        guard dirty else { return }
        dirty = false
        lastFlush = .now
        let seq = state.seq
        var byAudience: [Audience: [ConnectionID]] = [:]
        for (id, open) in connections where !resync.contains(id) {
            guard let member = state.members[id] else { continue }
            byAudience[member.role.audience, default: []].append(contentsOf: open.subtracting(awaiting))
        }
        for audience in Audience.allCases {
            let view = engine.view(of: state, for: audience)
            guard let patch = MergePatch.diff(from: sharedViews[audience] ?? [:], to: view) else { continue }
            let frame = ServerFrame.patch(seq: seq, patch: patch).encodedBytes()
            rings[audience]?.append(.init(base: sharedSeq[audience] ?? 0, seq: seq, frame: frame))
            sharedViews[audience] = view
            sharedSeq[audience] = seq
            if let recipients = byAudience[audience], !recipients.isEmpty {
                transport.send(OutboundFrame(bytes: frame), to: recipients)
            }
        }
        flushedSeq = seq
        let privateTargets = hasPrivateActivityViews ? Set(connections.keys) : touched.intersection(connections.keys)
        for id in privateTargets where !resync.contains(id) {
            let view = engine.privateView(of: state, for: id)
            if let patch = MergePatch.diff(from: privateViews[id] ?? [:], to: view) {
                privateViews[id] = view
                send(ServerFrame.patch(seq: seq, patch: patch), to: Array((connections[id] ?? []).subtracting(awaiting)))
            }
        }
        for id in resync {
            if let open = connections[id] { sendSnapshot(to: id, connections: Array(open)) }
        }
        touched.removeAll()
        resync.removeAll()
    }

    private var hasPrivateActivityViews: Bool {
        engine.registry.driver(state.step.activity)?.manifest.hasPrivateViews ?? false
    }

    private func sendSnapshot(to id: ParticipantID, connections recipients: [ConnectionID]) {
        flushNow()
        guard let member = state.members[id] else { return }
        let audience = member.role.audience
        let shared = sharedViews[audience] ?? engine.view(of: state, for: audience)
        let me = engine.privateView(of: state, for: id)
        privateViews[id] = me
        let view = MergePatch.apply(me, to: shared)
        send(ServerFrame.snapshot(seq: flushedSeq == 0 ? state.seq : flushedSeq, epoch: epoch, view: view), to: recipients)
    }

    private func send(_ message: JSONValue, to recipients: [ConnectionID]) {
        guard !recipients.isEmpty else { return }
        transport.send(OutboundFrame(bytes: message.encodedBytes()), to: recipients)
    }

    // MARK: Reading

    /// A summary for `GET /api/sessions`.
    func summary() -> SessionSummary {
        let active = state.members.values.filter { !$0.removed }
        return SessionSummary(
            id: setup.id, title: setup.title, template: setup.templateID, locale: setup.locale, joinCode: setup.joinCode,
            createdAt: log.first?.at ?? 0, members: active.count, online: active.filter(\.online).count,
            currentStep: state.currentStep, steps: setup.agenda.count, seq: state.seq)
    }

    /// The whole log (tests and exports).
    func events() -> [EventEnvelope] { log }
}

/// What `GET /api/sessions` lists for each session.
public struct SessionSummary: Codable, Sendable, Equatable {
    public let id: String
    public let title: String
    public let template: String
    public let locale: String
    public let joinCode: String
    public let createdAt: Int64
    public let members: Int
    public let online: Int
    public let currentStep: Int
    public let steps: Int
    public let seq: Int
}
