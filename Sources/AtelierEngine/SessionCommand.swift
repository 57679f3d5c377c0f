import AtelierKit

/// What a connected member may ask of a session (the `intent` of a `command` message).
public enum SessionCommand: Sendable, Equatable {
    /// Raise one's own hand.
    case raiseHand
    /// Lower a hand: one's own (nil) or, for facilitators, anyone's (giving the floor).
    case lowerHand(ParticipantID?)
    /// Change a member's role (co-facilitator, participant, observer).
    case setRole(ParticipantID, Role)
    /// Hand the lead to another member (lead facilitator only).
    case handOver(ParticipantID)
    /// Remove a member from the session.
    case remove(ParticipantID)
    /// Next agenda step.
    case nextStep
    /// Previous agenda step.
    case previousStep
    /// Jump to an agenda step by index.
    case goToStep(Int)
    /// Start the timer for `seconds` (nil: the step's timebox).
    case startTimer(seconds: Int?)
    /// Pause the running timer.
    case pauseTimer
    /// Resume the paused timer.
    case resumeTimer
    /// Add seconds to the timer.
    case extendTimer(seconds: Int)
    /// Back to idle.
    case resetTimer
    /// An intent for the current step's activity.
    case activity(JSONValue)

    /// The intent's wire name.
    public var kind: String {
        switch self {
        case .raiseHand: "raiseHand"
        case .lowerHand: "lowerHand"
        case .setRole: "setRole"
        case .handOver: "handOver"
        case .remove: "remove"
        case .nextStep: "nextStep"
        case .previousStep: "previousStep"
        case .goToStep: "goToStep"
        case .startTimer: "startTimer"
        case .pauseTimer: "pauseTimer"
        case .resumeTimer: "resumeTimer"
        case .extendTimer: "extendTimer"
        case .resetTimer: "resetTimer"
        case .activity: "activity"
        }
    }

    /// Every wire name, for documentation and error messages.
    public static let kinds = [
        "raiseHand", "lowerHand", "setRole", "handOver", "remove", "nextStep", "previousStep", "goToStep",
        "startTimer", "pauseTimer", "resumeTimer", "extendTimer", "resetTimer", "activity",
    ]

    /// Reads an intent object (`{"kind": "goToStep", "index": 2}`), or says what is wrong.
    public static func parse(_ intent: JSONValue) -> Result<SessionCommand, Rejection> {
        guard let object = intent.objectValue else { return .failure(.badRequest("intent must be an object")) }
        guard let kind = object["kind"]?.stringValue else { return .failure(.badRequest("intent needs a string kind")) }
        func participant() -> ParticipantID? { object["participant"]?.stringValue.map { ParticipantID($0) } }
        func missing(_ field: String) -> Result<SessionCommand, Rejection> {
            .failure(.badRequest("\(kind) needs \(field)"))
        }
        switch kind {
        case "raiseHand": return .success(.raiseHand)
        case "lowerHand":
            if let value = object["participant"], value != .null, participant() == nil {
                return missing("participant as a string")
            }
            return .success(.lowerHand(participant()))
        case "setRole":
            guard let who = participant() else { return missing("participant") }
            guard let role = object["role"]?.stringValue.flatMap({ Role(rawValue: $0) }) else {
                return missing("role (cofacilitator, participant or observer)")
            }
            return .success(.setRole(who, role))
        case "handOver":
            guard let who = participant() else { return missing("participant") }
            return .success(.handOver(who))
        case "remove":
            guard let who = participant() else { return missing("participant") }
            return .success(.remove(who))
        case "nextStep": return .success(.nextStep)
        case "previousStep": return .success(.previousStep)
        case "goToStep":
            guard let index = object["index"]?.intValue else { return missing("index as an integer") }
            return .success(.goToStep(index))
        case "startTimer":
            if let value = object["seconds"], value != .null {
                guard let seconds = value.intValue else { return missing("seconds as an integer") }
                return .success(.startTimer(seconds: seconds))
            }
            return .success(.startTimer(seconds: nil))
        case "pauseTimer": return .success(.pauseTimer)
        case "resumeTimer": return .success(.resumeTimer)
        case "extendTimer":
            guard let seconds = object["seconds"]?.intValue else { return missing("seconds as an integer") }
            return .success(.extendTimer(seconds: seconds))
        case "resetTimer": return .success(.resetTimer)
        case "activity":
            guard let inner = object["intent"], inner.objectValue != nil else { return missing("intent as an object") }
            return .success(.activity(inner))
        default:
            return .failure(.badRequest("unknown intent kind \"\(kind.prefix(40))\""))
        }
    }
}

/// What the shell itself asks of a session: joins, presence and the clock.
public enum SystemCommand: Sendable, Equatable {
    /// A person joins with a display name and role; the shell drew the token and hashed it.
    case join(name: String, role: Role, tokenHash: String)
    /// A cohort member enters as a participant under their stable id (the shell checked
    /// their personal link); refused if that id is already a member.
    case enter(member: ParticipantID, name: String, tokenHash: String)
    /// A member's first connection opened or last one closed.
    case setPresence(ParticipantID, online: Bool)
    /// The timer's deadline has passed (for the timer run that was started).
    case timerElapsed(run: Int)
    /// The current step's activity asked to hear the time (`SessionEngine.alarm(of:)`).
    case activityAlarm
}
