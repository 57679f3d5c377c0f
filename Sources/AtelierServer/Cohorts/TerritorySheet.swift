import AtelierCohort

/// The *retour au territoire*: after a session, one sheet per territory for its binôme to
/// share at home — their request if they were clients, their action items, the group's
/// lessons of the day, and to whom they passed it on. Markdown, in the cohort's language.
struct TerritorySheet {
    let cohort: Cohort
    let planned: PlannedSession
    let territory: Territory
    let ledger: CohortLedger

    private var french: Bool { cohort.locale == "fr" }
    private func say(_ fr: String, _ en: String) -> String { french ? fr : en }

    var markdown: String {
        let members = cohort.members(of: territory.id)
        var lines = [
            "# " + say("Retour au territoire — \(territory.name)", "Back to the territory — \(territory.name)"), "",
            say("- **Séance** : ", "- **Session**: ") + planned.title + (planned.date.map { " · \(Self.day($0, french: french))" } ?? ""),
        ]
        if let theme = planned.theme { lines.append(say("- **Thématique** : \(theme)", "- **Theme**: \(theme)")) }
        lines += [say("- **Cohorte** : \(cohort.name)", "- **Cohort**: \(cohort.name)")]
        if !members.isEmpty {
            lines.append(say("- **Binôme** : ", "- **Pair**: ") + members.map(\.name).joined(separator: say(" et ", " and ")))
        }
        let requests = ledger.requests.filter { $0.planned == planned.id && $0.territory == territory.id && !$0.items.isEmpty }
        if !requests.isEmpty {
            lines += ["", "## " + say("Notre demande au groupe", "Our request to the group"), ""]
            lines += requests.flatMap { $0.items.map { "- \($0)" } }
        }
        let items = ledger.items.filter { $0.planned == planned.id && $0.territory == territory.id }
        lines += ["", "## " + say("Nos actions", "Our actions"), ""]
        if items.isEmpty {
            lines.append(say("Aucune action décidée pour notre territoire lors de cette séance.", "No action decided for our territory in this session."))
        } else {
            lines += items.map { item in
                var line = "- [\(item.status == .done ? "x" : " ")] \(item.what)"
                let details = [item.due.isEmpty ? nil : say("échéance : \(item.due)", "due: \(item.due)"),
                               item.resources.isEmpty ? nil : say("moyens : \(item.resources)", "resources: \(item.resources)")].compactMap { $0 }
                if !details.isEmpty { line += " (" + details.joined(separator: say(" ; ", "; ")) + ")" }
                return line + " — " + Self.status(item.status, french: french) + (item.note.isEmpty ? "" : say(" : ", ": ") + item.note)
            }
        }
        let lessons = ledger.lessons.filter { $0.planned == planned.id }
        lines += ["", "## " + say("Constats et enseignements du groupe", "The group's findings and lessons"), ""]
        if lessons.isEmpty {
            lines.append(say("Aucun enseignement n'a été noté lors de cette séance.", "No lesson was written down in this session."))
        } else {
            var heading: String?
            for lesson in lessons {
                let title = lesson.heading.isEmpty ? lesson.frame.map { Self.frame($0, french: french) } ?? "" : lesson.heading
                if title != heading, !title.isEmpty {
                    if lines.last?.isEmpty == false { lines.append("") }
                    lines += ["### \(title)", ""]
                    heading = title
                }
                lines.append("- \(lesson.text)")
            }
        }
        lines += ["", "## " + say("Transmis à", "Passed on to"), ""]
        lines.append(cohort.shared["\(planned.id)/\(territory.id)"] ?? say("_(à compléter : à qui avons-nous transmis ce retour ?)_", "_(to fill in: to whom did we pass this on?)_"))
        return lines.joined(separator: "\n") + "\n"
    }

    static func status(_ status: ActionStatus, french: Bool) -> String {
        switch status {
        case .open: french ? "à faire" : "to do"
        case .inProgress: french ? "en cours" : "in progress"
        case .done: french ? "fait" : "done"
        case .dropped: french ? "abandonnée" : "dropped"
        }
    }

    static func frame(_ key: String, french: Bool) -> String {
        switch key {
        case "appreciation": french ? "Appréciation" : "Appreciation"
        case "expectations": french ? "Attentes" : "Expectations"
        case "learnings": french ? "Apprentissages" : "Learnings"
        case "applications": "Applications"
        default: key
        }
    }

    /// "4 janvier 2027" / "4 January 2027".
    static func day(_ text: String, french: Bool) -> String {
        guard let day = CalendarDay(text) else { return text }
        let (year, month, date) = day.civil
        let fr = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"]
        let en = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"]
        return "\(date) \((french ? fr : en)[month - 1]) \(year)"
    }
}
