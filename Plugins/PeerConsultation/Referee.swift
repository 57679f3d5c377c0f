import AtelierKit

extension PeerConsultation {
    /// Longest texts, in characters.
    public enum Limits {
        public static let proposal = 500
        public static let summary = 2000
        public static let card = 1000
        public static let answer = 1000
        public static let contractItem = 300
        public static let contractItems = 3
        public static let notes = 10_000
        public static let actionField = 300
        /// Cards, proposals or actions in one case.
        public static let perCase = 500
    }
}

/// Judges one intent against the state and the phase's rules: the events it causes, or
/// the exact rejection (`forbidden` for the wrong role, `invalid_state` for the wrong
/// phase, `not_found`, `bad_request`, `too_large`).
struct Referee {
    typealias Phase = PeerConsultation.Phase
    typealias Event = PeerConsultation.Event

    let state: PeerConsultation.State
    let context: ActivityContext

    private var actor: ParticipantID { context.actor }
    private var facilitates: Bool { context.role.facilitates }
    /// The client or one of their co-clients (their binôme).
    private var isClient: Bool { state.current.clients.contains(actor) }
    /// A participant who is not the client.
    private var isConsultant: Bool { context.role == .participant && !isClient }
    private var phase: Phase { state.phase }

    func judge(_ intent: PeerConsultation.Intent) -> Result<[Event], Rejection> {
        switch intent {
        case .propose(let text): return propose(text)
        case .vote(let proposal): return vote(proposal)
        case .pickProposal(let proposal): return pick(proposal)
        case .nameClient(let participant): return name(participant)
        case .nextPhase: return next()
        case .previousPhase: return previous()
        case .extendPhase(let minutes): return extend(minutes)
        case .restartCase: return restart()
        case .pinSummary(let text): return pinSummary(text)
        case .post(let kind, let text, let tag, let frame): return post(kind, text, tag: tag, frame: frame)
        case .answer(let card, let text): return answer(card, text)
        case .flag(let card, let flagged): return flag(card, flagged)
        case .setContract(let items): return setContract(items)
        case .askPrecision(let card, let text): return askPrecision(card, text)
        case .writeNotes(let text): return writeNotes(text)
        case .addAction(let what, let due, let resources, let source): return addAction(what, due, resources, source)
        case .removeAction(let item): return removeAction(item)
        case .raiseHand: return raiseHand()
        case .lowerHand: return lowerHand()
        case .giveFloor(let participant): return giveFloor(participant)
        case .endTurn: return endTurn()
        }
    }

    // MARK: Phase 0: choosing the client

    private func propose(_ text: String) -> Result<[Event], Rejection> {
        guard context.role == .participant else { return .failure(.forbidden("only participants propose a subject")) }
        guard phase == .subject, state.config.subjectSelection else {
            return .failure(.invalidState("subjects are proposed in phase 0, when the group chooses the subject").because("phase-over", ["variant": "propose", "phase": phase.rawValue]))
        }
        guard state.current.client == nil else { return .failure(.invalidState("the client is already chosen")) }
        guard state.current.proposals.count < PeerConsultation.Limits.perCase else { return .failure(tooMany("proposals")) }
        return checked(text, max: PeerConsultation.Limits.proposal, what: "a proposal").map {
            [.proposed(.init(id: state.nextID, author: actor, text: $0))]
        }
    }

    private func vote(_ proposal: Int) -> Result<[Event], Rejection> {
        guard context.role == .participant else { return .failure(.forbidden("only participants vote")) }
        guard phase == .subject, state.config.subjectSelection, state.current.client == nil else {
            return .failure(.invalidState("votes happen in phase 0, before the client is chosen").because("phase-over", ["variant": "vote", "phase": phase.rawValue]))
        }
        guard state.current.proposals.contains(where: { $0.id == proposal }) else { return .failure(notFound("proposal")) }
        let withdrawing = state.current.votes[actor] == proposal
        return .success([.voteCast(voter: actor, proposal: withdrawing ? nil : proposal)])
    }

    private func pick(_ proposal: Int) -> Result<[Event], Rejection> {
        guard facilitates else { return .failure(.forbidden("the facilitator picks the subject")) }
        guard let chosen = state.current.proposals.first(where: { $0.id == proposal }) else {
            return .failure(notFound("proposal"))
        }
        return name(chosen.author)
    }

