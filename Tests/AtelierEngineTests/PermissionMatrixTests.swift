import AtelierEngine
import AtelierKit
import Testing

/// What the engine answers for one command sent by one role.
enum Outcome: Sendable, Equatable, CustomStringConvertible {
    case allowed
    case rejected(ErrorCode)

    static let ok = Outcome.allowed
    static let forbidden = Outcome.rejected(.forbidden)

    var description: String {
        switch self {
        case .allowed: "allowed"
        case .rejected(let code): code.rawValue
        }
    }
}

/// The timer state a row needs before its command is sent.
enum TimerGiven: Sendable { case idle, running, paused }

/// One row of the matrix: a command, what must hold before it, and the outcome per role.
struct PermissionRow: Sendable, CustomTestStringConvertible {
    let command: SessionCommand
    let timer: TimerGiven
    let outcomes: [Role: Outcome]

    init(
        _ command: SessionCommand, _ timer: TimerGiven,
        _ facilitator: Outcome, _ cofacilitator: Outcome, _ participant: Outcome, _ observer: Outcome
    ) {
        self.command = command
        self.timer = timer
        outcomes = [.facilitator: facilitator, .cofacilitator: cofacilitator, .participant: participant, .observer: observer]
    }

    /// "lowerHand(p5)", "activity(markReady)", "startTimer(60)"…
    var label: String {
        let detail: String? =
            switch command {
            case .lowerHand(let who): who?.rawValue ?? "own"
            case .setRole(let who, let role): "\(who), \(role.rawValue)"
            case .handOver(let who), .remove(let who): who.rawValue
            case .goToStep(let index): "\(index)"
            case .startTimer(let seconds): seconds.map { "\($0)" } ?? "timebox"
            case .extendTimer(let seconds): "\(seconds)"
            case .activity(let intent): intent["kind"]?.stringValue ?? "?"
            default: nil
            }
        return command.kind + (detail.map { "(\($0))" } ?? "") + (timer == .idle ? "" : " [timer \(timer)]")
    }

    var testDescription: String { label }
}

/// One cell: a row and the role that sends its command.
struct PermissionCell: Sendable, CustomTestStringConvertible {
    let row: PermissionRow
    let role: Role
    var expected: Outcome { row.outcomes[role]! }
    var testDescription: String { "\(row.label) by \(role.rawValue) → \(expected)" }
}

@Suite struct PermissionMatrixTests {
    /// Every command kind × every session role, in the workshop of `Fixtures.workshop()` moved to
    /// the middle step, with p5 (a participant) holding a raised hand. Rows whose timer is
    /// `.running`/`.paused` start (and pause) a timer first.
    static let matrix: [PermissionRow] = [
        //    command                                           timer     facilitator cofacilitator participant observer
        .init(.raiseHand,                                       .idle,    .forbidden, .forbidden,   .ok,        .forbidden),
        .init(.lowerHand(nil),                                  .idle,    .ok,        .ok,          .ok,        .forbidden),
        .init(.lowerHand("p5"),                                 .idle,    .ok,        .ok,          .forbidden, .forbidden),
        .init(.setRole("p5", .observer),                        .idle,    .ok,        .ok,          .forbidden, .forbidden),
        .init(.handOver("p5"),                                  .idle,    .ok,        .forbidden,   .forbidden, .forbidden),
        .init(.remove("p5"),                                    .idle,    .ok,        .ok,          .forbidden, .forbidden),
        .init(.nextStep,                                        .idle,    .ok,        .ok,          .forbidden, .forbidden),
        .init(.previousStep,                                    .idle,    .ok,        .ok,          .forbidden, .forbidden),
        .init(.goToStep(2),                                     .idle,    .ok,        .ok,          .forbidden, .forbidden),
        .init(.startTimer(seconds: 60),                         .idle,    .ok,        .ok,          .forbidden, .forbidden),
        .init(.startTimer(seconds: nil),                        .idle,    .ok,        .ok,          .forbidden, .forbidden),
        .init(.pauseTimer,                                      .running, .ok,        .ok,          .forbidden, .forbidden),
        .init(.resumeTimer,                                     .paused,  .ok,        .ok,          .forbidden, .forbidden),
        .init(.extendTimer(seconds: 30),                        .running, .ok,        .ok,          .forbidden, .forbidden),
        .init(.resetTimer,                                      .running, .ok,        .ok,          .forbidden, .forbidden),
        .init(.briefing("markReady"),                           .idle,    .forbidden, .forbidden,   .ok,        .forbidden),
        .init(.briefing("markNotReady"),                        .idle,    .forbidden, .forbidden,   .ok,        .forbidden),
        .init(.briefing("resetReady"),                          .idle,    .ok,        .ok,          .forbidden, .forbidden),
        .init(.briefing("updateInstructions", ["text": "Go"]),  .idle,    .ok,        .ok,          .forbidden, .forbidden),
    ]

