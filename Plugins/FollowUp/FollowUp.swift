import AtelierKit

/// The follow-up round (*suivi des plans d'action*) that opens a cohort's séance: each
/// owner (a person or a territory's binôme) in turn says where their action items from
/// earlier séances stand — done, in progress, dropped — with a note. The shell seeds the
/// open items in the step's `items` setting when it opens the séance; the reviews made
/// here go back to the cohort (`outcomes`), where the latest review of an item wins.
public enum FollowUp: Activity {
    public static let manifest = ActivityManifest(
        id: "follow-up", version: "1.0.0", names: ["fr": "Suivi des plans d'action", "en": "Action plan follow-up"],
        settings: [
            SettingSpec(
                key: "items", kind: .text(maxLength: maxSeed), defaultValue: "",
                names: catalogue.texts("setting.items"))
        ])

    /// Longest seed (the `items` setting), most items, longest note.
    public static let maxSeed = 400_000
    public static let maxItems = 300
    public static let maxNote = 1000

    /// Where an item stands (the cohort's words: open, in-progress, done, dropped).
    public enum Status: String, Codable, Sendable, CaseIterable {
        case open
        case inProgress = "in-progress"
        case done
        case dropped
    }

    /// An action item to follow up.
    public struct Item: Codable, Sendable, Equatable {
        /// The cohort's key for it.
        public var key: String
        /// Its owners' ids, and their names when it was seeded.
        public var owners: [ParticipantID]
        public var names: [String]
        public var what: String
        public var due: String
        /// The séance it was decided in.
        public var session: String
        public var status: Status
        public var note: String
        /// Reviewed in this séance.
        public var reviewed: Bool = false
    }

    /// The items and whose turn it is.
    public struct State: Codable, Sendable, Equatable {
        public var items: [Item]
        /// The owners' groups, in the order their first item comes: one turn each.
        public var turns: [[ParticipantID]]
        /// The turn being reviewed now, if any.
        public var current: Int?
        /// Reviews made in this séance, in order (what goes back to the cohort).
        public var reviews: [Outcomes.Review] = []
    }

    /// What clients may ask.
    public enum Intent: Sendable, Equatable {
        /// An owner (or a facilitator) says where an item stands.
        case review(key: String, status: Status, note: String)
        /// Facilitator: give the turn to group `turn` (nil: nobody).
        case focus(turn: Int?)
        /// Facilitator: the next group's turn.
        case next
    }

    /// What happened.
    public enum Event: Codable, Sendable, Equatable {
        case reviewed(key: String, status: Status, note: String, by: ParticipantID, at: Int64)
        case focused(turn: Int?)
    }

    public static func start(settings: ActivitySettings) -> State {
        let items = seed(settings.text("items"))
        var turns: [[ParticipantID]] = []
        for item in items where !turns.contains(item.owners) { turns.append(item.owners) }
        return State(items: items, turns: turns, current: nil)
    }

    /// The items the shell wrote in the setting (a JSON array); nothing when it is empty or
    /// unreadable, at most `maxItems`.
    static func seed(_ text: String) -> [Item] {
        /// An item as the shell writes it: what it does not say has its default.
        struct Seeded: Decodable {
            var key: String
            var owners: [ParticipantID]
            var names: [String]?
            var what: String
            var due: String?
            var session: String?
            var status: Status?
            var note: String?
        }
        guard !text.isEmpty, let tree = try? JSONParser().parse(Array(text.utf8)),
            let seeded = try? JSONValueDecoder().decode([Seeded].self, from: tree)
        else { return [] }
        return Array(
            seeded.filter { !$0.owners.isEmpty && !$0.key.isEmpty }.prefix(maxItems).map {
                Item(
                    key: $0.key, owners: $0.owners, names: $0.names ?? [], what: $0.what, due: $0.due ?? "",
                    session: $0.session ?? "", status: $0.status ?? .open, note: $0.note ?? "")
            })
    }

    public static func decide(_ intent: Intent, in state: State, context: ActivityContext) -> Result<[Event], Rejection> {
        switch intent {
        case .review(let key, let status, let note):
            guard let item = state.items.first(where: { $0.key == key }) else {
                return .failure(Rejection(.notFound, "no such action item"))
            }
            guard context.role.facilitates || (context.role == .participant && item.owners.contains(context.actor)) else {
                return .failure(.forbidden("only its owners (or a facilitator) say where an action item stands").because("not-owner"))
            }
            let trimmed = note.trimmingWhitespace
            guard trimmed.count <= maxNote else {
                return .failure(Rejection(.tooLarge, "a note has at most \(maxNote) characters").because("too-long", ["max": "\(maxNote)"]))
            }
            guard item.status != status || item.note != trimmed else { return .success([]) }
            return .success([.reviewed(key: key, status: status, note: trimmed, by: context.actor, at: context.now)])
        case .focus(let turn):
            guard context.role.facilitates else { return .failure(.forbidden("the facilitator gives the turns")) }
            if let turn, !state.turns.indices.contains(turn) { return .failure(Rejection(.notFound, "no such turn")) }
            return .success(state.current == turn ? [] : [.focused(turn: turn)])
        case .next:
            guard context.role.facilitates else { return .failure(.forbidden("the facilitator gives the turns")) }
            let next = (state.current ?? -1) + 1
            return .success([.focused(turn: state.turns.indices.contains(next) ? next : nil)])
        }
    }

