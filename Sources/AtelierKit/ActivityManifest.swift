/// What an activity declares about itself before any of its code runs.
public struct ActivityManifest: Sendable, Equatable, Codable {
    /// Stable id, also the name of its folder in the web client ("briefing" → web/activities/briefing/index.js).
    public let id: String
    /// Semantic version of the activity's state and event formats.
    public let version: String
    /// Display names by locale ("fr", "en").
    public let names: [String: String]
    /// The activity's own roles (e.g. "client", "consultant"), with display names.
    public let roles: [ActivityRole]
    /// The settings a template may give, with defaults and limits.
    public let settings: [SettingSpec]
    /// Whether the activity has per-participant private views (asked for each participant).
    public let hasPrivateViews: Bool
    /// Whether some of its events are sealed (`Activity.isSealed`): only then does the
    /// session look at each event to store it without its sender.
    public let hasSealedEvents: Bool

    /// Creates a manifest.
    public init(
        id: String, version: String, names: [String: String], roles: [ActivityRole] = [],
        settings: [SettingSpec] = [], hasPrivateViews: Bool = false, hasSealedEvents: Bool = false
    ) {
        self.id = id
        self.version = version
        self.names = names
        self.roles = roles
        self.settings = settings
        self.hasPrivateViews = hasPrivateViews
        self.hasSealedEvents = hasSealedEvents
    }

    /// The browser module that renders this activity.
    public var clientModule: String { "/activities/\(id)/index.js" }
}

/// A role that exists only inside one activity.
public struct ActivityRole: Sendable, Equatable, Codable {
    /// Stable id ("client").
    public let id: String
    /// Display names by locale.
    public let names: [String: String]

    /// Creates a role.
    public init(id: String, names: [String: String]) {
        self.id = id
        self.names = names
    }
}

/// One setting an activity accepts, with its default and limits.
public struct SettingSpec: Sendable, Equatable, Codable {
    /// The kinds of value a setting may hold.
    public enum Kind: Sendable, Equatable, Codable {
        /// Text up to `maxLength` characters.
        case text(maxLength: Int)
        /// An integer between the bounds.
        case integer(min: Int, max: Int)
        /// True or false.
        case boolean
        /// One of the listed choices.
        case choice([String])
    }

    /// The key in the template ("instructions").
    public let key: String
    /// What it holds.
    public let kind: Kind
    /// Its value when the template gives none.
    public let defaultValue: JSONValue
    /// Labels by locale, for the trainer console.
    public let names: [String: String]
    /// The key of a text setting whose lines are offered when a session is created: the
    /// trainer picks one (a theme among the step's themes) and it becomes this setting's
    /// value. Nil: set by the template only.
    public let chosenFrom: String?

    /// Creates a setting.
    public init(
        key: String, kind: Kind, defaultValue: JSONValue, names: [String: String] = [:], chosenFrom: String? = nil
    ) {
        self.key = key
        self.kind = kind
        self.defaultValue = defaultValue
        self.names = names
        self.chosenFrom = chosenFrom
    }

    /// The choices `settings` offer for this setting at creation: the lines of its
    /// `chosenFrom` setting, when there are at least two and the template left it empty.
    public func choices(in settings: ActivitySettings) -> [String] {
        guard let source = chosenFrom, settings.text(key).isEmpty else { return [] }
        let lines = settings.text(source).split(whereSeparator: \.isNewline)
            .map { String($0).trimmingWhitespace }.filter { !$0.isEmpty }
        return lines.count >= 2 ? lines : []
    }

    /// Checks a value against the kind; returns the value or why it is refused.
    public func validate(_ value: JSONValue) -> Result<JSONValue, Rejection> {
        switch kind {
        case .text(let maxLength):
            guard let text = value.stringValue else { return .failure(.badRequest("setting \(key) must be text")) }
            guard text.count <= maxLength else {
                return .failure(Rejection(.tooLarge, "setting \(key) is longer than \(maxLength) characters"))
            }
        case .integer(let min, let max):
            guard let number = value.intValue, (min...max).contains(number) else {
                return .failure(.badRequest("setting \(key) must be an integer between \(min) and \(max)"))
            }
            return .success(.int(number))
        case .boolean:
            guard value.boolValue != nil else { return .failure(.badRequest("setting \(key) must be true or false")) }
        case .choice(let choices):
            guard let text = value.stringValue, choices.contains(text) else {
                return .failure(.badRequest("setting \(key) must be one of \(choices.joined(separator: ", "))"))
            }
        }
        return .success(value)
    }
}

/// Validated settings for one activity instance: every declared key has a value.
public struct ActivitySettings: Sendable, Equatable, Codable {
    /// The values by key.
    public let values: [String: JSONValue]

    /// Validates `given` against `specs`, filling defaults; unknown keys are refused.
    public static func validated(_ given: [String: JSONValue], against specs: [SettingSpec]) -> Result<
        ActivitySettings, Rejection
    > {
        var values: [String: JSONValue] = [:]
        let known = Set(specs.map(\.key))
        if let unknown = given.keys.sorted().first(where: { !known.contains($0) }) {
            return .failure(.badRequest("unknown setting \(unknown)"))
        }
        for spec in specs {
            switch spec.validate(given[spec.key] ?? spec.defaultValue) {
            case .success(let value): values[spec.key] = value
            case .failure(let rejection): return .failure(rejection)
            }
        }
        return .success(ActivitySettings(values: values))
    }

    /// Settings from already-validated values (tests, decoding).
    public init(values: [String: JSONValue]) { self.values = values }

    /// A text setting ("" when absent).
    public func text(_ key: String) -> String { values[key]?.stringValue ?? "" }
    /// An integer setting (0 when absent).
    public func integer(_ key: String) -> Int { values[key]?.intValue ?? 0 }
    /// A boolean setting (false when absent).
    public func boolean(_ key: String) -> Bool { values[key]?.boolValue ?? false }

    /// These settings with `key` set to `value` (already validated by the caller).
    public func setting(_ key: String, to value: JSONValue) -> ActivitySettings {
        var values = values
        values[key] = value
        return ActivitySettings(values: values)
    }
}
