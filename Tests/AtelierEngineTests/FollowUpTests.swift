import AtelierKit
import FollowUp
import Testing

/// Pure tests of the follow-up round: the seed, who may review what, the turns, what goes
/// back to the cohort, the minutes, erasure.
@Suite struct FollowUpTests {
    typealias FU = FollowUp

    static let seed = """
        [{"key":"s1/3/c1.a1","owners":["m1","m2"],"names":["Awa","Bruno"],"what":"Réunir les partenaires","due":"juin",
          "session":"Séance 1","status":"open","note":""},
         {"key":"s1/3/c1.a2","owners":["m1","m2"],"names":["Awa","Bruno"],"what":"Appeler la CCI","due":"",
          "session":"Séance 1","status":"in-progress","note":"rendez-vous pris"},
         {"key":"s1/3/c2.a1","owners":["m3"],"names":["Chloé"],"what":"Écrire aux élus","due":"mars",
          "session":"Séance 1","status":"open","note":""}]
        """
    static let roster: [ParticipantID: Role] = ["p1": .facilitator, "m1": .participant, "m2": .participant, "m3": .participant, "p9": .observer]

    static func start(_ text: String = seed) -> FU.State {
        FU.start(settings: ActivitySettings(values: ["items": .string(text)]))
    }

    static func decide(_ intent: FU.Intent, by actor: ParticipantID, in state: FU.State, at now: Int64 = 10) -> Result<[FU.Event], Rejection> {
        FU.decide(intent, in: state, context: ActivityContext(actor: actor, role: roster[actor]!, now: now, roster: roster))
    }

    @Test func theSeedGivesTheItemsAndOneTurnPerOwnersGroup() {
        let state = Self.start()
        #expect(state.items.map(\.key) == ["s1/3/c1.a1", "s1/3/c1.a2", "s1/3/c2.a1"])
        #expect(state.turns == [["m1", "m2"], ["m3"]])
        #expect(Self.start("").items.isEmpty && Self.start("not json").items.isEmpty && Self.start("[]").turns.isEmpty)
    }

    @Test func ownersAndFacilitatorsReviewOthersMayNot() throws {
        var state = Self.start()
        let mine = try Self.decide(.review(key: "s1/3/c1.a1", status: .done, note: "  fait en mai "), by: "m2", in: state).get()
        #expect(mine == [.reviewed(key: "s1/3/c1.a1", status: .done, note: "fait en mai", by: "m2", at: 10)])
        for event in mine { FU.apply(event, to: &state) }
        #expect(state.items[0].status == .done && state.items[0].reviewed)
        #expect(Self.decide(.review(key: "s1/3/c1.a1", status: .done, note: "fait en mai"), by: "m1", in: state).map(\.isEmpty) == .success(true))
        #expect(Self.decide(.review(key: "s1/3/c2.a1", status: .done, note: ""), by: "m1", in: state).failure?.reason == "not-owner")
        #expect(Self.decide(.review(key: "s1/3/c2.a1", status: .done, note: ""), by: "p9", in: state).failure?.code == .forbidden)
        #expect(try Self.decide(.review(key: "s1/3/c2.a1", status: .dropped, note: ""), by: "p1", in: state).get().count == 1)
        #expect(Self.decide(.review(key: "nope", status: .done, note: ""), by: "p1", in: state).failure?.code == .notFound)
        #expect(Self.decide(.review(key: "s1/3/c2.a1", status: .done, note: String(repeating: "x", count: 1001)), by: "m3", in: state).failure?.code == .tooLarge)
        // What goes back to the cohort: the reviews made here, in order.
        #expect(FU.outcomes(of: state).reviews == [.init(key: "s1/3/c1.a1", status: "done", note: "fait en mai", by: "m2", at: 10)])
    }

    @Test func theFacilitatorGivesTheTurns() throws {
        var state = Self.start()
        #expect(Self.decide(.next, by: "m1", in: state).failure?.code == .forbidden)
        for _ in 0..<3 { for event in try Self.decide(.next, by: "p1", in: state).get() { FU.apply(event, to: &state) } }
        #expect(state.current == nil)  // after the last group, nobody
        for event in try Self.decide(.focus(turn: 1), by: "p1", in: state).get() { FU.apply(event, to: &state) }
        #expect(state.current == 1)
        #expect(FU.view(of: state, for: .observer).objectValue?["current"] == .int(1))
        #expect(Self.decide(.focus(turn: 5), by: "p1", in: state).failure?.code == .notFound)
    }

    @Test func theMinutesAndErasure() throws {
        var state = Self.start()
        let events = try Self.decide(.review(key: "s1/3/c2.a1", status: .inProgress, note: "courrier envoyé"), by: "m3", in: state).get()
        for event in events { FU.apply(event, to: &state) }
        let fr = FU.minutes(of: state, locale: "fr") ?? ""
        #expect(fr.contains("### Suivi des plans d'action"))
        #expect(fr.contains("- Écrire aux élus (Chloé) — en cours : courrier envoyé"))
        #expect((FU.minutes(of: state, locale: "en") ?? "").contains("- Écrire aux élus (Chloé) — in progress: courrier envoyé"))
        #expect(FU.erasingTexts(of: "m3", in: events[0], author: "m3") == .reviewed(key: "s1/3/c2.a1", status: .inProgress, note: "", by: "m3", at: 10))
        #expect(FU.erasingTexts(of: "m1", in: events[0], author: "m3") == events[0])
    }
}

extension Result {
    fileprivate var failure: Failure? {
        if case .failure(let failure) = self { return failure }
        return nil
    }
}