    static let cells = matrix.flatMap { row in Role.allCases.map { PermissionCell(row: row, role: $0) } }

    /// The workshop in the state the matrix assumes.
    static func givenWorkshop(timer: TimerGiven) throws -> TestHost {
        var host = try Fixtures.workshop()
        try host.accept(.goToStep(1), by: Member.lead)
        try host.accept(.raiseHand, by: Member.otherParticipant)
        if timer != .idle { try host.accept(.startTimer(seconds: 120), by: Member.lead) }
        if timer == .paused { try host.accept(.pauseTimer, by: Member.lead) }
        return host
    }

    @Test func theMatrixCoversEveryCommandKindAndRole() {
        #expect(Set(Self.matrix.map(\.command.kind)) == Set(SessionCommand.kinds))
        #expect(Self.matrix.allSatisfy { Set($0.outcomes.keys) == Set(Role.allCases) })
    }

    @Test(arguments: cells)
    func engineDecisionMatchesTheMatrix(_ cell: PermissionCell) throws {
        let host = try Self.givenWorkshop(timer: cell.row.timer)
        let result = host.decide(cell.row.command, by: Member.with(cell.role))
        let outcome: Outcome = result.code.map { .rejected($0) } ?? .allowed
        #expect(outcome == cell.expected, "\(result)")
    }

    @Test(arguments: cells)
    func kindLevelRefusalsAgreeWithThePermissionsTable(_ cell: PermissionCell) {
        // Where `Permissions.table` refuses the kind, the matrix must say forbidden. (Allowed kinds
        // may still be refused by a target rule or by the activity, so no converse.)
        if !Permissions.allows(cell.role, cell.row.command) {
            #expect(cell.expected == .forbidden)
        }
    }
}

@Suite struct TargetRuleTests {
    @Test(arguments: [
        // (subject, new role, expected) for a co-facilitator acting
        (Member.participant, Role.observer, Outcome.ok),
        (Member.observer, Role.participant, Outcome.ok),
        (Member.participant, Role.participant, Outcome.ok),  // no-op
        (Member.participant, Role.cofacilitator, Outcome.forbidden),
        (Member.observer, Role.cofacilitator, Outcome.forbidden),
        (Member.cofacilitator, Role.participant, Outcome.forbidden),  // themselves
        (Member.lead, Role.observer, Outcome.forbidden),
        (Member.participant, Role.facilitator, Outcome.rejected(.badRequest)),
    ])
    func coFacilitatorOnlyMovesParticipantsAndObservers(subject: ParticipantID, role: Role, expected: Outcome) throws {
        let host = try Fixtures.workshop()
        let result = host.decide(.setRole(subject, role), by: Member.cofacilitator)
        #expect((result.code.map { .rejected($0) } ?? .allowed) == expected, "\(result)")
    }

