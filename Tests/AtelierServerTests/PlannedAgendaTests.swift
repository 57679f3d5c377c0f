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
        #expect(agenda.map(\.activity) == ["theme-round", "follow-up", "theme-round", "peer-consultation", "theme-round", "theme-round"])
        #expect(agenda[2].settings.text("theme") == "Tiers lieux & dialogue territorial")
        #expect(agenda[0] == Self.template[0])  // « Météo » keeps its question
        #expect(agenda[4] == Self.template[4])  // the lessons keep theirs
        #expect(agenda[3].settings.integer("cases") == 2)
    }

    @Test func aThemeOfTheTrainersOwnBecomesTheThematicRoundsOnlyTheme() throws {
        let planned = PlannedSession(id: "s11", title: "Visite", theme: "Visite d'un tiers lieu rural", template: "seance-parcours")
        let agenda = try PlannedAgenda.agenda(for: planned, template: Self.template, registry: Activities.registry).get()
        #expect(agenda[2].settings.text("themes") == "Visite d'un tiers lieu rural")
        #expect(agenda[2].settings.text("theme") == "Visite d'un tiers lieu rural")
        #expect(agenda[4] == Self.template[4])
        #expect(agenda[3] == Self.template[3])  // no cases asked: the template's count
    }

    @Test func noThemeChangesNothingButTheFollowUpsSeed() throws {
        let planned = PlannedSession(id: "s9", title: "Capitalisation", template: "seance-parcours")
        let agenda = try PlannedAgenda.agenda(for: planned, template: Self.template, registry: Activities.registry).get()
        #expect(agenda.enumerated().allSatisfy { $0.offset == 1 || $0.element == Self.template[$0.offset] })
        #expect(agenda[1].settings.text("items") == "[]")
    }

    @Test func theFollowUpRoundIsSeededWithTheOpenItemsOnly() throws {
        var cohort = Cohort(id: "c1").applying(.created(name: "Cohorte", locale: "fr", starts: nil, ends: nil))
        cohort.apply(.territoryAdded(id: "t1", name: "Pays d'Aix", profile: .init()))
        cohort.apply(.memberAdded(id: "m1", territory: "t1", name: "Awa", keyHash: "h"))
        cohort.apply(.sessionPlanned(PlannedSession(id: "s1", title: "Séance 1", template: "seance-parcours"), index: 0))
        cohort.apply(.sessionOpened(id: "s1", sessionID: "sx", at: 1))
        cohort.apply(.actionReviewed(key: "sx/3/c1.a2", review: ActionReview(status: .done, note: "", by: "m1", at: 2)))
        let report = SessionReport(
            sessionID: "sx", title: "Séance 1", attended: ["m1"], names: ["m1": "Awa"], requests: [],
            commitments: [
                .init(key: "sx/3/c1.a1", commitment: .init(id: "c1.a1", owners: ["m1"], what: "Appeler la mairie", due: "mars")),
                .init(key: "sx/3/c1.a2", commitment: .init(id: "c1.a2", owners: ["m1"], what: "Déjà fait")),
            ], lessons: [])
        let seed = PlannedAgenda.followUpSeed(CohortLedger(cohort: cohort, reports: ["s1": report]), cohort: cohort)
        #expect(seed.arrayValue?.count == 1)
        let item = seed.arrayValue?.first?.objectValue
        #expect(item?["key"] == .string("sx/3/c1.a1") && item?["names"] == .strings(["Awa"]) && item?["session"] == .string("Séance 1"))
        let planned = PlannedSession(id: "s2", title: "Séance 2", template: "seance-parcours")
        let agenda = try PlannedAgenda.agenda(for: planned, template: Self.template, registry: Activities.registry, followUp: seed).get()
        #expect(agenda[1].settings.text("items").contains("Appeler la mairie"))
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
