import AtelierKit

/// A territory's *fiche d'expérience*: what its binôme writes about its practice, for the
/// cohort's capitalisation of *constats et enseignements*. Co-written by the binôme (each
/// edit names the version it started from, so neither overwrites the other unknowingly)
/// and reviewed in a séance.
public struct ExperienceRecord: Sendable, Equatable, Codable {
    /// How far along the practice is: evaluation must fit maturity.
    public enum Maturity: String, Sendable, Equatable, Codable, CaseIterable {
        case emergence, structuring = "structuration", consolidation, spreading = "essaimage"
    }

    /// The territory's place in its local ecosystem.
    public var ecosystem: String = ""
    /// Its socio-economic model.
    public var model: String = ""
    /// Its governance.
    public var governance: String = ""
    /// Its stage of maturity, once said.
    public var maturity: Maturity?
    /// What was tried.
    public var tried: String = ""
    /// What was learned.
    public var learned: String = ""
    /// The themes (*thématiques*) it relates to.
    public var themes: [String] = []

    /// An empty record.
    public init() {}

    /// Creates a record.
    public init(
        ecosystem: String, model: String, governance: String, maturity: Maturity?, tried: String, learned: String,
        themes: [String]
    ) {
        self.ecosystem = ecosystem
        self.model = model
        self.governance = governance
        self.maturity = maturity
        self.tried = tried
        self.learned = learned
        self.themes = themes
    }

    /// Longest field, most themes.
    public static let maxField = 4000
    public static let maxThemes = 12

    /// The record cleaned (paragraphs kept, themes trimmed and unique), or a refusal naming
    /// the first field that is too long.
    public func cleaned() -> Result<ExperienceRecord, Rejection> {
        var clean = self
        for (key, path) in [("ecosystem", \ExperienceRecord.ecosystem), ("model", \.model), ("governance", \.governance),
                            ("tried", \.tried), ("learned", \.learned)] as [(String, WritableKeyPath<ExperienceRecord, String>)] {
            let text = self[keyPath: path]
            if text.allSatisfy(\.isWhitespace) {
                clean[keyPath: path] = ""
            } else if let paragraphs = CohortText.cleanParagraphs(text, max: Self.maxField) {
                clean[keyPath: path] = paragraphs
            } else {
                return .failure(Rejection(.tooLarge, "\(key): at most \(Self.maxField) characters"))
            }
        }
        var themes: [String] = []
        for theme in self.themes {
            guard let text = CohortText.clean(theme, max: 200) else { continue }
            if !themes.contains(text) { themes.append(text) }
        }
        guard themes.count <= Self.maxThemes else { return .failure(Rejection(.tooLarge, "themes: at most \(Self.maxThemes)")) }
        clean.themes = themes
        return .success(clean)
    }

    /// Whether nothing is written.
    public var isEmpty: Bool {
        ecosystem.isEmpty && model.isEmpty && governance.isEmpty && maturity == nil && tried.isEmpty && learned.isEmpty
            && themes.isEmpty
    }
}

/// A territory's record as the cohort keeps it: the text, its version, who last wrote it,
/// and the séance it was reviewed in.
public struct TerritoryRecord: Sendable, Equatable, Codable {
    public var record: ExperienceRecord
    /// How many edits it has had (an edit must name the version it started from).
    public var version: Int
    /// Who wrote last ("trainer" or a member id), and when (ms since 1970).
    public var updatedBy: String
    public var updatedAt: Int64
    /// The planned séance it was last reviewed in, if any.
    public var reviewedIn: String?
}
