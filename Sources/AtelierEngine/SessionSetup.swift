import AtelierKit
import Foundation

/// A step of the agenda: a title, an activity with validated settings, a timebox.
public struct AgendaStep: Sendable, Equatable, Codable {
    /// Shown in the agenda.
    public let title: String
    /// The activity's id.
    public let activity: String
    /// Validated settings.
    public let settings: ActivitySettings
    /// The default timer for the step, in seconds (0: no timebox).
    public let timeboxSeconds: Int

    /// Creates a step.
    public init(title: String, activity: String, settings: ActivitySettings, timeboxSeconds: Int) {
        self.title = title
        self.activity = activity
        self.settings = settings
        self.timeboxSeconds = timeboxSeconds
    }
}

/// A session template as read from `config/templates/*.yaml`, before validation.
public struct SessionTemplate: Sendable, Equatable, Codable {
    /// One step as written in the template.
    public struct Step: Sendable, Equatable, Codable {
        /// Title shown in the agenda.
        public var title: String
        /// Activity id.
        public var activity: String
        /// Minutes for the step's timer (may be fractional), 0 or absent for none.
        public var timebox_minutes: Double?
        /// Settings for the activity.
        public var settings: [String: JSONValue]?

        /// Creates a step.
        public init(title: String, activity: String, timebox_minutes: Double? = nil, settings: [String: JSONValue]? = nil) {
            self.title = title
            self.activity = activity
            self.timebox_minutes = timebox_minutes
            self.settings = settings
        }
    }

    /// Stable id (the file name without extension).
    public var id: String
    /// Session title.
    public var title: String
    /// "fr" or "en".
    public var locale: String
    /// A sentence for the console's template picker.
    public var description: String?
    /// The agenda.
    public var agenda: [Step]

    /// Creates a template.
    public init(id: String, title: String, locale: String, description: String? = nil, agenda: [Step]) {
        self.id = id
        self.title = title
        self.locale = locale
        self.description = description
        self.agenda = agenda
    }

    /// Longest title, in characters.
    public static let maxTitle = 200
    /// Most steps in an agenda.
    public static let maxSteps = 100

    /// Validates the template against the registry and returns the agenda.
    public func validatedAgenda(registry: ActivityRegistry) -> Result<[AgendaStep], Rejection> {
        guard !agenda.isEmpty else { return .failure(.badRequest("template \(id): the agenda is empty")) }
        guard agenda.count <= Self.maxSteps else {
            return .failure(Rejection(.tooLarge, "template \(id): more than \(Self.maxSteps) steps"))
        }
        guard ["fr", "en"].contains(locale) else {
            return .failure(.badRequest("template \(id): locale must be fr or en"))
        }
        var steps: [AgendaStep] = []
        for (index, step) in agenda.enumerated() {
            guard let driver = registry.driver(step.activity) else {
                return .failure(.badRequest("template \(id), step \(index + 1): unknown activity \(step.activity)"))
            }
            let title = step.title.trimmingCharacters(in: .whitespacesAndNewlines)
            guard !title.isEmpty, title.count <= Self.maxTitle else {
                return .failure(.badRequest("template \(id), step \(index + 1): a title of 1 to \(Self.maxTitle) characters is needed"))
            }
            let minutes = step.timebox_minutes ?? 0
            guard minutes >= 0, minutes <= 24 * 60 else {
                return .failure(.badRequest("template \(id), step \(index + 1): timebox_minutes must be between 0 and 1440"))
            }
            switch ActivitySettings.validated(step.settings ?? [:], against: driver.manifest.settings) {
            case .failure(let rejection):
                return .failure(Rejection(rejection.code, "template \(id), step \(index + 1): \(rejection.message)"))
            case .success(let settings):
                steps.append(
                    AgendaStep(title: title, activity: step.activity, settings: settings, timeboxSeconds: Int((minutes * 60).rounded())))
            }
        }
        return .success(steps)
    }
}

/// Everything fixed when a session is created; the first event of every log carries it.
public struct SessionSetup: Sendable, Equatable, Codable {
    /// Session id (chosen by the shell).
    public let id: String
    /// Title.
    public let title: String
    /// "fr" or "en".
    public let locale: String
    /// The template it came from.
    public let templateID: String
    /// The code participants type to join.
    public let joinCode: String
    /// Hash of the facilitator invite credential (the credential itself is never stored).
    public let facilitatorKeyHash: String
    /// The agenda.
    public let agenda: [AgendaStep]
    /// Most members (all roles) the session accepts.
    public let maxParticipants: Int
    /// The cohort the session belongs to, if any: its members enter with their personal
    /// link and keep their id (`SystemCommand.enter`).
    public let cohort: SessionCohort?

    /// Creates a setup.
    public init(
        id: String, title: String, locale: String, templateID: String, joinCode: String, facilitatorKeyHash: String,
        agenda: [AgendaStep], maxParticipants: Int, cohort: SessionCohort? = nil
    ) {
        self.id = id
        self.title = title
        self.locale = locale
        self.templateID = templateID
        self.joinCode = joinCode
        self.facilitatorKeyHash = facilitatorKeyHash
        self.agenda = agenda
        self.maxParticipants = maxParticipants
        self.cohort = cohort
    }
}

/// What a session keeps of its cohort: which cohort and planned session it is, and the
/// territories with their members as they were when it was created.
public struct SessionCohort: Sendable, Equatable, Codable {
    /// A territory and its members' ids (their participant ids in the session).
    public struct Territory: Sendable, Equatable, Codable {
        /// The territory's id in the cohort.
        public let id: String
        /// Its name.
        public let name: String
        /// Its members.
        public let members: [ParticipantID]

        /// Creates a territory.
        public init(id: String, name: String, members: [ParticipantID]) {
            self.id = id
            self.name = name
            self.members = members
        }
    }

    /// The cohort's id.
    public let id: String
    /// The planned session this one holds.
    public let planned: String
    /// The cohort's name.
    public let name: String
    /// The territories.
    public let territories: [Territory]

    /// Creates a link.
    public init(id: String, planned: String, name: String, territories: [Territory]) {
        self.id = id
        self.planned = planned
        self.name = name
        self.territories = territories
    }
}
