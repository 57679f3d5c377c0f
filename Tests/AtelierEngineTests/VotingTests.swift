import AtelierEngine
import AtelierKit
import Foundation
import Testing
import Voting

/// The vote activity through the engine: its lifecycle, who may vote, ballots checked
/// against the settings, what each audience sees of an open and of a secret vote, and a
/// secret ballot never stored or shown with its voter.
@Suite struct VotingTests {
    static let engine = SessionEngine(registry: ActivityRegistry([Voting.self]))

    /// A session whose one step is a vote with `settings`: p1 lead, p2 observer, p3–p7 participants.
    static func session(_ settings: [String: JSONValue]) throws -> TestHost {
        var values: [String: JSONValue] = [:]
        for spec in Voting.manifest.settings { values[spec.key] = settings[spec.key] ?? spec.defaultValue }
        let agenda = [AgendaStep(title: "Vote", activity: "vote", settings: ActivitySettings(values: values), timeboxSeconds: 600)]
        var host = TestHost(setup: Fixtures.setup(agenda: agenda), engine: engine)
        try host.join("Fanny", as: .facilitator)
        try host.join("Olga", as: .observer)
        for name in ["Ana", "Bruno", "Chloé", "David", "Emma"] { try host.join(name) }
        return host
    }

    static func vote(_ kind: String, _ fields: [String: JSONValue] = [:]) -> SessionCommand {
        .activity(.object(fields.merging(["kind": .string(kind)]) { $1 }))
    }

    static func cast(_ ballot: JSONValue, seal: String? = nil) -> SessionCommand {
        var fields: [String: JSONValue] = ["ballot": ballot]
        if let seal { fields["seal"] = .string(seal) }
        return vote("cast", fields)
    }

    static func seal(_ n: Int) -> String { "sceau-\(n)-0123456789abcdef" }

    static func view(_ host: TestHost, _ audience: Audience) -> JSONValue {
        engine.view(of: host.state, for: audience)["activity"]?["view"] ?? .null
    }

    static func mine(_ host: TestHost, _ id: ParticipantID) -> JSONValue {
        engine.privateView(of: host.state, for: id)["me"]?["activity"] ?? .null
    }

    @Test func theLifecycleIsDraftOpenClosedPublishedAndOnlyFacilitatorsMoveIt() throws {
        var host = try Self.session(["question": "Quel thème ?", "options": "A\nB\nC", "secrecy": "open"])
        #expect(host.decide(Self.vote("open"), by: "p3").code == .forbidden)
        #expect(host.decide(Self.vote("close"), by: "p1").code == .invalidState)
        #expect(host.decide(Self.cast(["choice": "A"]), by: "p3").code == .invalidState)  // still a draft
        #expect(host.decide(Self.vote("draft", ["question": "Q ?", "options": ["RSE", "RSE"]]), by: "p1").code == .badRequest)
        try host.accept(Self.vote("draft", ["question": "Quel thème retenir ?", "options": ["Tiers lieux", "RSE"]]), by: "p1")
        try host.accept(Self.vote("open"), by: "p1")
        #expect(host.decide(Self.vote("draft", ["question": "Autre ?", "options": ["X", "Y"]]), by: "p1").code == .invalidState)
        try host.accept(Self.cast(["choice": "RSE"]), by: "p3")
        #expect(host.decide(Self.cast(["choice": "A"]), by: "p4").code == .badRequest)  // not an option any more
        #expect(host.decide(Self.cast(["choice": "RSE"]), by: "p2").code == .forbidden)  // observers never vote
        #expect(host.decide(Self.cast(["choice": "RSE"]), by: "p1").code == .forbidden)  // voters: participants
        #expect(Self.view(host, .participant)["results"] == nil)  // results after the close
        try host.accept(Self.vote("close"), by: "p1")
        #expect(Self.view(host, .facilitator)["results"]?["winner"] == "RSE")  // the facilitator sees first
        #expect(Self.view(host, .participant)["results"] == nil)
        try host.accept(Self.vote("publish"), by: "p1")
        #expect(Self.view(host, .participant)["results"]?["winner"] == "RSE")
        #expect(Self.view(host, .observer)["results"]?["ballots"] == [["voter": "p3", "ballot": ["choice": "RSE"]]])  // open vote: named
        #expect(host.decide(Self.vote("open"), by: "p1").code == .invalidState)  // published is the end
    }

    @Test func anOpenVoteTakesChangedBallotsUnlessFinal() throws {
        var host = try Self.session(["question": "Oui ?", "method": "yes-no", "secrecy": "open"])
        try host.accept(Self.vote("open"), by: "p1")
        try host.accept(Self.cast(["choice": "yes"]), by: "p3")
        try host.accept(Self.cast(["choice": "no"]), by: "p3")
        #expect(Self.mine(host, "p3") == ["voted": true, "ballot": ["choice": "no"]])
        #expect(Self.view(host, .participant)["turnout"] == 1)
        var final = try Self.session(["question": "Oui ?", "method": "yes-no", "secrecy": "open", "final": true])
        try final.accept(Self.vote("open"), by: "p1")
        try final.accept(Self.cast(["choice": "yes"]), by: "p3")
        #expect(final.decide(Self.cast(["choice": "no"]), by: "p3").code == .conflict)
    }

