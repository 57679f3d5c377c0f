import AtelierCohort
import AtelierKit
import Foundation
import Testing

@testable import AtelierServer

/// The *retour au territoire* a binôme takes home, against golden files
/// (`Golden/retour-au-territoire-*.md`; `ATELIER_UPDATE_GOLDEN=1` rewrites them, then read the diff).
@Suite struct TerritorySheetTests {
    static func cohort(locale: String) -> Cohort {
        var cohort = Cohort(id: "c1").applying(.created(name: "Cohorte pilote", locale: locale, starts: "2027-01-04", ends: nil))
        cohort.apply(.territoryAdded(id: "t1", name: "Pays d'Aix", profile: .init(region: "PACA")))
        cohort.apply(.territoryAdded(id: "t2", name: "Les Mureaux", profile: .init()))
        cohort.apply(.memberAdded(id: "m1", territory: "t1", name: "Awa", keyHash: "h"))
        cohort.apply(.memberAdded(id: "m2", territory: "t1", name: "Bruno", keyHash: "h"))
        cohort.apply(.memberAdded(id: "m3", territory: "t2", name: "Chloé", keyHash: "h"))
        cohort.apply(.sessionPlanned(PlannedSession(
            id: "s1", title: "Séance 1 — État des lieux des partenariats", theme: "Etat des lieux des partenariats en France et spécificités régionales",
            template: "seance-parcours", cases: 1, date: "2027-01-04"), index: 0))
        cohort.apply(.sessionOpened(id: "s1", sessionID: "sabc", at: 1))
        cohort.apply(.actionReviewed(key: "sabc/2/c1.a3", review: ActionReview(status: .done, note: "Fait le 2 février", by: "m2", at: 5)))
        cohort.apply(.sheetShared(planned: "s1", territory: "t1", with: "Conseil de développement du Pays d'Aix"))
        return cohort
    }

    static let report = SessionReport(
        sessionID: "sabc", title: "Séance 1", attended: ["m1", "m2", "m3"], names: ["m1": "Awa", "m2": "Bruno", "m3": "Chloé"],
        requests: [.init(clients: ["m1", "m2"], items: ["Aidez-nous à remobiliser deux entreprises partenaires"])],
        commitments: [
            .init(key: "sabc/2/c1.a2", commitment: .init(id: "c1.a2", owners: ["m1", "m2"], what: "Organiser un petit-déjeuner d'entreprises", due: "avant juin", resources: "la CCI")),
            .init(key: "sabc/2/c1.a3", commitment: .init(id: "c1.a3", owners: ["m1", "m2"], what: "Rencontrer la communauté de communes")),
        ],
        lessons: [
            .init(author: "m3", text: "Écouter avant de proposer", frame: "learnings"),
            .init(author: "m1", text: "Le catalyseur anime, il n'opère pas", heading: "Ce que je retiens pour mon territoire"),
        ])

    static func sheet(locale: String, territory: String) -> String {
        let cohort = cohort(locale: locale)
        return TerritorySheet(
            cohort: cohort, planned: cohort.plan[0], territory: cohort.territory(territory)!,
            ledger: CohortLedger(cohort: cohort, reports: ["s1": report])
        ).markdown
    }

    @Test(arguments: ["fr", "en"])
    func theSheetMatchesTheGoldenFile(locale: String) throws {
        let text = Self.sheet(locale: locale, territory: "t1")
        let file = MinutesDocumentTests.golden.appendingPathComponent("retour-au-territoire-\(locale).md")
        if ProcessInfo.processInfo.environment["ATELIER_UPDATE_GOLDEN"] == "1" {
            try text.write(to: file, atomically: true, encoding: .utf8)
        }
        #expect(text == (try String(contentsOf: file, encoding: .utf8)))
    }

