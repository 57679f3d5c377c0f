import AtelierKit
import Foundation
import Testing
import Voting

/// Every counting method against published worked examples (the source is named in each
/// test), plus properties that must hold for any ballots.
@Suite struct TallyTests {
    static func ranked(_ groups: [(Int, String)]) -> [CountedBallot] {
        groups.map { count, order in CountedBallot(count: count, ballot: .ranking(order.map { [String($0)] })) }
    }

    static func run(_ input: TallyInput) throws -> TallyResult { try Tally.run(input).get() }

    // MARK: Schulze

    /// The 45-voter example of Schulze's paper (Social Choice and Welfare 36, 2011, §3.1)
    /// and of Wikipedia's "Schulze method": E > A > C > B > D, no Condorcet winner.
    @Test func schulzeWorkedExample() throws {
        let ballots = Self.ranked([(5, "ACBED"), (5, "ADECB"), (8, "BEDAC"), (3, "CABED"), (7, "CAEBD"), (2, "CBADE"), (7, "DCEBA"), (8, "EBADC")])
        let result = try Self.run(TallyInput(method: .schulze, options: ["A", "B", "C", "D", "E"], ballots: ballots))
        #expect(result.winner == "E")
        #expect(result.ranking == [["E"], ["A"], ["C"], ["B"], ["D"]])
        #expect(result.details["condorcetWinner"] == .null)
        #expect(result.details["pairwise"]?["A"]?["B"] == 20)
        #expect(result.details["pairwise"]?["B"]?["D"] == 33)
        #expect(result.details["strongestPaths"]?["E"]?["D"] == 31)
        #expect(result.details["strongestPaths"]?["A"]?["E"] == 24)
    }

    /// Wikipedia's "Condorcet method" / "Instant-runoff voting" Tennessee capital example
    /// (42% Memphis, 26% Nashville, 15% Chattanooga, 17% Knoxville): Nashville is the
    /// Condorcet winner and wins Schulze; instant-runoff eliminates Chattanooga, then
    /// Nashville, and elects Knoxville.
    static let tennessee = ranked([(42, "MNCK"), (26, "NCKM"), (15, "CKNM"), (17, "KCNM")])
    static let cities = ["M", "N", "C", "K"]

    @Test func tennesseeSchulzeElectsTheCondorcetWinner() throws {
        let result = try Self.run(TallyInput(method: .schulze, options: Self.cities, ballots: Self.tennessee))
        #expect(result.winner == "N")
        #expect(result.details["condorcetWinner"] == "N")
        #expect(result.ranking == [["N"], ["C"], ["K"], ["M"]])
    }

    @Test func tennesseeInstantRunoffElectsKnoxville() throws {
        let result = try Self.run(TallyInput(method: .irv, options: Self.cities, ballots: Self.tennessee))
        #expect(result.winner == "K")
        #expect(result.ranking == [["K"], ["M"], ["N"], ["C"]])
        let rounds = try #require(result.details["rounds"]?.arrayValue)
        #expect(rounds.count == 3)
        #expect(rounds[0]["eliminated"] == ["C"])
        #expect(rounds[1]["counts"]?["K"] == .double(32))
        #expect(rounds[1]["eliminated"] == ["N"])
        #expect(rounds[2]["counts"]?["K"] == .double(58))
    }

    /// Shares of tied ranks are counted exactly: in floating point, A's 1.8 and B's
    /// 1.7999999999999998 would eliminate B alone in one order and both in another.
    @Test func instantRunoffCountsTiedSharesExactlyWhateverTheOrder() throws {
        let five = CountedBallot(ballot: .ranking([["A", "B", "C", "D", "E"]]))
        var ballots = [CountedBallot(ballot: .ranking([["B"]]))] + Array(repeating: five, count: 4) + [CountedBallot(ballot: .ranking([["A"]]))]
        for option in ["C", "D", "E"] { ballots += Array(repeating: CountedBallot(ballot: .ranking([[option]])), count: 3) }
        let options = ["A", "B", "C", "D", "E"]
        let forward = try Self.run(TallyInput(method: .irv, options: options, ballots: ballots))
        ballots.swapAt(0, 5)
        let swapped = try Self.run(TallyInput(method: .irv, options: options, ballots: ballots))
        #expect(forward == swapped)
        #expect(forward.details["rounds"]?.arrayValue?[0]["eliminated"] == ["A", "B"])  // 1.8 each: tied last
    }