    /// Ballots against the settings of each method: (settings, [(ballot, expected refusal)]).
    struct BallotCase: Sendable, CustomTestStringConvertible {
        let settings: [String: JSONValue]
        let cases: [(JSONValue, ErrorCode?)]
        var testDescription: String { settings["method"]?.stringValue ?? "?" }
    }

    static let ballotCases: [BallotCase] = [
        BallotCase(
            settings: ["method": "approval", "options": "A\nB\nC", "min_choices": 1, "max_choices": 2],
            cases: [(["approved": ["A"]], nil), (["approved": []], .badRequest), (["approved": ["A", "B", "C"]], .badRequest)]),
        BallotCase(
            settings: ["method": "dot", "options": "A\nB", "dots": 3, "dot_cap": 2],
            cases: [
                (["dots": ["A": 2, "B": 1]], nil), (["dots": ["A": 3]], .badRequest), (["dots": ["A": 2, "B": 2]], .badRequest),
                (["dots": ["A": .int(Int.max), "B": 1]], .badRequest), (["dots": ["A": -1]], .badRequest),
            ]),
        BallotCase(
            settings: ["method": "schulze", "options": "A\nB\nC"],
            cases: [(["ranking": [.string("B"), ["A", "C"]]], nil), (["ranking": ["A", "A"]], .badRequest), (["choice": "A"], .badRequest)]),
        BallotCase(
            settings: ["method": "majority-judgment", "options": "A\nB"],
            cases: [(["grades": ["A": "Bien", "B": "À rejeter"]], nil), (["grades": ["A": "Super"]], .badRequest)]),
        BallotCase(
            settings: ["method": "consent"],
            cases: [(["position": "consent"], nil), (["position": "objection"], .badRequest), (["position": "objection", "reason": "Trop tôt"], nil)]),
        BallotCase(settings: ["method": "fist-to-five"], cases: [(["score": 5], nil), (["score": 6], .badRequest)]),
    ]

    @Test(arguments: ballotCases)
    func ballotsKeepToTheSettings(_ ballotCase: BallotCase) throws {
        var host = try Self.session(ballotCase.settings.merging(["question": "Choix ?", "secrecy": "open"]) { old, _ in old })
        try host.accept(Self.vote("open"), by: "p1")
        for (ballot, expected) in ballotCase.cases {
            #expect(host.decide(Self.cast(ballot), by: "p3").code == expected, "\(ballot)")
        }
    }
    // MARK: Secret votes

    @Test func aSecretBallotIsSealedByTheVotersDeviceAndCountedOnce() throws {
        var host = try Self.session(["question": "Quel thème ?", "options": "A\nB"])
        try host.accept(Self.vote("open"), by: "p1")
        #expect(host.decide(Self.cast(["choice": "A"]), by: "p3").code == .badRequest)  // no seal
        #expect(host.decide(Self.cast(["choice": "A"], seal: "court"), by: "p3").code == .badRequest)
        try host.accept(Self.cast(["choice": "A"], seal: Self.seal(3)), by: "p3")
        // Changing it: the same seal; another seal would be a second ballot.
        try host.accept(Self.cast(["choice": "B"], seal: Self.seal(3)), by: "p3")
        #expect(host.decide(Self.cast(["choice": "A"], seal: Self.seal(99)), by: "p3").code == .conflict)
        // Someone else cannot take a seal already used.
        #expect(host.decide(Self.cast(["choice": "A"], seal: Self.seal(3)), by: "p4").code == .conflict)
        try host.accept(Self.cast(["choice": "A"], seal: Self.seal(4)), by: "p4")
        #expect(Self.mine(host, "p3") == ["voted": true])  // the ballot itself stays on the device
        #expect(Self.view(host, .facilitator)["voted"] == ["p3", "p4"])  // who, never how
        #expect(Self.view(host, .participant)["voted"] == nil)
        #expect(Self.view(host, .participant)["smallGroup"] == true)
        try host.accept(Self.vote("close"), by: "p1")
        try host.accept(Self.vote("publish"), by: "p1")
        let results = Self.view(host, .participant)["results"]
        #expect(results?["details"]?["counts"] == ["A": 1, "B": 1])
        #expect(results?["ballots"] == nil)
    }

