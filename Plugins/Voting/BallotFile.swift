import AtelierKit

/// The ballots file `atelier tally` reads and a vote's export writes (docs/voting.md):
/// `{"method", "options", "grades"?, "ballots": [{"count", "choice" | "approved" | "dots" |
/// "ranking" | "grades" | "position" (+ "reason") | "score"}]}`. A ranking lists options
/// best first, a nested array for options tied.
public enum BallotFile {
    /// Reads a ballots file, or says what is wrong with it.
    public static func read(_ value: JSONValue) -> Result<TallyInput, TallyError> {
        do {
            guard let object = value.objectValue else { throw TallyError("the file must hold a JSON object") }
            guard let name = object["method"]?.stringValue else { throw TallyError("method: missing (one of \(methods))") }
            guard let method = VoteMethod(rawValue: name) else { throw TallyError("method: \"\(name.prefix(40))\" is not one of \(methods)") }
            let options = try strings(object["options"] ?? .array([]), "options")
            let grades = try strings(object["grades"] ?? .array([]), "grades")
            guard let entries = object["ballots"]?.arrayValue else { throw TallyError("ballots: missing (an array)") }
            let ballots = try entries.enumerated().map { try ballot($1, at: $0 + 1) }
            return .success(TallyInput(method: method, options: options, grades: grades, ballots: ballots))
        } catch let error as TallyError {
            return .failure(error)
        } catch {
            return .failure(TallyError("\(error)"))
        }
    }

    /// Writes `input` in the file's format (a ranking's tier of one as the option alone).
    public static func write(_ input: TallyInput) -> JSONValue {
        var file: [String: JSONValue] = [
            "method": .string(input.method.rawValue), "options": .strings(input.options),
            "ballots": .array(input.ballots.map(entry)),
        ]
        if input.method == .majorityJudgment { file["grades"] = .strings(input.grades) }
        return .object(file)
    }

    private static let methods = VoteMethod.allCases.map(\.rawValue).joined(separator: ", ")

    private static func strings(_ value: JSONValue, _ field: String) throws -> [String] {
        guard let items = value.arrayValue else { throw TallyError("\(field): must be an array of texts") }
        return try items.map {
            guard let text = $0.stringValue else { throw TallyError("\(field): must be an array of texts") }
            return text
        }
    }

    static func ballot(_ value: JSONValue, at position: Int) throws -> CountedBallot {
        guard let object = value.objectValue else { throw TallyError("ballot \(position): must be an object") }
        let count = object["count"].map { $0.intValue } ?? 1
        guard let count else { throw TallyError("ballot \(position): count must be an integer") }
        func fail(_ what: String) -> TallyError { TallyError("ballot \(position): \(what)") }
        let ballot: Ballot
        if let choice = object["choice"] {
            guard let text = choice.stringValue else { throw fail("choice must be a text") }
            ballot = .choice(text)
        } else if let approved = object["approved"] {
            ballot = .approved(try strings(approved, "ballot \(position): approved"))
        } else if let dots = object["dots"] {
            guard let members = dots.objectValue else { throw fail("dots must map options to numbers") }
            ballot = .dots(try members.mapValues {
                guard let number = $0.intValue else { throw fail("dots must map options to whole numbers") }
                return number
            })
        } else if let ranking = object["ranking"] {
            guard let tiers = ranking.arrayValue else { throw fail("ranking must be an array") }
            ballot = .ranking(try tiers.map { tier in
                if let option = tier.stringValue { return [option] }
                return try strings(tier, "ballot \(position): ranking")
            })
        } else if let given = object["grades"] {
            guard let members = given.objectValue else { throw fail("grades must map options to grades") }
            ballot = .grades(try members.mapValues {
                guard let grade = $0.stringValue else { throw fail("grades must map options to grade names") }
                return grade
            })
        } else if let position = object["position"] {
            guard let name = position.stringValue, let consent = ConsentPosition(rawValue: name) else {
                throw fail("position must be consent, objection or stand-aside")
            }
            ballot = .position(consent, reason: object["reason"]?.stringValue)
        } else if let score = object["score"] {
            guard let number = score.intValue else { throw fail("score must be a whole number") }
            ballot = .score(number)
        } else {
            throw fail("needs one of choice, approved, dots, ranking, grades, position, score")
        }
        return CountedBallot(count: count, ballot: ballot)
    }

    static func entry(_ counted: CountedBallot) -> JSONValue {
        var entry: [String: JSONValue] = ["count": .int(counted.count)]
        switch counted.ballot {
        case .choice(let option): entry["choice"] = .string(option)
        case .approved(let options): entry["approved"] = .strings(options)
        case .dots(let dots): entry["dots"] = .object(dots.mapValues { .int($0) })
        case .ranking(let tiers): entry["ranking"] = .array(tiers.map { $0.count == 1 ? .string($0[0]) : .strings($0) })
        case .grades(let grades): entry["grades"] = .object(grades.mapValues { .string($0) })
        case .position(let position, let reason):
            entry["position"] = .string(position.rawValue)
            if let reason { entry["reason"] = .string(reason) }
        case .score(let score): entry["score"] = .int(score)
        }
        return .object(entry)
    }
}
