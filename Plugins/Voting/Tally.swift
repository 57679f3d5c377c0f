import AtelierKit

/// Counts ballots by their method. Pure and deterministic: the same input gives the same
/// result, ties are reported as ties (never broken at random).
public enum Tally {
    /// Most grades a majority-judgment scale may have.
    public static let maxGrades = 20

    /// The options of a yes / no / abstain vote.
    public static let yesNoOptions = ["yes", "no", "abstain"]

    /// Counts `input`, or says which ballot or field is wrong.
    public static func run(_ input: TallyInput) -> Result<TallyResult, TallyError> {
        do {
            let options = input.method == .yesNo ? yesNoOptions : input.options
            try check(options: options, method: input.method)
            let index = Dictionary(uniqueKeysWithValues: options.enumerated().map { ($1, $0) })
            for (position, counted) in input.ballots.enumerated() {
                guard (1...1_000_000).contains(counted.count) else {
                    throw TallyError("ballot \(position + 1): count must be between 1 and 1000000")
                }
                try check(counted.ballot, method: input.method, index: index, grades: input.grades, at: position + 1)
            }
            let ballots = input.ballots
            guard ballots.reduce(0, { $0 + $1.count }) <= 1_000_000 else {
                throw TallyError("ballots: at most 1000000 in all")
            }
            switch input.method {
            case .single, .yesNo: return .success(Counts.choices(ballots, options: options, method: input.method))
            case .approval: return .success(Counts.approvals(ballots, options: options))
            case .dot: return .success(Counts.dots(ballots, options: options))
            case .schulze: return .success(Schulze.count(ballots, options: options, index: index))
            case .irv: return .success(InstantRunoff.count(ballots, options: options, index: index))
            case .majorityJudgment:
                guard (2...maxGrades).contains(input.grades.count), Set(input.grades).count == input.grades.count else {
                    throw TallyError("grades: majority judgment needs 2 to \(maxGrades) distinct grades, best first")
                }
                return .success(MajorityJudgment.count(ballots, options: options, index: index, grades: input.grades))
            case .consent: return .success(Counts.consent(ballots, options: options))
            case .fistToFive: return .success(Counts.fistToFive(ballots, options: options))
            }
        } catch let error as TallyError {
            return .failure(error)
        } catch {
            return .failure(TallyError("\(error)"))
        }
    }

    private static func check(options: [String], method: VoteMethod) throws {
        let needsOptions: Set<VoteMethod> = [.single, .approval, .dot, .schulze, .irv, .majorityJudgment]
        if needsOptions.contains(method), options.isEmpty { throw TallyError("options: at least one option is needed") }
        guard Set(options).count == options.count else { throw TallyError("options: each option must appear once") }
        guard options.count <= 100 else { throw TallyError("options: at most 100 options") }
    }

    private static func check(
        _ ballot: Ballot, method: VoteMethod, index: [String: Int], grades: [String], at position: Int
    ) throws {
        func known(_ option: String) throws {
            guard index[option] != nil else { throw TallyError("ballot \(position): unknown option \"\(option.prefix(80))\"") }
        }
        func wrong(_ expected: String) -> TallyError {
            TallyError("ballot \(position): a \(method.rawValue) ballot needs \(expected)")
        }
        switch (method, ballot) {
        case (.single, .choice(let option)), (.yesNo, .choice(let option)):
            try known(option)
        case (.approval, .approved(let options)):
            try options.forEach(known)
            guard Set(options).count == options.count else { throw TallyError("ballot \(position): an option is approved twice") }
        case (.dot, .dots(let dots)):
            try dots.keys.forEach(known)
            guard dots.values.allSatisfy({ (0...1_000_000).contains($0) }) else {
                throw TallyError("ballot \(position): dots are whole numbers from 0 to 1000000")
            }
        case (.schulze, .ranking(let tiers)), (.irv, .ranking(let tiers)):
            var seen = [Bool](repeating: false, count: index.count)
            if tiers.contains(where: { $0.count > 20 }) {
                throw TallyError("ballot \(position): at most 20 options tied at one rank")
            }
            for tier in tiers {
                for option in tier {
                    guard let at = index[option] else { throw TallyError("ballot \(position): unknown option \"\(option.prefix(80))\"") }
                    guard !seen[at] else { throw TallyError("ballot \(position): an option is ranked twice") }
                    seen[at] = true
                }
            }
        case (.majorityJudgment, .grades(let given)):
            try given.keys.forEach(known)
            if let unknown = given.values.first(where: { !grades.contains($0) }) {
                throw TallyError("ballot \(position): unknown grade \"\(unknown.prefix(80))\"")
            }
        case (.consent, .position):
            break
        case (.fistToFive, .score(let score)):
            guard (0...5).contains(score) else { throw TallyError("ballot \(position): a fist-to-five score is 0 to 5") }
        case (.single, _), (.yesNo, _): throw wrong("\"choice\"")
        case (.approval, _): throw wrong("\"approved\"")
        case (.dot, _): throw wrong("\"dots\"")
        case (.schulze, _), (.irv, _): throw wrong("\"ranking\"")
        case (.majorityJudgment, _): throw wrong("\"grades\"")
        case (.consent, _): throw wrong("\"position\"")
        case (.fistToFive, _): throw wrong("\"score\"")
        }
    }

    /// Options grouped by equal score, best first (higher is better), each group in the
    /// options' order.
    static func tiers(_ options: [String], by score: (Int) -> Int) -> [[String]] {
        let scored = options.indices.map { (index: $0, score: score($0)) }
        let levels = Set(scored.map(\.score)).sorted(by: >)
        return levels.map { level in scored.filter { $0.score == level }.map { options[$0.index] } }
    }

    /// The winner of a ranking: the top tier when it holds one option.
    static func winner(of ranking: [[String]]) -> String? {
        ranking.first.flatMap { $0.count == 1 ? $0[0] : nil }
    }

    static func counts(_ options: [String], _ values: [Int]) -> JSONValue {
        .object(Dictionary(uniqueKeysWithValues: zip(options, values.map { JSONValue.int($0) })))
    }
}
