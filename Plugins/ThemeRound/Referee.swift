import AtelierKit

extension ThemeRound {
    /// Longest texts and largest collections.
    public enum Limits {
        /// A theme, a heading.
        public static let title = 200
        /// A card: a sticky note, not an essay.
        public static let card = 280
        /// Cards (or headings) in one round.
        public static let perRound = 300
        /// Rounds in one step.
        public static let rounds = 20
        /// Most a turn may be extended by at once, in seconds.
        public static let extension_ = 1800
    }
}

/// Judges one intent: the events it causes, or the exact rejection (`forbidden` for the
/// wrong role, `invalid_state` when no round runs or it is not your turn, `not_found`,
/// `bad_request`, `too_large`, `conflict`).
struct RoundReferee {
    typealias Event = ThemeRound.Event

    let state: ThemeRound.State
    let context: ActivityContext

    private var actor: ParticipantID { context.actor }
    private var facilitates: Bool { context.role.facilitates }
    private var now: Int64 { context.now }

    func judge(_ intent: ThemeRound.Intent) -> Result<[Event], Rejection> {
        switch intent {
        case .startRound(let theme): return start(theme)
        case .endRound: return facilitator("end a round").flatMap { end($0) }
        case .next: return facilitator("give the floor to the next speaker").map { advance(in: $0, ending: .spoke) }
        case .giveFloor(let member): return giveFloor(member)
        case .extend(let seconds): return extend(seconds)
        case .skip(let member): return skip(member)
        case .bringBack(let member): return bringBack(member)
        case .move(let member, let position): return move(member, to: position)
        case .pair(let member, let partner): return pair(member, partner)
        case .unpair(let member): return unpair(member)
        case .finish: return speaker("finish a turn").map { advance(in: $0, ending: .spoke) }
        case .pass: return speaker("pass").map { advance(in: $0, ending: .passed) }
        case .post(let text): return post(text)
        case .removeCard(let card): return removeCard(card)
        case .dot(let card): return dot(card, give: true)
        case .undot(let card): return dot(card, give: false)
        case .addHeading(let title): return addHeading(title)
        case .renameHeading(let heading, let title): return renameHeading(heading, title)
        case .group(let card, let heading): return group(card, heading)
        }
    }

    // MARK: The round

    private func start(_ rawTheme: String) -> Result<[Event], Rejection> {
        guard facilitates else { return .failure(.forbidden("only facilitators start a round")) }
        guard state.running == nil else { return .failure(.invalidState("a round is already running; end it first").because("round-running")) }
        guard state.rounds.count < ThemeRound.Limits.rounds else {
            return .failure(Rejection(.tooLarge, "a step holds at most \(ThemeRound.Limits.rounds) rounds"))
        }
        return checked(rawTheme, max: ThemeRound.Limits.title, what: "a theme").map { theme in
            [.roundStarted(theme: theme, queue: firstQueue(), at: now)]
        }
    }

    /// Participants in join order, grouped by pairs in territory mode (the pairs the
    /// facilitator made, else the session's territories: a cohort's binômes), drawn at
    /// random if the settings say so.
    private func firstQueue() -> [[ParticipantID]] {
        let present = context.participantsByArrival
        var slots: [[ParticipantID]] = []
        var placed: Set<ParticipantID> = []
        for member in present where !placed.contains(member) {
            // A territory's partner already seated, or paired by the facilitator, stays where they are.
            let partners = context.partners(of: member).filter { partner in
                !placed.contains(partner) && !state.pairs.contains { $0.contains(partner) }
            }
            let pair = state.pairs.first { $0.contains(member) } ?? [member] + partners
            let slot = state.config.grouping == .territory ? pair.filter(present.contains) : [member]
            placed.formUnion(slot)
            slots.append(slot.isEmpty ? [member] : slot)
        }
        guard state.config.ordering == .random else { return slots }
        var dice = SplitMix64(seed: context.random)
        for index in stride(from: slots.count - 1, to: 0, by: -1) {
            slots.swapAt(index, Int(dice.next() % UInt64(index + 1)))
        }
        return slots
    }

    private func end(_ round: ThemeRound.Round) -> Result<[Event], Rejection> {
        var events: [Event] = []
        if let floor = round.floor { events.append(.turnEnded(floor.speaker, outcome: .spoke, at: now)) }
        return .success(events + [.roundEnded(at: now)])
    }

    /// Ends the current turn (if any) with `outcome`, then gives the floor to the partner
    /// or the next slot, if anyone waits.
    private func advance(in round: ThemeRound.Round, ending outcome: ThemeRound.Outcome) -> [Event] {
        var events: [Event] = []
        if let floor = round.floor { events.append(.turnEnded(floor.speaker, outcome: outcome, at: now)) }
        if let next = round.waiting.first { events.append(floor(to: next)) }
        return events
    }

    private func floor(to member: ParticipantID) -> Event {
        .floorGiven(member, at: now, deadline: now + state.config.speakerMs)
    }

