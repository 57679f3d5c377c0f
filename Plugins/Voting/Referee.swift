import AtelierKit

extension Voting {
    /// Longest texts and largest lists.
    public enum Limits {
        public static let question = 500
        public static let option = 200
        public static let options = 20
        public static let reason = 500
        /// A seal: 16 to 64 letters, digits, `-` or `_`.
        public static let seal = 16...64
    }
}

/// Judges one intent: the events it causes, or the exact rejection (`forbidden` for the
/// wrong role, `invalid_state` for the wrong phase, `conflict` for a second ballot that
/// may not be, `bad_request` for a ballot the settings do not allow, `too_large`).
struct VoteReferee {
    typealias Event = Voting.Event

    let state: Voting.State
    let context: ActivityContext

    private var config: Voting.Config { state.config }

    func judge(_ intent: Voting.Intent) -> Result<[Event], Rejection> {
        switch intent {
        case .draft(let question, let options): return draft(question, options)
        case .open(let minutes): return open(minutes)
        case .close:
            return facilitator("close a vote", in: [.open]).map { [.closed(at: context.now)] }
        case .publish:
            return facilitator("publish results", in: [.closed]).map { [.published] }
        case .cancel:
            return facilitator("cancel a vote", in: [.draft, .open, .closed]).map { [.cancelled] }
        case .cast(let ballot, let seal): return cast(ballot, seal: seal)
        }
    }

    private func facilitator(_ what: String, in phases: Set<Voting.Phase>) -> Result<Void, Rejection> {
        guard context.role.facilitates else { return .failure(.forbidden("only facilitators \(what)")) }
        guard phases.contains(state.phase) else {
            return .failure(.invalidState("the vote is \(state.phase.rawValue): cannot \(what) now").because("wrong-phase", ["phase": state.phase.rawValue]))
        }
        return .success(())
    }

    private func draft(_ question: String, _ options: [String]) -> Result<[Event], Rejection> {
        facilitator("edit a vote", in: [.draft]).flatMap {
            let question = question.trimmingWhitespace
            let options = options.map(\.trimmingWhitespace).filter { !$0.isEmpty }
            guard !question.isEmpty else { return .failure(.badRequest("a question is needed").because("question-needed")) }
            guard question.count <= Voting.Limits.question else {
                return .failure(Rejection(.tooLarge, "the question is longer than \(Voting.Limits.question) characters"))
            }
            guard options.count <= Voting.Limits.options, options.allSatisfy({ $0.count <= Voting.Limits.option }) else {
                return .failure(Rejection(.tooLarge, "at most \(Voting.Limits.options) options of \(Voting.Limits.option) characters"))
            }
            guard Set(options).count == options.count else { return .failure(.badRequest("each option must be different").because("same-option")) }
            return .success([.drafted(question: question, options: options)])
        }
    }

    private func open(_ minutes: Int?) -> Result<[Event], Rejection> {
        // A secret vote is not reopened: totals seen at the close, compared with totals after
        // one more ballot, would give that ballot away.
        facilitator("open a vote", in: config.secret ? [.draft] : [.draft, .closed]).flatMap {
            if let minutes, !(1...240).contains(minutes) { return .failure(.badRequest("a vote stays open 1 to 240 minutes")) }
            if config.question.isEmpty { return .failure(.invalidState("the vote has no question yet").because("question-needed")) }
            let needsOptions: Set<VoteMethod> = [.single, .approval, .dot, .schulze, .irv, .majorityJudgment]
            if needsOptions.contains(config.method), config.options.count < 2 {
                return .failure(.invalidState("this method needs at least two options").because("two-options"))
            }
            return .success([.opened(at: context.now, deadline: minutes.map { context.now + Int64($0) * 60_000 })])
        }
    }

