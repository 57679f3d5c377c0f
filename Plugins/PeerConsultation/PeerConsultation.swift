import AtelierKit

/// Peer consultation: the structured co-development session (Payette & Champagne).
///
/// A **client** brings a real problem; the **consultants** (the other participants) help
/// in disciplined phases the facilitator moves: choosing the client (with optional subject
/// proposals and a quick vote), exposé, clarification (questions only), contract (the
/// client's request, "Aidez-moi à …"), consultation (reactions, hypotheses, experiences
/// and suggestions, each tagged against the contract), synthesis (the client's action
/// plan) and learnings (the "4 A" round). The server enforces each phase's rules; Troika
/// and Wise Crowds are the same machine with other settings.
public enum PeerConsultation: Activity {
    public static let manifest = ActivityManifest(
        id: "peer-consultation", version: "1.0.0",
        names: ["fr": "Codéveloppement", "en": "Peer consultation"],
        roles: [
            ActivityRole(id: "client", names: ["fr": "Client", "en": "Client"]),
            ActivityRole(id: "consultant", names: ["fr": "Consultant", "en": "Consultant"]),
        ],
        settings: [
            SettingSpec(
                key: "variant", kind: .choice(Variant.allCases.map(\.rawValue)), defaultValue: .string("classic"),
                names: catalogue.texts("setting.variant")),
            SettingSpec(
                key: "subject_selection", kind: .boolean, defaultValue: .bool(false),
                names: catalogue.texts("setting.subjectSelection")),
            SettingSpec(
                key: "cases", kind: .integer(min: 1, max: maxCases), defaultValue: .int(1),
                names: catalogue.texts("setting.cases")),
            SettingSpec(
                key: "learning_frame", kind: .choice(["four-a", "free"]), defaultValue: .string("four-a"),
                names: catalogue.texts("setting.learningFrame")),
            SettingSpec(
                key: "clients_by", kind: .choice(["territory", "person"]), defaultValue: .string("territory"),
                names: catalogue.texts("setting.clientsBy")),
        ] + Phase.allCases.map { phase in
            SettingSpec(
                key: phase.settingKey, kind: .integer(min: 1, max: 180), defaultValue: .int(phase.defaultMinutes),
                names: catalogue.texts("setting.timebox") { ["phase": catalogue.text("phase.\(phase.rawValue)", $0)] })
        },
        hasPrivateViews: true)

    /// Most cases (clients) one step can hold.
    public static let maxCases = 6

    public static func start(settings: ActivitySettings) -> State {
        let variant = Variant(rawValue: settings.text("variant")) ?? .classic
        var minutes: [Phase: Int] = [:]
        for phase in Phase.allCases { minutes[phase] = max(1, settings.integer(phase.settingKey)) }
        let config = Config(
            variant: variant, subjectSelection: settings.boolean("subject_selection"),
            cases: min(maxCases, max(1, settings.integer("cases"))), minutes: minutes,
            byTerritory: settings.text("clients_by") == "territory", freeLearnings: settings.text("learning_frame") == "free")
        return State(config: config)
    }

    public static func decide(_ intent: Intent, in state: State, context: ActivityContext) -> Result<[Event], Rejection> {
        Referee(state: state, context: context).judge(intent)
    }

    public static func apply(_ event: Event, to state: inout State) {
        state.apply(event)
    }

    public static func view(of state: State, for audience: Audience) -> JSONValue {
        state.sharedView(for: audience)
    }

    public static func privateView(of state: State, for participant: ParticipantID) -> JSONValue? {
        state.privateView(for: participant)
    }

    public static func minutes(of state: State, locale: String, names: [ParticipantID: String]) -> String? {
        Minutes(state: state, locale: locale, names: names).text
    }

    /// Every case's proposals, summary, cards (with answers and precisions), request and actions.
    public static func contributions(of state: State) -> [Contribution] {
        state.cases.flatMap { current -> [Contribution] in
            var rows = current.proposals.map { Contribution(kind: "proposal", author: $0.author, text: $0.text) }
            if !current.summary.isEmpty { rows.append(Contribution(kind: "summary", author: current.client, text: current.summary)) }
            rows += current.cards.map { card in
                let detail = [card.answer.map { "→ \($0)" }, card.precision.map { "? \($0)" }, card.frame?.rawValue,
                              card.tag.map { "#\($0 + 1)" }].compactMap { $0 }.joined(separator: " · ")
                return Contribution(kind: card.kind.rawValue, author: card.author, text: card.text, detail: detail)
            }
            rows += current.contract.map { Contribution(kind: "request", author: current.client, text: $0) }
            rows += current.actions.map {
                Contribution(kind: "action", author: current.client, text: $0.what, detail: [$0.due, $0.resources].filter { !$0.isEmpty }.joined(separator: " · "))
            }
            return rows
        }
    }

    /// Each case's request and action plan (owned by the client and co-clients), and the
    /// learnings everyone shared.
    public static func outcomes(of state: State) -> Outcomes {
        var outcomes = Outcomes()
        for times in state.speaking.values { outcomes.speaking.merge(times, uniquingKeysWith: +) }
        for (index, item) in state.cases.enumerated() where item.client != nil {
            // Every case counts for the cohort's rotation, its request written or not.
            outcomes.requests.append(.init(clients: item.clients, items: item.contract))
            outcomes.commitments += item.actions.map {
                .init(id: "c\(index + 1).a\($0.id)", owners: item.clients, what: $0.what, due: $0.due, resources: $0.resources)
            }
            outcomes.lessons += item.cards.filter { $0.kind == .learning && !$0.text.isEmpty }.map {
                .init(author: $0.author, text: $0.text, frame: $0.frame?.rawValue)
            }
        }
        return outcomes
    }

    public static func erasingTexts(of participant: ParticipantID, in event: Event, author: ParticipantID?) -> Event {
        event.erasingTexts(of: participant, author: author)
    }
}
