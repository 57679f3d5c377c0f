import AtelierEngine
import AtelierKit
import PropertyBased

/// One random step of a session's life, drawn before the session exists: raw numbers that
/// `perform` turns into a join, a presence change, a timer wake-up or a member's command,
/// so the same numbers always mean the same thing against the same state.
struct ReplayAction: Sendable, CustomStringConvertible {
    /// 0–99: what happens (see `perform`).
    let choice: Int
    /// Who acts: 0 a stranger, 1–4 the lead, otherwise a member by join order (maybe removed).
    let actor: Int
    /// Whom it concerns: 0 a stranger, otherwise a member by join order (maybe removed).
    let target: Int
    /// A small number for steps, seconds, run offsets, names, roles.
    let number: Int
    let flag: Bool
    /// How far the clock moves before the action, in ms.
    let advanceMs: Int64
    /// The client's command id, when it sent one (ids repeat on purpose).
    let commandID: Int?

    var description: String {
        "#\(choice) a\(actor)→t\(target) n\(number) \(flag) +\(advanceMs)ms" + (commandID.map { " c\($0)" } ?? "")
    }

    static let generator = zip(
        Gen.int(in: 0...99), Gen.int(in: 1...9), Gen.int(in: 0...9), Gen.int(in: -2...6), Gen.bool,
        Gen.int64(in: 0...40_000), Gen.int(in: 0...6).optional
    ).map { values in
        ReplayAction(
            choice: values.0, actor: values.1, target: values.2, number: values.3, flag: values.4,
            advanceMs: values.5, commandID: values.6)
    }

    /// Scripts of `length` actions.
    static func script(length: ClosedRange<Int>) -> Generator<[ReplayAction], some SendableSequenceType> {
        generator.array(of: length)
    }

    static let names = ["Ana", "ana", "  Léo  ", "Zoé\tMarie", "Ana (2)", String(repeating: "long", count: 20), ""]
    static let joinRoles: [Role] = [.participant, .participant, .observer, .cofacilitator]
    static let newRoles: [Role] = [.participant, .observer, .cofacilitator, .facilitator]

    /// A member picked by `index`: 0 is someone who never joined.
    static func member(_ index: Int, in state: SessionState) -> ParticipantID {
        index == 0 || state.joinOrder.isEmpty ? "p42" : state.joinOrder[(index - 1) % state.joinOrder.count]
    }

    /// The member command this action stands for (when `choice` ≥ 22).
    func command(in state: SessionState) -> SessionCommand {
        let who = Self.member(target, in: state)
        switch choice % 24 {
        case 0, 22: return .raiseHand
        case 1: return .lowerHand(nil)
        case 2: return .lowerHand(who)
        case 3: return .setRole(who, Self.newRoles[abs(number) % 4])
        case 4: return .handOver(who)
        case 5: return .remove(who)
        case 6: return .nextStep
        case 7: return .previousStep
        case 8: return .goToStep(number)
        case 9, 19: return .startTimer(seconds: flag ? nil : number * 10)
        case 10, 20: return .pauseTimer
        case 11, 21: return .resumeTimer
        case 12: return .extendTimer(seconds: number * 15)
        case 13: return .resetTimer
        case 14, 23: return .briefing("markReady")
        case 15: return .briefing("markNotReady")
        case 16: return .briefing("resetReady")
        case 17:
            let links: [JSONValue] = ["", .string("https://meet.example/\(number)"), "ftp://nope", .int(number)]
            let link = links[abs(number) % 4]
            return .briefing("updateInstructions", ["text": .string("Consigne \(number)"), "link": link])
        default:
            let hostile: [JSONValue] = [["kind": "dance"], ["kind": 3], [:], ["kind": "updateInstructions"]]
            return .activity(hostile[abs(number) % 4])
        }
    }

    /// Applies the action to `host`; returns what the engine answered.
    @discardableResult
    func perform(on host: inout TestHost) -> Result<[SessionEvent], Rejection> {
        host.advance(ms: advanceMs)
        switch choice {
        case 0..<8:
            let name = Self.names[abs(number) % Self.names.count]
            return host.system(.join(name: name, role: Self.joinRoles[target % 4], tokenHash: "t\(target)"))
        case 8..<14:
            return host.system(.setPresence(Self.member(target, in: host.state), online: flag))
        case 14..<22:
            let offset = [0, 0, -1, 1][abs(number) % 4]
            return host.system(.timerElapsed(run: host.state.timer.run + offset))
        default:
            let sender = (1...4).contains(actor) ? host.state.lead ?? "p42" : Self.member(actor, in: host.state)
            return host.send(command(in: host.state), by: sender, id: commandID.map { "c\($0)" }, random: UInt64(choice))
        }
    }
}

extension SessionEvent {
    /// The case name ("timerStarted"), for coverage counts.
    var caseName: String { String("\(self)".prefix { $0 != "(" }) }
}
