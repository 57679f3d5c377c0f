import AtelierEngine
import AtelierKit
import Foundation
import Testing

@testable import AtelierServer

/// What a trainer chooses when creating a session: the shipped thematic template offers
/// its round's theme among the pathway's eight thématiques, and only what a step offers
/// is accepted.
@Suite struct CreationChoicesTests {
    static let catalog: TemplateCatalog = {
        let folder = ActivityRecipeTests.root.appendingPathComponent("config/templates").path
        return try! TemplateCatalog(folder: folder, registry: Activities.registry)
    }()
    static let agenda = catalog.agendas["thematique"]!
    static let theme = "Tiers lieux & dialogue territorial"

    @Test func theThematicRoundOffersTheEightThemesOtherStepsOfferNothing() {
        let offered = Self.agenda.map { CreationChoices.offered(by: $0, registry: Activities.registry) }
        #expect(offered[0].isEmpty)  // « Météo »: one theme, nothing to choose
        #expect(offered[1].map(\.key) == ["theme"])
        #expect(offered[1].first?.options.count == 8)
        #expect(offered[1].first?.options.first == "Etat des lieux des partenariats en France et spécificités régionales")
        #expect(offered[1].first?.names["fr"] == "Thématique de la séance")
        #expect(offered[2].first?.options == ["Ce que je retiens pour mon territoire", "Ce que nous ferons autrement"])
        #expect(Self.catalog.agendas["codeveloppement"]!.allSatisfy {
            CreationChoices.offered(by: $0, registry: Activities.registry).isEmpty
        })
    }

    @Test func aChoiceBecomesTheStepsSettingAndItsRoundStartsThere() throws {
        let made = [CreationChoices.Made(step: 1, key: "theme", value: Self.theme)]
        let agenda = try CreationChoices.applying(made, to: Self.agenda, registry: Activities.registry).get()
        #expect(agenda[1].settings.text("theme") == Self.theme)
        #expect(agenda[0] == Self.agenda[0] && agenda[2] == Self.agenda[2])
        // Once chosen, nothing more is offered for that step.
        #expect(CreationChoices.offered(by: agenda[1], registry: Activities.registry).isEmpty)
    }

    @Test(arguments: [
        (5, "theme", theme, "no step 5"),
        (-1, "theme", theme, "no step -1"),
        (0, "theme", "Météo", "offers no choice theme"),
        (1, "by", "person", "offers no choice by"),
        (1, "theme", "Un thème inventé", "is not one of"),
    ])
    func anythingElseIsRefusedWithAReason(step: Int, key: String, value: String, reason: String) {
        let result = CreationChoices.applying(
            [.init(step: step, key: key, value: value)], to: Self.agenda, registry: Activities.registry)
        guard case .failure(let rejection) = result else {
            Issue.record("accepted \(step) \(key) \(value)")
            return
        }
        #expect(rejection.code == .badRequest)
        #expect(rejection.message.contains(reason), "\(rejection.message)")
    }

    @Test func aChoiceKeepsToTheSettingsOwnLimits() throws {
        let long = String(repeating: "é", count: 250)
        let specs = Activities.registry.driver("theme-round")!.manifest.settings
        let settings = try ActivitySettings.validated(["themes": .string("Court\n\(long)")], against: specs).get()
        let agenda = [AgendaStep(title: "Tour", activity: "theme-round", settings: settings, timeboxSeconds: 600)]
        let result = CreationChoices.applying([.init(step: 0, key: "theme", value: long)], to: agenda, registry: Activities.registry)
        guard case .failure(let rejection) = result else {
            Issue.record("a 250-character theme was accepted")
            return
        }
        #expect(rejection.code == .badRequest && rejection.message.contains("longer than 200"))
        #expect((try? CreationChoices.applying([.init(step: 0, key: "theme", value: "Court")], to: agenda, registry: Activities.registry).get()) != nil)
    }
}
