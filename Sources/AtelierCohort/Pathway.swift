import AtelierKit

/// A pathway (*parcours*): the sequence of thematic sessions a cohort follows, as written
/// in `config/pathways/*.yaml`. Applying it to a cohort appends its sessions to the plan,
/// dated from the cohort's start when it has one.
public struct Pathway: Sendable, Equatable, Codable {
    /// One session of the pathway.
    public struct Session: Sendable, Equatable, Codable {
        /// Its title.
        public var title: String
        /// The theme it covers: a number in `themes`, from 1.
        public var theme: Int?
        /// The template it is created from (default: the pathway's `template`).
        public var template: String?
        /// Co-development cases (absent: the template's own count).
        public var cases: Int?
        /// The week of the programme it falls in, from 1.
        public var week: Int?

        /// Creates a session entry.
        public init(title: String, theme: Int? = nil, template: String? = nil, cases: Int? = nil, week: Int? = nil) {
            self.title = title
            self.theme = theme
            self.template = template
            self.cases = cases
            self.week = week
        }
    }

    /// Stable id (the file name without extension).
    public var id: String
    /// Its name.
    public var title: String
    /// "fr" or "en".
    public var locale: String
    /// A sentence for the console.
    public var description: String?
    /// The template every session uses unless it names its own.
    public var template: String
    /// The themes (*thématiques*), in the seed's own words.
    public var themes: [String]
    /// The sessions, in order.
    public var sessions: [Session]

    /// Creates a pathway.
    public init(
        id: String, title: String, locale: String, description: String? = nil, template: String, themes: [String],
        sessions: [Session]
    ) {
        self.id = id
        self.title = title
        self.locale = locale
        self.description = description
        self.template = template
        self.themes = themes
        self.sessions = sessions
    }

    /// Most sessions in a pathway, and most themes.
    public static let maxSessions = 60
    public static let maxThemes = 30
    /// Most co-development cases in one session.
    public static let maxCases = 4

    /// The first problem found, naming its key (`sessions[3].theme: …`), given the
    /// templates that exist; nil when the pathway is sound.
    public func problem(knownTemplates: Set<String>) -> String? {
        if CohortText.clean(title, max: 200) == nil { return "title: 1 to 200 printable characters" }
        if !["fr", "en"].contains(locale) { return "locale: fr or en" }
        if !knownTemplates.contains(template) { return "template: no template \(template.prefix(60))" }
        if themes.isEmpty || themes.count > Self.maxThemes { return "themes: 1 to \(Self.maxThemes) themes" }
        for (index, theme) in themes.enumerated() where CohortText.clean(theme, max: 200) == nil {
            return "themes[\(index)]: 1 to 200 printable characters"
        }
        if sessions.isEmpty || sessions.count > Self.maxSessions { return "sessions: 1 to \(Self.maxSessions) sessions" }
        var lastWeek = 0
        for (index, session) in sessions.enumerated() {
            let key = "sessions[\(index)]"
            if CohortText.clean(session.title, max: 200) == nil { return "\(key).title: 1 to 200 printable characters" }
            if let theme = session.theme, !(1...themes.count).contains(theme) {
                return "\(key).theme: no theme \(theme) (themes are numbered 1 to \(themes.count))"
            }
            if let template = session.template, !knownTemplates.contains(template) {
                return "\(key).template: no template \(template.prefix(60))"
            }
            if let cases = session.cases, !(1...Self.maxCases).contains(cases) {
                return "\(key).cases: 1 to \(Self.maxCases)"
            }
            if let week = session.week {
                guard (1...520).contains(week) else { return "\(key).week: 1 to 520" }
                guard week >= lastWeek else { return "\(key).week: \(week) comes before the previous session's week \(lastWeek)" }
                lastWeek = week
            }
        }
        return nil
    }

    /// The theme's words for a session, if it has one.
    public func theme(of session: Session) -> String? {
        session.theme.flatMap { themes.indices.contains($0 - 1) ? themes[$0 - 1] : nil }
    }
}
