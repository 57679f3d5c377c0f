import AtelierKit

/// A fact in a session's log. Events are applied without validation, in `seq` order.
public enum SessionEvent: Sendable, Equatable, Codable {
    /// The session exists (always `seq` 1).
    case sessionCreated(setup: SessionSetup)
    /// Someone joined.
    case participantJoined(id: ParticipantID, name: String, role: Role, tokenHash: String)
    /// A member's first connection opened or last one closed.
    case presenceChanged(id: ParticipantID, online: Bool)
    /// A member's role changed (never to or from lead facilitator: see `leadHandedOver`).
    case roleChanged(id: ParticipantID, role: Role)
    /// The lead facilitator handed the lead to someone; the former lead becomes co-facilitator.
    case leadHandedOver(from: ParticipantID, to: ParticipantID)
    /// A facilitator removed a member.
    case participantRemoved(id: ParticipantID)
    /// A hand went up.
    case handRaised(id: ParticipantID)
    /// A hand went down (by its owner or a facilitator giving the floor).
    case handLowered(id: ParticipantID)
    /// The agenda moved to another step; its timer is reset to the step's timebox.
    case stepChanged(index: Int)
    /// The timer started.
    case timerStarted(durationMs: Int64, deadline: Int64)
    /// The timer paused.
    case timerPaused(remainingMs: Int64)
    /// The timer resumed.
    case timerResumed(deadline: Int64)
    /// Time was added (running: the deadline moves; paused: the remainder grows).
    case timerExtended(byMs: Int64)
    /// The timer went back to idle.
    case timerReset
    /// The deadline passed (fed by the shell, so time is in the log).
    case timerElapsed
    /// An event of the activity of agenda step `step`.
    case activity(step: Int, event: JSONValue)
    /// A command was accepted but changed nothing; logged so its id is remembered for retries.
    case commandAcknowledged
}

/// An event as logged: its position, time, author and the command that caused it.
public struct EventEnvelope: Sendable, Equatable, Codable {
    /// Dense, per-session position, from 1.
    public let seq: Int
    /// When it was decided, ms since 1970.
    public let at: Int64
    /// Who caused it (nil for the system: creation, timers, presence).
    public let actor: ParticipantID?
    /// The client command id that caused it, for idempotent retries (stored as `command`).
    public let commandID: String?
    /// The fact.
    public let event: SessionEvent

    private enum CodingKeys: String, CodingKey {
        case seq, at, actor, event
        case commandID = "command"
    }

    /// Creates an envelope.
    public init(seq: Int, at: Int64, actor: ParticipantID?, commandID: String?, event: SessionEvent) {
        self.seq = seq
        self.at = at
        self.actor = actor
        self.commandID = commandID
        self.event = event
    }
}
