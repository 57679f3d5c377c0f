import AtelierEngine
import AtelierKit
import Briefing
import Testing
import ThemeRound

/// The theme round inside the session engine: members arriving and leaving reach the
/// round through the engine's hooks, and the speaker's timebox through its alarm.
@Suite struct ThemeRoundEngineTests {
    static let engine = SessionEngine(registry: ActivityRegistry([Briefing.self, ThemeRound.self]))

    static func session(_ settings: [String: JSONValue] = [:]) throws -> TestHost {
        var values: [String: JSONValue] = [:]
        for spec in ThemeRound.manifest.settings { values[spec.key] = settings[spec.key] ?? spec.defaultValue }
        let agenda = [
            AgendaStep(title: "Tour", activity: "theme-round", settings: ActivitySettings(values: values), timeboxSeconds: 900),
            Fixtures.agenda[0],
        ]
        var host = TestHost(setup: Fixtures.setup(agenda: agenda), engine: engine)
        try host.join("Fanny", as: .facilitator)  // p1
        try host.join("Olga", as: .observer)  // p2
        try host.join("Ana")  // p3
        try host.join("Bruno")  // p4
        return host
    }

    static func round(_ host: TestHost) throws -> JSONValue {
        try #require(try host.state.activities[0].tree()["rounds"]?.arrayValue?.last)
    }

    static func intent(_ kind: String, _ fields: [String: JSONValue] = [:]) -> SessionCommand {
        .activity(.object(fields.merging(["kind": .string(kind)]) { $1 }))
    }

    @Test func aParticipantWhoJoinsDuringARoundIsAppendedObserversAreNot() throws {
        var host = try Self.session()
        try host.accept(Self.intent("startRound", ["theme": "Météo"]), by: "p1")
        try host.join("Chloé")  // p5
        try host.join("Pierre", as: .observer)  // p6
        #expect(try Self.round(host)["queue"] == [["p3"], ["p4"], ["p5"]])
        // An observer made participant is welcomed too; a participant made observer leaves.
        try host.accept(.setRole("p6", .participant), by: "p1")
        try host.accept(.setRole("p4", .observer), by: "p1")
        #expect(try Self.round(host)["queue"] == [["p3"], ["p5"], ["p6"]])
    }

    @Test func removingTheSpeakerEndsTheirTurnAndGivesTheFloorOn() throws {
        var host = try Self.session()
        try host.accept(Self.intent("startRound", ["theme": "Météo"]), by: "p1")
        try host.accept(Self.intent("next"), by: "p1")
        host.advance(seconds: 30)
        try host.accept(.remove("p3"), by: "p1")
        let round = try Self.round(host)
        #expect(round["floor"]?["speaker"] == "p4")
        #expect(round["turns"] == [["speaker": "p3", "outcome": "left", "spokeMs": 30_000]])
    }

    @Test func theAlarmIsTheSpeakersDeadlineAndTheShellsWakeUpSaysTimeIsUp() throws {
        var host = try Self.session(["seconds_per_speaker": 60])
        #expect(Self.engine.alarm(of: host.state) == nil)
        try host.accept(Self.intent("startRound", ["theme": "Météo"]), by: "p1")
        try host.accept(Self.intent("next"), by: "p1")
        let deadline = host.now + 60_000
        #expect(Self.engine.alarm(of: host.state) == deadline)
        host.advance(seconds: 59)
        #expect(try host.system(.activityAlarm).get() == [])  // early: nothing
        host.advance(seconds: 1)
        let events = try host.system(.activityAlarm).get()
        #expect(events.count == 1)
        #expect(try Self.round(host)["floor"]?["timeUp"] == true)
        #expect(Self.engine.alarm(of: host.state) == nil)
        #expect(try host.system(.activityAlarm).get() == [])  // said once
        // Another step current: its activity's alarm, not the round's.
        try host.accept(.nextStep, by: "p1")
        #expect(Self.engine.alarm(of: host.state) == nil)
    }
}