    @Test func tiesAreReportedAsTies() throws {
        let schulze = try Self.run(TallyInput(method: .schulze, options: ["A", "B"], ballots: Self.ranked([(1, "AB"), (1, "BA")])))
        #expect(schulze.winner == nil)
        #expect(schulze.ranking == [["A", "B"]])
        let single = try Self.run(TallyInput(method: .single, options: ["A", "B", "C"], ballots: [
            CountedBallot(count: 2, ballot: .choice("A")), CountedBallot(count: 2, ballot: .choice("B")),
        ]))
        #expect(single.winner == nil)
        #expect(single.ranking == [["A", "B"], ["C"]])
        let irv = try Self.run(TallyInput(method: .irv, options: ["A", "B"], ballots: Self.ranked([(3, "AB"), (3, "BA")])))
        #expect(irv.winner == nil)
        #expect(irv.ranking == [["A", "B"]])
    }

    // MARK: Majority judgment

    /// The example tally of MieuxVoter's majority-judgment-cli README (16 judges, grades
    /// reject … excellent): Pizza and Chips share the majority grade "good"; removing
    /// middle judgments one by one (Balinski–Laraki), Chips reaches "very good" first.
    @Test func majorityJudgmentWorkedExample() throws {
        let grades = ["excellent", "very good", "good", "fair", "poor", "reject"]
        // Counts per grade, from the README's CSV (reject, poor, fair, good, very good, excellent).
        let tally: [String: [Int]] = ["Pizza": [3, 2, 1, 4, 4, 2], "Chips": [2, 3, 0, 4, 3, 4], "Pasta": [4, 5, 1, 4, 0, 2]]
        // Judge j's ballot grades each option with that option's j-th judgment.
        let result = MajorityJudgmentProbe.rank(tally, grades: grades)
        #expect(result.ranking == [["Chips"], ["Pizza"], ["Pasta"]])
        #expect(result.majorityGrades == ["Pizza": "good", "Chips": "good", "Pasta": "poor"])
    }

    @Test func majorityJudgmentUsesTheLowerMedianAndTheWorstGradeForAnOptionLeftOut() throws {
        let grades = Voting.frenchGrades
        let result = try Self.run(TallyInput(method: .majorityJudgment, options: ["A", "B"], grades: grades, ballots: [
            CountedBallot(count: 2, ballot: .grades(["A": "Très bien", "B": "Bien"])),
            CountedBallot(count: 2, ballot: .grades(["A": "Passable"])),  // B left out: « À rejeter »
        ]))
        #expect(result.details["majorityGrades"]?["A"] == "Passable")  // lower of the two middles
        #expect(result.details["majorityGrades"]?["B"] == "À rejeter")
        #expect(result.details["profiles"]?["B"]?["À rejeter"] == 2)
        #expect(result.winner == "A")
    }

    // MARK: The counting methods

    @Test func approvalDotsYesNoConsentAndFistToFive() throws {
        let approval = try Self.run(TallyInput(method: .approval, options: ["A", "B", "C"], ballots: [
            CountedBallot(count: 3, ballot: .approved(["A", "B"])), CountedBallot(count: 1, ballot: .approved(["C"])),
            CountedBallot(count: 1, ballot: .approved(["B"])),
        ]))
        #expect(approval.winner == "B" && approval.details["counts"]?["A"] == 3 && approval.details["counts"]?["B"] == 4)
        let dots = try Self.run(TallyInput(method: .dot, options: ["A", "B"], ballots: [
            CountedBallot(count: 2, ballot: .dots(["A": 3, "B": 2])), CountedBallot(ballot: .dots(["B": 5])),
        ]))
        #expect(dots.winner == "B" && dots.details["counts"]?["B"] == 9 && dots.details["counts"]?["A"] == 6)
        let yesNo = try Self.run(TallyInput(method: .yesNo, options: [], ballots: [
            CountedBallot(count: 4, ballot: .choice("yes")), CountedBallot(count: 3, ballot: .choice("no")),
            CountedBallot(count: 9, ballot: .choice("abstain")),
        ]))
        #expect(yesNo.winner == "yes" && yesNo.details["expressed"] == 7)  // abstentions do not weigh
        let blocked = try Self.run(TallyInput(method: .consent, options: ["Le plan"], ballots: [
            CountedBallot(count: 5, ballot: .position(.consent, reason: nil)),
            CountedBallot(ballot: .position(.objection, reason: "Pas de budget")),
            CountedBallot(ballot: .position(.standAside, reason: nil)),
        ]))
        #expect(blocked.winner == nil && blocked.details["outcome"] == "blocked" && blocked.details["objections"] == ["Pas de budget"])
        let adopted = try Self.run(TallyInput(method: .consent, options: ["Le plan"], ballots: [
            CountedBallot(count: 5, ballot: .position(.consent, reason: nil)), CountedBallot(ballot: .position(.standAside, reason: nil)),
        ]))
        #expect(adopted.winner == "Le plan" && adopted.details["outcome"] == "adopted")
        let fist = try Self.run(TallyInput(method: .fistToFive, options: ["Le plan"], ballots: [
            CountedBallot(count: 3, ballot: .score(4)), CountedBallot(ballot: .score(2)),
        ]))
        #expect(fist.winner == nil && fist.details["outcome"] == "concerns" && fist.details["lowest"] == 2 && fist.details["mean"] == .double(3.5))
    }

