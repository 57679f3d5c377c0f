import AtelierEngine
import AtelierKit
import Foundation
import Testing

@testable import AtelierServer

/// The minutes a trainer sends: a fixed session (a briefing, a theme round with cards and
/// dots, a step never reached) written in French and in English, compared with golden
/// files (`Golden/minutes-*.md`; run with `ATELIER_UPDATE_GOLDEN=1` to rewrite them after
/// a deliberate change, and read the diff); the HTML page and the CSV from the same session.
@Suite struct MinutesDocumentTests {
    static let engine = SessionEngine(registry: Activities.registry)
    static let golden = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden")
    /// The golden files are written in Paris time (the `tzdata` package, which CI installs).
    static let paris = TimeZone(identifier: "Europe/Paris") ?? TimeZone(secondsFromGMT: 3600)!
    static let t0: Int64 = 1_796_205_600_000  // Wednesday 2 December 2026, 10:00 UTC (11:00 in Paris)

    /// Decides and logs like a host, the clock moved by hand.
    struct Recorder {
        var now = MinutesDocumentTests.t0
        var state: SessionState
        var log: [EventEnvelope]

        init(locale: String) {
            func settings(_ activity: String, _ given: [String: JSONValue]) -> ActivitySettings {
                let specs = MinutesDocumentTests.engine.registry.driver(activity)!.manifest.settings
                return try! ActivitySettings.validated(given, against: specs).get()
            }
            let agenda = [
                AgendaStep(title: "Bienvenue", activity: "briefing", settings: settings("briefing", ["instructions": .string(MinutesDocumentTests.rules)]), timeboxSeconds: 300),
                AgendaStep(title: "Tour de table", activity: "theme-round", settings: settings("theme-round", ["themes": "Tiers lieux & dialogue territorial"]), timeboxSeconds: 1800),
                AgendaStep(title: "Codéveloppement", activity: "peer-consultation", settings: settings("peer-consultation", [:]), timeboxSeconds: 3600),
                AgendaStep(title: "Clôture", activity: "briefing", settings: settings("briefing", [:]), timeboxSeconds: 300),
            ]
            let setup = SessionSetup(
                id: "s1", title: "Cohorte Val de Loire — séance 3", locale: locale, templateID: "golden", joinCode: "ABCDEF",
                facilitatorKeyHash: "hash", agenda: agenda, maxParticipants: 30)
            log = [EventEnvelope(seq: 1, at: now, actor: nil, commandID: nil, event: .sessionCreated(setup: setup))]
            state = MinutesDocumentTests.engine.fold(log)!
        }

        mutating func commit(_ events: [SessionEvent], actor: ParticipantID?) {
            for event in events {
                let envelope = EventEnvelope(seq: state.seq + 1, at: now, actor: actor, commandID: nil, event: event)
                MinutesDocumentTests.engine.apply(envelope, to: &state)
                log.append(envelope)
            }
        }

        mutating func join(_ name: String, _ role: Role) throws {
            commit(try MinutesDocumentTests.engine.decide(system: .join(name: name, role: role, tokenHash: "t"), in: state, context: EngineContext(now: now)).get(), actor: nil)
        }

        mutating func send(_ command: SessionCommand, by actor: ParticipantID, after minutes: Int64 = 0) throws {
            now += minutes * 60_000
            commit(try MinutesDocumentTests.engine.decide(command, by: actor, in: state, context: EngineContext(now: now)).get(), actor: actor)
        }

        mutating func round(_ kind: String, _ fields: [String: JSONValue] = [:], by actor: ParticipantID, after minutes: Int64 = 0) throws {
            try send(.activity(.object(fields.merging(["kind": .string(kind)]) { $1 })), by: actor, after: minutes)
        }
    }

    static func session(locale: String) throws -> Recorder {
        var session = Recorder(locale: locale)
        try session.join("Claire", .facilitator)
        try session.join("Aïcha", .participant)
        try session.join("Bruno", .participant)
        try session.join("Olga", .observer)
        try session.round("markReady", by: "p2", after: 1)
        try session.send(.nextStep, by: "p1", after: 6)
        try session.round("startRound", ["theme": "Tiers lieux & dialogue territorial"], by: "p1", after: 1)
        try session.round("next", by: "p1")
        try session.round("post", ["text": "Un lieu neutre, ouvert à tous"], by: "p2", after: 2)
        try session.round("finish", by: "p2", after: 1)
        try session.round("pass", by: "p3", after: 1)
        try session.round("dot", ["card": 1], by: "p3")
        try session.round("endRound", by: "p1", after: 1)
        try session.send(.nextStep, by: "p1", after: 2)
        try consultation(&session)
        session.now += 3 * 60_000
        return session
    }

    /// Two paragraphs: the minutes quote the first.
    static let rules = "Règles : écoute, confidentialité.\n\nChacun garde son téléphone en silencieux et revient à l'heure après la pause."

