import AtelierEngine
import AtelierKit
import Briefing
import Testing

/// Shared building blocks: a registry with Briefing, a 3-step agenda, and a tiny host that
/// stamps `seq`/`at`/`actor`/`command` on events, applies them and keeps the log.
enum Fixtures {
    static let registry = ActivityRegistry([Briefing.self])
    static let engine = SessionEngine(registry: registry)

    /// The fixed "now" every session starts at (ms since 1970).
    static let t0: Int64 = 1_800_000_000_000

    /// Timeboxes of the standard agenda, in seconds.
    static let timeboxes = [300, 600, 900]

    /// Three Briefing steps with timeboxes of 5, 10 and 15 minutes.
    static let agenda: [AgendaStep] = timeboxes.enumerated().map { index, seconds in
        AgendaStep(
            title: "Step \(index + 1)", activity: "briefing",
            settings: ActivitySettings(values: ["instructions": .string("Read part \(index + 1)"), "link": ""]),
            timeboxSeconds: seconds)
    }

    static func setup(
        agenda: [AgendaStep] = Fixtures.agenda, maxParticipants: Int = 50, locale: String = "fr"
    ) -> SessionSetup {
        SessionSetup(
            id: "s1", title: "Atelier de codéveloppement", locale: locale, templateID: "codev",
            joinCode: "ABCDEF", facilitatorKeyHash: "key-hash", agenda: agenda, maxParticipants: maxParticipants)
    }

    /// A session with one member of each role plus a second participant:
    /// p1 lead facilitator, p2 co-facilitator, p3 participant, p4 observer, p5 participant.
    static func workshop(setup: SessionSetup = Fixtures.setup()) throws -> TestHost {
        var host = TestHost(setup: setup)
        try host.join("Fanny", as: .facilitator)
        try host.join("Colin", as: .cofacilitator)
        try host.join("Paul", as: .participant)
        try host.join("Olga", as: .observer)
        try host.join("Pia", as: .participant)
        return host
    }
}

extension SessionCommand {
    /// A Briefing intent as an activity command: `.briefing("markReady")`.
    static func briefing(_ kind: String, _ fields: [String: JSONValue] = [:]) -> SessionCommand {
        .activity(.object(fields.merging(["kind": .string(kind)]) { $1 }))
    }
}

/// Well-known member ids of `Fixtures.workshop()`.
enum Member {
    static let lead: ParticipantID = "p1"
    static let cofacilitator: ParticipantID = "p2"
    static let participant: ParticipantID = "p3"
    static let observer: ParticipantID = "p4"
    static let otherParticipant: ParticipantID = "p5"

    /// The workshop member who holds `role`.
    static func with(_ role: Role) -> ParticipantID {
        switch role {
        case .facilitator: lead
        case .cofacilitator: cofacilitator
        case .participant: participant
        case .observer: observer
        }
    }
}

/// A minimal in-test shell: decides, stamps envelopes with dense `seq`, applies, logs.
struct TestHost {
    let engine: SessionEngine
    private(set) var state: SessionState
    private(set) var log: [EventEnvelope]
    /// The session clock, advanced only by tests.
    var now: Int64
    /// When true, the state after every logged event is kept: `history[k - 1]` follows `log[k - 1]`.
    let recordsHistory: Bool
    private(set) var history: [SessionState] = []

    init(
        setup: SessionSetup = Fixtures.setup(), engine: SessionEngine = Fixtures.engine, now: Int64 = Fixtures.t0,
        recordsHistory: Bool = false
    ) {
        self.engine = engine
        self.now = now
        self.recordsHistory = recordsHistory
        log = [EventEnvelope(seq: 1, at: now, actor: nil, commandID: nil, event: .sessionCreated(setup: setup))]
        state = engine.fold(log)!
        if recordsHistory { history = [state] }
    }

    /// Decides without applying anything.
    func decide(
        _ command: SessionCommand, by actor: ParticipantID, random: UInt64 = 0
    ) -> Result<[SessionEvent], Rejection> {
        engine.decide(command, by: actor, in: state, context: EngineContext(now: now, random: random))
    }

    /// Decides a member's command and, if accepted, logs and applies its events.
    @discardableResult
    mutating func send(
        _ command: SessionCommand, by actor: ParticipantID, id: String? = nil, random: UInt64 = 0
    ) -> Result<[SessionEvent], Rejection> {
        let result = decide(command, by: actor, random: random)
        if case .success(let events) = result { commit(events, actor: actor, commandID: id) }
        return result
    }

    /// Sends a command that must be accepted (the test fails otherwise); returns its events.
    @discardableResult
    mutating func accept(_ command: SessionCommand, by actor: ParticipantID, id: String? = nil) throws -> [SessionEvent] {
        try send(command, by: actor, id: id).get()
    }

    /// Decides a shell command and, if accepted, logs and applies its events.
    @discardableResult
    mutating func system(_ command: SystemCommand) -> Result<[SessionEvent], Rejection> {
        let result = engine.decide(system: command, in: state, context: EngineContext(now: now))
        if case .success(let events) = result { commit(events, actor: nil, commandID: nil) }
        return result
    }

    /// Joins someone and returns their id (fails the test if the join is refused).
    @discardableResult
    mutating func join(_ name: String, as role: Role = .participant, tokenHash: String = "token") throws -> ParticipantID {
        let events = try system(.join(name: name, role: role, tokenHash: tokenHash)).get()
        guard case .participantJoined(let id, _, _, _) = try #require(events.first) else {
            Issue.record("a join produced \(events)")
            return "?"
        }
        return id
    }

    /// Stamps and applies events as the shell would, returning their envelopes.
    @discardableResult
    mutating func commit(_ events: [SessionEvent], actor: ParticipantID?, commandID: String?) -> [EventEnvelope] {
        events.map { event in
            let envelope = EventEnvelope(seq: state.seq + 1, at: now, actor: actor, commandID: commandID, event: event)
            engine.apply(envelope, to: &state)
            log.append(envelope)
            if recordsHistory { history.append(state) }
            return envelope
        }
    }

    /// Moves the clock forward.
    mutating func advance(ms: Int64) { now += ms }
    mutating func advance(seconds: Int64) { now += seconds * 1000 }

    /// The member with `id` (fails the test when absent).
    func member(_ id: ParticipantID) throws -> Participant { try #require(state.members[id]) }

    /// The current Briefing state as JSON (instructions, link, ready).
    func briefing(step: Int? = nil) -> JSONValue { (try? state.activities[step ?? state.currentStep].tree()) ?? .null }
}

extension Result where Failure == Rejection {
    /// The rejection's code, or nil when accepted.
    var code: ErrorCode? {
        if case .failure(let rejection) = self { return rejection.code }
        return nil
    }

    /// The accepted events, or nil when rejected.
    var events: Success? { try? get() }
}

extension JSONValue {
    /// Every path ("a.b[2]") at which the document holds `null`.
    var nullPaths: [String] {
        func walk(_ value: JSONValue, _ path: String) -> [String] {
            switch value {
            case .null: [path]
            case .array(let items): items.enumerated().flatMap { walk($1, "\(path)[\($0)]") }
            case .object(let members):
                members.sorted { $0.key < $1.key }.flatMap { walk($1, path.isEmpty ? $0 : "\(path).\($0)") }
            default: []
            }
        }
        return walk(self, "")
    }
}