    private func name(_ participant: ParticipantID) -> Result<[Event], Rejection> {
        guard facilitates else { return .failure(.forbidden("the facilitator names the client")) }
        guard phase == .subject else {
            return .failure(.invalidState("the client changes only before the exposé; restart the case to change it"))
        }
        guard context.roster[participant] == .participant else {
            return .failure(Rejection(.notFound, "the client must be a participant of the session"))
        }
        guard state.current.client != participant else { return .success([]) }
        let partners = state.config.byTerritory == true ? context.partners(of: participant) : []
        return .success([.clientNamed(participant)] + (partners.isEmpty ? [] : [.coClientsNamed(partners)]))
    }

    // MARK: Moving between phases

    private func next() -> Result<[Event], Rejection> {
        guard facilitates else { return .failure(.forbidden("only the facilitator moves the phases")) }
        let phases = state.phases
        let index = phases.firstIndex(of: phase) ?? 0
        if phase == .subject, state.current.client == nil {
            return .failure(.invalidState("name the client before the exposé").because("client-needed"))
        }
        if index + 1 < phases.count { return .success(enter(phases[index + 1])) }
        guard state.cases.count < state.config.cases else {
            return .failure(.invalidState("this is the last phase of the last case").because("last-phase"))
        }
        return .success(endTurnIfSpeaking() + [.caseStarted(at: context.now)])
    }

    private func previous() -> Result<[Event], Rejection> {
        guard facilitates else { return .failure(.forbidden("only the facilitator moves the phases")) }
        let phases = state.phases
        guard let index = phases.firstIndex(of: phase), index >= 2 else {
            return .failure(
                phase == .expose
                    ? .invalidState("the exposé has started: restart the case to choose another client").because("expose-started")
                    : .invalidState("there is no phase before this one").because("first-phase"))
        }
        return .success(enter(phases[index - 1]))
    }

    private func extend(_ minutes: Int) -> Result<[Event], Rejection> {
        guard facilitates else { return .failure(.forbidden("only the facilitator extends a phase")) }
        guard (1...120).contains(minutes) else { return .failure(.badRequest("extend by 1 to 120 minutes")) }
        guard state.deadline != nil else { return .failure(.invalidState("this phase has no timebox yet").because("no-timebox")) }
        return .success([.phaseExtended(byMs: Int64(minutes) * 60_000)])
    }

    private func restart() -> Result<[Event], Rejection> {
        guard facilitates else { return .failure(.forbidden("only the facilitator restarts a case")) }
        guard phase != .subject else { return .failure(.invalidState("the case has not started")) }
        return .success(endTurnIfSpeaking() + [.caseRestarted(at: context.now)])
    }

    private func enter(_ next: Phase) -> [Event] {
        let minutes = Int64(state.config.minutes[next] ?? next.defaultMinutes)
        return endTurnIfSpeaking() + [.phaseEntered(next, at: context.now, deadline: context.now + minutes * 60_000)]
    }

    private func endTurnIfSpeaking() -> [Event] {
        state.speaker == nil ? [] : [.turnEnded(at: context.now)]
    }

    // MARK: The client

    private func pinSummary(_ text: String) -> Result<[Event], Rejection> {
        guard isClient else { return .failure(.forbidden("only the client pins the summary")) }
        guard phase == .expose else { return .failure(phaseOver("the summary is pinned during the exposé", "summary")) }
        return checked(text, max: PeerConsultation.Limits.summary, what: "the summary", allowEmpty: true).map {
            [.summaryPinned($0)]
        }
    }

    private func answer(_ id: Int, _ text: String) -> Result<[Event], Rejection> {
        guard isClient else { return .failure(.forbidden("only the client answers questions")) }
        guard phase == .clarification else { return .failure(phaseOver("questions are answered during clarification", "answer")) }
        guard let card = card(id), card.kind == .question else { return .failure(notFound("question")) }
        return checked(text, max: PeerConsultation.Limits.answer, what: "an answer").map {
            [.cardAnswered(card: card.id, text: $0)]
        }
    }

