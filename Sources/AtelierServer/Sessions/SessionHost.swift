import AtelierEngine
import AtelierKit
import AtelierStore
import AtelierTransport
import Logging

/// Hosts one live session: the serial executor every command of that session goes through.
///
/// Commands are decided against the *working* state (which includes events still being
/// committed), so a busy session pipelines its commits; nothing is acknowledged or shown
/// before its events are durable: acknowledgements, welcomes and view patches are sent
/// only once the store has committed, and views are computed from the *committed* state.
/// Views are computed and serialized once per audience, diffed as JSON Merge Patches,
/// coalesced to one flush per `flushInterval`, and the same bytes fan out to every
/// connection of the audience.
actor SessionHost {
    struct Settings: Sendable {
        var flushInterval: Duration = .milliseconds(50)
        var ringCapacity = 512
        var snapshotEvery = 1000
    }

    /// What to do for the sender once a decision is durable.
    enum Completion {
        case none
        /// `seq` nil: the seq of the submitted events (or the working seq for none).
        case ack(commandID: String, connection: ConnectionID, seq: Int?, duplicate: Bool)
        case joined(ParticipantID, token: String, connection: ConnectionID)
        /// A member came back holding the view of `seq` in `epoch`: answered once their
        /// return is durable, so that it is among the patches they get.
        case resumed(ParticipantID, epoch: Int, seq: Int, connection: ConnectionID, newToken: String? = nil)
        /// A ping of a member: answered after everything they sent before it.
        case pong(ConnectionID)
        /// An error for a member's message (a refused command, an unreadable message):
        /// answered in its turn, so that no refusal decided against events still being
        /// committed is seen before they are durable.
        case refusal(Rejection, commandID: String?, connection: ConnectionID)
    }

    /// A decision on its way to the store: its events and what to answer.
    struct Pending {
        let envelopes: [EventEnvelope]
        let completion: Completion
    }

    typealias Pipeline = CommitPipeline<Pending, SessionState>

    let engine: SessionEngine
    let store: any EventStore
    let outbound: any SessionOutbound
    let clock: WallClock
    let settings: Settings
    let logger: Logger
    let epoch: Int
    let sessionID: String

    /// Includes events not yet committed: what commands are decided against.
    var working: SessionState
    /// Only committed events: what anyone is shown (without the acknowledgement memory,
    /// which only `working` keeps).
    var committed: SessionState

    /// Messages of bound connections waiting for a turn of this host.
    nonisolated let inbox = SessionInbox()

    /// The typed activity events of the last decision, applied to `working` without decoding.
    var decoded = DecodedActivityEvents()
    /// Random bits for each decision.
    var dice = Dice()

    /// Decisions on their way to the store, and whether this node still hosts the session.
    var pipeline: Pipeline
    /// The encoded events of the decision being submitted (reused: no array per decision).
    var encoding: [[UInt8]] = []
    var lastSnapshotSeq = 0

    // Connections.
    var connections: [ParticipantID: Set<ConnectionID>] = [:]
    /// Connections that joined or resumed and have not yet had their snapshot or gap:
    /// patches skip them so that nothing arrives out of order.
    var awaiting: Set<ConnectionID> = []

    // What was last sent.
    var sharedViews: [Audience: JSONValue] = [:]
    var sharedSeq: [Audience: Int] = [:]
    var rings: [Audience: PatchRing] = [:]
    var privateViews: [ParticipantID: JSONValue] = [:]
    var flushedSeq = 0

    // Pending view work.
    var flushes: FlushSchedule
    var touched: Set<ParticipantID> = []
    var resync: Set<ParticipantID> = []
    var timerTask: Task<Void, Never>?
    /// Set by `retire()`: nothing more is accepted; a new host serves the rewritten log.
    var retired = false
    var timerRun: Int?
    /// Whether an activity of this session has sealed events (looked up once).
    lazy var hasSealedEvents: Bool = setup.agenda.contains {
        engine.registry.driver($0.activity)?.manifest.hasSealedEvents == true
    }
    var alarmTask: Task<Void, Never>?
    var alarmAt: Int64?

    /// Tells the directory to stop handing this host out.
    let onLeaseLost: @Sendable () async -> Void

    init(
        state: SessionState, epoch: Int, engine: SessionEngine, store: any EventStore, outbound: any SessionOutbound,
        clock: WallClock, settings: Settings, logger: Logger, onLeaseLost: @escaping @Sendable () async -> Void = {}
    ) {
        self.onLeaseLost = onLeaseLost
        self.engine = engine
        self.store = store
        self.outbound = outbound
        self.clock = clock
        self.settings = settings
        self.epoch = epoch
        sessionID = state.setup.id
        var logger = logger
        logger[metadataKey: "session.id"] = "\(state.setup.id)"
        self.logger = logger
        working = state
        committed = state.withoutAcknowledgements
        pipeline = Pipeline(seq: state.seq)
        flushes = FlushSchedule(interval: settings.flushInterval, now: .now)
        lastSnapshotSeq = state.seq
        // What clients were shown up to `state.seq` (a restored session's last view): the
        // first patch after a restart is then a true diff, and older gaps get a snapshot.
        for audience in Audience.allCases {
            rings[audience] = PatchRing(capacity: settings.ringCapacity, origin: state.seq)
            sharedViews[audience] = engine.view(of: state, for: audience)
            sharedSeq[audience] = state.seq
        }
        flushedSeq = state.seq
    }

    /// False once the store refused a commit because this node lost the session's lease
    /// (the session is then served by whichever node claims it next, not here), or once the
    /// host was retired so that its log could be rewritten (`retire()`).
    var hosting: Bool { pipeline.isHosting && !retired }

    var setup: SessionSetup { committed.setup }

    // MARK: Commands

    /// Runs a member's command; the ack (the original one for a retry) or the error is sent
    /// once everything before it is durable.
    func handle(_ command: SessionCommand, commandID: String, from member: ParticipantID, on connection: ConnectionID) {
        guard hosting else {
            send(ServerFrame.error(Self.notHostedHere, commandID: commandID), to: [connection])
            return
        }
        let key = SessionState.acknowledgementKey(member, commandID)
        if let seq = working.acknowledged[key] {
            submit([], actor: nil, commandID: nil, then: .ack(commandID: commandID, connection: connection, seq: seq, duplicate: true))
            return
        }
        let context = EngineContext(now: clock.now(), random: dice.roll())
        switch engine.decide(command, by: member, in: working, context: context, decoded: &decoded) {
        case .failure(let rejection):
            refuse(rejection, commandID: commandID, on: connection)
        case .success(let events):
            // A command with no effect still leaves its id in the log, so a retry after a
            // restart is recognised as well.
            submit(
                events.isEmpty ? [.commandAcknowledged] : events, actor: member, commandID: commandID,
                then: .ack(commandID: commandID, connection: connection, seq: nil, duplicate: false))
        }
    }

    /// Answers a member's message with an error in its turn: after the answers still due
    /// to what they sent before (acks wait for their commit).
    func refuse(_ rejection: Rejection, commandID: String?, on connection: ConnectionID) {
        submit([], actor: nil, commandID: nil, then: .refusal(rejection, commandID: commandID, connection: connection))
    }

    /// Returns once nothing is waiting in the inbox, queued or being committed (at most about 5 s).
    func drained() async {
        for _ in 0..<1000 where !pipeline.isIdle || !inbox.isIdle {
            try? await Task.sleep(for: .milliseconds(5))
        }
    }

    /// Answers a member's ping once everything queued before it is answered.
    func ping(from connection: ConnectionID) {
        submit([], actor: nil, commandID: nil, then: .pong(connection))
    }

    /// Runs a command of the shell itself (presence, clock).
    func system(_ command: SystemCommand, start: Bool = true) {
        if case .success(let events) = engine.decide(
            system: command, in: working, context: EngineContext(now: clock.now()))
        {
            if !events.isEmpty { submit(events, actor: nil, commandID: nil, then: .none, start: start) }
        }
    }

    /// After an entry point: push views (coalesced) and re-arm the timer and the activity's alarm.
    func settle() {
        scheduleFlush()
        scheduleTimer()
        scheduleAlarm()
    }

    // MARK: Timer

    private func scheduleTimer() {
        let timer = committed.timer
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
        guard working.timer.run == run, working.timer.status == .running else { return }
        if let deadline = working.timer.deadline, clock.now() < deadline {
            timerRun = nil
            scheduleTimer()
            return
        }
        system(.timerElapsed(run: run))
    }

    // MARK: The activity's alarm

    /// Wakes the session when the current activity asked to hear the time (a speaker's
    /// timebox); one wake-up per alarm value, so an alarm that causes nothing is not retried.
    private func scheduleAlarm() {
        let due = engine.alarm(of: committed)
        guard due != alarmAt else { return }
        alarmTask?.cancel()
        alarmTask = nil
        alarmAt = due
        guard let due else { return }
        let delay = max(0, due - clock.now())
        alarmTask = Task { [weak self] in
            try? await Task.sleep(for: .milliseconds(delay))
            guard !Task.isCancelled else { return }
            await self?.alarmFired(due: due)
        }
    }

    private func alarmFired(due: Int64) {
        guard alarmAt == due else { return }
        if clock.now() < due {  // woke early: sleep the rest
            alarmAt = nil
            scheduleAlarm()
            return
        }
        system(.activityAlarm)
    }

    func send(_ message: JSONValue, to recipients: [ConnectionID]) {
        guard !recipients.isEmpty else { return }
        outbound.send(message.encodedBytes(), to: recipients)
    }

    /// The session id and its minutes (Markdown), from what is committed.
    func minutes() -> (id: String, text: String) {
        (setup.id, SessionExports.minutes(of: committed, engine: engine, now: clock.now()))
    }

    /// The minutes as a printable HTML page, as of now.
    func minutesPage() -> (id: String, text: String) {
        (setup.id, SessionExports.minutesPage(of: committed, engine: engine, now: clock.now()))
    }

    /// The contributions as CSV.
    func contributionsCSV() -> (id: String, bytes: [UInt8]) { (setup.id, SessionExports.contributionsCSV(of: committed, engine: engine)) }

    /// Step `step`'s downloadable file (a closed vote's ballots), from what is committed.
    func export(step: Int) -> JSONValue? { engine.export(of: committed, step: step) }

    /// A summary for `GET /api/sessions`.
    func summary(createdAt: Int64) -> SessionSummary {
        let active = committed.members.values.filter { !$0.removed }
        return SessionSummary(
            id: setup.id, title: setup.title, template: setup.templateID, locale: setup.locale, joinCode: setup.joinCode,
            createdAt: createdAt, members: active.count, online: active.filter(\.online).count,
            currentStep: committed.currentStep, steps: setup.agenda.count, seq: committed.seq)
    }
}

/// What `GET /api/sessions` lists for each session.
public struct SessionSummary: Codable, Sendable, Equatable {
    /// Session id.
    public let id: String
    /// Title.
    public let title: String
    /// Template id.
    public let template: String
    /// fr or en.
    public let locale: String
    /// Join code.
    public let joinCode: String
    /// Creation time, ms since 1970.
    public let createdAt: Int64
    /// Members (not removed).
    public let members: Int
    /// Members online now.
    public let online: Int
    /// Index of the current step.
    public let currentStep: Int
    /// Steps in the agenda.
    public let steps: Int
    /// The last committed `seq`.
    public let seq: Int
    /// Why the session is not served (its stored log does not rebuild), or nil.
    public let damage: String?

    /// Creates a summary.
    public init(
        id: String, title: String, template: String, locale: String, joinCode: String, createdAt: Int64, members: Int,
        online: Int, currentStep: Int, steps: Int, seq: Int, damage: String? = nil
    ) {
        self.id = id
        self.title = title
        self.template = template
        self.locale = locale
        self.joinCode = joinCode
        self.createdAt = createdAt
        self.members = members
        self.online = online
        self.currentStep = currentStep
        self.steps = steps
        self.seq = seq
        self.damage = damage
    }
}
