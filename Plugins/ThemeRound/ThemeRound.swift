import AtelierKit

/// Theme round (*tour de table*): each participant has the floor in turn on a theme, with
/// a visible timebox, and what they say becomes cards the group can +1 and the facilitator
/// groups under headings. A round runs by person or by territory (the two members of a
/// *binôme* speak in one turn, one after the other); the order is the join order, a draw,
/// or the facilitator's; in talking-stick mode the speaker hands the floor on.
public enum ThemeRound: Activity {
    public static let manifest = ActivityManifest(
        id: "theme-round", version: "1.0.0",
        names: ["fr": "Tour de table", "en": "Theme round"],
        settings: [
            SettingSpec(
                key: "themes", kind: .text(maxLength: 4000), defaultValue: "", names: catalogue.texts("setting.themes")),
            SettingSpec(
                key: "theme", kind: .text(maxLength: Limits.title), defaultValue: "", names: catalogue.texts("setting.theme"),
                chosenFrom: "themes"),
            SettingSpec(
                key: "by", kind: .choice(Grouping.allCases.map(\.rawValue)), defaultValue: .string("person"),
                names: catalogue.texts("setting.by")),
            SettingSpec(
                key: "order", kind: .choice(Ordering.allCases.map(\.rawValue)), defaultValue: .string("join"),
                names: catalogue.texts("setting.order")),
            SettingSpec(
                key: "seconds_per_speaker", kind: .integer(min: 15, max: 1800), defaultValue: .int(120),
                names: catalogue.texts("setting.seconds")),
            SettingSpec(
                key: "auto_advance", kind: .boolean, defaultValue: .bool(false), names: catalogue.texts("setting.autoAdvance")),
            SettingSpec(
                key: "talking_stick", kind: .boolean, defaultValue: .bool(false),
                names: catalogue.texts("setting.talkingStick")),
            SettingSpec(key: "scribe", kind: .boolean, defaultValue: .bool(true), names: catalogue.texts("setting.scribe")),
            SettingSpec(key: "dots", kind: .integer(min: 0, max: 20), defaultValue: .int(0), names: catalogue.texts("setting.dots")),
            SettingSpec(key: "lessons", kind: .boolean, defaultValue: .bool(false), names: catalogue.texts("setting.lessons")),
        ],
        hasPrivateViews: true)

    /// Most themes a step offers.
    public static let maxThemes = 20

    public static func start(settings: ActivitySettings) -> State {
        let themes = settings.text("themes").split(whereSeparator: \.isNewline)
            .map { String($0).trimmingWhitespace }.filter { !$0.isEmpty }
            .map { String($0.prefix(Limits.title)) }
        return State(
            config: Config(
                themes: Array(themes.prefix(maxThemes)),
                theme: String(settings.text("theme").trimmingWhitespace.prefix(Limits.title)),
                grouping: Grouping(rawValue: settings.text("by")) ?? .person,
                ordering: Ordering(rawValue: settings.text("order")) ?? .join,
                speakerMs: Int64(max(15, settings.integer("seconds_per_speaker"))) * 1000,
                autoAdvance: settings.boolean("auto_advance"), talkingStick: settings.boolean("talking_stick"),
                scribe: settings.boolean("scribe"), dots: max(0, settings.integer("dots")),
                lessons: settings.boolean("lessons")))
    }

    public static func decide(_ intent: Intent, in state: State, context: ActivityContext) -> Result<[Event], Rejection> {
        RoundReferee(state: state, context: context).judge(intent)
    }

    public static func apply(_ event: Event, to state: inout State) {
        state.apply(event)
    }

    /// The speaker's timebox, until it has run out.
    public static func alarm(of state: State) -> Int64? {
        guard let floor = state.running?.floor, !floor.timeUp else { return nil }
        return floor.deadline
    }

