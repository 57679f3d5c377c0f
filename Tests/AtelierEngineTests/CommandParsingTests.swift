import AtelierEngine
import AtelierKit
import Testing

@Suite struct CommandParsingTests {
    /// One wire intent per command kind (and variants), with the command it must parse to.
    static let wellFormed: [(JSONValue, SessionCommand)] = [
        (["kind": "raiseHand"], .raiseHand),
        (["kind": "lowerHand"], .lowerHand(nil)),
        (["kind": "lowerHand", "participant": nil], .lowerHand(nil)),
        (["kind": "lowerHand", "participant": "p3"], .lowerHand("p3")),
        (["kind": "setRole", "participant": "p3", "role": "observer"], .setRole("p3", .observer)),
        (["kind": "setRole", "participant": "p3", "role": "cofacilitator"], .setRole("p3", .cofacilitator)),
        (["kind": "setRole", "participant": "p3", "role": "facilitator"], .setRole("p3", .facilitator)),
        (["kind": "handOver", "participant": "p2"], .handOver("p2")),
        (["kind": "remove", "participant": "p4"], .remove("p4")),
        (["kind": "nextStep"], .nextStep),
        (["kind": "previousStep"], .previousStep),
        (["kind": "goToStep", "index": 2], .goToStep(2)),
        (["kind": "goToStep", "index": 2.0], .goToStep(2)),
        (["kind": "startTimer"], .startTimer(seconds: nil)),
        (["kind": "startTimer", "seconds": nil], .startTimer(seconds: nil)),
        (["kind": "startTimer", "seconds": 90], .startTimer(seconds: 90)),
        (["kind": "pauseTimer"], .pauseTimer),
        (["kind": "resumeTimer"], .resumeTimer),
        (["kind": "extendTimer", "seconds": 60], .extendTimer(seconds: 60)),
        (["kind": "resetTimer"], .resetTimer),
        (["kind": "activity", "intent": ["kind": "markReady"]], .activity(["kind": "markReady"])),
        (["kind": "nextStep", "unexpected": [1, 2]], .nextStep),
    ]

    @Test(arguments: wellFormed)
    func parsesEveryKind(intent: JSONValue, expected: SessionCommand) throws {
        #expect(try SessionCommand.parse(intent).get() == expected)
    }

    @Test func everyKindIsCoveredAndNamed() throws {
        let kinds = try Self.wellFormed.map { try SessionCommand.parse($0.0).get().kind }
        #expect(Set(kinds) == Set(SessionCommand.kinds))
        #expect(Set(SessionCommand.kinds) == Set(Permissions.table.keys))
        #expect(Self.wellFormed.allSatisfy { $0.0["kind"]?.stringValue == $0.1.kind })
    }

    static let hostile: [JSONValue] = [
        nil, "raiseHand", 42, true, ["raiseHand"],
        [:], ["kind": nil], ["kind": 3], ["kind": ["nextStep"]], ["kind": ""], ["kind": "RAISEHAND"],
        ["kind": "selfDestruct"], ["kind": .string(String(repeating: "x", count: 10_000))],
        ["kind": "lowerHand", "participant": 5], ["kind": "lowerHand", "participant": ["p3"]],
        ["kind": "setRole", "role": "observer"], ["kind": "setRole", "participant": "p3"],
        ["kind": "setRole", "participant": "p3", "role": "boss"], ["kind": "setRole", "participant": 3, "role": "observer"],
        ["kind": "setRole", "participant": "p3", "role": "Observer"],
        ["kind": "handOver"], ["kind": "handOver", "participant": nil],
        ["kind": "remove"], ["kind": "remove", "participant": false],
        ["kind": "goToStep"], ["kind": "goToStep", "index": "2"], ["kind": "goToStep", "index": 1.5],
        ["kind": "goToStep", "index": nil],
        ["kind": "startTimer", "seconds": "60"], ["kind": "startTimer", "seconds": 1.5],
        ["kind": "startTimer", "seconds": [60]],
        ["kind": "extendTimer"], ["kind": "extendTimer", "seconds": nil], ["kind": "extendTimer", "seconds": "30"],
        ["kind": "activity"], ["kind": "activity", "intent": "markReady"], ["kind": "activity", "intent": nil],
        ["kind": "activity", "intent": [["kind": "markReady"]]],
    ]

    @Test(arguments: hostile)
    func malformedIntentsAreBadRequests(_ intent: JSONValue) {
        let result = SessionCommand.parse(intent)
        #expect(result.code == .badRequest)
        if case .failure(let rejection) = result {
            #expect(rejection.message.count < 200, "messages quote at most a prefix of what was sent")
        }
    }

    @Test func parsedWireBytesGiveTheSameCommands() throws {
        let bytes = Array(#"{"kind":"setRole","participant":"p7","role":"participant"}"#.utf8)
        #expect(try SessionCommand.parse(JSONValue.parse(bytes)).get() == .setRole("p7", .participant))
        let timer = Array(#"{"kind":"startTimer","seconds":300}"#.utf8)
        #expect(try SessionCommand.parse(JSONValue.parse(timer)).get() == .startTimer(seconds: 300))
    }
}
