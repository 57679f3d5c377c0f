import AtelierCohort

/// The cohort's *constats et enseignements*: every lesson of its séances grouped by theme,
/// then each territory's page (its profile, its *fiche d'expérience*, what it learned, the
/// requests it brought and its actions). Markdown, in the cohort's language.
struct Capitalisation {
    let cohort: Cohort
    let ledger: CohortLedger

    private var french: Bool { cohort.locale == "fr" }
    private func say(_ fr: String, _ en: String) -> String { french ? fr : en }

    var markdown: String {
        var lines = ["# " + say("Constats et enseignements — \(cohort.name)", "Findings and lessons — \(cohort.name)"), ""]
        let held = cohort.plan.filter { $0.sessionID != nil }
        lines.append(say("Séances tenues : \(held.count) sur \(cohort.plan.count) prévues · territoires : \(cohort.territories.count)",
                         "Sessions held: \(held.count) of \(cohort.plan.count) planned · territories: \(cohort.territories.count)"))
        lines += ["", "## " + say("Par thématique", "By theme")]
        let themes = orderedThemes()
        if ledger.lessons.isEmpty { lines += ["", say("Aucun enseignement n'a encore été noté.", "No lesson has been written down yet.")] }
        for theme in themes {
            let lessons = ledger.lessons.filter { $0.theme == theme }
            guard !lessons.isEmpty else { continue }
            lines += ["", "### " + (theme ?? say("Sans thématique", "No theme")), ""]
            lines += lessons.map { "- \($0.text)" + source(of: $0) }
        }
        lines += ["", "## " + say("Par territoire", "By territory")]
        for territory in cohort.territories { lines += page(of: territory) }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The themes in the plan's order, then "no theme" when some lessons have none.
    private func orderedThemes() -> [String?] {
        var themes: [String?] = []
        for planned in cohort.plan where !themes.contains(planned.theme) { themes.append(planned.theme) }
        if let index = themes.firstIndex(of: nil) { themes.append(themes.remove(at: index)) }
        return themes
    }

    /// " — Awa (Pays d'Aix), Séance 3".
    private func source(of lesson: CohortLedger.Lesson) -> String {
        let who = lesson.authorName.map { name in name + (lesson.territory.flatMap { cohort.territory($0)?.name }.map { " (\($0))" } ?? "") }
        let session = cohort.planned(lesson.planned)?.title
        let parts = [who, session].compactMap { $0 }
        return parts.isEmpty ? "" : " — _" + parts.joined(separator: ", ") + "_"
    }

    private func page(of territory: Territory) -> [String] {
        var lines = ["", "### \(territory.name)", ""]
        let profile = [territory.profile.region, territory.profile.kind, territory.profile.structure].filter { !$0.isEmpty }
        if !profile.isEmpty { lines.append("- " + profile.joined(separator: " · ")) }
        let members = cohort.members(of: territory.id).map(\.name)
        if !members.isEmpty { lines.append(say("- **Binôme** : ", "- **Pair**: ") + members.joined(separator: say(" et ", " and "))) }
        if let kept = cohort.records[territory.id], !kept.record.isEmpty {
            let record = kept.record
            lines += ["", "#### " + say("Fiche d'expérience", "Experience record")]
            let reviewed = kept.reviewedIn.flatMap { cohort.planned($0)?.title }
            if let reviewed { lines += ["", say("_Relue en séance : \(reviewed)_", "_Reviewed in session: \(reviewed)_")] }
            for (title, text) in [
                (say("Position dans l'écosystème local", "Place in the local ecosystem"), record.ecosystem),
                (say("Modèle socio-économique", "Socio-economic model"), record.model),
                (say("Gouvernance", "Governance"), record.governance),
                (say("Ce qui a été essayé", "What was tried"), record.tried),
                (say("Ce qui a été appris", "What was learned"), record.learned),
            ] where !text.isEmpty {
                lines += ["", "**\(title)**", "", text]
            }
            if let maturity = record.maturity {
                lines += ["", "**" + say("Stade de maturité** : ", "Stage of maturity**: ") + Self.maturity(maturity, french: french)]
            }
            if !record.themes.isEmpty {
                lines += ["", "**" + say("Thématiques liées** : ", "Related themes**: ") + record.themes.joined(separator: " · ")]
            }
        }
        let lessons = ledger.lessons.filter { $0.territory == territory.id }
        if !lessons.isEmpty {
            lines += ["", "#### " + say("Ses enseignements", "Its lessons"), ""]
            lines += lessons.map { "- \($0.text)" + (cohort.planned($0.planned).map { " — _\($0.title)_" } ?? "") }
        }
        let requests = ledger.requests.filter { $0.territory == territory.id && !$0.items.isEmpty }
        if !requests.isEmpty {
            lines += ["", "#### " + say("Ses demandes au groupe", "Its requests to the group"), ""]
            lines += requests.flatMap { request in request.items.map { "- \($0)" + (cohort.planned(request.planned).map { " — _\($0.title)_" } ?? "") } }
        }
        let items = ledger.items.filter { $0.territory == territory.id }
        if !items.isEmpty {
            lines += ["", "#### " + say("Ses actions", "Its actions"), ""]
            lines += items.map { "- \($0.what) — " + TerritorySheet.status($0.status, french: french) + ($0.note.isEmpty ? "" : say(" : ", ": ") + $0.note) }
        }
        return lines
    }

    static func maturity(_ maturity: ExperienceRecord.Maturity, french: Bool) -> String {
        switch maturity {
        case .emergence: french ? "émergence" : "emergence"
        case .structuring: french ? "structuration" : "structuring"
        case .consolidation: "consolidation"
        case .spreading: french ? "essaimage" : "spreading"
        }
    }
}
