import AtelierEngine
import AtelierKit
import Foundation

/// What a trainer downloads about a session, in its locale: the minutes (Markdown, or a
/// printable HTML page) and the contributions (CSV in UTF-8 with a byte order mark and a
/// header row, so that spreadsheets open accents correctly). The same for the HTTP API and
/// `atelier export`.
public enum SessionExports {
    /// The formats of `atelier export`.
    public enum Format: String, CaseIterable, Sendable {
        case md, html, jsonl, csv
    }

    /// The minutes in Markdown, as of `now` (a step still running lasts until then).
    public static func minutes(of state: SessionState, engine: SessionEngine, now: Int64, timeZone: TimeZone = .current) -> String {
        MinutesDocument(state: state, sections: engine.minutesSections(of: state), now: now, timeZone: timeZone).markdown
    }

    /// The minutes as a standalone printable HTML page.
    public static func minutesPage(of state: SessionState, engine: SessionEngine, now: Int64, timeZone: TimeZone = .current) -> String {
        MinutesHTML.page(
            title: state.setup.title, locale: state.setup.locale,
            markdown: minutes(of: state, engine: engine, now: now, timeZone: timeZone))
    }

    /// Every contribution, step by step: step, activity, kind, author, text, detail.
    public static func contributionsCSV(of state: SessionState, engine: SessionEngine) -> [UInt8] {
        let french = state.setup.locale.hasPrefix("fr")
        var rows = [french ? ["Étape", "Activité", "Type", "Auteur", "Texte", "Détail"] : ["Step", "Activity", "Kind", "Author", "Text", "Detail"]]
        for (step, contributions) in engine.contributions(of: state) {
            let agenda = state.setup.agenda[step]
            let activity = engine.registry.driver(agenda.activity)?.manifest.names[french ? "fr" : "en"] ?? agenda.activity
            for contribution in contributions {
                let author = contribution.author.map { state.members[$0]?.name ?? $0.rawValue } ?? ""
                rows.append(["\(step + 1). \(agenda.title)", activity, contribution.kind, author, contribution.text, contribution.detail])
            }
        }
        let text = rows.map { $0.map(csvField).joined(separator: ",") }.joined(separator: "\r\n") + "\r\n"
        return [0xEF, 0xBB, 0xBF] + Array(text.utf8)
    }

    /// RFC 4180: quoted when it holds a comma, a quote or a line break; quotes doubled. A
    /// field a spreadsheet would read as a formula (`=`, `+`, `-`, `@`, a tab or a carriage
    /// return first) is prefixed with `'`.
    static func csvField(_ value: String) -> String {
        var field = value
        if let first = field.first, "=+-@\t\r".contains(first) { field = "'" + field }
        guard field.contains(where: { $0 == "," || $0 == "\"" || $0.isNewline }) else { return field }
        return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
