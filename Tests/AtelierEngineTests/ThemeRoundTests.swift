import AtelierKit
import Foundation
import Testing
import ThemeRound

/// Pure tests of the theme round's turn machine: no engine, no sockets.
@Suite struct ThemeRoundTests {
    typealias TR = ThemeRound

    static let lead: ParticipantID = "p1"
    static let observer: ParticipantID = "p2"
    static let ana: ParticipantID = "p3"
    static let bruno: ParticipantID = "p4"
    static let chloe: ParticipantID = "p5"
    static let driss: ParticipantID = "p10"  // joined last: "p10" sorts before "p3" as text
    static let t0: Int64 = 1_800_000_000_000

    /// A step driven intent by intent, remembering every event for replay checks.
    struct Run {
        var state: TR.State
        var events: [TR.Event] = []
        var now: Int64 = ThemeRoundTests.t0
        var roster: [ParticipantID: Role] = [
            lead: .facilitator, observer: .observer, ana: .participant, bruno: .participant, chloe: .participant,
            driss: .participant,
        ]
        var joinOrder: [ParticipantID] = [lead, observer, ana, bruno, chloe, driss]

        init(_ settings: [String: JSONValue] = [:]) {
            var values: [String: JSONValue] = [:]
            for spec in TR.manifest.settings { values[spec.key] = settings[spec.key] ?? spec.defaultValue }
            state = TR.start(settings: ActivitySettings(values: values))
        }

        func context(_ actor: ParticipantID, random: UInt64 = 0) -> ActivityContext {
            ActivityContext(
                actor: actor, role: roster[actor] ?? .participant, now: now, roster: roster, random: random,
                joinOrder: joinOrder)
        }

        func decide(_ intent: TR.Intent, by actor: ParticipantID, random: UInt64 = 0) -> Result<[TR.Event], Rejection> {
            TR.decide(intent, in: state, context: context(actor, random: random))
        }

        mutating func fold(_ new: [TR.Event]) {
            for event in new { TR.apply(event, to: &state) }
            events += new
        }

        @discardableResult
        mutating func accept(
            _ intent: TR.Intent, by actor: ParticipantID, after seconds: Int64 = 1, random: UInt64 = 0
        ) throws -> [TR.Event] {
            now += seconds * 1000
            let new = try decide(intent, by: actor, random: random).get()
            fold(new)
            return new
        }

        var round: TR.Round? { state.rounds.last }
        var speaker: ParticipantID? { round?.floor?.speaker }
        var queue: [[ParticipantID]] { round?.queue ?? [] }
    }

    // MARK: Order

    @Test func joinOrderIsArrivalOrderNotIdOrder() throws {
        var run = Run()
        try run.accept(.startRound(theme: "  Météo du jour  "), by: Self.lead)
        #expect(run.round?.theme == "Météo du jour")
        #expect(run.queue == [[Self.ana], [Self.bruno], [Self.chloe], [Self.driss]])
        #expect(run.speaker == nil)  // the facilitator gives the first floor
        try run.accept(.next, by: Self.lead)
        #expect(run.speaker == Self.ana)
        #expect(run.round?.waiting.first == Self.bruno)
    }

