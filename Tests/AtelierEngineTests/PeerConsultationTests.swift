import AtelierKit
import Foundation
import PeerConsultation
import Testing

/// Pure tests of the co-development activity: no engine, no sockets.
@Suite struct PeerConsultationTests {
    typealias PC = PeerConsultation

    static let lead: ParticipantID = "p1"
    static let client: ParticipantID = "p2"
    static let consultant: ParticipantID = "p3"
    static let observer: ParticipantID = "p4"
    static let cofacilitator: ParticipantID = "p5"
    static let roster: [ParticipantID: Role] = [
        lead: .facilitator, client: .participant, consultant: .participant, observer: .observer,
        cofacilitator: .cofacilitator, "p6": .participant,
    ]
    /// Columns of the matrix below.
    static let actors: [ParticipantID] = [lead, cofacilitator, client, consultant, observer]

    /// A session driven through its phases, remembering every event for replay checks.
    struct Run {
        var state: PC.State
        var events: [PC.Event] = []
        var now: Int64 = 1_800_000_000_000

        init(_ settings: [String: JSONValue] = ["subject_selection": true]) {
            var values: [String: JSONValue] = [:]
            for spec in PC.manifest.settings { values[spec.key] = settings[spec.key] ?? spec.defaultValue }
            state = PC.start(settings: ActivitySettings(values: values))
        }

        func context(_ actor: ParticipantID) -> ActivityContext {
            ActivityContext(actor: actor, role: PeerConsultationTests.roster[actor]!, now: now, roster: PeerConsultationTests.roster)
        }

        func decide(_ intent: PC.Intent, by actor: ParticipantID) -> Result<[PC.Event], Rejection> {
            PC.decide(intent, in: state, context: context(actor))
        }

        @discardableResult
        mutating func accept(_ intent: PC.Intent, by actor: ParticipantID, after seconds: Int64 = 1) throws -> [PC.Event] {
            now += seconds * 1000
            let events = try decide(intent, by: actor).get()
            for event in events { PC.apply(event, to: &state) }
            self.events += events
            return events
        }
    }

    /// The fixtures, one per row of the matrix: a classic session with subject selection,
    /// p2 proposed subject 1 and became the client; a question (2), a contract, a
    /// suggestion (3) and an action (4) are posted as the phases go.
    static func fixture(_ row: String) throws -> Run {
        var run = Run()
        try run.accept(.propose(text: "Mobiliser les entreprises du territoire"), by: client)
        if row == "subject-open" { return run }
        try run.accept(.pickProposal(proposal: 1), by: lead)
        if row == "subject-named" { return run }
        try run.accept(.nextPhase, by: lead)
        try run.accept(.pinSummary(text: "Trois partenaires se retirent"), by: client)
        if row == "expose" { return run }
        try run.accept(.nextPhase, by: lead)
        try run.accept(.post(kind: .question, text: "Depuis quand ?", tag: nil, frame: nil), by: consultant)
        if row == "clarification" { return run }
        try run.accept(.nextPhase, by: lead)
        try run.accept(.setContract(items: ["remobiliser deux partenaires"]), by: client)
        if row == "contract" { return run }
        try run.accept(.nextPhase, by: lead)
        try run.accept(.post(kind: .suggestion, text: "Un petit-déjeuner", tag: 0, frame: nil), by: consultant)
        if row == "consultation" { return run }
        try run.accept(.nextPhase, by: lead)
        try run.accept(.addAction(what: "Inviter", due: "juin", resources: "", source: 3), by: client)
        if row == "synthesis" { return run }
        try run.accept(.nextPhase, by: lead)
        return run
    }

    static let rows = ["subject-open", "subject-named", "expose", "clarification", "contract", "consultation", "synthesis", "learnings"]

