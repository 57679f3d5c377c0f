/// An activity module: a value-type state machine the session engine runs for one agenda step.
///
/// `decide` validates an intent and returns the events it causes (or a rejection);
/// `apply` folds an event into the state and never fails; `view` says what each audience
/// sees. Both are pure: time, ids and randomness come only from the `ActivityContext`, so
/// folding the logged events always rebuilds the same state.
///
/// ```swift
/// enum Applause: Activity {
///     struct State: Codable, Sendable, Equatable { var claps = 0 }
///     enum Intent: Codable, Sendable, Equatable { case clap }
///     enum Event: Codable, Sendable, Equatable { case clapped(by: ParticipantID) }
///
///     static let manifest = ActivityManifest(
///         id: "applause", version: "1.0.0", names: ["fr": "Applaudissements", "en": "Applause"])
///
///     static func start(settings: ActivitySettings) -> State { State() }
///
///     static func decide(_ intent: Intent, in state: State, context: ActivityContext)
///         -> Result<[Event], Rejection> {
///         guard context.role != .observer else { return .failure(.forbidden("observers watch")) }
///         return .success([.clapped(by: context.actor)])
///     }
///
///     static func apply(_ event: Event, to state: inout State) { state.claps += 1 }
///
///     static func view(of state: State, for audience: Audience) -> JSONValue {
///         ["claps": .int(state.claps)]
///     }
/// }
/// ```
public protocol Activity: Sendable {
    /// Everything the activity remembers.
    associatedtype State: Codable & Sendable & Equatable
    /// What a client may ask for (decoded from the `intent` of an activity command).
    associatedtype Intent: Codable & Sendable & Equatable
    /// What happened; logged, replayed, never refused.
    associatedtype Event: Codable & Sendable & Equatable

    /// The static description: id, names, roles, settings.
    static var manifest: ActivityManifest { get }

    /// Its user-facing strings (minutes, labels) in French and English; none by default.
    static var catalogue: Catalogue { get }

    /// The state when the step is created from validated settings.
    static func start(settings: ActivitySettings) -> State

    /// Validates `intent` and returns its events, or why it is refused. Pure.
    static func decide(_ intent: Intent, in state: State, context: ActivityContext) -> Result<[Event], Rejection>

    /// Folds one event into the state. Total: never fails, never re-validates.
    static func apply(_ event: Event, to state: inout State)

    /// What an audience sees. Observers must never see secret parts.
    static func view(of state: State, for audience: Audience) -> JSONValue

    /// What only `participant` sees (their own ballot, private notes), or nil.
    static func privateView(of state: State, for participant: ParticipantID) -> JSONValue?

    /// A Markdown section for the session's minutes in `locale` ("fr", "en"), or nil.
    static func minutes(of state: State, locale: String) -> String?

    /// The minutes section with members' display names at hand (`names[id]`); by default
    /// `minutes(of:locale:)`. Activities that mention people implement this one.
    static func minutes(of state: State, locale: String, names: [ParticipantID: String]) -> String?

    /// The events that take `member` out of what the state counts (a "ready" mark, a place
    /// in a queue) when they stop taking part: removed from the session, or no longer a
    /// participant. What they wrote stays. None by default.
    static func forgetting(_ member: ParticipantID, in state: State) -> [Event]

    /// `forgetting(_:in:)` knowing the session's time (a speaker who leaves mid-turn spoke
    /// until `now`); by default the untimed one. The engine calls this one.
    static func forgetting(_ member: ParticipantID, in state: State, at now: Int64) -> [Event]

    /// The events that bring `member` into what the state counts (a place at the end of a
    /// running round's queue) when they start taking part: joined as a participant, or
    /// became one. None by default.
    static func welcoming(_ member: ParticipantID, in state: State, at now: Int64) -> [Event]

    /// When the activity next wants to hear the time (the end of a speaker's timebox), in
    /// session milliseconds, or nil. The shell wakes the session then.
    static func alarm(of state: State) -> Int64?

    /// The events time passing causes at `now`, once `now` has reached `alarm(of:)` (a
    /// timebox running out). None by default.
    static func clockReached(_ now: Int64, in state: State) -> [Event]

    /// What people contributed (cards, questions, proposals, actions…), in order, for the
    /// session's contributions export (CSV). None by default.
    static func contributions(of state: State) -> [Contribution]

    /// What the step leaves for a cohort: requests, commitments, lessons. None by default.
    static func outcomes(of state: State) -> Outcomes

    /// The activity's data as a JSON file for the trainer to download (a closed vote's
    /// ballots file, for `atelier tally`), or nil. Nothing in it may be private.
    static func export(of state: State) -> JSONValue?

    /// Whether `event` holds something nobody may link to its sender (a secret ballot):
    /// the session stores it without who sent it, and exports leave its content out.
    /// False by default; an activity that says true declares `hasSealedEvents`.
    static func isSealed(_ event: Event) -> Bool

    /// The event with `participant`'s free texts removed (erasure on request); `author` is
    /// who caused it. Identifiers must stay, so the log still replays.
    static func erasingTexts(of participant: ParticipantID, in event: Event, author: ParticipantID?) -> Event
}

extension Activity {
    /// No strings by default.
    public static var catalogue: Catalogue { [:] }

    /// No private views by default.
    public static func privateView(of state: State, for participant: ParticipantID) -> JSONValue? { nil }

    /// No minutes section by default.
    public static func minutes(of state: State, locale: String) -> String? { nil }

    /// The section without names, by default.
    public static func minutes(of state: State, locale: String, names: [ParticipantID: String]) -> String? {
        minutes(of: state, locale: locale)
    }

    /// Nothing to forget by default.
    public static func forgetting(_ member: ParticipantID, in state: State) -> [Event] { [] }

    /// The untimed hook, by default.
    public static func forgetting(_ member: ParticipantID, in state: State, at now: Int64) -> [Event] {
        forgetting(member, in: state)
    }

    /// Nobody to welcome by default.
    public static func welcoming(_ member: ParticipantID, in state: State, at now: Int64) -> [Event] { [] }

    /// No alarm by default.
    public static func alarm(of state: State) -> Int64? { nil }

    /// Time changes nothing by default.
    public static func clockReached(_ now: Int64, in state: State) -> [Event] { [] }

    /// No contributions by default.
    public static func contributions(of state: State) -> [Contribution] { [] }

    /// No outcomes by default.
    public static func outcomes(of state: State) -> Outcomes { Outcomes() }

    /// Nothing to export by default.
    public static func export(of state: State) -> JSONValue? { nil }

    /// Nothing sealed by default.
    public static func isSealed(_ event: Event) -> Bool { false }

    /// No free texts by default: events are kept as they are.
    public static func erasingTexts(of participant: ParticipantID, in event: Event, author: ParticipantID?) -> Event {
        event
    }
}

/// One thing a member contributed, as the contributions export lists it.
public struct Contribution: Sendable, Equatable {
    /// What it is, as a short stable word ("question", "card", "proposal", "action").
    public let kind: String
    /// Who wrote it (nil: nobody in particular).
    public let author: ParticipantID?
    /// Its text.
    public let text: String
    /// What else it carries (an answer, a heading, its dots), in the session's words.
    public let detail: String

    /// Creates a contribution.
    public init(kind: String, author: ParticipantID?, text: String, detail: String = "") {
        self.kind = kind
        self.author = author
        self.text = text
        self.detail = detail
    }
}
