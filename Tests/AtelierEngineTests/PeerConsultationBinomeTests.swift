import AtelierKit
import PeerConsultation
import Testing

/// A territory brings the case: when the session knows its territories (a cohort's), the
/// client's binôme partner becomes co-client and does what the client does; the other
/// participants stay consultants. By person, or outside a cohort, one client as before.
@Suite struct PeerConsultationBinomeTests {
    typealias PC = PeerConsultation

    static let lead: ParticipantID = "p1"
    static let awa: ParticipantID = "m1"
    static let bruno: ParticipantID = "m2"
    static let chloe: ParticipantID = "m3"
    static let roster: [ParticipantID: Role] = [lead: .facilitator, awa: .participant, bruno: .participant, chloe: .participant]
    static let territories: [[ParticipantID]] = [[awa, bruno], [chloe, "m4"]]

    struct Run {
        var state: PC.State
        var now: Int64 = 1_800_000_000_000
        let groups: [[ParticipantID]]

        init(clientsBy: String = "territory", groups: [[ParticipantID]] = PeerConsultationBinomeTests.territories) {
            var values: [String: JSONValue] = [:]
            for spec in PC.manifest.settings { values[spec.key] = spec.defaultValue }
            values["clients_by"] = .string(clientsBy)
            state = PC.start(settings: ActivitySettings(values: values))
            self.groups = groups
        }

        func decide(_ intent: PC.Intent, by actor: ParticipantID) -> Result<[PC.Event], Rejection> {
            let context = ActivityContext(
                actor: actor, role: PeerConsultationBinomeTests.roster[actor]!, now: now,
                roster: PeerConsultationBinomeTests.roster, groups: groups)
            return PC.decide(intent, in: state, context: context)
        }

        mutating func accept(_ intent: PC.Intent, by actor: ParticipantID) throws {
            now += 1000
            for event in try decide(intent, by: actor).get() { PC.apply(event, to: &state) }
        }
    }

    @Test func theBinomeBringsTheCaseTogether() throws {
        var run = Run()
        try run.accept(.nameClient(Self.awa), by: Self.lead)
        #expect(run.state.current.client == Self.awa)
        #expect(run.state.current.coClients == [Self.bruno])
        try run.accept(.nextPhase, by: Self.lead)
        // Either of the binôme pins the problem; a consultant may not.
        try run.accept(.pinSummary(text: "Trois partenaires se retirent"), by: Self.bruno)
        #expect(run.decide(.pinSummary(text: "x"), by: Self.chloe).failure?.code == .forbidden)
        try run.accept(.nextPhase, by: Self.lead)
        try run.accept(.post(kind: .question, text: "Depuis quand ?", tag: nil, frame: nil), by: Self.chloe)
        // The co-client answers; as a client, they may not ask the group's questions.
        try run.accept(.answer(card: 1, text: "Depuis mars"), by: Self.bruno)
        #expect(run.decide(.post(kind: .question, text: "Et vous ?", tag: nil, frame: nil), by: Self.bruno).failure?.code == .forbidden)
        try run.accept(.nextPhase, by: Self.lead)
        try run.accept(.setContract(items: ["Aidez-nous à remobiliser deux partenaires"]), by: Self.awa)
        try run.accept(.nextPhase, by: Self.lead)
        try run.accept(.nextPhase, by: Self.lead)
        try run.accept(.addAction(what: "Réunir les partenaires", due: "juin", resources: "", source: nil), by: Self.bruno)
        #expect(run.state.current.actions.map(\.what) == ["Réunir les partenaires"])
        // Both see the private notes; the consultant does not.
        try run.accept(.writeNotes(text: "Appeler la mairie"), by: Self.awa)
        #expect(PC.privateView(of: run.state, for: Self.bruno)?.objectValue?["notes"] == .string("Appeler la mairie"))
        #expect(PC.privateView(of: run.state, for: Self.chloe)?.objectValue?["notes"] == nil)
        let view = PC.view(of: run.state, for: .participant).objectValue
        #expect(view?["coClients"] == .strings(["m2"]))
        let minutes = PC.minutes(of: run.state, locale: "fr", names: [Self.awa: "Awa", Self.bruno: "Bruno"]) ?? ""
        #expect(minutes.contains("Awa et Bruno"))
        // What the case leaves for the cohort: the binôme's request and commitments, the learnings.
        try run.accept(.nextPhase, by: Self.lead)
        try run.accept(.post(kind: .learning, text: "Écouter avant de proposer", tag: nil, frame: .learnings), by: Self.chloe)
        let outcomes = PC.outcomes(of: run.state)
        #expect(outcomes.requests == [.init(clients: [Self.awa, Self.bruno], items: ["Aidez-nous à remobiliser deux partenaires"])])
        #expect(outcomes.commitments == [.init(id: "c1.a2", owners: [Self.awa, Self.bruno], what: "Réunir les partenaires", due: "juin")])
        #expect(outcomes.lessons == [.init(author: Self.chloe, text: "Écouter avant de proposer", frame: "learnings")])
    }

    @Test func byPersonOrOutsideACohortThereIsOneClient() throws {
        for run in [Run(clientsBy: "person"), Run(groups: [])] {
            var run = run
            try run.accept(.nameClient(Self.awa), by: Self.lead)
            #expect(run.state.current.coClients == nil)
            try run.accept(.nextPhase, by: Self.lead)
            #expect(run.decide(.pinSummary(text: "x"), by: Self.bruno).failure?.code == .forbidden)
        }
    }

    @Test func learningsAreSharedFreelyWhenTheFrameIsFree() throws {
        var values: [String: JSONValue] = [:]
        for spec in PC.manifest.settings { values[spec.key] = spec.defaultValue }
        values["learning_frame"] = .string("free")
        var run = Run()
        run.state = PC.start(settings: ActivitySettings(values: values))
        try run.accept(.nameClient(Self.awa), by: Self.lead)
        for _ in 0..<6 { try run.accept(.nextPhase, by: Self.lead) }
        #expect(run.state.phase == .learnings)
        try run.accept(.post(kind: .learning, text: "Oser demander", tag: nil, frame: nil), by: Self.chloe)
        #expect(run.decide(.post(kind: .learning, text: "x", tag: nil, frame: .learnings), by: Self.chloe).failure?.code == .badRequest)
        #expect(PC.view(of: run.state, for: .participant).objectValue?["learningFrame"] == .string("free"))
        // The default keeps the "4 A": a frame is needed.
        var framed = Run()
        try framed.accept(.nameClient(Self.awa), by: Self.lead)
        for _ in 0..<6 { try framed.accept(.nextPhase, by: Self.lead) }
        #expect(framed.decide(.post(kind: .learning, text: "x", tag: nil, frame: nil), by: Self.chloe).failure?.code == .badRequest)
    }

    @Test func namingAnotherClientReplacesTheBinome() throws {
        var run = Run()
        try run.accept(.nameClient(Self.awa), by: Self.lead)
        try run.accept(.nameClient(Self.chloe), by: Self.lead)
        // m4 is not in the session: Chloé's case is hers alone.
        #expect(run.state.current.client == Self.chloe && run.state.current.coClients == nil)
        #expect(PC.view(of: run.state, for: .facilitator).objectValue?["coClients"] == nil)
    }
}

extension Result {
    fileprivate var failure: Failure? {
        if case .failure(let failure) = self { return failure }
        return nil
    }
}