    /// Every intent × every phase × every role: `o` allowed; `f` forbidden, `i` invalid_state,
    /// `n` not_found, `b` bad_request. Each row is 8 groups (the phases above) of 5 letters
    /// (lead, co-facilitator, client, consultant, observer).
    static let matrix: [(String, PC.Intent, String)] = [
        ("propose", .propose(text: "Un sujet"), "ffoof ffiif ffiif ffiif ffiif ffiif ffiif ffiif"),
        ("vote", .vote(proposal: 1), "ffoof ffiif ffiif ffiif ffiif ffiif ffiif ffiif"),
        ("pickProposal", .pickProposal(proposal: 1), "oofff oofff iifff iifff iifff iifff iifff iifff"),
        ("nameClient", .nameClient(client), "oofff oofff iifff iifff iifff iifff iifff iifff"),
        ("nextPhase", .nextPhase, "iifff oofff oofff oofff oofff oofff oofff iifff"),
        ("previousPhase", .previousPhase, "iifff iifff iifff oofff oofff oofff oofff oofff"),
        ("extendPhase", .extendPhase(minutes: 5), "iifff iifff oofff oofff oofff oofff oofff oofff"),
        ("restartCase", .restartCase, "iifff iifff oofff oofff oofff oofff oofff oofff"),
        ("pinSummary", .pinSummary(text: "Résumé"), "fffff ffiff ffoff ffiff ffiff ffiff ffiff ffiff"),
        ("post question", .post(kind: .question, text: "Q ?", tag: nil, frame: nil), "ffiif fffif fffif fffof fffif fffif fffif fffif"),
        ("post reformulation", .post(kind: .reformulation, text: "Si je comprends", tag: nil, frame: nil), "ffiif fffif fffif fffif fffof fffif fffif fffif"),
        ("post suggestion", .post(kind: .suggestion, text: "Essayer", tag: 0, frame: nil), "ffiif fffif fffif fffif fffif fffof fffif fffif"),
        ("post learning", .post(kind: .learning, text: "J'ai appris", tag: nil, frame: .learnings), "ffiif ffiif ffiif ffiif ffiif ffiif ffiif ffoof"),
        ("answer", .answer(card: 2, text: "Depuis mars"), "fffff ffiff ffiff ffoff ffiff ffiff ffiff ffiff"),
        ("flag", .flag(card: 2, flagged: true), "iifff iifff iifff oofff iifff iifff iifff iifff"),
        ("setContract", .setContract(items: ["trouver un allié"]), "fffff ffiff ffiff ffiff ffoff ffiff ffiff ffiff"),
        ("askPrecision", .askPrecision(card: 3, text: "Lequel ?"), "fffff ffiff ffiff ffiff ffiff ffoff ffiff ffiff"),
        ("writeNotes", .writeNotes(text: "À retenir"), "fffff ffoff ffoff ffoff ffoff ffoff ffoff ffoff"),
        ("addAction", .addAction(what: "Appeler", due: "", resources: "", source: nil), "fffff ffiff ffiff ffiff ffiff ffiff ffoff ffiff"),
        ("removeAction", .removeAction(item: 4), "fffff ffiff ffiff ffiff ffiff ffiff ffoff ffiff"),
        ("raiseHand", .raiseHand, "ffoof ffoof ffoof ffoof ffoof ffoof ffoof ffoof"),
        ("lowerHand", .lowerHand, "ffoof ffoof ffoof ffoof ffoof ffoof ffoof ffoof"),
        ("giveFloor", .giveFloor(consultant), "oofff oofff oofff oofff oofff oofff oofff oofff"),
        ("endTurn", .endTurn, "oofff oofff oofff oofff oofff oofff oofff oofff"),
    ]

    static func letter(_ result: Result<[PC.Event], Rejection>) -> Character {
        switch result {
        case .success: "o"
        case .failure(let rejection):
            switch rejection.code {
            case .forbidden: "f"
            case .invalidState: "i"
            case .notFound: "n"
            case .badRequest: "b"
            case .tooLarge: "t"
            default: "?"
            }
        }
    }