    /// Whatever is cast, no event of a secret vote carries both a voter and a choice, and
    /// no view shows a participant anything more than totals.
    @Test func noEventAndNoViewLinksAVoterToTheirChoice() throws {
        var host = try Self.session(["question": "Quel thème ?", "options": "Tiers lieux\nRSE\nModèles hybrides", "results": "live"])
        try host.accept(Self.vote("open"), by: "p1")
        let choices = ["p3": "Tiers lieux", "p4": "RSE", "p5": "Tiers lieux", "p6": "Modèles hybrides", "p7": "RSE"]
        for (voter, choice) in choices.sorted(by: { $0.key < $1.key }) {
            let events = try host.accept(Self.cast(["choice": .string(choice)], seal: Self.seal(Int(voter.dropFirst())!)), by: ParticipantID(voter))
            for event in events {
                guard case .activity(_, let json) = event else { continue }
                let text = String(decoding: json.encodedBytes(), as: UTF8.self)
                #expect(!(text.contains(voter) && text.contains(choice)), "\(text)")
                if text.contains(choice) { #expect(Self.engine.isSealed(event, in: host.state.setup)) }
            }
            for audience in Audience.allCases {
                let view = String(decoding: Self.view(host, audience).encodedBytes(), as: UTF8.self)
                #expect(!view.contains("\"ballots\":["), "\(audience)")  // named ballots: open votes only
            }
        }
        // Live totals move by fives, never by one ballot.
        #expect(Self.view(host, .participant)["results"]?["counted"] == 5)
        try host.accept(Self.cast(["choice": "RSE"], seal: Self.seal(3)), by: "p3")
        #expect(Self.view(host, .participant)["results"]?["details"]?["counts"]?["RSE"] == 2)  // not yet 3
        try host.accept(Self.vote("close"), by: "p1")
        #expect(Self.view(host, .facilitator)["results"]?["details"]?["counts"]?["RSE"] == 3)  // all counted at the close
    }

    /// Changing one's own ballot again and again does not force a refresh of the live
    /// totals right after someone else voted; a closed secret vote is never reopened.
    @Test func nobodyCanIsolateOneSecretBallot() throws {
        var host = try Self.session(["question": "Quel thème ?", "options": "A\nB", "results": "live"])
        let farid = try host.join("Farid")
        try host.accept(Self.vote("open"), by: "p1")
        for voter in 3...7 { try host.accept(Self.cast(["choice": "A"], seal: Self.seal(voter)), by: ParticipantID("p\(voter)")) }
        #expect(Self.view(host, .participant)["results"]?["counted"] == 5)
        try host.accept(Self.cast(["choice": "B"], seal: Self.seal(8)), by: farid)  // the target
        for choice in ["B", "A", "B", "A"] {  // someone changes their own ballot four times
            try host.accept(Self.cast(["choice": .string(choice)], seal: Self.seal(3)), by: "p3")
        }
        #expect(Self.view(host, .participant)["results"]?["counted"] == 5)  // no refresh: Farid's ballot stays hidden
        try host.accept(Self.vote("close"), by: "p1")
        #expect(host.decide(Self.vote("open"), by: "p1").code == .invalidState)
        var open = try Self.session(["question": "Quel thème ?", "options": "A\nB", "secrecy": "open"])
        try open.accept(Self.vote("open"), by: "p1")
        try open.accept(Self.vote("close"), by: "p1")
        #expect(open.decide(Self.vote("open"), by: "p1").code == nil)  // an open vote may be reopened
    }

    @Test func aVoteOpenedForSomeMinutesClosesByItselfAtItsDeadline() throws {
        var host = try Self.session(["question": "Oui ?", "method": "yes-no"])
        try host.accept(Self.vote("open", ["minutes": 2]), by: "p1")
        #expect(Self.engine.alarm(of: host.state) == host.now + 120_000)
        host.advance(seconds: 119)
        #expect(try host.system(.activityAlarm).get() == [])
        host.advance(seconds: 1)
        #expect(try host.system(.activityAlarm).get().count == 1)
        #expect(Self.view(host, .facilitator)["phase"] == "closed")
        #expect(Self.engine.alarm(of: host.state) == nil)
    }

    @Test(arguments: ["fr", "en"])
    func minutesNameWhoVotedWhatOnlyForAnOpenVote(locale: String) throws {
        for secrecy in ["open", "secret"] {
            var host = try Self.session(["question": "Quel thème ?", "options": "Tiers lieux\nRSE", "secrecy": .string(secrecy)])
            try host.accept(Self.vote("open"), by: "p1")
            try host.accept(Self.cast(["choice": "RSE"], seal: Self.seal(3)), by: "p3")
            try host.accept(Self.vote("close"), by: "p1")
            let minutes = Self.engine.minutes(of: host.state)
            #expect(minutes.contains("### Vote — Quel thème ?"))
            #expect(minutes.contains("1. RSE"))
            #expect(minutes.contains("Ana") == (secrecy == "open"), "\(secrecy)")
        }
    }
}