    /// The timebox ran out: said to everyone, and with `auto_advance` the floor passes on
    /// (the turn ended at its deadline, even when the session woke later, after a restart).
    public static func clockReached(_ now: Int64, in state: State) -> [Event] {
        guard let round = state.running, let floor = round.floor, !floor.timeUp, now >= floor.deadline else { return [] }
        guard state.config.autoAdvance else { return [.timeUp(floor.speaker)] }
        var events: [Event] = [.timeUp(floor.speaker), .turnEnded(floor.speaker, outcome: .spoke, at: floor.deadline)]
        if let next = round.waiting.first { events.append(.floorGiven(next, at: now, deadline: now + state.config.speakerMs)) }
        return events
    }

    /// A participant who stops taking part leaves the queue; if they had the floor, their
    /// turn ends now and the next speaks.
    public static func forgetting(_ member: ParticipantID, in state: State, at now: Int64) -> [Event] {
        guard let round = state.running else {
            return state.pairs.contains { $0.contains(member) } ? [.memberLeft(member)] : []
        }
        if round.floor?.speaker == member {
            var events: [Event] = [.turnEnded(member, outcome: .left, at: now), .memberLeft(member)]
            if let next = round.waiting.first(where: { $0 != member }) {
                events.append(.floorGiven(next, at: now, deadline: now + state.config.speakerMs))
            }
            return events
        }
        let known = round.waiting.contains(member) || round.skipped.contains(member)
            || state.pairs.contains { $0.contains(member) }
        return known ? [.memberLeft(member)] : []
    }

    /// A participant who arrives while a round runs is appended to its queue.
    public static func welcoming(_ member: ParticipantID, in state: State, at now: Int64) -> [Event] {
        guard let round = state.running, !round.waiting.contains(member), round.floor?.speaker != member,
            !round.turns.contains(where: { $0.speaker == member })
        else { return [] }
        return [.memberAppended(member)]
    }

    public static func view(of state: State, for audience: Audience) -> JSONValue {
        state.sharedView(for: audience)
    }

    public static func privateView(of state: State, for participant: ParticipantID) -> JSONValue? {
        state.privateView(for: participant)
    }

    public static func minutes(of state: State, locale: String, names: [ParticipantID: String]) -> String? {
        RoundMinutes(state: state, locale: locale, names: names).text
    }

    /// Who spoke how long; and a round of lessons (setting `lessons`) leaves its cards as the
    /// session's lessons, said by whose turn it was, under their heading or else the round's theme.
    public static func outcomes(of state: State) -> Outcomes {
        var speaking: [ParticipantID: Int64] = [:]
        for turn in state.rounds.flatMap(\.turns) { speaking[turn.speaker, default: 0] += turn.spokeMs }
        guard state.config.lessons == true else { return Outcomes(speaking: speaking) }
        var outcomes = Outcomes(speaking: speaking)
        outcomes.lessons = state.rounds.flatMap { round in
            round.cards.filter { !$0.text.isEmpty }.map { card in
                let heading = card.heading.flatMap { id in round.headings.first { $0.id == id }?.title } ?? round.theme
                return Outcomes.Lesson(author: card.speaker ?? card.author, text: card.text, heading: heading)
            }
        }
        return outcomes
    }

    /// Every round's cards: whose turn, the text, the round's theme and heading, the dots.
    public static func contributions(of state: State) -> [Contribution] {
        state.rounds.flatMap { round in
            round.cards.map { card in
                let heading = round.headings.first { $0.id == card.heading }?.title
                let detail = ([round.theme, heading].compactMap { $0 } + ["+\(card.dots.count)"]).joined(separator: " · ")
                return Contribution(kind: "card", author: card.speaker ?? card.author, text: card.text, detail: detail)
            }
        }
    }

    public static func erasingTexts(of participant: ParticipantID, in event: Event, author: ParticipantID?) -> Event {
        guard case .cardPosted(var card) = event, card.author == participant || card.speaker == participant else {
            return event
        }
        card.text = ""
        return .cardPosted(card)
    }
}
