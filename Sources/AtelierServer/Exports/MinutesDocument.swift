import AtelierEngine
import AtelierKit
import Foundation

/// The minutes (*compte-rendu*) a trainer sends the group, in the session's locale: the
/// title, the date and times, who took part (pseudonyms after erasure), the agenda as it
/// actually ran (when each step began and how long it lasted), then each activity's
/// section. Available during the session: a step still running lasts "until now".
struct MinutesDocument {
    let state: SessionState
    let sections: [String?]
    /// The moment the minutes are written (the last event's time for a finished session).
    let now: Int64
    let timeZone: TimeZone

    private var french: Bool { state.setup.locale.hasPrefix("fr") }
    private func say(_ fr: String, _ en: String) -> String { french ? fr : en }

    private func formatter(_ style: String) -> DateFormatter {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: french ? "fr_FR" : "en_GB")
        formatter.timeZone = timeZone
        formatter.setLocalizedDateFormatFromTemplate(style)
        return formatter
    }

    private func date(_ ms: Int64) -> Date { Date(timeIntervalSince1970: Double(ms) / 1000) }

    private func duration(_ ms: Int64) -> String {
        let minutes = Int((ms + 30_000) / 60_000)
        if minutes < 60 { return "\(minutes) min" }
        return minutes % 60 == 0 ? "\(minutes / 60) h" : "\(minutes / 60) h \(String(format: "%02d", minutes % 60))"
    }

    /// The whole document, in Markdown.
    var markdown: String {
        let start = state.visits.first?.at ?? now
        let day = formatter("EEEEdMMMMyyyy").string(from: date(start))
        let clock = formatter("HHmm")
        var lines = ["# \(state.setup.title)", ""]
        lines.append(say(
            "Séance du \(day), de \(clock.string(from: date(start))) à \(clock.string(from: date(now))) (\(duration(now - start))).",
            "Session of \(day), from \(clock.string(from: date(start))) to \(clock.string(from: date(now))) (\(duration(now - start)))."))
        lines.append("")
        let members = state.joinOrder.compactMap { state.members[$0] }.filter { !$0.removed }
        for (roles, fr, en) in [([Role.facilitator, .cofacilitator], "Animation", "Facilitation"),
                                ([.participant], "Participants", "Participants"), ([.observer], "Observation", "Observers")] {
            let names = members.filter { roles.contains($0.role) }.map(\.name)
            if !names.isEmpty { lines.append("**\(say(fr, en))** (\(names.count))\(say(" :", ":")) \(names.joined(separator: ", "))  ") }
        }
        lines += ["", "## \(say("Déroulé", "Agenda as it ran"))", ""]
        lines.append(say("| étape | début | durée |", "| step | began | lasted |"))
        lines.append("|---|---|---|")
        // A session restored from a snapshot written before steps' starts were kept has no
        // visits: its steps up to the current one are shown as reached, without times.
        let visits = state.visits.isEmpty
            ? (0...state.currentStep).map { StepVisit(step: $0, at: -1) } : state.visits
        for (index, step) in state.setup.agenda.enumerated() {
            if state.visits.isEmpty {
                lines.append("| \(index + 1). \(step.title) | — | \(index <= state.currentStep ? "—" : say("non abordée", "not reached")) |")
                continue
            }
            let spans = visits.enumerated().filter { $0.element.step == index }.map { position, visit in
                (visit.at, (position + 1 < visits.count ? visits[position + 1].at : now) - visit.at)
            }
            if spans.isEmpty {
                lines.append("| \(index + 1). \(step.title) | — | \(say("non abordée", "not reached")) |")
            } else {
                let began = spans.map { clock.string(from: date($0.0)) }.joined(separator: ", ")
                lines.append("| \(index + 1). \(step.title) | \(began) | \(duration(spans.reduce(0) { $0 + $1.1 })) |")
            }
        }
        let reached = Set(visits.map(\.step))
        for (index, step) in state.setup.agenda.enumerated() {
            lines += ["", "## \(index + 1). \(step.title)", ""]
            if !reached.contains(index) {
                lines.append(say("*Étape non abordée.*", "*Not reached.*"))
            } else if let section = sections[index] {
                lines.append(section)
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
