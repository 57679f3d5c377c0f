import AtelierKit

/// A session's whole log, folded once, with the state kept every `stride` events, so that
/// the room at any `seq` is a checkpoint plus fewer than `stride` events: what the replay
/// viewer and `atelier replay` show. Pure: it reads the envelopes it is given, nothing else.
///
/// The views it gives are the engine's views at that moment, so whatever the live views
/// kept private (a secret ballot, a client's notes) stays private in replay.
public struct ReplayIndex: Sendable {
    /// Events between two kept states.
    public static let stride = 256

    /// One event's place on the timeline.
    public struct Moment: Sendable, Equatable {
        public let seq: Int
        public let at: Int64
        /// The event's kind: a session event's name (`stepChanged`) or, for an activity
        /// event, its own (`floorGiven`, `opened`).
        public let kind: String
        /// The agenda step an activity event belongs to.
        public let step: Int?
    }

    /// Kinds shown as markers on the timeline.
    public static let markerKinds: Set<String> = [
        "stepChanged", "timerStarted", "timerElapsed", "caseStarted", "phaseEntered", "floorGiven", "roundStarted",
        "roundEnded", "opened", "closed", "published", "cancelled",
    ]

    public let engine: SessionEngine
    private(set) var envelopes: [EventEnvelope] = []
    private var checkpoints: [SessionState] = []
    private var head: SessionState
    /// Every event's time and kind, in seq order.
    public private(set) var moments: [Moment] = []

    /// Folds `log` (which must start with `sessionCreated` at seq 1, densely numbered), or nil.
    public init?(engine: SessionEngine, log: [EventEnvelope]) {
        guard let first = log.first, first.seq == 1, let initial = engine.fold([first]) else { return nil }
        self.engine = engine
        head = initial
        envelopes = [first]
        checkpoints = [initial]
        moments = [Self.moment(first)]
        append(log.dropFirst())
    }

    /// Adds the events that followed (a live session grows); events out of order are ignored.
    public mutating func append(_ more: some Sequence<EventEnvelope>) {
        for envelope in more where envelope.seq == lastSeq + 1 {
            engine.apply(envelope, to: &head)
            envelopes.append(envelope)
            moments.append(Self.moment(envelope))
            if envelope.seq % Self.stride == 0 { checkpoints.append(head) }
        }
    }

    /// The last seq folded.
    public var lastSeq: Int { envelopes.count }

    /// The state right after event `seq` (clamped to the log).
    public func state(at seq: Int) -> SessionState {
        let seq = min(max(1, seq), lastSeq)
        if seq == lastSeq { return head }
        let kept = min(seq / Self.stride, checkpoints.count - 1)
        var state = checkpoints[kept]
        let from = kept == 0 ? 1 : kept * Self.stride
        if seq > from {
            for envelope in envelopes[from..<seq] { engine.apply(envelope, to: &state) }
        }
        return state
    }

    /// What `audience` saw right after event `seq`.
    public func view(at seq: Int, for audience: Audience) -> JSONValue {
        engine.view(of: state(at: seq), for: audience)
    }

    /// What one member saw right after event `seq`: their audience's view and their own part.
    public func view(at seq: Int, of member: ParticipantID) -> JSONValue? {
        let state = state(at: seq)
        guard let role = state.members[member]?.role else { return nil }
        guard case .object(var view) = engine.view(of: state, for: role.audience),
            case .object(let mine) = engine.privateView(of: state, for: member)
        else { return nil }
        view.merge(mine) { _, own in own }
        return .object(view)
    }

    /// What `who` saw right after event `seq`: `facilitator`, `participant`, `observer`,
    /// `projector` (the observers' view) or a member id; nil for a member not there then.
    public func view(at seq: Int, as who: String) -> JSONValue? {
        switch who {
        case "facilitator", "participant", "observer": view(at: seq, for: Audience(rawValue: who)!)
        case "projector": view(at: seq, for: .observer)
        default: view(at: seq, of: ParticipantID(who))
        }
    }

    /// The markers of the timeline (steps, phases, turns, votes, timers).
    public var markers: [Moment] { moments.filter { Self.markerKinds.contains($0.kind) } }

    private static func moment(_ envelope: EventEnvelope) -> Moment {
        if case .activity(let step, let event) = envelope.event {
            return Moment(seq: envelope.seq, at: envelope.at, kind: event.objectValue?.keys.first ?? "activity", step: step)
        }
        let kind = (try? JSONCoding.tree(envelope.event))?.objectValue?.keys.first ?? "event"
        return Moment(seq: envelope.seq, at: envelope.at, kind: kind, step: nil)
    }
}