    @Test(arguments: 0..<matrix.count)
    func everyIntentInEveryPhaseForEveryRole(_ index: Int) throws {
        let (name, intent, expected) = Self.matrix[index]
        let groups = expected.split(separator: " ")
        #expect(groups.count == Self.rows.count)
        for (row, group) in zip(Self.rows, groups) {
            let run = try Self.fixture(row)
            let actual = String(Self.actors.map { Self.letter(run.decide(intent, by: $0)) })
            #expect(actual == String(group), "\(name) in \(row): lead, cofacilitator, client, consultant, observer")
        }
    }

    @Test func refusalsExplainTheRuleOfThePhase() throws {
        let run = try Self.fixture("clarification")
        let advice = run.decide(.post(kind: .suggestion, text: "Fais ceci", tag: nil, frame: nil), by: Self.consultant)
        // The reason names what was refused (a suggestion) and the phase, for the client's sentence.
        #expect(
            advice
                == .failure(
                    .invalidState("during clarification consultants ask questions, not advice")
                        .because("phase-over", ["variant": "suggestion", "phase": "clarification"])))
        let expose = try Self.fixture("expose")
        #expect(
            expose.decide(.previousPhase, by: Self.lead)
                == .failure(
                    .invalidState("the exposé has started: restart the case to choose another client")
                        .because("expose-started")))
        #expect(expose.decide(.nameClient("p6"), by: Self.lead).code == .invalidState)
    }

    @Test func consultationCardsAreTaggedAgainstTheContract() throws {
        let run = try Self.fixture("consultation")
        #expect(run.decide(.post(kind: .reaction, text: "Je ressens", tag: nil, frame: nil), by: Self.consultant).code == .badRequest)
        #expect(run.decide(.post(kind: .reaction, text: "Je ressens", tag: 3, frame: nil), by: Self.consultant).code == .notFound)
        #expect(run.decide(.post(kind: .hypothesis, text: "Et si", tag: 0, frame: nil), by: Self.consultant).code == nil)
        #expect(run.decide(.post(kind: .reaction, text: "x", tag: 0, frame: .learnings), by: Self.consultant).code == .badRequest)
        let learnings = try Self.fixture("learnings")
        #expect(learnings.decide(.post(kind: .learning, text: "x", tag: nil, frame: nil), by: Self.client).code == .badRequest)
    }

    @Test func textsAreTrimmedCheckedAndCapped() throws {
        let run = try Self.fixture("clarification")
        let question = { (text: String) in run.decide(.post(kind: .question, text: text, tag: nil, frame: nil), by: Self.consultant) }
        #expect(question("   ").code == .badRequest)
        #expect(question(String(repeating: "é", count: PC.Limits.card + 1)).code == .tooLarge)
        let events = try question("  Pourquoi ?  ").get()
        guard case .cardPosted(let card) = events.first else { Issue.record("no card"); return }
        #expect(card.text == "Pourquoi ?" && card.author == Self.consultant && card.phase == .clarification)
        let contract = try Self.fixture("contract")
        #expect(contract.decide(.setContract(items: []), by: Self.client).code == .badRequest)
        #expect(contract.decide(.setContract(items: ["a", "b", "c", "d"]), by: Self.client).code == .badRequest)
        #expect(contract.decide(.extendPhase(minutes: 0), by: Self.lead).code == .badRequest)
    }

    @Test func phasesHaveDeadlinesFromTheSettingsAndCanBeExtended() throws {
        var run = try Self.fixture("subject-named")
        #expect(run.state.deadline == nil)
        try run.accept(.nextPhase, by: Self.lead)
        #expect(run.state.phase == .expose)
        #expect(run.state.deadline == run.now + 10 * 60_000)
        try run.accept(.extendPhase(minutes: 3), by: Self.lead, after: 0)
        #expect(run.state.deadline == run.now + 13 * 60_000)
        try run.accept(.nextPhase, by: Self.lead)
        #expect(run.state.deadline == run.now + 15 * 60_000)  // clarification's default timebox
    }

    @Test func speakingTimeIsRecordedPerPhaseAndPerson() throws {
        var run = try Self.fixture("clarification")
        try run.accept(.raiseHand, by: Self.consultant)
        try run.accept(.raiseHand, by: "p6")
        #expect(run.state.hands == [Self.consultant, "p6"])
        try run.accept(.giveFloor(Self.consultant), by: Self.lead)
        #expect(run.state.hands == ["p6"] && run.state.speaker == Self.consultant)
        try run.accept(.giveFloor("p6"), by: Self.lead, after: 40)  // p3 spoke 40 s
        try run.accept(.endTurn, by: "p6", after: 15)
        try run.accept(.giveFloor(Self.client), by: Self.lead)
        try run.accept(.nextPhase, by: Self.lead, after: 25)  // a phase change ends the turn
        #expect(run.state.speaking[.clarification] == [Self.consultant: 40_000, "p6": 15_000, Self.client: 25_000])
        #expect(run.state.speaker == nil && run.state.hands.isEmpty)
        let view = PC.view(of: run.state, for: .facilitator)
        #expect(view["speaking"]?["clarification"]?["p3"] == 40_000)
        #expect(PC.view(of: run.state, for: .participant)["speaking"] == nil)
    }

    @Test func privateNotesAndVotesReachOnlyTheirOwner() throws {
        var run = try Self.fixture("subject-open")
        try run.accept(.vote(proposal: 1), by: Self.consultant)
        #expect(PC.privateView(of: run.state, for: Self.consultant) == ["vote": 1])
        #expect(PC.view(of: run.state, for: .participant)["proposals"]?.arrayValue?.first?["votes"] == 1)
        try run.accept(.vote(proposal: 1), by: Self.consultant)  // the same again withdraws it
        #expect(PC.privateView(of: run.state, for: Self.consultant) == nil)
        try run.accept(.pickProposal(proposal: 1), by: Self.lead)
        try run.accept(.writeNotes(text: "Ne pas oublier Paul"), by: Self.client)
        #expect(PC.privateView(of: run.state, for: Self.client) == ["notes": "Ne pas oublier Paul"])
        for audience in Audience.allCases {
            let shared = String(decoding: try JSONEncoder().encode(PC.view(of: run.state, for: audience)), as: UTF8.self)
            #expect(!shared.contains("Paul"), "\(audience)")
        }
        #expect(PC.privateView(of: run.state, for: Self.consultant) == nil)
    }

    @Test func theListeningVariantsKeepTheClientSilentDuringTheConsultation() throws {
        var run = Run(["variant": "troika", "cases": 3])
        #expect(run.state.phases == [.subject, .expose, .clarification, .consultation, .synthesis])
        try run.accept(.nameClient(Self.client), by: Self.lead)
        for _ in 0..<3 { try run.accept(.nextPhase, by: Self.lead) }
        #expect(run.state.phase == .consultation)
        let card = try run.accept(.post(kind: .suggestion, text: "Et si…", tag: nil, frame: nil), by: Self.consultant)
        guard case .cardPosted(let posted) = card.first else { Issue.record("no card"); return }
        #expect(run.decide(.askPrecision(card: posted.id, text: "?"), by: Self.client).code == .invalidState)
        #expect(PC.view(of: run.state, for: .participant)["clientListens"] == true)
    }

    @Test func casesFollowOneAnotherAndARestartClearsTheCase() throws {
        var run = Run(["cases": 2])
        try run.accept(.nameClient(Self.client), by: Self.lead)
        try run.accept(.nextPhase, by: Self.lead)
        try run.accept(.pinSummary(text: "Premier cas"), by: Self.client)
        try run.accept(.restartCase, by: Self.lead)
        #expect(run.state.phase == .subject && run.state.current.client == nil && run.state.current.summary.isEmpty)
        try run.accept(.nameClient(Self.consultant), by: Self.lead)
        for _ in 0..<6 { try run.accept(.nextPhase, by: Self.lead) }
        #expect(run.state.phase == .learnings)
        try run.accept(.nextPhase, by: Self.lead)  // the second case
        #expect(run.state.cases.count == 2 && run.state.phase == .subject)
        #expect(PC.view(of: run.state, for: .facilitator)["pastClients"] == ["p3"])
        try run.accept(.nameClient(Self.client), by: Self.lead)
        for _ in 0..<6 { try run.accept(.nextPhase, by: Self.lead) }
        #expect(run.decide(.nextPhase, by: Self.lead).code == .invalidState)
    }

    @Test func replayingTheLoggedEventsRebuildsTheLiveState() throws {
        let live = try Self.wholeSession()
        // Through JSON, as the log stores them.
        var replayed = Run().state
        for event in live.events {
            let stored = try JSONEncoder().encode(event)
            PC.apply(try JSONDecoder().decode(PC.Event.self, from: stored), to: &replayed)
        }
        #expect(replayed == live.state)
        // And the state itself survives a snapshot.
        let snapshot = try JSONDecoder().decode(PC.State.self, from: JSONEncoder().encode(live.state))
        #expect(snapshot == live.state)
    }

    @Test func theMinutesTellTheCaseWithNamesInTheSessionsLanguage() throws {
        let run = try Self.wholeSession()
        let french = try #require(PC.minutes(of: run.state, locale: "fr", names: Self.names))
        for expected in [
            "### Cas 1 — client : Aïcha", "Trois partenaires se retirent",
            "  - Réponse : Depuis mars", "1. Aidez-moi à remobiliser deux partenaires",
            "- *Suggestion* [1] Un petit-déjeuner — Bruno", "  - Précision demandée : Avec qui ?",
            "- [ ] Inviter — échéance : juin — ressources : la CCI (inspirée de : Un petit-déjeuner)",
            "- *Applications* : Tester en juin — Aïcha",
        ] {
            #expect(french.contains(expected), "\(expected)")
        }
        #expect(!french.contains("Carnet secret"))  // private notes never appear
        let english = try #require(PC.minutes(of: run.state, locale: "en", names: Self.names))
        #expect(english.contains("1. Help me remobiliser deux partenaires") && english.contains("**Action plan**"))
        #expect(english.contains("- [ ] Inviter — by: juin — resources: la CCI (inspired by: Un petit-déjeuner)"))
    }

    /// A flag is never set beside a name: the flagged question is listed without its
    /// author, and no line of the minutes carries both a flag and a name.
    @Test(arguments: [("fr", "- Depuis quand ? — *Question signalée : conseil déguisé*", "signalée"),
                      ("en", "- Depuis quand ? — *Question flagged: advice in disguise*", "flagged")])
    func aFlaggedQuestionNamesNobody(locale: String, line: String, flag: String) throws {
        var run = try Self.wholeSession()
        let minutes = try #require(PC.minutes(of: run.state, locale: locale, names: Self.names))
        #expect(minutes.split(separator: "\n").contains { $0 == line })
        let flagged = minutes.split(separator: "\n").filter { $0.contains(flag) || $0.contains("déguisé") || $0.contains("disguise") }
        #expect(flagged.count == 1)
        for text in flagged {
            for name in Array(Self.names.values) + Self.names.keys.map(\.rawValue) { #expect(!text.contains(name), "\(text)") }
        }
        // Unflagged, the same question is Bruno's again, with no flag.
        for _ in 0..<4 { try run.accept(.previousPhase, by: Self.lead) }
        #expect(run.state.phase == .clarification)
        try run.accept(.flag(card: 2, flagged: false), by: Self.lead)
        let unflagged = try #require(PC.minutes(of: run.state, locale: locale, names: Self.names))
        #expect(unflagged.contains("- Depuis quand ? — Bruno\n") && !unflagged.contains(flag))
    }

    /// An action keeps the contribution it came from: its text on one line, shortened when
    /// long, or its kind once the text was erased.
    @Test func anActionKeepsItsSourceInTheMinutes() throws {
        var run = try Self.fixture("consultation")
        let long = "Réunir les partenaires autour d'un petit-déjeuner\nd'entreprises, puis leur proposer une charte commune et un calendrier"
        let posted = try run.accept(.post(kind: .hypothesis, text: long, tag: 0, frame: nil), by: Self.consultant)
        guard case .cardPosted(let card) = posted.first else { Issue.record("no card"); return }
        try run.accept(.nextPhase, by: Self.lead)
        try run.accept(.addAction(what: "Rédiger la charte", due: "", resources: "", source: card.id), by: Self.client)
        try run.accept(.addAction(what: "Appeler Paul", due: "", resources: "", source: nil), by: Self.client)
        let minutes = try #require(PC.minutes(of: run.state, locale: "fr", names: Self.names))
        let quoted = "Réunir les partenaires autour d'un petit-déjeuner d'entreprises, puis leur…"
        #expect(quoted.count <= 80)
        #expect(minutes.contains("- [ ] Rédiger la charte (inspirée de : \(quoted))\n"))
        #expect(minutes.contains("- [ ] Appeler Paul") && !minutes.contains("Appeler Paul ("))
        var erased = Run().state
        for event in run.events { PC.apply(PC.erasingTexts(of: Self.consultant, in: event, author: nil), to: &erased) }
        let afterErasure = try #require(PC.minutes(of: erased, locale: "en", names: Self.names))
        #expect(afterErasure.contains("- [ ] Rédiger la charte (inspired by: Hypothesis)"))
    }

    static let names: [ParticipantID: String] = [client: "Aïcha", consultant: "Bruno", "p6": "Chloé"]

    @Test func erasureBlanksAParticipantsTextsButKeepsTheLogReplayable() throws {
        let run = try Self.wholeSession()
        let erased = run.events.map { PC.erasingTexts(of: Self.consultant, in: $0, author: nil) }
        var state = Run().state
        for event in erased { PC.apply(event, to: &state) }
        #expect(state.current.cards.filter { $0.author == Self.consultant }.allSatisfy { $0.text.isEmpty })
        #expect(state.current.cards.count == run.state.current.cards.count)
        #expect(state.current.summary == run.state.current.summary)  // the client's texts stay
    }

    /// A whole co-development case with every kind of content.
    static func wholeSession() throws -> Run {
        var run = try fixture("clarification")
        try run.accept(.answer(card: 2, text: "Depuis mars"), by: client)
        try run.accept(.flag(card: 2, flagged: true), by: lead)
        try run.accept(.giveFloor(consultant), by: lead)
        try run.accept(.nextPhase, by: lead, after: 30)
        try run.accept(.post(kind: .reformulation, text: "Tu veux des alliés", tag: nil, frame: nil), by: consultant)
        try run.accept(.setContract(items: ["remobiliser deux partenaires"]), by: client)
        try run.accept(.nextPhase, by: lead)
        try run.accept(.post(kind: .suggestion, text: "Un petit-déjeuner", tag: 0, frame: nil), by: consultant)
        try run.accept(.askPrecision(card: 4, text: "Avec qui ?"), by: client)
        try run.accept(.writeNotes(text: "Carnet secret"), by: client)
        try run.accept(.nextPhase, by: lead)
        try run.accept(.addAction(what: "Inviter", due: "juin", resources: "la CCI", source: 4), by: client)
        try run.accept(.nextPhase, by: lead)
        try run.accept(.post(kind: .learning, text: "Tester en juin", tag: nil, frame: .applications), by: client)
        try run.accept(.post(kind: .learning, text: "Écouter d'abord", tag: nil, frame: .learnings), by: consultant)
        return run
    }
}