    @Test(arguments: [
        (#"{"method": "schulze", "options": ["A"], "ballots": [{"count": 1, "ranking": ["A", "Z"]}]}"#, "ballot 1: unknown option \"Z\""),
        (#"{"method": "single", "options": ["A", "A"], "ballots": []}"#, "options: each option must appear once"),
        (#"{"method": "single", "options": ["A"], "ballots": [{"count": 0, "choice": "A"}]}"#, "ballot 1: count must be"),
        (#"{"method": "single", "options": ["A"], "ballots": [{"count": 1, "score": 3}]}"#, "ballot 1: a single ballot needs \"choice\""),
        (#"{"method": "fist-to-five", "ballots": [{"score": 6}]}"#, "ballot 1: a fist-to-five score is 0 to 5"),
        (#"{"method": "majority-judgment", "options": ["A"], "grades": ["Bien"], "ballots": [{"grades": {"A": "Top"}}]}"#, "unknown grade \"Top\""),
        (#"{"options": []}"#, "method: missing"),
        (#"{"method": "majority-judgment", "options": ["A"], "grades": ["g1","g2","g3","g4","g5","g6","g7","g8","g9","g10","g11","g12","g13","g14","g15","g16","g17","g18","g19","g20","g21"], "ballots": [{"grades": {}}]}"#, "2 to 20 distinct grades"),
        (#"{"method": "approval", "options": ["A"], "ballots": [{"approved": ["A", "A"]}]}"#, "approved twice"),
        (#"{"method": "dot", "options": ["A", "B"], "ballots": [{"count": 1000000, "dots": {"A": 9223372036854775807, "B": 1}}]}"#, "dots are whole numbers"),
    ])
    func aBadFileIsNamedWithItsProblem(file: String, problem: String) throws {
        let value = try JSONValue.parse(Array(file.utf8))
        let result = BallotFile.read(value).flatMap(Tally.run)
        guard case .failure(let error) = result else {
            Issue.record("accepted \(file)")
            return
        }
        #expect(error.message.contains(problem), "\(error.message)")
    }

    @Test func aBallotsFileRoundTrips() throws {
        let input = TallyInput(method: .schulze, options: ["A", "B", "C"], ballots: [
            CountedBallot(count: 2, ballot: .ranking([["B"], ["A", "C"]])), CountedBallot(ballot: .ranking([["C"]])),
        ])
        let written = BallotFile.write(input)
        #expect(written["ballots"]?.arrayValue?[0]["ranking"] == [.string("B"), ["A", "C"]])
        #expect(try BallotFile.read(try JSONValue.parse(written.encodedBytes())).get() == input)
    }

    // MARK: Properties

    /// Whenever a Condorcet winner exists, Schulze elects it (random profiles, seeded).
    @Test func schulzeElectsTheCondorcetWinnerWheneverThereIsOne() throws {
        var dice = Dice(42)
        var found = 0
        for _ in 0..<300 {
            let options = ["A", "B", "C", "D"]
            let ballots = (0..<Int(1 + dice.next() % 9)).map { _ in
                CountedBallot(count: Int(1 + dice.next() % 5), ballot: .ranking(options.shuffled(using: &dice).map { [$0] }))
            }
            let result = try Self.run(TallyInput(method: .schulze, options: options, ballots: ballots))
            if let condorcet = result.details["condorcetWinner"]?.stringValue {
                found += 1
                #expect(result.winner == condorcet)
            }
        }
        #expect(found > 100)
    }

    /// Adding voters who give every option the same grade, the majority grade all options
    /// share, leaves the ranking unchanged (random profiles, seeded).
    @Test func majorityJudgmentIgnoresVotersWhoGradeEveryOptionTheSameAtTheMedian() throws {
        var dice = Dice(7)
        let grades = Voting.frenchGrades
        var checked = 0
        for _ in 0..<200 {
            let options = ["A", "B", "C"]
            let ballots = (0..<Int(3 + dice.next() % 8)).map { _ in
                CountedBallot(ballot: .grades(Dictionary(uniqueKeysWithValues: options.map { ($0, dice.pick(grades)) })))
            }
            let before = try Self.run(TallyInput(method: .majorityJudgment, options: options, grades: grades, ballots: ballots))
            // Voters indifferent between the options, at the grade where the first and last options' medians already agree.
            guard let medianA = before.details["majorityGrades"]?["A"]?.stringValue,
                before.details["majorityGrades"]?["B"]?.stringValue == medianA,
                before.details["majorityGrades"]?["C"]?.stringValue == medianA
            else { continue }
            let indifferent = CountedBallot(count: 2, ballot: .grades(Dictionary(uniqueKeysWithValues: options.map { ($0, medianA) })))
            let after = try Self.run(TallyInput(method: .majorityJudgment, options: options, grades: grades, ballots: ballots + [indifferent]))
            #expect(after.ranking == before.ranking, "\(ballots)")
            checked += 1
        }
        #expect(checked > 5)
    }

    /// Every method's result is the same whatever the order of the ballots.
    @Test(arguments: VoteMethod.allCases)
    func resultsDoNotDependOnBallotOrder(_ method: VoteMethod) throws {
        var dice = Dice(UInt64(method.rawValue.count))
        let options = ["A", "B", "C", "D"]
        let ballots: [CountedBallot] = (0..<40).map { _ in
            let ballot: Ballot = switch method {
            case .single: .choice(dice.pick(options))
            case .yesNo: .choice(dice.pick(Tally.yesNoOptions))
            case .approval: .approved(options.filter { _ in dice.next() % 2 == 0 })
            case .dot: .dots([dice.pick(options): Int(dice.next() % 4)])
            case .schulze, .irv: .ranking(options.shuffled(using: &dice).prefix(Int(1 + dice.next() % 4)).map { [$0] })
            case .majorityJudgment: .grades(Dictionary(uniqueKeysWithValues: options.map { ($0, dice.pick(Voting.frenchGrades)) }))
            case .consent: .position(dice.pick(ConsentPosition.allCases), reason: "r\(dice.next() % 3)")
            case .fistToFive: .score(Int(dice.next() % 6))
            }
            return CountedBallot(ballot: ballot)
        }
        let input = TallyInput(method: method, options: options, grades: Voting.frenchGrades, ballots: ballots)
        var shuffled = input
        shuffled.ballots.shuffle(using: &dice)
        #expect(try Self.run(input) == Self.run(shuffled))
    }
}

/// Majority judgment on published per-option profiles (a CSV of counts), through the
/// same tally: judge j's ballot grades every option with that option's j-th judgment, so
/// each option's profile is exactly the published one.
enum MajorityJudgmentProbe {
    static func rank(_ tally: [String: [Int]], grades: [String]) -> (ranking: [[String]], majorityGrades: [String: String]) {
        // One ballot per judge j grades every option with that option's j-th judgment.
        let options = tally.keys.sorted()
        let judges = tally.values.first!.reduce(0, +)
        var columns: [String: [String]] = [:]
        for option in options {
            var column: [String] = []
            for (worstFirst, count) in tally[option]!.enumerated() {
                column += Array(repeating: grades[grades.count - 1 - worstFirst], count: count)
            }
            columns[option] = column
        }
        let ballots = (0..<judges).map { judge in
            CountedBallot(ballot: .grades(Dictionary(uniqueKeysWithValues: options.map { ($0, columns[$0]![judge]) })))
        }
        let result = try! Tally.run(TallyInput(method: .majorityJudgment, options: options, grades: grades, ballots: ballots)).get()
        let majority = (result.details["majorityGrades"]?.objectValue ?? [:]).compactMapValues(\.stringValue)
        return (result.ranking, majority)
    }
}
