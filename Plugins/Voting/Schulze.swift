import AtelierKit

/// The Schulze method (M. Schulze, "A new monotonic, clone-independent, reversal
/// symmetric, and Condorcet-consistent single-winner election method", Social Choice and
/// Welfare 36, 2011): pairwise preferences, strongest paths by winning votes, and the
/// complete ranking they induce, ties kept as ties.
enum Schulze {
    static func count(_ ballots: [CountedBallot], options: [String], index: [String: Int]) -> TallyResult {
        let n = options.count
        let d = pairwise(ballots, n: n, index: index)
        let p = strongestPaths(d, n: n)
        var remaining = Array(0..<n)
        var ranking: [[String]] = []
        while !remaining.isEmpty {
            // The options no remaining option beats form the next tier.
            var tier = remaining.filter { a in !remaining.contains { b in p[b * n + a] > p[a * n + b] } }
            if tier.isEmpty { tier = remaining }
            ranking.append(tier.map { options[$0] })
            remaining.removeAll { tier.contains($0) }
        }
        let condorcet = (0..<n).first { a in (0..<n).allSatisfy { b in a == b || d[a * n + b] > d[b * n + a] } }
        func matrix(_ values: [Int]) -> JSONValue {
            .object(Dictionary(uniqueKeysWithValues: options.enumerated().map { a, name in
                (name, JSONValue.object(Dictionary(uniqueKeysWithValues: options.enumerated().compactMap { b, other in
                    a == b ? nil : (other, JSONValue.int(values[a * n + b]))
                })))
            }))
        }
        return TallyResult(
            method: .schulze, winner: Tally.winner(of: ranking), ranking: ranking,
            details: [
                "pairwise": matrix(d), "strongestPaths": matrix(p),
                "condorcetWinner": condorcet.map { .string(options[$0]) } ?? .null,
                "ballots": .int(ballots.reduce(0) { $0 + $1.count }),
            ])
    }

    /// `d[a * n + b]`: how many voters rank a above b (options left out come last, tied).
    static func pairwise(_ ballots: [CountedBallot], n: Int, index: [String: Int]) -> [Int] {
        var d = [Int](repeating: 0, count: n * n)
        var rank = [Int](repeating: 0, count: n)
        for counted in ballots {
            guard case .ranking(let tiers) = counted.ballot else { continue }
            for i in 0..<n { rank[i] = tiers.count }
            for (level, tier) in tiers.enumerated() { for option in tier { if let i = index[option] { rank[i] = level } } }
            for a in 0..<n {
                for b in 0..<n where rank[a] < rank[b] { d[a * n + b] &+= counted.count }
            }
        }
        return d
    }

    /// Widest paths (Floyd–Warshall), a link counting only where it wins.
    static func strongestPaths(_ d: [Int], n: Int) -> [Int] {
        var p = [Int](repeating: 0, count: n * n)
        for a in 0..<n { for b in 0..<n where a != b && d[a * n + b] > d[b * n + a] { p[a * n + b] = d[a * n + b] } }
        for i in 0..<n {
            for j in 0..<n where j != i && p[j * n + i] > 0 {
                for k in 0..<n where k != i && k != j {
                    p[j * n + k] = max(p[j * n + k], min(p[j * n + i], p[i * n + k]))
                }
            }
        }
        return p
    }
}