    @Test func aRandomOrderIsDrawnOnceIntoTheEventAndDiffersBySeed() throws {
        var orders: Set<[[ParticipantID]]> = []
        for seed in UInt64(1)...12 {
            var run = Run(["order": "random"])
            let events = try run.accept(.startRound(theme: "Tiers lieux"), by: Self.lead, random: seed &* 0x9E37_79B9)
            guard case .roundStarted(_, let queue, _) = try #require(events.first) else {
                Issue.record("expected roundStarted, got \(events)")
                return
            }
            #expect(Set(queue.flatMap { $0 }) == [Self.ana, Self.bruno, Self.chloe, Self.driss])
            // Replaying the event (no random bits) gives the same order.
            var replayed = Run(["order": "random"])
            replayed.fold(events)
            #expect(replayed.queue == queue)
            orders.insert(queue)
        }
        #expect(orders.count > 3, "12 seeds gave only \(orders.count) orders")
    }

    @Test func theFacilitatorReordersSkipsAndBringsBack() throws {
        var run = Run(["order": "facilitator"])
        try run.accept(.startRound(theme: "RSE & Partenariats"), by: Self.lead)
        try run.accept(.move(Self.driss, position: 0), by: Self.lead)
        #expect(run.queue.map(\.[0]) == [Self.driss, Self.ana, Self.bruno, Self.chloe])
        #expect(run.decide(.move(Self.driss, position: 4), by: Self.lead).code == .badRequest)
        #expect(run.decide(.move(Self.observer, position: 0), by: Self.lead).code == .notFound)
        #expect(run.decide(.move(Self.ana, position: 0), by: Self.ana).code == .forbidden)
        try run.accept(.skip(Self.ana), by: Self.lead)
        #expect(run.round?.skipped == [Self.ana])
        #expect(!run.round!.waiting.contains(Self.ana))
        try run.accept(.next, by: Self.lead)  // Driss
        try run.accept(.bringBack(Self.ana), by: Self.lead)
        #expect(run.round?.waiting.first == Self.ana)
        #expect(run.round?.skipped == [])
        #expect(run.decide(.bringBack(Self.ana), by: Self.lead).code == .conflict)
        #expect(run.decide(.bringBack(Self.driss), by: Self.lead).code == .conflict)  // speaking
        // Skipping the speaker ends their turn as skipped and gives the floor on.
        try run.accept(.skip(Self.driss), by: Self.lead)
        #expect(run.round?.turns.last?.outcome == .skipped)
        #expect(run.speaker == Self.ana)
    }

    // MARK: Turns

    @Test func theSpeakerFinishesOrPassesOthersMayNot() throws {
        var run = Run()
        try run.accept(.startRound(theme: "Météo"), by: Self.lead)
        #expect(run.decide(.finish, by: Self.ana).code == .invalidState)  // nobody has the floor yet
        try run.accept(.next, by: Self.lead)
        #expect(run.decide(.finish, by: Self.bruno).code == .invalidState)
        #expect(run.decide(.pass, by: Self.observer).code == .forbidden)
        try run.accept(.finish, by: Self.ana, after: 42)
        #expect(run.speaker == Self.bruno)
        try run.accept(.pass, by: Self.bruno, after: 3)
        #expect(run.round?.turns.map(\.outcome) == [.spoke, .passed])
        #expect(run.round?.turns.map(\.spokeMs) == [42_000, 3_000])
        #expect(run.speaker == Self.chloe)
        try run.accept(.next, by: Self.lead, after: 10)
        try run.accept(.next, by: Self.lead, after: 10)
        #expect(run.speaker == nil)  // everyone was heard; the round waits to be ended
        #expect(run.round?.isRunning == true)
        try run.accept(.endRound, by: Self.lead)
        #expect(run.state.running == nil)
        #expect(run.decide(.next, by: Self.lead).code == .invalidState)
        #expect(run.decide(.startRound(theme: "  "), by: Self.lead).code == .badRequest)
        #expect(run.decide(.startRound(theme: String(repeating: "é", count: 201)), by: Self.lead).code == .tooLarge)
        #expect(run.decide(.startRound(theme: "Un autre"), by: Self.ana).code == .forbidden)
    }

    @Test func theTimeboxRunsOutOnceThroughTheAlarmAndCanBeExtended() throws {
        var run = Run(["seconds_per_speaker": 60])
        try run.accept(.startRound(theme: "Météo"), by: Self.lead)
        #expect(TR.alarm(of: run.state) == nil)
        try run.accept(.next, by: Self.lead)
        let deadline = run.now + 60_000
        #expect(TR.alarm(of: run.state) == deadline)
        #expect(TR.clockReached(deadline - 1, in: run.state) == [])
        let expired = TR.clockReached(deadline, in: run.state)
        #expect(expired == [.timeUp(Self.ana)])
        run.fold(expired)
        #expect(run.round?.floor?.timeUp == true)
        #expect(TR.alarm(of: run.state) == nil)  // said once
        #expect(TR.clockReached(deadline + 5_000, in: run.state) == [])
        #expect(run.speaker == Self.ana)  // without auto_advance the speaker finishes their sentence
        run.now = deadline + 10_000
        #expect(run.decide(.extend(seconds: 0), by: Self.lead).code == .badRequest)
        #expect(run.decide(.extend(seconds: 30), by: Self.ana).code == .forbidden)
        try run.accept(.extend(seconds: 30), by: Self.lead, after: 0)
        #expect(run.round?.floor?.deadline == deadline + 40_000)  // counted from now, the time being up
        #expect(TR.alarm(of: run.state) == deadline + 40_000)
    }

    @Test func withAutoAdvanceTheFloorPassesOnWhenTimeIsUp() throws {
        var run = Run(["seconds_per_speaker": 30, "auto_advance": true])
        try run.accept(.startRound(theme: "Météo"), by: Self.lead)
        try run.accept(.next, by: Self.lead)
        let at = run.now + 30_000
        let events = TR.clockReached(at, in: run.state)
        #expect(events == [.timeUp(Self.ana), .turnEnded(Self.ana, outcome: .spoke, at: at), .floorGiven(Self.bruno, at: at, deadline: at + 30_000)])
        // Woken late (a restart): the turn still ended at its deadline; the next starts now.
        let late = TR.clockReached(at + 9_000, in: run.state)
        #expect(late == [.timeUp(Self.ana), .turnEnded(Self.ana, outcome: .spoke, at: at), .floorGiven(Self.bruno, at: at + 9_000, deadline: at + 39_000)])
    }

    @Test func lateJoinersAreAppendedAndLeaversLeaveTheQueue() throws {
        var run = Run()
        try run.accept(.startRound(theme: "Météo"), by: Self.lead)
        try run.accept(.next, by: Self.lead, after: 5)
        // Nothing to welcome before a round runs, or someone already in it.
        #expect(TR.welcoming(Self.bruno, in: run.state, at: run.now) == [])
        run.roster["p11"] = .participant
        run.joinOrder.append("p11")
        run.fold(TR.welcoming("p11", in: run.state, at: run.now))
        #expect(run.queue.last == ["p11"])
        // Leaving while waiting: out of the queue.
        run.fold(TR.forgetting(Self.chloe, in: run.state, at: run.now))
        #expect(!run.round!.waiting.contains(Self.chloe))
        // Leaving during one's turn: the turn ends now, as "left", and the next speaks.
        run.now += 20_000
        run.fold(TR.forgetting(Self.ana, in: run.state, at: run.now))
        #expect(run.round?.turns.last.map { [$0.speaker.rawValue, $0.outcome.rawValue, "\($0.spokeMs)"] } == [Self.ana.rawValue, "left", "20000"])
        #expect(run.speaker == Self.bruno)
        #expect(TR.forgetting(Self.observer, in: run.state, at: run.now) == [])
    }

    @Test func inTalkingStickModeTheSpeakerChoosesWhoIsNext() throws {
        var run = Run(["talking_stick": true])
        try run.accept(.startRound(theme: "Météo"), by: Self.lead)
        try run.accept(.next, by: Self.lead)
        #expect(run.decide(.giveFloor(Self.chloe), by: Self.bruno).code == .forbidden)
        try run.accept(.giveFloor(Self.chloe), by: Self.ana)
        #expect(run.speaker == Self.chloe)
        #expect(run.queue == [[Self.bruno], [Self.driss]])
        #expect(run.decide(.giveFloor(Self.ana), by: Self.chloe).code == .notFound)  // already heard
        var plain = Run()
        try plain.accept(.startRound(theme: "Météo"), by: Self.lead)
        try plain.accept(.next, by: Self.lead)
        #expect(plain.decide(.giveFloor(Self.chloe), by: Self.ana).code == .forbidden)
        #expect(plain.decide(.giveFloor(Self.chloe), by: Self.lead).code == nil)
    }

    @Test func byTerritoryAPairSpeaksInOneTurnOneAfterTheOther() throws {
        var run = Run(["by": "territory"])
        #expect(Run().decide(.pair(Self.ana, with: Self.chloe), by: Self.lead).code == .invalidState)
        try run.accept(.pair(Self.ana, with: Self.chloe), by: Self.lead)
        #expect(run.decide(.pair(Self.ana, with: Self.observer), by: Self.lead).code == .notFound)
        #expect(run.decide(.pair(Self.ana, with: Self.ana), by: Self.lead).code == .badRequest)
        #expect(run.decide(.pair(Self.ana, with: Self.bruno), by: Self.ana).code == .forbidden)
        try run.accept(.startRound(theme: "Modèles de co-construction territoriale"), by: Self.lead)
        #expect(run.queue == [[Self.ana, Self.chloe], [Self.bruno], [Self.driss]])
        try run.accept(.next, by: Self.lead)
        #expect(run.speaker == Self.ana)
        #expect(run.round?.partners == [Self.chloe])
        #expect(run.round?.waiting.first == Self.chloe)
        try run.accept(.finish, by: Self.ana)
        #expect(run.speaker == Self.chloe)
        try run.accept(.finish, by: Self.chloe)
        #expect(run.speaker == Self.bruno)
        // Pairing during the round regroups the queue; unpairing splits it again.
        #expect(run.decide(.pair(Self.driss, with: "p11"), by: Self.lead).code == .notFound)  // not arrived yet
        run.roster["p11"] = .participant
        try run.accept(.pair(Self.driss, with: "p11"), by: Self.lead)
        run.fold(TR.welcoming("p11", in: run.state, at: run.now))
        #expect(run.queue == [[Self.driss, "p11"]])
        try run.accept(.unpair(Self.driss), by: Self.lead)
        #expect(run.queue == [[Self.driss], ["p11"]])
    }

    // MARK: Views and minutes

    @Test func facilitatorsSeeSpeakingTimesParticipantsAndObserversDoNot() throws {
        var run = Run()
        try run.accept(.startRound(theme: "Météo"), by: Self.lead)
        try run.accept(.next, by: Self.lead)
        try run.accept(.finish, by: Self.ana, after: 75)
        let facilitator = TR.view(of: run.state, for: .facilitator)
        let participant = TR.view(of: run.state, for: .participant)
        #expect(facilitator["speaking"]?[Self.ana.rawValue] == 75_000)
        #expect(facilitator["rounds"]?.arrayValue?[0]["turns"]?.arrayValue?[0]["ms"] == 75_000)
        #expect(participant["speaking"] == nil)
        #expect(participant["rounds"]?.arrayValue?[0]["turns"]?.arrayValue?[0]["ms"] == nil)
        #expect(TR.view(of: run.state, for: .observer) == participant)
        #expect(participant["turns"] == true)  // the pages hide the session's hand queue
        #expect(participant["rounds"]?.arrayValue?[0]["floor"]?["speaker"] == .string(Self.bruno.rawValue))
        #expect(participant["rounds"]?.arrayValue?[0]["next"] == .string(Self.chloe.rawValue))
    }

    @Test(arguments: [("fr", "Tour de table 1 — Météo", "1 min 15 s", "Sans rubrique", "a passé son tour"),
                      ("en", "Theme round 1 — Météo", "1 min 15 s", "Ungrouped", "passed")])
    func minutesListWhoSpokeForHowLongAndTheCardsByHeadingMostDottedFirst(
        locale: String, title: String, duration: String, ungrouped: String, passed: String
    ) throws {
        var run = Run()
        try run.accept(.startRound(theme: "Météo"), by: Self.lead)
        try run.accept(.next, by: Self.lead)
        try run.accept(.post(text: "Peu dormi"), by: Self.ana)
        try run.accept(.post(text: "Motivée"), by: Self.ana)
        try run.accept(.addHeading(title: "Énergie"), by: Self.lead)
        try run.accept(.group(card: run.round!.cards[0].id, heading: run.round!.headings[0].id), by: Self.lead)
        try run.accept(.dot(card: run.round!.cards[1].id), by: Self.bruno)
        try run.accept(.finish, by: Self.ana, after: 70)  // 75 s after the floor was given
        try run.accept(.pass, by: Self.bruno)
        try run.accept(.endRound, by: Self.lead)
        let names: [ParticipantID: String] = [Self.ana: "Ana", Self.bruno: "Bruno"]
        let text = try #require(TR.minutes(of: run.state, locale: locale, names: names))
        #expect(text.contains(title))
        #expect(text.contains("Ana") && text.contains(duration))
        #expect(text.contains("Bruno") && text.contains(passed))
        #expect(text.contains("#### Énergie\n\n- Peu dormi — Ana"))
        #expect(text.contains("#### \(ungrouped)\n\n- Motivée — Ana (+1)"))
    }
}

