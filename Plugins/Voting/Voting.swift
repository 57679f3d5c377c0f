import AtelierKit

/// Voting: a question put to the group and counted by one of nine methods — single
/// choice, yes / no / abstain, approval, dots, Schulze and instant-runoff on ranked
/// ballots, majority judgment, consent, fist-to-five. The facilitator opens, closes,
/// publishes, reopens or cancels; a vote is open (named ballots) or secret: a secret
/// ballot is sealed by the voter's device, stored without who cast it, and only totals
/// are ever shown (docs/voting.md).
public enum Voting: Activity {
    public static let manifest = ActivityManifest(
        id: "vote", version: "1.0.0", names: ["fr": "Vote", "en": "Vote"],
        settings: [
            SettingSpec(key: "question", kind: .text(maxLength: Limits.question), defaultValue: "", names: catalogue.texts("setting.question")),
            SettingSpec(
                key: "method", kind: .choice(VoteMethod.allCases.map(\.rawValue)), defaultValue: .string("single"),
                names: catalogue.texts("setting.method")),
            SettingSpec(key: "options", kind: .text(maxLength: 4200), defaultValue: "", names: catalogue.texts("setting.options")),
            SettingSpec(
                key: "grades", kind: .text(maxLength: 1000), defaultValue: .string(frenchGrades.joined(separator: "\n")),
                names: catalogue.texts("setting.grades")),
            SettingSpec(key: "min_choices", kind: .integer(min: 0, max: 20), defaultValue: .int(1), names: catalogue.texts("setting.minChoices")),
            SettingSpec(key: "max_choices", kind: .integer(min: 0, max: 20), defaultValue: .int(0), names: catalogue.texts("setting.maxChoices")),
            SettingSpec(key: "dots", kind: .integer(min: 1, max: 50), defaultValue: .int(5), names: catalogue.texts("setting.dots")),
            SettingSpec(key: "dot_cap", kind: .integer(min: 0, max: 50), defaultValue: .int(0), names: catalogue.texts("setting.dotCap")),
            SettingSpec(
                key: "secrecy", kind: .choice(["open", "secret"]), defaultValue: .string("secret"),
                names: catalogue.texts("setting.secrecy")),
            SettingSpec(
                key: "results", kind: .choice(["live", "after_close"]), defaultValue: .string("after_close"),
                names: catalogue.texts("setting.results")),
            SettingSpec(key: "final", kind: .boolean, defaultValue: .bool(false), names: catalogue.texts("setting.final")),
            SettingSpec(
                key: "voters", kind: .choice(["participants", "everyone"]), defaultValue: .string("participants"),
                names: catalogue.texts("setting.voters")),
        ],
        hasPrivateViews: true, hasSealedEvents: true)

    public static func start(settings: ActivitySettings) -> State {
        func lines(_ key: String) -> [String] {
            settings.text(key).split(whereSeparator: \.isNewline).map { String($0).trimmingWhitespace }.filter { !$0.isEmpty }
        }
        var options: [String] = []
        for option in lines("options").map({ String($0.prefix(Limits.option)) }) where !options.contains(option) {
            options.append(option)
        }
        let grades = lines("grades")
        return State(
            config: Config(
                question: String(settings.text("question").trimmingWhitespace.prefix(Limits.question)),
                method: VoteMethod(rawValue: settings.text("method")) ?? .single,
                options: Array(options.prefix(Limits.options)),
                grades: (2...Tally.maxGrades).contains(grades.count) && Set(grades).count == grades.count ? grades : frenchGrades,
                minChoices: settings.integer("min_choices"), maxChoices: settings.integer("max_choices"),
                dots: max(1, settings.integer("dots")), dotCap: settings.integer("dot_cap"),
                secret: settings.text("secrecy") != "open", liveResults: settings.text("results") == "live",
                final: settings.boolean("final"), everyoneVotes: settings.text("voters") == "everyone"))
    }

    public static func decide(_ intent: Intent, in state: State, context: ActivityContext) -> Result<[Event], Rejection> {
        VoteReferee(state: state, context: context).judge(intent)
    }

    public static func apply(_ event: Event, to state: inout State) {
        state.apply(event)
    }

    /// The close, when the vote was opened for a set time.
    public static func alarm(of state: State) -> Int64? {
        state.phase == .open ? state.deadline : nil
    }

    public static func clockReached(_ now: Int64, in state: State) -> [Event] {
        guard state.phase == .open, let deadline = state.deadline, now >= deadline else { return [] }
        return [.closed(at: deadline)]
    }

    /// A voter who stops taking part before the close: an open ballot is withdrawn.
    public static func forgetting(_ member: ParticipantID, in state: State) -> [Event] {
        guard !state.config.secret, state.phase == .open, state.named[member] != nil else { return [] }
        return [.ballotWithdrawn(member)]
    }

    /// Once closed, the ballots file (docs/voting.md): every ballot once, without voters,
    /// in seal order for a secret vote; `atelier tally` recounts it.
    public static func export(of state: State) -> JSONValue? {
        guard state.phase == .closed || state.phase == .published else { return nil }
        return BallotFile.write(state.tallyInput(state.ballots))
    }

    /// A secret ballot: stored without who cast it, its content left out of exports.
    public static func isSealed(_ event: Event) -> Bool {
        if case .sealedBallotCast = event { return true }
        return false
    }

    public static func view(of state: State, for audience: Audience) -> JSONValue {
        state.sharedView(for: audience)
    }

    public static func privateView(of state: State, for participant: ParticipantID) -> JSONValue? {
        state.privateView(for: participant)
    }

    public static func minutes(of state: State, locale: String, names: [ParticipantID: String]) -> String? {
        VoteMinutes(state: state, locale: locale, names: names).text
    }

    public static func erasingTexts(of participant: ParticipantID, in event: Event, author: ParticipantID?) -> Event {
        guard case .ballotCast(let voter, .position(let position, _)) = event, voter == participant else { return event }
        return .ballotCast(voter: voter, ballot: .position(position, reason: nil))
    }
}
