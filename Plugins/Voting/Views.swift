import AtelierKit

extension Voting {
    /// Below this turnout, a secret vote warns that totals may reveal ballots.
    public static let smallGroup = 5
}

extension Voting.State {
    /// What an audience sees. Results: facilitators from the close (and live if set),
    /// everyone else once published (and live if set). A secret vote shows totals only;
    /// an open one also who voted what.
    func sharedView(for audience: Audience) -> JSONValue {
        var view: [String: JSONValue] = [
            "question": .string(config.question),
            "method": .string(config.method.rawValue),
            "options": .strings(config.method == .yesNo ? Tally.yesNoOptions : config.options),
            "phase": .string(phase.rawValue),
            "secret": .bool(config.secret),
            "liveResults": .bool(config.liveResults),
            "final": .bool(config.final),
            "everyoneVotes": .bool(config.everyoneVotes),
            "turnout": .int(turnout.count),
            "smallGroup": .bool(config.secret && turnout.count < Voting.smallGroup),
        ]
        switch config.method {
        case .majorityJudgment: view["grades"] = .strings(config.grades)
        case .approval: view["choices"] = ["min": .int(config.minChoices), "max": .int(config.maxChoices)]
        case .dot: view["dots"] = ["total": .int(config.dots), "cap": .int(config.dotCap)]
        default: break
        }
        if let deadline { view["deadline"] = .int(Int(deadline)) }
        if audience == .facilitator || !config.secret { view["voted"] = .strings(turnout.map(\.rawValue)) }
        if let results = results(for: audience) { view["results"] = results }
        return .object(view)
    }

    private func results(for audience: Audience) -> JSONValue? {
        let live = config.liveResults && phase == .open
        let visible = live || phase == .published || (audience == .facilitator && phase == .closed)
        guard visible else { return nil }
        let counted = config.secret && live ? shown : ballots
        guard case .success(let result) = Tally.run(tallyInput(counted)) else { return nil }
        guard var json = result.json.objectValue else { return nil }
        // Views never hold null (a merge patch deletes with it): a tie has no `winner`.
        if result.winner == nil { json["winner"] = nil }
        if var details = json["details"]?.objectValue {
            details = details.filter { $0.value != .null }
            json["details"] = .object(details)
        }
        json["counted"] = .int(counted.count)
        if !config.secret {
            json["ballots"] = .array(named.keys.sorted().map { voter in
                ["voter": .string(voter.rawValue), "ballot": Voting.entry(named[voter]!)]
            })
        }
        return .object(json)
    }

    /// One's own ballot (open votes) and whether one has voted. A secret ballot is not
    /// here: only the voter's device holds it.
    func privateView(for participant: ParticipantID) -> JSONValue? {
        var view: [String: JSONValue] = ["voted": .bool(turnout.contains(participant))]
        if !config.secret, let ballot = named[participant] { view["ballot"] = Voting.entry(ballot) }
        return .object(view)
    }
}

extension Voting {
    /// A ballot as the protocol and ballot files write it (without a count).
    static func entry(_ ballot: Ballot) -> JSONValue {
        var entry = BallotFile.entry(CountedBallot(ballot: ballot)).objectValue ?? [:]
        entry["count"] = nil
        return .object(entry)
    }
}