    private func giveFloor(_ member: ParticipantID) -> Result<[Event], Rejection> {
        guard let round = state.running else { return .failure(noRound) }
        let holdsStick = state.config.talkingStick && round.floor?.speaker == actor
        guard facilitates || holdsStick else {
            return .failure(.forbidden(state.config.talkingStick
                ? "only the speaker or a facilitator gives the floor"
                : "only facilitators give the floor"))
        }
        guard round.waiting.contains(member) || (facilitates && round.skipped.contains(member)) else {
            return .failure(Rejection(.notFound, "\(member.rawValue.prefix(40)) is not waiting to speak in this round").because("not-waiting"))
        }
        var events: [Event] = []
        if let floor = round.floor { events.append(.turnEnded(floor.speaker, outcome: .spoke, at: now)) }
        return .success(events + [floor(to: member)])
    }

    private func extend(_ seconds: Int) -> Result<[Event], Rejection> {
        facilitator("extend a turn").flatMap { round in
            guard let floor = round.floor else { return .failure(.invalidState("nobody has the floor").because("no-floor")) }
            guard (1...ThemeRound.Limits.extension_).contains(seconds) else {
                return .failure(.badRequest("extend by 1 to \(ThemeRound.Limits.extension_) seconds"))
            }
            let from = floor.timeUp ? max(now, floor.deadline) : floor.deadline
            return .success([.turnExtended(deadline: from + Int64(seconds) * 1000)])
        }
    }

    private func skip(_ member: ParticipantID) -> Result<[Event], Rejection> {
        facilitator("skip someone").flatMap { round in
            if round.floor?.speaker == member { return .success(advance(in: round, ending: .skipped)) }
            guard round.waiting.contains(member) else {
                return .failure(Rejection(.notFound, "\(member.rawValue.prefix(40)) is not waiting to speak"))
            }
            return .success([.memberSkipped(member)])
        }
    }

    private func bringBack(_ member: ParticipantID) -> Result<[Event], Rejection> {
        facilitator("bring someone back").flatMap { round in
            guard context.roster[member] == .participant else {
                return .failure(Rejection(.notFound, "no participant \(member.rawValue.prefix(40)) in this session"))
            }
            guard !round.waiting.contains(member), round.floor?.speaker != member else {
                return .failure(Rejection(.conflict, "\(member.rawValue.prefix(40)) is already waiting or speaking").because("already-waiting"))
            }
            return .success([.memberBroughtBack(member)])
        }
    }

    private func move(_ member: ParticipantID, to position: Int) -> Result<[Event], Rejection> {
        facilitator("reorder the queue").flatMap { round in
            guard let from = round.queue.firstIndex(where: { $0.contains(member) }) else {
                return .failure(Rejection(.notFound, "\(member.rawValue.prefix(40)) is not in the queue"))
            }
            guard (0..<round.queue.count).contains(position) else {
                return .failure(.badRequest("position must be between 0 and \(round.queue.count - 1)"))
            }
            guard from != position else { return .success([]) }
            var queue = round.queue
            queue.insert(queue.remove(at: from), at: position)
            return .success([.queueSet(queue)])
        }
    }

    private func pair(_ member: ParticipantID, _ partner: ParticipantID) -> Result<[Event], Rejection> {
        guard facilitates else { return .failure(.forbidden("only facilitators form pairs")) }
        guard state.config.grouping == .territory else {
            return .failure(.invalidState("pairs are for rounds by territory (setting by: territory)").because("pairs-by-territory"))
        }
        guard member != partner else { return .failure(.badRequest("a pair is two different participants")) }
        for id in [member, partner] where context.roster[id] != .participant {
            return .failure(Rejection(.notFound, "no participant \(id.rawValue.prefix(40)) in this session"))
        }
        guard state.slot(of: member) != [member, partner].sorted() else { return .success([]) }
        var pairs = state.pairs.map { $0.filter { $0 != member && $0 != partner } }.filter { $0.count > 1 }
        pairs.append([member, partner].sorted())
        return .success([.pairsSet(pairs)] + regrouped(by: pairs))
    }

    private func unpair(_ member: ParticipantID) -> Result<[Event], Rejection> {
        guard facilitates else { return .failure(.forbidden("only facilitators undo pairs")) }
        guard state.pairs.contains(where: { $0.contains(member) }) else { return .success([]) }
        let pairs = state.pairs.filter { !$0.contains(member) }
        return .success([.pairsSet(pairs)] + regrouped(by: pairs))
    }

    /// The running round's queue regrouped by `pairs`, keeping each slot's first place.
    private func regrouped(by pairs: [[ParticipantID]]) -> [Event] {
        guard let round = state.running else { return [] }
        let waiting = round.queue.flatMap { $0 }
        var slots: [[ParticipantID]] = []
        var placed: Set<ParticipantID> = []
        for member in waiting where !placed.contains(member) {
            let slot = (pairs.first { $0.contains(member) } ?? [member]).filter(waiting.contains)
            placed.formUnion(slot)
            slots.append(slot)
        }
        return slots == round.queue ? [] : [.queueSet(slots)]
    }

    // MARK: Cards

