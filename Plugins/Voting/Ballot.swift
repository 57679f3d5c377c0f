import AtelierKit

/// The counting methods, by their id in settings and ballot files.
public enum VoteMethod: String, Codable, Sendable, CaseIterable {
    case single
    case yesNo = "yes-no"
    case approval
    case dot
    case schulze
    case irv
    case majorityJudgment = "majority-judgment"
    case consent
    case fistToFive = "fist-to-five"

    /// Whether ballots rank the options (Schulze and instant-runoff share a ballot).
    public var ranks: Bool { self == .schulze || self == .irv }
}

/// A consent ballot's position.
public enum ConsentPosition: String, Codable, Sendable, CaseIterable {
    case consent
    case objection
    case standAside = "stand-aside"
}

/// One voter's ballot, in the form its method asks for. Options are named by their text.
public enum Ballot: Sendable, Equatable, Codable {
    /// Single choice; yes / no / abstain ("yes", "no", "abstain").
    case choice(String)
    /// Approval: the options approved.
    case approved([String])
    /// Dot voting: dots per option.
    case dots([String: Int])
    /// Schulze and instant-runoff: tiers, best first; options in one tier are tied;
    /// options left out come after every ranked one.
    case ranking([[String]])
    /// Majority judgment: a grade per option (an option left out gets the worst grade).
    case grades([String: String])
    /// Consent: a position and, for an objection, its reason.
    case position(ConsentPosition, reason: String?)
    /// Fist-to-five: 0 to 5.
    case score(Int)
}

/// A ballot and how many voters cast it (ballot files group identical ballots).
public struct CountedBallot: Sendable, Equatable {
    public var count: Int
    public var ballot: Ballot

    public init(count: Int = 1, ballot: Ballot) {
        self.count = count
        self.ballot = ballot
    }
}

/// What to count: the method, the options (in their order), the grades for majority
/// judgment (best first), and the ballots.
public struct TallyInput: Sendable, Equatable {
    public var method: VoteMethod
    public var options: [String]
    public var grades: [String]
    public var ballots: [CountedBallot]

    public init(method: VoteMethod, options: [String], grades: [String] = [], ballots: [CountedBallot]) {
        self.method = method
        self.options = options
        self.grades = grades
        self.ballots = ballots
    }
}

/// The outcome: the winner (nil for a tie or no decision), the full ranking (ties as
/// groups, best first), and the method's own details (counts, the pairwise matrix, the
/// rounds, the merit profiles…).
public struct TallyResult: Sendable, Equatable {
    public var method: VoteMethod
    public var winner: String?
    public var ranking: [[String]]
    public var details: JSONValue

    /// As the ballot file tool prints it: `{"method", "winner", "ranking", "details"}`,
    /// a tier of one written as the option alone.
    public var json: JSONValue {
        [
            "method": .string(method.rawValue),
            "winner": winner.map(JSONValue.string) ?? .null,
            "ranking": .array(ranking.map { $0.count == 1 ? .string($0[0]) : .strings($0) }),
            "details": details,
        ]
    }
}

/// Why ballots cannot be counted, in words that name the problem.
public struct TallyError: Error, Sendable, Equatable, CustomStringConvertible {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
