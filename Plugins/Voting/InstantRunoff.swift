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
        var running = [Bool](repeating: true, count: n)
        var eliminated: [[Int]] = []
        var rounds: [JSONValue] = []
        var winners: [Int] = []
        var share: [Int] = []
        share.reserveCapacity(n)
        while winners.isEmpty {
            // Each ballot's share: its highest tier that still has running options.
            var shares: [(count: Int, options: [Int])] = []
            var exhausted = 0
            for ballot in preferences {
                share.removeAll(keepingCapacity: true)
                for tier in ballot.tiers {
                    for option in tier where running[option] { share.append(option) }
                    if !share.isEmpty { break }
                }
                if share.isEmpty { exhausted += ballot.count } else { shares.append((ballot.count, share)) }
            }
            // Counted exactly, in units of 1/unit of a ballot (unit: the least common multiple
            // of the shares' sizes), so that no sum depends on the order of the ballots.
            let unit = Self.unit(Set(shares.map(\.options.count)))
            var votes = [Int](repeating: 0, count: n)
            for (count, options) in shares {
                for option in options { votes[option] += count * (unit / options.count) }
            }
            let still = (0..<n).filter { running[$0] }
            let total = still.reduce(0) { $0 + votes[$1] }
            var round: [String: JSONValue] = [
                "counts": .object(Dictionary(uniqueKeysWithValues: still.map { (options[$0], JSONValue.double(rounded(votes[$0], unit))) })),
                "exhausted": .int(exhausted),
            ]
            let best = still.max { votes[$0] < votes[$1] || (votes[$0] == votes[$1] && $0 > $1) }!
            if still.count == 1 || votes[best] * 2 > total {
                winners = still.count == 1 ? still : [best]
            } else {
                let lowest = still.map { votes[$0] }.min()!
                let last = still.filter { votes[$0] == lowest }
                if last.count == still.count || total == 0 {
                    winners = still  // everyone left is tied
                } else {
                    eliminated.append(last)
                    for option in last { running[option] = false }
                    round["eliminated"] = .strings(last.map { options[$0] })
                }
            }
            rounds.append(.object(round))
        }
        let rest = (0..<n).filter { running[$0] && !winners.contains($0) }
        let ranking = ([winners] + (rest.isEmpty ? [] : [rest]) + eliminated.reversed()).map { $0.map { options[$0] } }
        return TallyResult(
            method: .irv, winner: Tally.winner(of: ranking), ranking: ranking,
            details: ["rounds": .array(rounds), "ballots": .int(preferences.reduce(0) { $0 + $1.count })])
    }

    /// A count in ballots, to three decimals.
    private static func rounded(_ value: Int, _ unit: Int) -> Double { (Double(value) / Double(unit) * 1000).rounded() / 1000 }

    /// The least common multiple of the sizes (1 when none). Ties in a ranking are small in
    /// practice; past 10^12 (which would overflow the sums), sizes beyond the first few are
    /// refused by `Tally` (a tie of more than 20 options in one ballot file).
    static func unit(_ sizes: Set<Int>) -> Int {
        sizes.reduce(1) { lcm, size in lcm / gcd(lcm, size) * size }
    }

    private static func gcd(_ a: Int, _ b: Int) -> Int { b == 0 ? a : gcd(b, a % b) }
}
