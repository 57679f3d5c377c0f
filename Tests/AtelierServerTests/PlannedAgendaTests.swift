import AtelierCohort
import AtelierEngine
import AtelierKit
import Testing

@testable import AtelierServer

/// A planned séance becomes its template's agenda with its thématique in the thematic round
/// only (the check-in and the lessons keep their own questions) and its cases set.
@Suite struct PlannedAgendaTests {
    static let template = CreationChoicesTests.catalog.agendas["seance-parcours"]!

    @Test func theThemeGoesToTheThematicRoundAndTheCasesToCoDevelopment() throws {
        let planned = PlannedSession(id: "s5", title: "Séance 5", theme: "Tiers lieux & dialogue territorial", template: "seance-parcours", cases: 2)
        let agenda = try PlannedAgenda.agenda(for: planned, template: Self.template, registry: Activities.registry).get()
        #expect(agenda.map(\.activity) == ["theme-round", "theme-round", "peer-consultation", "theme-round", "theme-round"])
        #expect(agenda[1].settings.text("theme") == "Tiers lieux & dialogue territorial")
        #expect(agenda[0] == Self.template[0])  // « Météo » keeps its question
        #expect(agenda[3] == Self.template[3])  // the lessons keep theirs
        #expect(agenda[2].settings.integer("cases") == 2)
    }

    @Test func aThemeOfTheTrainersOwnBecomesTheThematicRoundsOnlyTheme() throws {
        let planned = PlannedSession(id: "s11", title: "Visite", theme: "Visite d'un tiers lieu rural", template: "seance-parcours")
        let agenda = try PlannedAgenda.agenda(for: planned, template: Self.template, registry: Activities.registry).get()
        #expect(agenda[1].settings.text("themes") == "Visite d'un tiers lieu rural")
        #expect(agenda[1].settings.text("theme") == "Visite d'un tiers lieu rural")
        #expect(agenda[3] == Self.template[3])
        #expect(agenda[2] == Self.template[2])  // no cases asked: the template's count
    }

    @Test func noThemeChangesNothing() throws {
        let planned = PlannedSession(id: "s9", title: "Capitalisation", template: "seance-parcours")
        #expect(try PlannedAgenda.agenda(for: planned, template: Self.template, registry: Activities.registry).get() == Self.template)
    }

    @Test func theSessionKeepsItsCohortsTerritoriesAndMembers() {
        var cohort = Cohort(id: "c1").applying(.created(name: "Cohorte", locale: "fr", starts: nil, ends: nil))
        cohort.apply(.territoryAdded(id: "t1", name: "Pays d'Aix", profile: .init()))
        cohort.apply(.memberAdded(id: "m1", territory: "t1", name: "Awa", keyHash: "h"))
        cohort.apply(.memberAdded(id: "m2", territory: "t1", name: "Bruno", keyHash: "h"))
        cohort.apply(.memberErased(id: "m2", pseudonym: "Membre 2"))
        let link = PlannedAgenda.link(cohort, planned: PlannedSession(id: "s1", title: "S", template: "x"))
        #expect(link.territories == [.init(id: "t1", name: "Pays d'Aix", members: ["m1"])])
        #expect(link.planned == "s1" && link.id == "c1")
    }
}