    private func setContract(_ items: [String]) -> Result<[Event], Rejection> {
        guard isClient else { return .failure(.forbidden("only the client writes the request")) }
        guard phase == .contract else { return .failure(phaseOver("the request is written during the contract phase", "request")) }
        guard (1...PeerConsultation.Limits.contractItems).contains(items.count) else {
            return .failure(.badRequest("the request has 1 to \(PeerConsultation.Limits.contractItems) items"))
        }
        var cleaned: [String] = []
        for item in items {
            switch checked(item, max: PeerConsultation.Limits.contractItem, what: "a request item") {
            case .success(let text): cleaned.append(text)
            case .failure(let rejection): return .failure(rejection)
            }
        }
        return .success([.contractSet(cleaned)])
    }

    private func askPrecision(_ id: Int, _ text: String) -> Result<[Event], Rejection> {
        guard isClient else { return .failure(.forbidden("only the client asks for precision")) }
        guard phase == .consultation else { return .failure(phaseOver("precision is asked during the consultation", "precision")) }
        guard !state.config.variant.clientListens else {
            return .failure(.invalidState("in this variant the client listens, back turned, during the consultation"))
        }
        guard let card = card(id), card.phase == .consultation else { return .failure(notFound("consultation card")) }
        return checked(text, max: PeerConsultation.Limits.answer, what: "a request for precision").map {
            [.precisionAsked(card: card.id, text: $0)]
        }
    }

    private func writeNotes(_ text: String) -> Result<[Event], Rejection> {
        guard isClient else { return .failure(.forbidden("private notes belong to the client")) }
        guard text.count <= PeerConsultation.Limits.notes else { return .failure(tooLarge("notes", PeerConsultation.Limits.notes)) }
        return .success(text == state.current.notes ? [] : [.notesWritten(text)])
    }

    private func addAction(_ what: String, _ due: String, _ resources: String, _ source: Int?) -> Result<[Event], Rejection> {
        guard isClient else { return .failure(.forbidden("only the client builds the action plan")) }
        guard phase == .synthesis else { return .failure(phaseOver("the action plan is built during the synthesis", "plan")) }
        guard state.current.actions.count < PeerConsultation.Limits.perCase else { return .failure(tooMany("actions")) }
        if let source, card(source)?.phase != .consultation { return .failure(notFound("suggestion")) }
        let limit = PeerConsultation.Limits.actionField
        guard due.count <= limit, resources.count <= limit else { return .failure(tooLarge("an action field", limit)) }
        return checked(what, max: limit, what: "an action").map {
            [.actionAdded(.init(id: state.nextID, what: $0, due: due.trimmingWhitespace, resources: resources.trimmingWhitespace, source: source))]
        }
    }

    private func removeAction(_ id: Int) -> Result<[Event], Rejection> {
        guard isClient else { return .failure(.forbidden("only the client edits the action plan")) }
        guard phase == .synthesis else { return .failure(phaseOver("the action plan is edited during the synthesis", "plan")) }
        guard state.current.actions.contains(where: { $0.id == id }) else { return .failure(notFound("action")) }
        return .success([.actionRemoved(id)])
    }

    // MARK: Cards

    private func post(
        _ kind: PeerConsultation.CardKind, _ text: String, tag: Int?, frame: PeerConsultation.LearningFrame?
    ) -> Result<[Event], Rejection> {
        guard context.role == .participant else {
            return .failure(.forbidden(facilitates ? "the facilitator guides; consultants and the client post" : "observers watch"))
        }
        let learning = kind == .learning
        guard learning || !isClient else {
            return .failure(.forbidden("the client listens: consultants post \(kind.rawValue) cards").because("client-listens"))
        }
        guard phase == kind.phase else { return .failure(phaseOver(rule(for: phase), kind.rawValue)) }
        guard state.current.cards.count < PeerConsultation.Limits.perCase else { return .failure(tooMany("cards")) }
        let framed = learning && state.config.freeLearnings != true
        if framed, frame == nil { return .failure(.badRequest("a learning names its frame: appreciation, expectations, learnings or applications")) }
        if !framed, frame != nil {
            return .failure(.badRequest(learning ? "learnings are shared freely here, without a frame" : "only learnings have a frame"))
        }
        if kind.phase == .consultation, !state.current.contract.isEmpty {
            guard let tag else { return .failure(.badRequest("tag the card with the item of the request it answers")) }
            guard state.current.contract.indices.contains(tag) else { return .failure(notFound("request item")) }
        } else if tag != nil {
            return .failure(.badRequest("only consultation cards are tagged against the request"))
        }
        return checked(text, max: PeerConsultation.Limits.card, what: "a card").map {
            [.cardPosted(.init(id: state.nextID, phase: phase, kind: kind, author: actor, text: $0, tag: tag, frame: frame))]
        }
    }