    private func cast(_ ballot: Ballot, seal: String?) -> Result<[Event], Rejection> {
        let voter = context.actor
        guard context.role == .participant || (config.everyoneVotes && context.role.facilitates) else {
            return .failure(.forbidden(config.everyoneVotes ? "observers do not vote" : "only participants vote"))
        }
        guard state.phase == .open else {
            return .failure(.invalidState("the vote is \(state.phase.rawValue), not open").because("not-open", ["variant": state.phase.rawValue]))
        }
        if case .failure(let rejection) = allowed(ballot) { return .failure(rejection) }
        let voted = state.turnout.contains(voter)
        guard config.secret else {
            if voted, config.final { return .failure(Rejection(.conflict, "your ballot is final: it cannot be changed").because("final")) }
            if state.named[voter] == ballot { return .success([]) }
            return .success((voted ? [] : [.turnoutMarked(voter)]) + [.ballotCast(voter: voter, ballot: ballot)])
        }
        guard let seal, Voting.Limits.seal.contains(seal.count),
            seal.unicodeScalars.allSatisfy({ $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "-" || $0 == "_") })
        else { return .failure(.badRequest("a secret ballot needs a seal of 16 to 64 letters, digits, - or _")) }
        let known = state.sealed[seal]
        if voted {
            guard known != nil else {
                return .failure(Rejection(.conflict, "you have voted: your ballot can be changed only from the device that cast it").because("other-device"))
            }
            if config.final { return .failure(Rejection(.conflict, "your ballot is final: it cannot be changed").because("final")) }
            return .success(known == ballot ? [] : [.sealedBallotCast(seal: seal, ballot: ballot)])
        }
        guard known == nil else { return .failure(Rejection(.conflict, "this seal is already used: draw another").because("seal-used")) }
        return .success([.turnoutMarked(voter), .sealedBallotCast(seal: seal, ballot: ballot)])
    }

    /// Whether `ballot` has the method's form and keeps to the settings.
    private func allowed(_ ballot: Ballot) -> Result<Void, Rejection> {
        let options = config.method == .yesNo ? Tally.yesNoOptions : config.options
        func bad(_ message: String) -> Result<Void, Rejection> { .failure(.badRequest(message)) }
        func known(_ names: some Sequence<String>) -> Bool { names.allSatisfy(options.contains) }
        switch (config.method, ballot) {
        case (.single, .choice(let option)), (.yesNo, .choice(let option)):
            return known([option]) ? .success(()) : bad("not one of the options")
        case (.approval, .approved(let approved)):
            guard known(approved), Set(approved).count == approved.count else { return bad("approve options of this vote, each once") }
            guard approved.count >= config.minChoices else {
                return .failure(.badRequest("approve at least \(config.minChoices) options").because("approve-min", ["min": "\(config.minChoices)"]))
            }
            if config.maxChoices > 0, approved.count > config.maxChoices {
                return .failure(.badRequest("approve at most \(config.maxChoices) options").because("approve-max", ["max": "\(config.maxChoices)"]))
            }
            return .success(())
        case (.dot, .dots(let dots)):
            // Each count is checked before any sum, so no hostile number can overflow.
            guard known(dots.keys), dots.values.allSatisfy({ (0...config.dots).contains($0) }) else {
                return bad("place 0 to \(config.dots) dots on options of this vote")
            }
            guard dots.values.reduce(0, +) <= config.dots else {
                return .failure(.badRequest("you have \(config.dots) dots").because("too-many-dots", ["dots": "\(config.dots)"]))
            }
            if config.dotCap > 0, dots.values.contains(where: { $0 > config.dotCap }) {
                return .failure(.badRequest("at most \(config.dotCap) dots on one option").because("dot-cap", ["cap": "\(config.dotCap)"]))
            }
            return .success(())
        case (.schulze, .ranking(let tiers)), (.irv, .ranking(let tiers)):
            let ranked = tiers.flatMap { $0 }
            guard !ranked.isEmpty, known(ranked), Set(ranked).count == ranked.count else {
                return .failure(.badRequest("rank options of this vote, each once").because("rank-needed"))
            }
            return .success(())
        case (.majorityJudgment, .grades(let given)):
            guard known(given.keys), given.values.allSatisfy(config.grades.contains) else {
                return bad("grade options of this vote with its grades")
            }
            return .success(())
        case (.consent, .position(let position, let reason)):
            if let reason, reason.count > Voting.Limits.reason {
                return .failure(Rejection(.tooLarge, "a reason is at most \(Voting.Limits.reason) characters"))
            }
            if position == .objection, (reason ?? "").trimmingWhitespace.isEmpty {
                return .failure(.badRequest("an objection needs its reason").because("objection-reason"))
            }
            return .success(())
        case (.fistToFive, .score(let score)):
            return (0...5).contains(score) ? .success(()) : bad("a score is 0 to 5")
        default:
            return bad("this ballot does not fit a \(config.method.rawValue) vote")
        }
    }
}
