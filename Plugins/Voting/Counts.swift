import AtelierKit

/// The counting methods that add up: single choice, yes / no, approval, dots, consent and
/// fist-to-five.
enum Counts {
    static func choices(_ ballots: [CountedBallot], options: [String], method: VoteMethod) -> TallyResult {
        var counts = [Int](repeating: 0, count: options.count)
        for counted in ballots {
            if case .choice(let option) = counted.ballot, let at = options.firstIndex(of: option) { counts[at] += counted.count }
        }
        var details: [String: JSONValue] = ["counts": Tally.counts(options, counts), "ballots": .int(counts.reduce(0, +))]
        if method == .yesNo {
            // Abstentions are counted, not weighed: yes wins with more yes than no.
            let (yes, no) = (counts[0], counts[1])
            details["expressed"] = .int(yes + no)
            let ranking: [[String]] = yes == no ? [["yes", "no"]] : yes > no ? [["yes"], ["no"]] : [["no"], ["yes"]]
            return TallyResult(method: method, winner: Tally.winner(of: ranking), ranking: ranking, details: .object(details))
        }
        let ranking = Tally.tiers(options) { counts[$0] }
        return TallyResult(method: method, winner: Tally.winner(of: ranking), ranking: ranking, details: .object(details))
    }

    static func approvals(_ ballots: [CountedBallot], options: [String]) -> TallyResult {
        var counts = [Int](repeating: 0, count: options.count)
        var total = 0
        for counted in ballots {
            guard case .approved(let approved) = counted.ballot else { continue }
            total += counted.count
            for option in approved { if let at = options.firstIndex(of: option) { counts[at] += counted.count } }
        }
        let ranking = Tally.tiers(options) { counts[$0] }
        return TallyResult(
            method: .approval, winner: Tally.winner(of: ranking), ranking: ranking,
            details: ["counts": Tally.counts(options, counts), "ballots": .int(total)])
    }

    static func dots(_ ballots: [CountedBallot], options: [String]) -> TallyResult {
        var totals = [Int](repeating: 0, count: options.count)
        var total = 0
        for counted in ballots {
            guard case .dots(let dots) = counted.ballot else { continue }
            total += counted.count
            for (option, dots) in dots { if let at = options.firstIndex(of: option) { totals[at] += dots * counted.count } }
        }
        let ranking = Tally.tiers(options) { totals[$0] }
        return TallyResult(
            method: .dot, winner: Tally.winner(of: ranking), ranking: ranking,
            details: ["counts": Tally.counts(options, totals), "ballots": .int(total)])
    }

    /// Adopted when nobody objects (standing aside is not an objection); the objections'
    /// reasons are listed, sorted, never with who gave them.
    static func consent(_ ballots: [CountedBallot], options: [String]) -> TallyResult {
        var counts: [ConsentPosition: Int] = [:]
        var reasons: [String] = []
        for counted in ballots {
            guard case .position(let position, let reason) = counted.ballot else { continue }
            counts[position, default: 0] += counted.count
            if position == .objection, let reason, !reason.isEmpty {
                reasons += Array(repeating: reason, count: counted.count)
            }
        }
        let adopted = counts[.objection, default: 0] == 0 && counts[.consent, default: 0] > 0
        let proposal = options.first ?? "proposal"
        return TallyResult(
            method: .consent, winner: adopted ? proposal : nil, ranking: [[proposal]],
            details: [
                "counts": .object(Dictionary(uniqueKeysWithValues: ConsentPosition.allCases.map { ($0.rawValue, JSONValue.int(counts[$0, default: 0])) })),
                "objections": .strings(reasons.sorted()),
                "outcome": .string(adopted ? "adopted" : counts[.objection, default: 0] > 0 ? "blocked" : "no-consent"),
            ])
    }

    /// Consensus when every score is 3 or more; the distribution, the mean and the lowest
    /// score say how far the group is.
    static func fistToFive(_ ballots: [CountedBallot], options: [String]) -> TallyResult {
        var distribution = [Int](repeating: 0, count: 6)
        for counted in ballots { if case .score(let score) = counted.ballot { distribution[score] += counted.count } }
        let total = distribution.reduce(0, +)
        let sum = distribution.enumerated().reduce(0) { $0 + $1.offset * $1.element }
        let lowest = distribution.firstIndex { $0 > 0 }
        let consensus = total > 0 && (lowest ?? 0) >= 3
        let proposal = options.first ?? "proposal"
        var details: [String: JSONValue] = [
            "distribution": .object(Dictionary(uniqueKeysWithValues: distribution.enumerated().map { ("\($0.offset)", JSONValue.int($0.element)) })),
            "ballots": .int(total),
            "outcome": .string(total == 0 ? "no-ballots" : consensus ? "consensus" : "concerns"),
        ]
        if total > 0 {
            details["mean"] = .double(Double((sum * 100 + total / 2) / total) / 100)
            details["lowest"] = .int(lowest ?? 0)
        }
        return TallyResult(method: .fistToFive, winner: consensus ? proposal : nil, ranking: [[proposal]], details: .object(details))
    }
}