    @Test func leadPromotesAndDemotesButNeverChangesTheLeadBySetRole() throws {
        var host = try Fixtures.workshop()
        #expect(
            try host.accept(.setRole(Member.participant, .cofacilitator), by: Member.lead)
                == [.roleChanged(id: "p3", role: .cofacilitator)])
        #expect(
            try host.accept(.setRole(Member.cofacilitator, .observer), by: Member.lead)
                == [.roleChanged(id: "p2", role: .observer)])
        #expect(host.decide(.setRole(Member.lead, .cofacilitator), by: Member.lead).code == .forbidden)
        #expect(host.decide(.setRole(Member.observer, .facilitator), by: Member.lead).code == .badRequest)
        #expect(host.decide(.setRole(Member.participant, .cofacilitator), by: Member.lead).events == [])
    }

    @Test func nobodyRemovesTheLead() throws {
        let host = try Fixtures.workshop()
        #expect(host.decide(.remove(Member.lead), by: Member.lead).code == .badRequest)
        #expect(host.decide(.remove(Member.lead), by: Member.cofacilitator).code == .forbidden)
        #expect(host.decide(.remove(Member.lead), by: Member.participant).code == .forbidden)
        #expect(host.decide(.remove(Member.lead), by: Member.observer).code == .forbidden)
    }

    @Test func onlyTheLeadRemovesACoFacilitator() throws {
        var host = try Fixtures.workshop()
        let second = try host.join("Cyril", as: .cofacilitator)
        #expect(host.decide(.remove(second), by: Member.cofacilitator).code == .forbidden)
        #expect(host.decide(.remove(Member.cofacilitator), by: Member.cofacilitator).code == .badRequest)
        #expect(host.send(.remove(second), by: Member.lead).events == [.participantRemoved(id: second)])
    }

    @Test func onlyTheLeadHandsOverAndOnlyToAnActiveNonObserver() throws {
        let host = try Fixtures.workshop()
        #expect(host.decide(.handOver(Member.participant), by: Member.cofacilitator).code == .forbidden)
        #expect(host.decide(.handOver(Member.lead), by: Member.lead).code == .conflict)
        #expect(host.decide(.handOver(Member.observer), by: Member.lead).code == .invalidState)
        #expect(
            host.decide(.handOver(Member.cofacilitator), by: Member.lead).events
                == [.leadHandedOver(from: "p1", to: "p2")])
    }

    @Test func loweringSomeoneElsesHandNeedsAFacilitator() throws {
        var host = try Fixtures.workshop()
        try host.accept(.raiseHand, by: Member.participant)
        #expect(host.decide(.lowerHand(Member.participant), by: Member.otherParticipant).code == .forbidden)
        #expect(host.decide(.lowerHand(Member.participant), by: Member.observer).code == .forbidden)
        #expect(host.decide(.lowerHand(Member.participant), by: Member.cofacilitator).events == [.handLowered(id: "p3")])
        #expect(host.send(.lowerHand(Member.participant), by: Member.lead).events == [.handLowered(id: "p3")])
        #expect(host.state.hands.isEmpty)
    }

    @Test(arguments: [
        SessionCommand.raiseHand, .lowerHand(nil), .activity(["kind": "markReady"]), .setRole("p5", .observer),
    ])
    func removedMembersAreUnauthorized(_ command: SessionCommand) throws {
        var host = try Fixtures.workshop()
        try host.accept(.remove(Member.participant), by: Member.lead)
        #expect(host.decide(command, by: Member.participant).code == .unauthorized)
        #expect(host.decide(command, by: "p99").code == .unauthorized)
    }

    @Test(arguments: [SessionCommand.setRole("p99", .observer), .handOver("p99"), .remove("p99")])
    func unknownOrRemovedTargetsAreNotFound(_ command: SessionCommand) throws {
        var host = try Fixtures.workshop()
        #expect(host.decide(command, by: Member.lead).code == .notFound)
        try host.accept(.remove(Member.participant), by: Member.lead)
        let onRemoved: SessionCommand =
            switch command {
            case .setRole: .setRole(Member.participant, .observer)
            case .handOver: .handOver(Member.participant)
            default: .remove(Member.participant)
            }
        #expect(host.decide(onRemoved, by: Member.lead).code == .notFound)
    }
}