    public static func apply(_ event: Event, to state: inout State) {
        switch event {
        case .reviewed(let key, let status, let note, let by, let at):
            guard let index = state.items.firstIndex(where: { $0.key == key }) else { return }
            state.items[index].status = status
            state.items[index].note = note
            state.items[index].reviewed = true
            state.reviews.append(Outcomes.Review(key: key, status: status.rawValue, note: note, by: by, at: at))
        case .focused(let turn):
            state.current = turn
        }
    }

    public static func view(of state: State, for audience: Audience) -> JSONValue {
        var view: [String: JSONValue] = [
            "items": .array(state.items.map { item in
                [
                    "key": .string(item.key), "owners": .strings(item.owners.map(\.rawValue)), "names": .strings(item.names),
                    "what": .string(item.what), "due": .string(item.due), "session": .string(item.session),
                    "status": .string(item.status.rawValue), "note": .string(item.note), "reviewed": .bool(item.reviewed),
                ]
            }),
            "turns": .array(state.turns.map { .strings($0.map(\.rawValue)) }),
        ]
        if let current = state.current { view["current"] = .int(current) }
        return .object(view)
    }

    /// Each item with where it stands now, and the note.
    public static func minutes(of state: State, locale: String) -> String? {
        guard !state.items.isEmpty else { return nil }
        var lines = [catalogue.text("minutes.heading", locale), ""]
        lines += state.items.map { item in
            let note = item.note.isEmpty ? "" : catalogue.text("minutes.note", locale, ["note": item.note.onOneLine])
            return "- \(item.what) (\(item.names.joined(separator: ", "))) — " + catalogue.text("status.\(item.status.rawValue)", locale) + note
        }
        return lines.joined(separator: "\n")
    }

    /// The reviews made in this séance.
    public static func outcomes(of state: State) -> Outcomes { Outcomes(reviews: state.reviews) }

    /// A member's notes go; the statuses stay.
    public static func erasingTexts(of participant: ParticipantID, in event: Event, author: ParticipantID?) -> Event {
        guard case .reviewed(let key, let status, _, let by, let at) = event, by == participant else { return event }
        return .reviewed(key: key, status: status, note: "", by: by, at: at)
    }

    public static let catalogue: Catalogue = [
        "fr": [
            "setting.items": "Actions à suivre (écrites par le serveur à l'ouverture de la séance)",
            "minutes.heading": "### Suivi des plans d'action",
            "minutes.note": " : {note}",
            "status.open": "à faire", "status.in-progress": "en cours", "status.done": "fait", "status.dropped": "abandonnée",
        ],
        "en": [
            "setting.items": "Action items to follow up (written by the server when the session opens)",
            "minutes.heading": "### Action plan follow-up",
            "minutes.note": ": {note}",
            "status.open": "to do", "status.in-progress": "in progress", "status.done": "done", "status.dropped": "dropped",
        ],
    ]
}

extension FollowUp.Intent: Codable {
    private enum Keys: String, CodingKey { case kind, key, status, note, turn }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: Keys.self)
        switch try container.decode(String.self, forKey: .kind) {
        case "review":
            self = .review(
                key: try container.decode(String.self, forKey: .key), status: try container.decode(FollowUp.Status.self, forKey: .status),
                note: try container.decodeIfPresent(String.self, forKey: .note) ?? "")
        case "focus": self = .focus(turn: try container.decodeIfPresent(Int.self, forKey: .turn))
        case "next": self = .next
        default:
            throw DecodingError.dataCorruptedError(forKey: .kind, in: container, debugDescription: "unknown follow-up intent")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Keys.self)
        switch self {
        case .review(let key, let status, let note):
            try container.encode("review", forKey: .kind)
            try container.encode(key, forKey: .key)
            try container.encode(status, forKey: .status)
            try container.encode(note, forKey: .note)
        case .focus(let turn):
            try container.encode("focus", forKey: .kind)
            try container.encodeIfPresent(turn, forKey: .turn)
        case .next:
            try container.encode("next", forKey: .kind)
        }
    }
}
