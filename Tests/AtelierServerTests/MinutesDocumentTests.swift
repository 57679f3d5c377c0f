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
                AgendaStep(title: "Bienvenue", activity: "briefing", settings: settings("briefing", ["instructions": "Règles : écoute, confidentialité."]), timeboxSeconds: 300),
                AgendaStep(title: "Tour de table", activity: "theme-round", settings: settings("theme-round", ["themes": "Tiers lieux & dialogue territorial"]), timeboxSeconds: 1800),
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
        try session.send(.nextStep, by: "p1", after: 7)
        try session.round("startRound", ["theme": "Tiers lieux & dialogue territorial"], by: "p1", after: 1)
        try session.round("next", by: "p1")
        try session.round("post", ["text": "Un lieu neutre, ouvert à tous"], by: "p2", after: 2)
        try session.round("finish", by: "p2", after: 1)
        try session.round("pass", by: "p3", after: 1)
        try session.round("dot", ["card": 1], by: "p3")
        try session.round("endRound", by: "p1", after: 1)
        session.now += 12 * 60_000
        return session
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
