import AtelierEngine
import AtelierKit
import Briefing
import Testing

@Suite struct BriefingTests {
    /// Every Briefing intent × every role, sent through the engine in the standard workshop.
    @Test(arguments: [
        // intent                                              facilitator cofacilitator participant observer
        (SessionCommand.briefing("markReady"), [Outcome.forbidden, .forbidden, .ok, .forbidden]),
        (.briefing("markNotReady"), [.forbidden, .forbidden, .ok, .forbidden]),
        (.briefing("updateInstructions", ["text": "Lisez"]), [.ok, .ok, .forbidden, .forbidden]),
        (.briefing("resetReady"), [.ok, .ok, .forbidden, .forbidden]),
    ])
    func intentsByRole(command: SessionCommand, outcomes: [Outcome]) throws {
        let host = try Fixtures.workshop()
        for (role, expected) in zip(Role.allCases, outcomes) {
            let result = host.decide(command, by: Member.with(role))
            #expect((result.code.map { .rejected($0) } ?? .allowed) == expected, "\(role)")
        }
    }

    @Test(arguments: Role.allCases)
    func theActivityItselfRefusesObserversAndOnlyLetsFacilitatorsEdit(_ role: Role) {
        // Straight to the activity, bypassing the session's permission table.
        let state = Briefing.start(settings: ActivitySettings(values: [:]))
        let context = ActivityContext(actor: "p9", role: role, now: 0, roster: ["p9": role])
        let ready = Briefing.decide(.markReady, in: state, context: context)
        let edit = Briefing.decide(.updateInstructions(text: "x", link: ""), in: state, context: context)
        #expect((try? ready.get()) == (role == .participant ? [.readyMarked("p9")] : nil))
        #expect((try? edit.get()) == (role.facilitates ? [.instructionsUpdated(text: "x", link: "")] : nil))
    }

    @Test(arguments: [
        ("", nil), ("https://meet.example/room?id=1", nil), ("http://intranet.local/doc", nil),
        ("ftp://files.example", ErrorCode.badRequest), ("javascript:alert(1)", .badRequest),
        ("www.example.com", .badRequest),
        ("https://" + String(repeating: "a", count: Briefing.maxLink - 8), nil),
        ("https://" + String(repeating: "a", count: Briefing.maxLink - 7), .tooLarge),
    ])
    func linksMustBeHttpAndShort(link: String, expected: ErrorCode?) throws {
        let host = try Fixtures.workshop()
        let result = host.decide(.briefing("updateInstructions", ["text": "Go", "link": .string(link)]), by: Member.lead)
        #expect(result.code == expected)
    }

    @Test func instructionsAreCappedAndAnAbsentLinkMeansNone() throws {
        var host = try Fixtures.workshop()
        let longest = String(repeating: "é", count: Briefing.maxInstructions)
        let tooLong = SessionCommand.briefing("updateInstructions", ["text": .string(longest + "!")])
        #expect(host.decide(tooLong, by: Member.lead).code == .tooLarge)
        let events = try host.accept(.briefing("updateInstructions", ["text": .string(longest)]), by: Member.lead)
        #expect(events.count == 1)
        #expect(host.briefing()["instructions"]?.stringValue == longest)
        #expect(host.briefing()["link"] == "")
    }

    @Test func markReadyIsIdempotentAndTheReadyListStaysInIdOrder() throws {
        var host = try Fixtures.workshop()
        #expect(try host.accept(.briefing("markNotReady"), by: Member.otherParticipant) == [])
        #expect(try host.accept(.briefing("markReady"), by: Member.otherParticipant).count == 1)
        #expect(try host.accept(.briefing("markReady"), by: Member.otherParticipant) == [])
        #expect(try host.accept(.briefing("markReady"), by: Member.participant).count == 1)
        #expect(host.briefing()["ready"] == ["p3", "p5"])
        let logged = host.log.count
        #expect(try host.accept(.briefing("markReady"), by: Member.participant) == [])
        #expect(host.log.count == logged)
        try host.accept(.briefing("markNotReady"), by: Member.participant)
        #expect(host.briefing()["ready"] == ["p5"])
        #expect(try host.accept(.briefing("resetReady"), by: Member.cofacilitator).count == 1)
        #expect(host.briefing()["ready"] == [])
        #expect(try host.accept(.briefing("resetReady"), by: Member.cofacilitator) == [])
    }

