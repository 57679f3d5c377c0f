import AtelierEngine
import AtelierKit
import Briefing
import Testing
import PeerConsultation
import ThemeRound
import Voting

/// Refusals carry a stable reason for clients to translate: the engine's own, and an
/// activity's under its id, whatever the activity wrote.
@Suite struct RefusalReasonTests {
    @Test func theEngineNamesItsOwnSituations() throws {
        var host = try Fixtures.workshop()
        let last = host.state.setup.agenda.count - 1
        _ = try host.accept(.goToStep(last), by: Member.lead)
        #expect(host.decide(.nextStep, by: Member.lead).rejection?.reason == "agenda.last-step")
        #expect(host.decide(.pauseTimer, by: Member.lead).rejection?.reason == "timer.not-running")
        let forbidden = try #require(host.decide(.nextStep, by: Member.observer).rejection)
        #expect(forbidden.reason == "role.forbidden" && forbidden.params == ["role": "observer", "variant": "nextStep"])
        #expect(forbidden.message == "an observer may not nextStep")
    }

    @Test func anActivitysReasonIsPutUnderItsID() throws {
        let engine = SessionEngine(registry: ActivityRegistry([Briefing.self, PeerConsultation.self]))
        var values: [String: JSONValue] = [:]
        for spec in PeerConsultation.manifest.settings { values[spec.key] = spec.defaultValue }
        let agenda = [
            AgendaStep(title: "Codév", activity: "peer-consultation", settings: ActivitySettings(values: values), timeboxSeconds: 0)
        ]
        var host = TestHost(setup: Fixtures.setup(agenda: agenda), engine: engine)
        let ana = try host.join("Ana")
        let early = SessionCommand.activity(["kind": "post", "cardKind": "question", "text": "Depuis quand ?"])
        let refusal = try #require(host.decide(early, by: ana).rejection)
        #expect(refusal.code == .invalidState && refusal.reason == "peer-consultation.phase-over")
        #expect(refusal.params == ["variant": "question", "phase": "subject"])
        // Already under its namespace: left as it is; no reason: none is made up.
        #expect(refusal.namespaced("peer-consultation") == refusal)
        #expect(Rejection.invalidState("plain").namespaced("vote").reason == nil)
    }
}

@Suite struct ActivityRefusalReasonTests {
    static func host<A: Activity>(_ activity: A.Type, _ settings: [String: JSONValue] = [:]) throws -> TestHost {
        var values: [String: JSONValue] = [:]
        for spec in A.manifest.settings { values[spec.key] = settings[spec.key] ?? spec.defaultValue }
        let engine = SessionEngine(registry: ActivityRegistry([Briefing.self, A.self]))
        let agenda = [
            AgendaStep(title: "Pas", activity: A.manifest.id, settings: ActivitySettings(values: values), timeboxSeconds: 0)
        ]
        return TestHost(setup: Fixtures.setup(agenda: agenda), engine: engine)
    }

    @Test func aThemeRoundCardOutOfTurnSaysSo() throws {
        var host = try Self.host(ThemeRound.self)
        let lead = try host.join("Fanny", as: .facilitator)
        let ana = try host.join("Ana")
        let card = SessionCommand.activity(["kind": "post", "text": "Une idée"])
        #expect(host.decide(card, by: ana).rejection?.reason == "theme-round.no-round")
        try host.accept(.activity(["kind": "startRound", "theme": "Météo"]), by: lead)
        _ = try host.join("Bruno")
        #expect(host.decide(card, by: ana).rejection?.reason == "theme-round.not-your-turn")
    }

    @Test func aBallotOutsideAnOpenVoteNamesThePhase() throws {
        var host = try Self.host(Voting.self, ["question": "Pizza ?", "method": "consent"])
        let ana = try host.join("Ana")
        let ballot = SessionCommand.activity(["kind": "cast", "ballot": ["position": "objection"]])
        let refusal = try #require(host.decide(ballot, by: ana).rejection)
        #expect(refusal.reason == "vote.not-open" && refusal.params?["variant"] == "draft")
    }
}

extension Result where Failure == Rejection {
    /// The refusal, if any.
    var rejection: Rejection? {
        if case .failure(let rejection) = self { return rejection }
        return nil
    }
}