    private func post(_ text: String) -> Result<[Event], Rejection> {
        guard let round = state.running else { return .failure(noRound) }
        let speaking = round.floor?.speaker == actor
        let scribing = facilitates && state.config.scribe
        guard speaking || scribing else {
            if context.role == .observer { return .failure(.forbidden("observers watch")) }
            if facilitates { return .failure(.forbidden("facilitators post cards only when the settings make them scribe")) }
            return .failure(.invalidState("cards are posted by the speaker during their turn").because("not-your-turn"))
        }
        guard round.cards.count < ThemeRound.Limits.perRound else { return .failure(full("cards")) }
        return checked(text, max: ThemeRound.Limits.card, what: "a card").map { text in
            [.cardPosted(.init(id: state.nextID, author: actor, speaker: round.floor?.speaker, text: text))]
        }
    }

    private func removeCard(_ id: Int) -> Result<[Event], Rejection> {
        card(id).flatMap { card, _ in
            guard card.author == actor || facilitates else {
                return .failure(.forbidden("only its author or a facilitator removes a card"))
            }
            return .success([.cardRemoved(id)])
        }
    }

    private func dot(_ id: Int, give: Bool) -> Result<[Event], Rejection> {
        guard context.role != .observer else { return .failure(.forbidden("observers watch")) }
        return card(id).flatMap { card, round in
            let has = card.dots.contains(actor)
            guard give else { return .success(has ? [.dotWithdrawn(card: id, by: actor)] : []) }
            guard !has else { return .success([]) }
            let given = round.cards.filter { $0.dots.contains(actor) }.count
            if state.config.dots > 0, given >= state.config.dots {
                return .failure(.invalidState("you have given all your \(state.config.dots) dots in this round").because("no-dots-left", ["dots": "\(state.config.dots)"]))
            }
            return .success([.dotGiven(card: id, by: actor)])
        }
    }

    /// Headings go to the latest round, running or ended (cards are often sorted afterwards).
    private func addHeading(_ title: String) -> Result<[Event], Rejection> {
        guard facilitates else { return .failure(.forbidden("only facilitators add headings")) }
        guard let round = state.rounds.last else { return .failure(.invalidState("no round has started yet").because("no-round")) }
        guard round.headings.count < ThemeRound.Limits.perRound else { return .failure(full("headings")) }
        return checked(title, max: ThemeRound.Limits.title, what: "a heading").map {
            [.headingAdded(.init(id: state.nextID, title: $0))]
        }
    }

    private func renameHeading(_ id: Int, _ title: String) -> Result<[Event], Rejection> {
        guard facilitates else { return .failure(.forbidden("only facilitators rename headings")) }
        guard state.rounds.contains(where: { $0.headings.contains { $0.id == id } }) else {
            return .failure(Rejection(.notFound, "no heading \(id)"))
        }
        return checked(title, max: ThemeRound.Limits.title, what: "a heading").map { [.headingRenamed(id: id, title: $0)] }
    }

    private func group(_ id: Int, _ heading: Int?) -> Result<[Event], Rejection> {
        guard facilitates else { return .failure(.forbidden("only facilitators group cards")) }
        return card(id).flatMap { card, round in
            if let heading, !round.headings.contains(where: { $0.id == heading }) {
                return .failure(Rejection(.notFound, "no heading \(heading) in this card's round"))
            }
            return .success(card.heading == heading ? [] : [.cardGrouped(card: id, heading: heading)])
        }
    }

    // MARK: Helpers

    private var noRound: Rejection { .invalidState("no round is running").because("no-round") }

    private func facilitator(_ what: String) -> Result<ThemeRound.Round, Rejection> {
        guard facilitates else { return .failure(.forbidden("only facilitators \(what)")) }
        guard let round = state.running else { return .failure(noRound) }
        return .success(round)
    }

    private func speaker(_ what: String) -> Result<ThemeRound.Round, Rejection> {
        guard context.role != .observer else { return .failure(.forbidden("observers watch")) }
        guard let round = state.running else { return .failure(noRound) }
        guard round.floor?.speaker == actor else { return .failure(.invalidState("only the speaker may \(what); it is not your turn").because("not-your-turn")) }
        return .success(round)
    }

    private func card(_ id: Int) -> Result<(ThemeRound.Card, ThemeRound.Round), Rejection> {
        guard let index = state.roundIndex(ofCard: id), let card = state.rounds[index].cards.first(where: { $0.id == id }) else {
            return .failure(Rejection(.notFound, "no card \(id)"))
        }
        return .success((card, state.rounds[index]))
    }

    private func checked(_ text: String, max: Int, what: String) -> Result<String, Rejection> {
        let cleaned = text.trimmingWhitespace
        guard !cleaned.isEmpty else { return .failure(.badRequest("\(what) cannot be empty").because("empty")) }
        guard cleaned.count <= max else {
            return .failure(Rejection(.tooLarge, "\(what) is longer than \(max) characters").because("too-long", ["max": "\(max)"]))
        }
        return .success(cleaned)
    }

    private func full(_ what: String) -> Rejection {
        Rejection(.tooLarge, "a round holds at most \(ThemeRound.Limits.perRound) \(what)").because("full")
    }
}