    /// A member removed later, or moved off the participants, is no longer counted as ready,
    /// in every step (their ready mark goes with an event of the same command, so the log
    /// replays to the same count).
    @Test func membersWhoStopTakingPartAreNoLongerCountedAsReady() throws {
        var host = try Fixtures.workshop()
        try host.accept(.briefing("markReady"), by: Member.participant)
        try host.accept(.briefing("markReady"), by: Member.otherParticipant)
        try host.accept(.nextStep, by: Member.lead)
        try host.accept(.briefing("markReady"), by: Member.participant)
        let removal = try host.accept(.remove(Member.participant), by: Member.lead)
        #expect(
            removal == [
                .participantRemoved(id: Member.participant), .activity(step: 0, event: ["readyCleared": ["_0": "p3"]]),
                .activity(step: 1, event: ["readyCleared": ["_0": "p3"]]),
            ])
        #expect(host.briefing()["ready"] == [])
        #expect(host.briefing(step: 0)["ready"] == ["p5"])
        try host.accept(.setRole(Member.otherParticipant, .observer), by: Member.lead)
        try host.accept(.previousStep, by: Member.lead)
        #expect(host.briefing()["ready"] == [])
        #expect(host.engine.view(of: host.state, for: .facilitator)["activity"]?["view"]?["readyCount"] == 0)
        let folded = try #require(host.engine.fold(host.log))
        #expect(host.engine.view(of: folded, for: .facilitator) == host.engine.view(of: host.state, for: .facilitator))
        // Someone who was not ready leaves nothing to forget.
        #expect(try host.accept(.remove(Member.otherParticipant), by: Member.lead) == [
            .participantRemoved(id: Member.otherParticipant)
        ])
    }

    @Test func eachStepHasItsOwnBriefing() throws {
        var host = try Fixtures.workshop()
        try host.accept(.briefing("markReady"), by: Member.participant)
        try host.accept(.nextStep, by: Member.lead)
        #expect(host.briefing()["ready"] == [])
        #expect(host.briefing()["instructions"] == "Read part 2")
        try host.accept(.previousStep, by: Member.lead)
        #expect(host.briefing()["ready"] == ["p3"])
        #expect(host.log.last?.event == .stepChanged(index: 0))
        #expect(host.log.dropLast(2).last?.event == .activity(step: 0, event: ["readyMarked": ["_0": "p3"]]))
    }

    @Test(arguments: [
        JSONValue.object([:]), ["kind": 3], ["kind": "dance"], ["kind": "updateInstructions"],
        ["kind": "updateInstructions", "text": 5], ["kind": "updateInstructions", "text": "ok", "link": true],
        ["kind": ["markReady"]], ["markReady": true],
    ])
    func hostileIntentsAreBadRequests(_ intent: JSONValue) throws {
        let host = try Fixtures.workshop()
        for role in [Role.facilitator, .participant] {
            #expect(host.decide(.activity(intent), by: Member.with(role)).code == .badRequest)
        }
    }

    @Test func extraFieldsAndANullLinkAreTolerated() throws {
        let host = try Fixtures.workshop()
        #expect(host.decide(.activity(["kind": "markReady", "extra": 1]), by: Member.participant).events?.count == 1)
        #expect(host.decide(.activity(["kind": "updateInstructions", "text": "a", "link": nil]), by: Member.lead).events
            == [.activity(step: 0, event: ["instructionsUpdated": ["text": "a", "link": ""]])])
    }

    @Test(arguments: [("fr", "Consignes"), ("en", "Briefing")])
    func minutesInFrenchAndEnglishWithoutWhoWasReady(locale: String, heading: String) throws {
        var host = try Fixtures.workshop(setup: Fixtures.setup(locale: locale))
        let instructions: [String: JSONValue] = ["text": "Lisez le cas.", "link": "https://doc.example/cas"]
        try host.accept(.briefing("updateInstructions", instructions), by: Member.lead)
        try host.accept(.briefing("markReady"), by: Member.participant)
        try host.accept(.briefing("markReady"), by: Member.otherParticipant)
        let minutes = host.engine.minutes(of: host.state)
        #expect(minutes == """
            # Atelier de codéveloppement

            ## 1. Step 1

            ### \(heading)

            Lisez le cas.

            https://doc.example/cas

            ## 2. Step 2

            ### \(heading)

            Read part 2

            ## 3. Step 3

            ### \(heading)

            Read part 3

            """)
        for housekeeping in ["prêts", "ready", ": 2", ": 0"] {  // the readiness count stays out
            #expect(!minutes.contains(housekeeping), "\(housekeeping)")
        }
    }

    /// The minutes quote the first paragraph of long instructions, 300 characters at most.
    @Test func theMinutesQuoteOnlyTheBeginningOfLongInstructions() {
        let paragraph = Array(repeating: "Chaque consultant pose une question ouverte.", count: 12).joined(separator: " ")
        let cases: [(instructions: String, quoted: String)] = [
            ("  Lisez le cas.\n", "Lisez le cas."),
            ("Règles :\n- écoute\n- confidentialité", "Règles :\n- écoute\n- confidentialité"),
            ("Lisez le cas.\n\nPuis, en binôme, préparez trois questions.", "Lisez le cas. …"),
            ("Lisez le cas.\r\n  \r\nPuis préparez trois questions.", "Lisez le cas. …"),
            (paragraph + "\n\nSuite", String(paragraph.prefix(296)) + "…"),  // "… pose une…": a whole word
            ("", ""),
        ]
        for (instructions, quoted) in cases {
            let excerpt = Briefing.excerpt(of: instructions)
            #expect(excerpt == quoted, "\(instructions)")
            #expect(excerpt.count <= Briefing.minutesExcerpt)
        }
        var state = Briefing.start(settings: ActivitySettings(values: ["instructions": .string(paragraph), "link": "https://doc.example/cas"]))
        Briefing.apply(.readyMarked("p2"), to: &state)
        #expect(Briefing.minutes(of: state, locale: "fr") == "### Consignes\n\n\(String(paragraph.prefix(296)))…\n\nhttps://doc.example/cas")
        Briefing.apply(.instructionsUpdated(text: " ", link: ""), to: &state)
        #expect(Briefing.minutes(of: state, locale: "en") == "### Briefing")
    }
}