    /// A short co-development case: Aïcha the client, Bruno the consultant; his second
    /// question is flagged as advice in disguise; her action comes from his suggestion.
    static func consultation(_ session: inout Recorder) throws {
        try session.round("nameClient", ["participant": "p2"], by: "p1", after: 1)
        try session.round("nextPhase", by: "p1")
        try session.round("pinSummary", ["text": "Trois entreprises partenaires se retirent du projet."], by: "p2", after: 5)
        try session.round("nextPhase", by: "p1")
        try session.round("post", ["cardKind": "question", "text": "Depuis quand ?"], by: "p3", after: 1)
        try session.round("post", ["cardKind": "question", "text": "As-tu pensé à les appeler une par une ?"], by: "p3", after: 1)
        try session.round("answer", ["card": 1, "text": "Depuis mars."], by: "p2", after: 1)
        try session.round("answer", ["card": 2, "text": "Pas encore."], by: "p2")
        try session.round("flag", ["card": 2], by: "p1")
        try session.round("nextPhase", by: "p1", after: 1)
        try session.round("setContract", ["items": ["remobiliser deux entreprises partenaires"]], by: "p2", after: 2)
        try session.round("nextPhase", by: "p1")
        try session.round("post", ["cardKind": "suggestion", "text": "Un petit-déjeuner d'entreprises, avec la CCI", "tag": 0], by: "p3", after: 3)
        try session.round("nextPhase", by: "p1", after: 1)
        try session.round("addAction", ["what": "Organiser le petit-déjeuner", "due": "avant juin", "resources": "la CCI", "source": 3], by: "p2", after: 2)
        try session.round("nextPhase", by: "p1", after: 1)
        try session.round("post", ["cardKind": "learning", "frame": "applications", "text": "Écouter avant de proposer"], by: "p2", after: 2)
    }

    @Test(arguments: ["fr", "en"])
    func minutesMatchTheGoldenFile(locale: String) throws {
        let session = try Self.session(locale: locale)
        let text = SessionExports.minutes(of: session.state, engine: Self.engine, now: session.now, timeZone: Self.paris)
        let file = Self.golden.appendingPathComponent("minutes-\(locale).md")
        if ProcessInfo.processInfo.environment["ATELIER_UPDATE_GOLDEN"] == "1" {
            try text.write(to: file, atomically: true, encoding: .utf8)
        }
        let expected = try String(contentsOf: file, encoding: .utf8)
        #expect(text == expected)
    }

    /// What the golden files show, checked line by line so that rewriting them cannot let
    /// it slip: no readiness count, the instructions' first paragraph only, the flagged
    /// question without its author, the action with the suggestion it came from.
    @Test(arguments: [("fr", "Participants prêts", "conseil déguisé", "(inspirée de : Un petit-déjeuner d'entreprises, avec la CCI)"),
                      ("en", "Participants ready", "advice in disguise", "(inspired by: Un petit-déjeuner d'entreprises, avec la CCI)")])
    func theDocumentSentToTheGroupKeepsToItsRules(locale: String, readiness: String, flag: String, source: String) throws {
        let session = try Self.session(locale: locale)
        let text = SessionExports.minutes(of: session.state, engine: Self.engine, now: session.now, timeZone: Self.paris)
        let lines = text.split(separator: "\n")
        #expect(!text.contains(readiness))
        #expect(lines.contains("Règles : écoute, confidentialité. …") && !text.contains("téléphone"))
        let flagged = lines.filter { $0.contains(flag) }
        #expect(flagged.count == 1)
        for line in flagged {
            for name in ["Claire", "Aïcha", "Bruno", "Olga", "p1", "p2", "p3", "p4"] { #expect(!line.contains(name), "\(line)") }
        }
        #expect(lines.contains { $0.hasPrefix("- [ ] Organiser le petit-déjeuner") && $0.hasSuffix(source) })
    }

    @Test func thePrintablePageAndTheCSVComeFromTheSameSession() throws {
        let session = try Self.session(locale: "fr")
        let page = SessionExports.minutesPage(of: session.state, engine: Self.engine, now: session.now, timeZone: Self.paris)
        #expect(page.hasPrefix("<!doctype html>"))
        #expect(page.contains("<h1>Cohorte Val de Loire — séance 3</h1>"))
        #expect(page.contains("@media print"))
        #expect(page.contains("<table><thead><tr><th>étape</th>"))
        #expect(!page.contains("<script"))
        let csv = SessionExports.contributionsCSV(of: session.state, engine: Self.engine)
        #expect(Array(csv.prefix(3)) == [0xEF, 0xBB, 0xBF])
        let text = String(decoding: csv.dropFirst(3), as: UTF8.self)
        #expect(text.hasPrefix("Étape,Activité,Type,Auteur,Texte,Détail\r\n"))
        #expect(text.contains("2. Tour de table,Tour de table,card,Aïcha,\"Un lieu neutre, ouvert à tous\",Tiers lieux & dialogue territorial · +1\r\n"))
        #expect(SessionExports.csvField("=HYPERLINK(1)") == "'=HYPERLINK(1)")
        #expect(MinutesHTML.inline("<b>**gras**</b> *it*") == "&lt;b&gt;<strong>gras</strong>&lt;/b&gt; <em>it</em>")
    }
}