    private func flag(_ id: Int, _ flagged: Bool) -> Result<[Event], Rejection> {
        guard facilitates else { return .failure(.forbidden("only the facilitator flags a card")) }
        guard phase == .clarification else { return .failure(phaseOver("questions are flagged during clarification", "flag")) }
        guard let card = card(id), card.kind == .question else { return .failure(notFound("question")) }
        return .success(card.flagged == flagged ? [] : [.cardFlagged(card: id, flagged: flagged)])
    }

    /// What may be posted in `phase`, as the refusal explains it.
    private func rule(for phase: Phase) -> String {
        switch phase {
        case .subject: "phase 0 is for choosing the client: propose a subject instead"
        case .expose: "during the exposé only the client speaks"
        case .clarification: "during clarification consultants ask questions, not advice"
        case .contract: "during the contract consultants post reformulations"
        case .consultation: "during the consultation consultants post reactions, hypotheses, experiences and suggestions"
        case .synthesis: "during the synthesis the client builds the action plan"
        case .learnings: "during learnings everyone posts learnings"
        }
    }

    // MARK: Speaking turns

    private func raiseHand() -> Result<[Event], Rejection> {
        guard context.role == .participant else { return .failure(.forbidden("participants raise their hand")) }
        return .success(state.hands.contains(actor) || state.speaker == actor ? [] : [.handRaised(actor)])
    }

    private func lowerHand() -> Result<[Event], Rejection> {
        guard context.role == .participant else { return .failure(.forbidden("participants lower their hand")) }
        return .success(state.hands.contains(actor) ? [.handLowered(actor)] : [])
    }

    private func giveFloor(_ participant: ParticipantID) -> Result<[Event], Rejection> {
        guard facilitates else { return .failure(.forbidden("the facilitator gives the floor")) }
        guard context.roster[participant] == .participant else {
            return .failure(Rejection(.notFound, "only a participant of the session can have the floor"))
        }
        guard state.speaker != participant else { return .success([]) }
        return .success(endTurnIfSpeaking() + [.floorGiven(participant, at: context.now)])
    }

    private func endTurn() -> Result<[Event], Rejection> {
        guard facilitates || state.speaker == actor else {
            return .failure(.forbidden("the facilitator or the speaker ends a turn"))
        }
        return .success(endTurnIfSpeaking())
    }

    // MARK: Helpers

    private func card(_ id: Int) -> PeerConsultation.Card? { state.current.cards.first { $0.id == id } }

    private func checked(_ text: String, max: Int, what: String, allowEmpty: Bool = false) -> Result<String, Rejection> {
        let cleaned = text.trimmingWhitespace
        guard allowEmpty || !cleaned.isEmpty else { return .failure(.badRequest("\(what) cannot be empty").because("empty")) }
        guard cleaned.count <= max else { return .failure(tooLarge(what, max)) }
        return .success(cleaned)
    }

    private func tooLarge(_ what: String, _ max: Int) -> Rejection {
        Rejection(.tooLarge, "\(what) is longer than \(max) characters").because("too-long", ["max": "\(max)"])
    }

    /// The phase in which this could be done is over (or not yet there): `variant` names the
    /// action (`question`, `answer`, `plan`…) so that clients say which.
    private func phaseOver(_ message: String, _ variant: String) -> Rejection {
        .invalidState(message).because("phase-over", ["variant": variant, "phase": phase.rawValue])
    }

    private func tooMany(_ what: String) -> Rejection {
        Rejection(.tooLarge, "a case holds at most \(PeerConsultation.Limits.perCase) \(what)")
    }

    private func notFound(_ what: String) -> Rejection { Rejection(.notFound, "no such \(what) in this case") }
}
