import AtelierEngine
import AtelierKit
import Briefing
import Testing

@Suite struct ViewsTests {
    /// A workshop with some history: presence, a raised hand, a ready participant, a removal,
    /// a running timer on the second step.
    static func busyWorkshop() throws -> TestHost {
        var host = try Fixtures.workshop()
        #expect(try host.system(.setPresence(Member.participant, online: true)).get().count == 1)
        try host.accept(.raiseHand, by: Member.otherParticipant)
        try host.accept(.nextStep, by: Member.lead)
        try host.accept(.briefing("markReady"), by: Member.participant)
        try host.accept(.startTimer(seconds: 120), by: Member.cofacilitator)
        let late = try host.join("Late")
        try host.accept(.remove(late), by: Member.lead)
        return host
    }

    @Test func topLevelSlicesAreTheSameForEveryAudience() throws {
        let host = try Self.busyWorkshop()
        for audience in Audience.allCases {
            let view = host.engine.view(of: host.state, for: audience)
            #expect(view.objectValue.map { Set($0.keys) } == ["session", "agenda", "timer", "members", "hands", "activity"])
        }
    }

    @Test func onlyFacilitatorsSeeTheTemplate() throws {
        let host = try Self.busyWorkshop()
        let facilitator = host.engine.view(of: host.state, for: .facilitator)
        #expect(facilitator["session"]?["template"] == "codev")
        for audience in [Audience.participant, .observer] {
            let session = host.engine.view(of: host.state, for: audience)["session"]
            #expect(session?["template"] == nil)
            #expect(session == ["id": "s1", "title": "Atelier de codéveloppement", "locale": "fr", "joinCode": "ABCDEF"])
        }
    }

    @Test func membersExcludeRemovedAndCarryNameRolePresenceAndOrder() throws {
        let host = try Self.busyWorkshop()
        let members = host.engine.view(of: host.state, for: .observer)["members"]
        #expect(members?.objectValue?.keys.sorted() == ["p1", "p2", "p3", "p4", "p5"])
        #expect(members?["p3"] == ["name": "Paul", "role": "participant", "online": true, "order": 2])
        #expect(members?["p1"]?["role"] == "facilitator")
        #expect(members?["p6"] == nil)
    }

    @Test func agendaTimerAndHands() throws {
        let host = try Self.busyWorkshop()
        let view = host.engine.view(of: host.state, for: .participant)
        #expect(view["agenda"]?["current"] == 1)
        #expect(view["agenda"]?["steps"]?.arrayValue?.count == 3)
        let second = view["agenda"]?["steps"]?.arrayValue?[1]
        #expect(second == ["title": "Step 2", "activity": "briefing", "timeboxSeconds": 600])
        #expect(view["timer"] == ["status": "running", "durationMs": 120_000, "deadline": .int(Int(host.now) + 120_000)])
        #expect(view["hands"] == ["p5"])
    }

    @Test func theActivitySliceNamesItsModuleAndStep() throws {
        let host = try Self.busyWorkshop()
        for audience in Audience.allCases {
            let activity = host.engine.view(of: host.state, for: audience)["activity"]
            #expect(activity?["id"] == "briefing")
            #expect(activity?["step"] == 1)
            #expect(activity?["module"] == "/activities/briefing/index.js")
            #expect(activity?["view"]?["instructions"] == "Read part 2")
            #expect(activity?["view"]?["ready"] == ["p3"])
            #expect(activity?["view"]?["readyCount"] == 1)
        }
    }

    @Test func theActivitySliceOfAnUnavailableActivityHasNoModule() throws {
        // A log written by a server that knew an activity this one does not.
        let step = AgendaStep(
            title: "Vote", activity: "dot-vote", settings: ActivitySettings(values: [:]), timeboxSeconds: 60)
        let host = TestHost(setup: Fixtures.setup(agenda: [step]))
        let activity = host.engine.view(of: host.state, for: .participant)["activity"]
        #expect(activity == ["id": "dot-vote", "step": 0, "view": [:]])
    }

    @Test func mePartIsPrivateToEachMember() throws {
        var host = try Self.busyWorkshop()
        #expect(host.engine.privateView(of: host.state, for: Member.otherParticipant)
            == ["me": ["id": "p5", "name": "Pia", "role": "participant", "handRaised": true]])
        #expect(host.engine.privateView(of: host.state, for: Member.observer)
            == ["me": ["id": "p4", "name": "Olga", "role": "observer", "handRaised": false]])
        #expect(host.engine.privateView(of: host.state, for: "p6")["me"]?["removed"] == true)
        #expect(host.engine.privateView(of: host.state, for: "p99") == ["me": [:]])
        try host.accept(.setRole(Member.otherParticipant, .observer), by: Member.lead)
        #expect(host.engine.privateView(of: host.state, for: Member.otherParticipant)["me"]?["role"] == "observer")
        #expect(host.engine.privateView(of: host.state, for: Member.otherParticipant)["me"]?["handRaised"] == false)
    }

    @Test func observersNeverSeeMoreThanParticipants() throws {
        let host = try Self.busyWorkshop()
        let participant = host.engine.view(of: host.state, for: .participant)
        let observer = host.engine.view(of: host.state, for: .observer)
        #expect(observer == participant)
    }

    @Test(arguments: ["", "https://meet.example/room"])
    func noViewContainsNull(link: String) throws {
        var host = try Self.busyWorkshop()
        try host.accept(.briefing("updateInstructions", ["text": "Lisez", "link": .string(link)]), by: Member.lead)
        try host.accept(.pauseTimer, by: Member.lead)
        var states = [host.state]
        try host.accept(.resetTimer, by: Member.lead)
        states.append(host.state)
        for state in states {
            for audience in Audience.allCases {
                let view = host.engine.view(of: state, for: audience)
                #expect(view.nullPaths == [], "\(audience) view")
            }
            for id in state.joinOrder + ["p99"] {
                #expect(host.engine.privateView(of: state, for: id).nullPaths == [], "private view of \(id)")
            }
        }
    }

    @Test func aFreshSessionsViewsContainNoNull() {
        let host = TestHost()
        for audience in Audience.allCases {
            #expect(host.engine.view(of: host.state, for: audience).nullPaths == [])
        }
    }

    @Test func viewsOnlyChangeThroughMergePatchesThatReproduceThem() throws {
        var host = try Fixtures.workshop()
        var previous = Audience.allCases.map { host.engine.view(of: host.state, for: $0) }
        try host.accept(.briefing("updateInstructions", ["text": "New", "link": "https://x.example"]), by: Member.lead)
        try host.accept(.briefing("updateInstructions", ["text": "New", "link": ""]), by: Member.lead)
        try host.accept(.remove(Member.otherParticipant), by: Member.lead)
        let current = Audience.allCases.map { host.engine.view(of: host.state, for: $0) }
        for (old, new) in zip(previous, current) {
            let patch = try #require(MergePatch.diff(from: old, to: new))
            #expect(MergePatch.apply(patch, to: old) == new)
        }
        previous = current
        #expect(previous.allSatisfy { $0["members"]?["p5"] == nil })
    }
}
