import AtelierKit

/// One activity type with its associated types erased, so a session can hold many kinds.
///
/// Intents and events cross this boundary as `JSONValue` (the form they take on the wire
/// and in the log); states stay typed inside an `ActivityState` box. A class: looking a
/// driver up for every command retains one reference, not each of its closures.
public final class ActivityDriver: Sendable {
    /// The activity's manifest.
    public let manifest: ActivityManifest
    let start: @Sendable (ActivitySettings) -> ActivityState
    /// Decides an intent; each event comes as JSON and as the typed value it was made from.
    let decide: @Sendable (ActivityState, JSONValue, ActivityContext) -> Result<[(json: JSONValue, typed: any Sendable)], Rejection>
    /// Applies an event, decoding its JSON unless the already decoded event is given.
    let apply: @Sendable (inout ActivityState, JSONValue, (any Sendable)?) -> Void
    let view: @Sendable (ActivityState, Audience) -> JSONValue
    let privateView: @Sendable (ActivityState, ParticipantID) -> JSONValue?
    let minutes: @Sendable (ActivityState, String, [ParticipantID: String]) -> String?
    let decodeState: @Sendable (JSONValue) throws -> ActivityState
    let eraseTexts: @Sendable (ParticipantID, JSONValue, ParticipantID?) throws -> JSONValue
    /// The events (as JSON) that forget a member who stopped taking part.
    let forget: @Sendable (ActivityState, ParticipantID, Int64) throws -> [JSONValue]
    /// The events (as JSON) that welcome a member who starts taking part.
    let welcome: @Sendable (ActivityState, ParticipantID, Int64) throws -> [JSONValue]
    /// When the activity next wants to hear the time.
    let alarm: @Sendable (ActivityState) -> Int64?
    /// The events (as JSON) time passing causes.
    let clockReached: @Sendable (ActivityState, Int64) throws -> [JSONValue]
    /// Whether an event (as JSON) is sealed: stored without its sender, exported without content.
    let isSealed: @Sendable (JSONValue) -> Bool
    /// What people contributed, for the contributions export.
    let contributions: @Sendable (ActivityState) -> [Contribution]
    /// What the step leaves for a cohort (requests, commitments, lessons).
    let outcomes: @Sendable (ActivityState) -> Outcomes
    /// The activity's downloadable file, if it has one now.
    let export: @Sendable (ActivityState) -> JSONValue?

    /// Wraps an activity type.
    public init<A: Activity>(_ activity: A.Type) {
        let id = A.manifest.id
        manifest = A.manifest
        start = { ActivityState(activityID: id, value: A.start(settings: $0)) }
        decide = { state, intent, context in
            guard let typed = state.value as? A.State else { return .failure(Rejection(.internal, "state mismatch")) }
            let decoded: A.Intent
            do {
                decoded = try JSONCoding.value(A.Intent.self, from: intent)
            } catch {
                return .failure(.badRequest("not a valid \(id) intent"))
            }
            switch A.decide(decoded, in: typed, context: context) {
            case .failure(let rejection):
                return .failure(rejection.namespaced(id))
            case .success(let events):
                do {
                    return .success(try events.map { (json: try JSONCoding.tree($0), typed: $0) })
                } catch {
                    return .failure(Rejection(.internal, "an event of \(id) could not be encoded"))
                }
            }
        }
        apply = { state, event, known in
            // Total: an event that does not decode (a log from a future version) changes nothing.
            guard var typed = state.value as? A.State,
                let decoded = (known as? A.Event) ?? (try? JSONCoding.value(A.Event.self, from: event))
            else { return }
            // Let go of the boxed copy first, so that `typed` is the only owner of its
            // storage and the activity changes it in place instead of copying it.
            state = ActivityState(activityID: id, value: JSONValue.null)
            A.apply(decoded, to: &typed)
            state = ActivityState(activityID: id, value: typed)
        }
        view = { state, audience in
            guard let typed = state.value as? A.State else { return .null }
            return A.view(of: typed, for: audience)
        }
        privateView = { state, participant in
            guard let typed = state.value as? A.State else { return nil }
            return A.privateView(of: typed, for: participant)
        }
        minutes = { state, locale, names in
            guard let typed = state.value as? A.State else { return nil }
            return A.minutes(of: typed, locale: locale, names: names)
        }
        forget = { state, member, now in
            guard let typed = state.value as? A.State else { return [] }
            return try A.forgetting(member, in: typed, at: now).map { try JSONCoding.tree($0) }
        }
        welcome = { state, member, now in
            guard let typed = state.value as? A.State else { return [] }
            return try A.welcoming(member, in: typed, at: now).map { try JSONCoding.tree($0) }
        }
        alarm = { state in (state.value as? A.State).flatMap(A.alarm(of:)) }
        clockReached = { state, now in
            guard let typed = state.value as? A.State else { return [] }
            return try A.clockReached(now, in: typed).map { try JSONCoding.tree($0) }
        }
        isSealed = { event in (try? JSONCoding.value(A.Event.self, from: event)).map(A.isSealed) ?? false }
        export = { state in (state.value as? A.State).flatMap(A.export(of:)) }
        contributions = { state in (state.value as? A.State).map(A.contributions(of:)) ?? [] }
        outcomes = { state in (state.value as? A.State).map(A.outcomes(of:)) ?? Outcomes() }
        decodeState = { tree in ActivityState(activityID: id, value: try JSONCoding.value(A.State.self, from: tree)) }
        eraseTexts = { participant, event, author in
            // An event this build cannot read (a log from a future version) is kept as it is.
            guard let decoded = try? JSONCoding.value(A.Event.self, from: event) else { return event }
            return try JSONCoding.tree(A.erasingTexts(of: participant, in: decoded, author: author))
        }
    }
}

/// The state of one activity instance, typed inside, comparable and encodable outside.
public struct ActivityState: Sendable, Equatable {
    /// Which activity it belongs to.
    public let activityID: String
    let value: any Sendable & Equatable & Codable

    init(activityID: String, value: any Sendable & Equatable & Codable) {
        self.activityID = activityID
        self.value = value
    }

    public static func == (lhs: ActivityState, rhs: ActivityState) -> Bool {
        func equals<T: Equatable>(_ left: T) -> Bool { (rhs.value as? T) == left }
        return lhs.activityID == rhs.activityID && equals(lhs.value)
    }

    /// The state as a JSON tree (snapshots); throws when it cannot be encoded.
    public func tree() throws -> JSONValue { try JSONCoding.tree(AnyEncodable(value)) }
}

private struct AnyEncodable: Encodable {
    let base: any Encodable
    init(_ base: any Encodable) { self.base = base }
    func encode(to encoder: any Encoder) throws { try base.encode(to: encoder) }
}

/// The one list of activities the server knows, by id.
public struct ActivityRegistry: Sendable {
    private let drivers: [String: ActivityDriver]

    /// A registry of the given activity types.
    public init(_ activities: [any Activity.Type]) {
        var drivers: [String: ActivityDriver] = [:]
        for activity in activities {
            let driver = Self.driver(for: activity)
            drivers[driver.manifest.id] = driver
        }
        self.drivers = drivers
    }

    private static func driver<A: Activity>(for activity: A.Type) -> ActivityDriver { ActivityDriver(activity) }

    /// The driver for an activity id.
    public func driver(_ id: String) -> ActivityDriver? { drivers[id] }

    /// Every manifest, by id order.
    public var manifests: [ActivityManifest] { drivers.values.map(\.manifest).sorted { $0.id < $1.id } }
}