    /// What the golden file shows, line by line, so that rewriting it cannot let it slip.
    @Test func eachTerritoryGetsItsOwnRequestAndActionsAndEveryoneTheLessons() {
        let home = Self.sheet(locale: "fr", territory: "t1").split(separator: "\n")
        #expect(home.contains("- **Binôme** : Awa et Bruno"))
        #expect(home.contains("- Aidez-nous à remobiliser deux entreprises partenaires"))
        #expect(home.contains("- [x] Rencontrer la communauté de communes — fait : Fait le 2 février"))
        #expect(home.contains("- [ ] Organiser un petit-déjeuner d'entreprises (échéance : avant juin ; moyens : la CCI) — à faire"))
        #expect(home.contains("Conseil de développement du Pays d'Aix"))
        let other = Self.sheet(locale: "fr", territory: "t2")
        #expect(!other.contains("Aidez-nous") && !other.contains("petit-déjeuner"))
        #expect(other.contains("Écouter avant de proposer") && other.contains("_(à compléter"))
        #expect(other.contains("- **Binôme** : Chloé"))
    }
}

/// The cohort's *constats et enseignements* export, against golden files
/// (`Golden/capitalisation-*.md`; `ATELIER_UPDATE_GOLDEN=1` rewrites them).
@Suite struct CapitalisationTests {
    static func text(locale: String) -> String {
        var cohort = TerritorySheetTests.cohort(locale: locale)
        cohort.apply(.recordEdited(
            territory: "t1",
            record: ExperienceRecord(
                ecosystem: "Un réseau de 40 structures.", model: "Cotisations et mécénat.", governance: "",
                maturity: .structuring, tried: "Des petits-déjeuners.", learned: "Partir des besoins des entreprises.",
                themes: ["Partenariats associations / entreprises"]),
            version: 1, by: "m1", at: 3))
        cohort.apply(.recordReviewed(territory: "t1", planned: "s1"))
        cohort.apply(.sessionPlanned(PlannedSession(id: "s2", title: "Séance 2", template: "seance-parcours"), index: 1))
        return Capitalisation(cohort: cohort, ledger: CohortLedger(cohort: cohort, reports: ["s1": TerritorySheetTests.report])).markdown
    }

    @Test(arguments: ["fr", "en"])
    func theExportMatchesTheGoldenFile(locale: String) throws {
        let text = Self.text(locale: locale)
        let file = MinutesDocumentTests.golden.appendingPathComponent("capitalisation-\(locale).md")
        if ProcessInfo.processInfo.environment["ATELIER_UPDATE_GOLDEN"] == "1" {
            try text.write(to: file, atomically: true, encoding: .utf8)
        }
        #expect(text == (try String(contentsOf: file, encoding: .utf8)))
    }

    /// What the golden file shows, line by line.
    @Test func lessonsByThemeThenEachTerritorysPage() {
        let text = Self.text(locale: "fr")
        let parts = text.components(separatedBy: "## Par territoire")
        #expect(parts.count == 2)
        #expect(parts[0].contains("### Etat des lieux des partenariats en France et spécificités régionales\n\n- Écouter avant de proposer — _Chloé (Les Mureaux), Séance 1 — État des lieux des partenariats_"))
        #expect(parts[0].contains("Séances tenues : 1 sur 2 prévues · territoires : 2"))
        let aix = parts[1].components(separatedBy: "### Les Mureaux")[0]
        #expect(aix.contains("_Relue en séance : Séance 1 — État des lieux des partenariats_"))
        #expect(aix.contains("**Stade de maturité** : structuration"))
        #expect(aix.contains("- Rencontrer la communauté de communes — fait : Fait le 2 février"))
        #expect(!aix.contains("Gouvernance"))  // an empty field is left out
        let mureaux = parts[1].components(separatedBy: "### Les Mureaux")[1]
        #expect(mureaux.contains("#### Ses enseignements\n\n- Écouter avant de proposer"))
        #expect(!mureaux.contains("Fiche d'expérience"))
    }
}
