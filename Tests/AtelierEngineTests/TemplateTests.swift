import AtelierEngine
import AtelierKit
import Briefing
import Testing

/// A template that must be refused, and how.
struct BadTemplate: Sendable, CustomTestStringConvertible {
    let name: String
    let template: SessionTemplate
    let code: ErrorCode
    /// A word the message must contain, so the trainer knows what to fix.
    let mentions: String
    var testDescription: String { name }
}

@Suite struct TemplateTests {
    static func template(locale: String = "fr", agenda: [SessionTemplate.Step]? = nil) -> SessionTemplate {
        SessionTemplate(id: "codev", title: "Codéveloppement", locale: locale, agenda: agenda ?? step())
    }

    static func step(
        title: String = "Accueil", activity: String = "briefing", minutes: Double? = 5,
        settings: [String: JSONValue]? = nil
    ) -> [SessionTemplate.Step] {
        [SessionTemplate.Step(title: title, activity: activity, timebox_minutes: minutes, settings: settings)]
    }

    static func refused(
        _ name: String, _ agenda: [SessionTemplate.Step], _ code: ErrorCode, _ mentions: String
    ) -> BadTemplate {
        BadTemplate(name: name, template: template(agenda: agenda), code: code, mentions: mentions)
    }

    static let longTitle = String(repeating: "t", count: SessionTemplate.maxTitle + 1)
    static let longInstructions = JSONValue.string(String(repeating: "i", count: Briefing.maxInstructions + 1))

    static let bad: [BadTemplate] = [
        refused("empty agenda", [], .badRequest, "empty"),
        refused("too many steps", Array(repeating: step()[0], count: SessionTemplate.maxSteps + 1), .tooLarge, "steps"),
        refused("unknown activity", step(activity: "dot-vote"), .badRequest, "dot-vote"),
        BadTemplate(name: "locale de", template: template(locale: "de"), code: .badRequest, mentions: "locale"),
        BadTemplate(name: "locale fr-FR", template: template(locale: "fr-FR"), code: .badRequest, mentions: "locale"),
        refused("negative timebox", step(minutes: -1), .badRequest, "timebox"),
        refused("timebox over a day", step(minutes: 1441), .badRequest, "timebox"),
        refused("timebox NaN", step(minutes: .nan), .badRequest, "timebox"),
        refused("blank title", step(title: "   "), .badRequest, "title"),
        refused("title too long", step(title: longTitle), .badRequest, "title"),
        refused("unknown setting", step(settings: ["color": "red"]), .badRequest, "color"),
        refused("instructions too long", step(settings: ["instructions": longInstructions]), .tooLarge, "instructions"),
        refused("link not text", step(settings: ["link": 42]), .badRequest, "link"),
    ]

    @Test(arguments: bad)
    func invalidTemplatesAreRefused(_ example: BadTemplate) throws {
        let result = example.template.validatedAgenda(registry: Fixtures.registry)
        #expect(result.code == example.code)
        if case .failure(let rejection) = result {
            #expect(rejection.message.contains(example.mentions), "\(rejection.message)")
            #expect(rejection.message.contains("codev"), "the message names the template")
        }
    }

    @Test func aValidTemplateGivesStepsWithDefaultsFilled() throws {
        let template = Self.template(agenda: [
            SessionTemplate.Step(title: "  Accueil  ", activity: "briefing", timebox_minutes: 1.5),
            SessionTemplate.Step(title: "Cas", activity: "briefing", settings: ["instructions": "Présentez le cas."]),
            SessionTemplate.Step(
                title: "Lien", activity: "briefing", timebox_minutes: 0,
                settings: ["link": "https://doc.example", "instructions": .string(String(repeating: "i", count: 4000))]),
        ])
        let agenda = try template.validatedAgenda(registry: Fixtures.registry).get()
        #expect(agenda.map(\.title) == ["Accueil", "Cas", "Lien"])
        #expect(agenda.map(\.timeboxSeconds) == [90, 0, 0])
        #expect(agenda.allSatisfy { $0.activity == "briefing" })
        #expect(agenda[0].settings == ActivitySettings(values: ["instructions": "", "link": ""]))
        #expect(agenda[1].settings == ActivitySettings(values: ["instructions": "Présentez le cas.", "link": ""]))
        #expect(agenda[2].settings.text("link") == "https://doc.example")
    }

    @Test func fractionalMinutesRoundToTheNearestSecond() throws {
        let agenda = try Self.template(agenda: Self.step(minutes: 0.01)).validatedAgenda(registry: Fixtures.registry).get()
        #expect(agenda[0].timeboxSeconds == 1)
        let day = try Self.template(agenda: Self.step(minutes: 1440)).validatedAgenda(registry: Fixtures.registry).get()
        #expect(day[0].timeboxSeconds == SessionEngine.maxTimerSeconds)
    }

    @Test func aValidatedAgendaStartsASession() throws {
        let agenda = try Self.template(locale: "en", agenda: Self.step(settings: ["instructions": "Hello"]))
            .validatedAgenda(registry: Fixtures.registry).get()
        let host = TestHost(setup: Fixtures.setup(agenda: agenda, locale: "en"))
        #expect(host.briefing()["instructions"] == "Hello")
        #expect(host.state.timer.durationMs == 300_000)
    }

    @Test func settingsValidationKinds() throws {
        let count = SettingSpec(key: "n", kind: .integer(min: 1, max: 5), defaultValue: 3)
        let flag = SettingSpec(key: "b", kind: .boolean, defaultValue: false)
        let pick = SettingSpec(key: "c", kind: .choice(["a", "b"]), defaultValue: "a")
        #expect(count.validate(5).code == nil && count.validate(6).code == .badRequest)
        #expect(count.validate("2").code == .badRequest)
        #expect(try count.validate(2.0).get() == .int(2))
        #expect(flag.validate(true).code == nil && flag.validate(1).code == .badRequest)
        #expect(pick.validate("b").code == nil && pick.validate("z").code == .badRequest)
        let defaults = try ActivitySettings.validated([:], against: [count, flag, pick]).get()
        #expect(defaults.values == ["n": 3, "b": false, "c": "a"])
    }
}