/// In a cohort's session the territories are known: a round by territory seats each binôme
/// together without the facilitator pairing anyone, and a pair the facilitator made wins.
@Suite struct ThemeRoundBinomeTests {
    typealias TR = ThemeRound

    @Test func aCohortsBinomesSpeakTogetherUnpaired() throws {
        let roster: [ParticipantID: Role] = ["p1": .facilitator, "m1": .participant, "m2": .participant, "m3": .participant, "m4": .participant]
        var values: [String: JSONValue] = [:]
        for spec in TR.manifest.settings { values[spec.key] = spec.defaultValue }
        values["by"] = .string("territory")
        var state = TR.start(settings: ActivitySettings(values: values))
        func decide(_ intent: TR.Intent, groups: [[ParticipantID]]) throws -> [TR.Event] {
            try TR.decide(intent, in: state, context: ActivityContext(
                actor: "p1", role: .facilitator, now: 1, roster: roster, joinOrder: ["p1", "m1", "m3", "m2", "m4"],
                groups: groups)).get()
        }
        let territories: [[ParticipantID]] = [["m1", "m2"], ["m3", "m4"]]
        let started = try decide(.startRound(theme: "Tiers lieux"), groups: territories)
        guard case .roundStarted(_, let queue, _)? = started.first else { Issue.record("no round"); return }
        #expect(queue == [["m1", "m2"], ["m3", "m4"]])
        // The facilitator's own pairing is kept over the territories.
        for event in try decide(.pair("m1", with: "m3"), groups: territories) { TR.apply(event, to: &state) }
        guard case .roundStarted(_, let paired, _)? = try decide(.startRound(theme: "Tiers lieux"), groups: territories).first else { return }
        #expect(paired == [["m1", "m3"], ["m2"], ["m4"]])
        // Without territories (a session outside a cohort), each alone.
        var plain = TR.start(settings: ActivitySettings(values: values))
        swap(&plain, &state)
        guard case .roundStarted(_, let alone, _)? = try decide(.startRound(theme: "Tiers lieux"), groups: []).first else { return }
        #expect(alone == [["m1"], ["m3"], ["m2"], ["m4"]])
    }

    @Test func aRoundOfLessonsLeavesItsCardsForTheCohort() throws {
        var values: [String: JSONValue] = [:]
        for spec in TR.manifest.settings { values[spec.key] = spec.defaultValue }
        let roster: [ParticipantID: Role] = ["p1": .facilitator, "m1": .participant]
        func run(lessons: Bool) throws -> Outcomes {
            values["lessons"] = .bool(lessons)
            var state = TR.start(settings: ActivitySettings(values: values))
            for (intent, actor) in [(TR.Intent.startRound(theme: "Ce que je retiens"), "p1"), (.next, "p1"),
                                    (.post(text: "Le catalyseur n'est pas l'opérateur"), "m1")] as [(TR.Intent, ParticipantID)] {
                let context = ActivityContext(actor: actor, role: roster[actor]!, now: 1, roster: roster, joinOrder: ["p1", "m1"])
                for event in try TR.decide(intent, in: state, context: context).get() { TR.apply(event, to: &state) }
            }
            return TR.outcomes(of: state)
        }
        #expect(try run(lessons: true).lessons == [.init(author: "m1", text: "Le catalyseur n'est pas l'opérateur", heading: "Ce que je retiens")])
        #expect(try run(lessons: false).isEmpty)
    }
}
