import AtelierKit

/// Instant-runoff: each ballot counts for its highest-ranked option still in the race
/// (split equally when it ranks several of them equal); while no option holds more than
/// half of the counted ballots, the last ones are eliminated together.
enum InstantRunoff {
    static func count(_ ballots: [CountedBallot], options: [String], index: [String: Int]) -> TallyResult {
        let n = options.count
        let preferences: [(count: Int, tiers: [[Int]])] = ballots.compactMap { counted in
            guard case .ranking(let tiers) = counted.ballot else { return nil }
            return (counted.count, tiers.map { $0.compactMap { index[$0] } }.filter { !$0.isEmpty })
        }
        var running = Set(0..<n)
        var eliminated: [[Int]] = []
        var rounds: [JSONValue] = []
        var winners: [Int] = []
        while winners.isEmpty {
            var votes = [Double](repeating: 0, count: n)
            var exhausted = 0
            for ballot in preferences {
                if let tier = ballot.tiers.first(where: { $0.contains(where: running.contains) }) {
                    let share = tier.filter(running.contains)
                    for option in share { votes[option] += Double(ballot.count) / Double(share.count) }
                } else {
                    exhausted += ballot.count
                }
            }
            let total = running.reduce(0.0) { $0 + votes[$1] }
            var round: [String: JSONValue] = [
                "counts": .object(Dictionary(uniqueKeysWithValues: running.sorted().map { (options[$0], JSONValue.double(rounded(votes[$0]))) })),
                "exhausted": .int(exhausted),
            ]
            let best = running.max { votes[$0] < votes[$1] }!
            if running.count == 1 || votes[best] * 2 > total {
                winners = running.count == 1 ? Array(running) : [best]
            } else {
                let lowest = running.map { votes[$0] }.min()!
                let last = running.filter { votes[$0] == lowest }.sorted()
                if last.count == running.count || total == 0 {
                    winners = running.sorted()  // everyone left is tied
                } else {
                    eliminated.append(last)
                    running.subtract(last)
                    round["eliminated"] = .strings(last.map { options[$0] })
                }
            }
            rounds.append(.object(round))
        }
        let rest = running.subtracting(winners).sorted()
        let ranking = ([winners] + (rest.isEmpty ? [] : [rest]) + eliminated.reversed()).map { $0.map { options[$0] } }
        return TallyResult(
            method: .irv, winner: Tally.winner(of: ranking), ranking: ranking,
            details: ["rounds": .array(rounds), "ballots": .int(preferences.reduce(0) { $0 + $1.count })])
    }

    private static func rounded(_ value: Double) -> Double { (value * 1000).rounded() / 1000 }
}
