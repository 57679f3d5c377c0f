import AtelierKit

/// Majority judgment (M. Balinski & R. Laraki, "A theory of measuring, electing, and
/// ranking", PNAS 104(21), 2007; *Majority Judgment*, MIT Press, 2011): each option's
/// majority grade is its lower median grade; ties are broken by the majority value, the
/// sequence of majority grades found by removing the majority grade one judgment at a
/// time, compared from the first grade on. An option a voter did not grade gets the
/// worst grade.
enum MajorityJudgment {
    static func count(_ ballots: [CountedBallot], options: [String], index: [String: Int], grades: [String]) -> TallyResult {
        let n = options.count, g = grades.count
        let gradeIndex = Dictionary(uniqueKeysWithValues: grades.enumerated().map { ($1, $0) })
        // profile[option * g + grade]: how many judgments give the option that grade (0: best).
        var profile = [Int](repeating: 0, count: n * g)
        var total = 0
        for counted in ballots {
            guard case .grades(let given) = counted.ballot else { continue }
            total += counted.count
            for option in 0..<n {
                let grade = given[options[option]].flatMap { gradeIndex[$0] } ?? g - 1
                profile[option * g + grade] += counted.count
            }
        }
        let values = (0..<n).map { majorityValue(Array(profile[($0 * g)..<($0 * g + g)])) }
        // Order: a better (smaller) grade earlier in the majority value wins.
        let order = (0..<n).sorted { values[$0].lexicographicallyPrecedes(values[$1]) || (values[$0] == values[$1] && $0 < $1) }
        var ranking: [[String]] = []
        var previous: [UInt8]? = nil
        for option in order {
            if previous == values[option] { ranking[ranking.count - 1].append(options[option]) } else { ranking.append([options[option]]) }
            previous = values[option]
        }
        return TallyResult(
            method: .majorityJudgment, winner: Tally.winner(of: ranking), ranking: ranking,
            details: [
                "grades": .strings(grades),
                "profiles": .object(Dictionary(uniqueKeysWithValues: options.enumerated().map { option, name in
                    (name, JSONValue.object(Dictionary(uniqueKeysWithValues: grades.enumerated().map { ($1, JSONValue.int(profile[option * g + $0])) })))
                })),
                "majorityGrades": .object(Dictionary(uniqueKeysWithValues: options.enumerated().compactMap { option, name in
                    values[option].first.map { (name, JSONValue.string(grades[Int($0)])) }
                })),
                "ballots": .int(total),
            ])
    }

    /// The majority value of one profile (counts per grade, best first): the lower median
    /// grade, then the lower median of what remains once one such judgment is removed, and
    /// so on until no judgment is left.
    static func majorityValue(_ counts: [Int]) -> [UInt8] {
        var counts = counts
        var left = counts.reduce(0, +)
        var value: [UInt8] = []
        value.reserveCapacity(left)
        while left > 0 {
            let position = left / 2 + 1  // 1-based, counted from the best grade
            var seen = 0
            for grade in counts.indices {
                seen += counts[grade]
                if seen >= position {
                    value.append(UInt8(grade))
                    counts[grade] -= 1
                    break
                }
            }
            left -= 1
        }
        return value
    }
}
