import AtelierCohort
import AtelierKit
import Testing

/// A cohort folded from commands, as the shell does: decide, then apply what was decided.
struct CohortScript {
    var cohort = Cohort(id: "c1")
    var records: [CohortRecord] = []
    var now: Int64 = 1_800_000_000_000

    init(name: String = "Cohorte pilote", starts: String? = "2027-01-04") {
        let created = try! Cohort.creation(name: name, locale: "fr", starts: starts, ends: nil).get()
        record(created)
    }

    mutating func record(_ event: CohortEvent) {
        records.append(CohortRecord(at: now, actor: "trainer", event: event))
        cohort.apply(event)
    }

    @discardableResult
    mutating func run(_ command: CohortCommand) -> Result<[CohortEvent], Rejection> {
        now += 1000
        let decided = cohort.decide(command, now: now)
        if case .success(let events) = decided { events.forEach { record($0) } }
        return decided
    }

    @discardableResult
    mutating func must(_ command: CohortCommand) -> [CohortEvent] {
        try! run(command).get()
    }

    func refusal(_ command: CohortCommand) -> Rejection? {
        if case .failure(let rejection) = cohort.decide(command, now: now) { return rejection }
        return nil
    }
}

@Suite struct CohortTests {
    static let pathway = Pathway(
        id: "parcours", title: "Parcours", locale: "fr", template: "seance", themes: ["Tiers lieux", "RSE & Partenariats"],
        sessions: [
            .init(title: "Séance 1", theme: 1, week: 1),
            .init(title: "Séance 2", theme: 2, cases: 2, week: 6),
        ])

    @Test func territoriesAndBinomesGetStableIDs() {
        var script = CohortScript()
        script.must(.addTerritory(name: "Pays d'Aix", profile: .init(region: "PACA", kind: "urbain", structure: "Envies d'Alliances")))
        script.must(.addTerritory(name: "Les Mureaux", profile: .init()))
        script.must(.addMember(territory: "t1", name: "Awa", keyHash: "h1"))
        script.must(.addMember(territory: "t1", name: "Bruno", keyHash: "h2"))
        script.must(.addMember(territory: "t2", name: "Chloé", keyHash: "h3"))
        #expect(script.cohort.members(of: "t1").map(\.id) == ["m1", "m2"])
        #expect(script.cohort.territory("t1")?.profile.structure == "Envies d'Alliances")
        #expect(script.cohort.member("m3")?.territory == "t2")
    }

    @Test func refusesWhatWouldCorruptTheCohort() {
        var script = CohortScript()
        script.must(.addTerritory(name: "Pays d'Aix", profile: .init()))
        #expect(script.refusal(.addTerritory(name: "  pays D'AIX ", profile: .init()))?.code == .conflict)
        #expect(script.refusal(.addTerritory(name: "   ", profile: .init()))?.code == .badRequest)
        #expect(script.refusal(.addMember(territory: "t9", name: "Awa", keyHash: "h"))?.code == .notFound)
        #expect(script.refusal(.addMember(territory: "t1", name: String(repeating: "a", count: 121), keyHash: "h"))?.code == .badRequest)
        #expect(script.refusal(.edit(name: "X", locale: "fr", starts: "2027-02-30", ends: nil))?.message.contains("starts") == true)
        #expect(script.refusal(.edit(name: "X", locale: "fr", starts: "2027-03-01", ends: "2027-02-01"))?.message.contains("ends") == true)
        #expect(script.refusal(.edit(name: "X", locale: "de", starts: nil, ends: nil))?.code == .badRequest)
    }

    @Test func aPathwayIsPlannedWeekByWeekFromTheStart() {
        var script = CohortScript(starts: "2027-01-04")
        script.must(.applyPathway(Self.pathway))
        let plan = script.cohort.plan
        #expect(plan.map(\.id) == ["s1", "s2"])
        #expect(plan.map(\.date) == ["2027-01-04", "2027-02-08"])
        #expect(plan.map(\.theme) == ["Tiers lieux", "RSE & Partenariats"])
        #expect(plan.map(\.cases) == [0, 2])
        #expect(plan.allSatisfy { $0.template == "seance" })
        #expect(script.cohort.pathway == "parcours")
    }

    @Test func aTrainerAdaptsThePlanWithoutFiles() {
        var script = CohortScript(starts: nil)
        script.must(.applyPathway(Self.pathway))
        #expect(script.cohort.plan.allSatisfy { $0.date == nil })
        script.must(.planSession(title: "Séance en plus", theme: nil, template: "seance", cases: 1, date: "2027-03-01", index: 1))
        #expect(script.cohort.plan.map(\.id) == ["s1", "s3", "s2"])
        script.must(.moveSession(id: "s2", index: 0))
        #expect(script.cohort.plan.map(\.id) == ["s2", "s1", "s3"])
        script.must(.openSession(id: "s2", sessionID: "live-1"))
        #expect(script.cohort.planned(session: "live-1")?.id == "s2")
        #expect(script.refusal(.dropSession(id: "s2"))?.reason == "cohort.session-opened")
        #expect(script.refusal(.openSession(id: "s2", sessionID: "live-2"))?.code == .conflict)
        script.must(.dropSession(id: "s1"))
        // A new session never reuses a dropped one's id.
        script.must(.planSession(title: "Encore", theme: nil, template: "seance", cases: 0, date: nil, index: nil))
        #expect(script.cohort.plan.map(\.id) == ["s2", "s3", "s4"])
        #expect(script.refusal(.moveSession(id: "s3", index: 3))?.code == .badRequest)
    }

    @Test func erasingAMemberPseudonymisesAndClosesTheirLink() {
        var script = CohortScript()
        script.must(.addTerritory(name: "Villes au Carré", profile: .init()))
        script.must(.addMember(territory: "t1", name: "Awa Diop", keyHash: "h1"))
        script.must(.proposeSubject(member: "m1", text: "Comment associer les entreprises ?"))
        script.must(.eraseMember(id: "m1"))
        let member = script.cohort.member("m1")
        #expect(member?.name == "Membre 1")
        #expect(member?.keyHash == "")
        #expect(script.cohort.proposals.first?.text == "")
        #expect(script.refusal(.proposeSubject(member: "m1", text: "encore"))?.code == .notFound)
        #expect(script.refusal(.renewKey(id: "m1", keyHash: "h2"))?.code == .notFound)
    }

    @Test func membersProposeAndWithdrawOnlyTheirOwnSubjects() {
        var script = CohortScript()
        script.must(.addTerritory(name: "Le Centsept", profile: .init()))
        script.must(.addMember(territory: "t1", name: "Awa", keyHash: "h1"))
        script.must(.addMember(territory: "t1", name: "Bruno", keyHash: "h2"))
        script.must(.proposeSubject(member: "m1", text: "  Mobiliser les élus\n\nsur le tiers lieu  "))
        #expect(script.cohort.proposals.first?.text == "Mobiliser les élus\n\nsur le tiers lieu")
        #expect(script.refusal(.withdrawSubject(id: "q1", member: "m2"))?.code == .forbidden)
        script.must(.withdrawSubject(id: "q1", member: "m1"))
        #expect(script.refusal(.withdrawSubject(id: "q1", member: "m1"))?.code == .notFound)
        for index in 0..<Cohort.maxOpenSubjects { script.must(.proposeSubject(member: "m2", text: "Sujet \(index)")) }
        #expect(script.refusal(.proposeSubject(member: "m2", text: "un de trop"))?.code == .tooLarge)
    }

    @Test func theLatestReviewOfAnActionWinsWhateverTheOrderItArrives() {
        var script = CohortScript()
        script.must(.reviewAction(key: "s/2/c1.a1", status: .inProgress, note: "  Date fixée  ", by: "m1"))
        #expect(script.cohort.reviews["s/2/c1.a1"]?.status == .inProgress)
        #expect(script.cohort.reviews["s/2/c1.a1"]?.note == "Date fixée")
        // The same again changes nothing; a later one wins; an older one (a follow-up round's,
        // folded late) does not.
        #expect(try! script.run(.reviewAction(key: "s/2/c1.a1", status: .inProgress, note: "Date fixée", by: "m1")).get().isEmpty)
        script.must(.reviewAction(key: "s/2/c1.a1", status: .done, note: "", by: "m2"))
        script.cohort.apply(.actionReviewed(key: "s/2/c1.a1", review: ActionReview(status: .dropped, note: "", by: "m1", at: 1)))
        #expect(script.cohort.reviews["s/2/c1.a1"]?.status == .done)
        #expect(script.refusal(.reviewAction(key: "k", status: .done, note: String(repeating: "x", count: 1001), by: "m1"))?.code == .tooLarge)
        #expect(!ActionStatus.done.isOpen && ActionStatus.inProgress.isOpen)
    }

    @Test func aSheetIsSharedOnlyForAHeldSessionAndAKnownTerritory() {
        var script = CohortScript()
        script.must(.addTerritory(name: "Rangueil", profile: .init()))
        script.must(.planSession(title: "Séance 1", theme: nil, template: "seance", cases: 0, date: nil, index: nil))
        #expect(script.refusal(.shareSheet(planned: "s1", territory: "t1", with: "Élus"))?.code == .notFound)
        script.must(.openSession(id: "s1", sessionID: "live"))
        #expect(script.refusal(.shareSheet(planned: "s1", territory: "t9", with: "Élus"))?.code == .notFound)
        script.must(.shareSheet(planned: "s1", territory: "t1", with: " Élus  du campus "))
        #expect(script.cohort.shared["s1/t1"] == "Élus du campus")
        script.must(.shareSheet(planned: "s1", territory: "t1", with: ""))
        #expect(script.cohort.shared["s1/t1"] == nil)
    }

    @Test func aBinomeCoWritesItsRecordWithoutOverwritingEachOther() {
        var script = CohortScript()
        script.must(.addTerritory(name: "Le Centsept", profile: .init()))
        var record = ExperienceRecord()
        record.tried = "  Un forum annuel  "
        record.maturity = .emergence
        script.must(.editRecord(territory: "t1", record: record, base: 0, by: "m1"))
        #expect(script.cohort.records["t1"]?.version == 1 && script.cohort.records["t1"]?.record.tried == "Un forum annuel")
        // An edit from a stale version is refused, saying the current one.
        let stale = script.refusal(.editRecord(territory: "t1", record: ExperienceRecord(), base: 0, by: "m2"))
        #expect(stale?.code == .conflict && stale?.params?["version"] == "1")
        // The same text again changes nothing; too long names its field.
        #expect(try! script.run(.editRecord(territory: "t1", record: record, base: 1, by: "m2")).get().isEmpty)
        record.learned = String(repeating: "x", count: ExperienceRecord.maxField + 1)
        #expect(script.refusal(.editRecord(territory: "t1", record: record, base: 1, by: "m2"))?.message.hasPrefix("learned") == true)
        #expect(script.refusal(.reviewRecord(territory: "t1", planned: "s9"))?.code == .notFound)
        #expect(script.refusal(.reviewRecord(territory: "t2", planned: "s1"))?.code == .notFound)
    }

    @Test func erasingRewritesAMembersEventsAndTheLogStillFolds() {
        var script = CohortScript()
        script.must(.addTerritory(name: "FACE Paris", profile: .init()))
        script.must(.addMember(territory: "t1", name: "Awa Diop", keyHash: "h1"))
        script.must(.addMember(territory: "t1", name: "Bruno", keyHash: "h2"))
        script.must(.proposeSubject(member: "m1", text: "Sujet d'Awa"))
        script.must(.proposeSubject(member: "m2", text: "Sujet de Bruno"))
        script.must(.reviewAction(key: "k", status: .done, note: "note d'Awa", by: "m1"))
        script.must(.eraseMember(id: "m1"))
        let erased = script.records.map { CohortRecord(at: $0.at, actor: $0.actor, event: $0.event.erasing("m1", pseudonym: "Membre 1")) }
        let text = "\(erased)"
        #expect(!text.contains("Awa") && !text.contains("h1") && !text.contains("note d'Awa"))
        #expect(text.contains("Sujet de Bruno") && text.contains("h2"))
        #expect(Cohort.folding(id: "c1", erased) == script.cohort)
    }

    @Test func foldingTheStoredRecordsGivesTheSameCohort() throws {
        var script = CohortScript()
        script.must(.addTerritory(name: "FACE Paris", profile: .init(region: "Île-de-France")))
        script.must(.addMember(territory: "t1", name: "Awa", keyHash: "h1"))
        script.must(.applyPathway(Self.pathway))
        script.must(.moveSession(id: "s2", index: 0))
        let bytes = try script.records.map { try JSONValueEncoder().encode($0).encodedBytesForTest() }
        let decoded = try bytes.map { try JSONValueDecoder().decode(CohortRecord.self, from: try JSONParser().parse($0)) }
        #expect(decoded == script.records)
        #expect(Cohort.folding(id: "c1", decoded) == script.cohort)
    }
}

@Suite struct PathwayTests {
    @Test func aSoundPathwayHasNoProblem() {
        #expect(CohortTests.pathway.problem(knownTemplates: ["seance"]) == nil)
    }

    @Test(arguments: [
        "template", "sessions[1].theme", "sessions[0].template", "sessions[1].cases", "sessions[1].week",
        "sessions[0].title", "themes[1]", "locale",
    ])
    func aBadPathwayNamesItsKey(key: String) {
        var pathway = CohortTests.pathway
        switch key {
        case "template": pathway.template = "absent"
        case "sessions[1].theme": pathway.sessions[1].theme = 9
        case "sessions[0].template": pathway.sessions[0].template = "nope"
        case "sessions[1].cases": pathway.sessions[1].cases = 9
        case "sessions[1].week": pathway.sessions[1].week = 0
        case "sessions[0].title": pathway.sessions[0].title = " "
        case "themes[1]": pathway.themes[1] = ""
        default: pathway.locale = "de"
        }
        #expect(pathway.problem(knownTemplates: ["seance"])?.hasPrefix(key + ":") == true)
    }

    @Test func weeksMayNotGoBack() {
        var pathway = CohortTests.pathway
        pathway.sessions[1].week = 1
        pathway.sessions[0].week = 3
        #expect(pathway.problem(knownTemplates: ["seance"])?.hasPrefix("sessions[1].week") == true)
    }
}

@Suite struct CalendarDayTests {
    @Test func roundTripsAndCountsDays() {
        #expect(CalendarDay("1970-01-01")?.daysSinceEpoch == 0)
        #expect(CalendarDay("2028-02-29")?.description == "2028-02-29")
        #expect(CalendarDay("2027-12-27")?.adding(days: 7).description == "2028-01-03")
        #expect(CalendarDay("2027-02-29") == nil)
        #expect(CalendarDay("2027-1-05") == nil)
        #expect(CalendarDay("2100-02-29") == nil)
        #expect(CalendarDay("2000-02-29") != nil)
        for day in stride(from: -30000, to: 40000, by: 97) {
            let value = CalendarDay(daysSinceEpoch: day)
            if (1900...2999).contains(value.civil.year) { #expect(CalendarDay(value.description) == value) }
        }
    }
}

extension JSONValue {
    func encodedBytesForTest() -> [UInt8] { JSONWriter.bytes(self) }
}

@Suite struct RotationTests {
    static func cohort() -> Cohort {
        var script = CohortScript()
        for name in ["Pays d'Aix", "Les Mureaux", "Rangueil", "Centre"] { script.must(.addTerritory(name: name, profile: .init())) }
        for (index, name) in ["Awa", "Bruno", "Chloé", "David", "Emma", "Farid", "Gaëlle", "Hugo"].enumerated() {
            script.must(.addMember(territory: "t\(index / 2 + 1)", name: name, keyHash: "h"))
        }
        script.must(.applyPathway(CohortTests.pathway))
        script.must(.planSession(title: "Séance 3", theme: nil, template: "seance", cases: 0, date: nil, index: nil))
        return script.cohort
    }

    @Test func thoseWhoNeverBroughtACaseComeFirstThenTheLongestAgo() {
        let cohort = Self.cohort()
        let none = Rotation.standings(of: cohort, cases: [])
        #expect(none.map(\.territory) == ["t1", "t2", "t3", "t4"])
        let cases: [(planned: String, clients: [String])] = [("s1", ["m1", "m2"]), ("s2", ["m5"]), ("s2", ["m3"])]
        let standings = Rotation.standings(of: cohort, cases: cases)
        #expect(standings.map(\.territory) == ["t4", "t1", "t2", "t3"])
        let aix = standings.first { $0.territory == "t1" }
        #expect(aix?.cases == 1 && aix?.lastSession == "s1" && aix?.members == ["m1": 1, "m2": 1])
        #expect(standings.first { $0.territory == "t3" }?.members == ["m5": 1, "m6": 0])
    }

    @Test func amongEqualsAWaitingSubjectComesFirst() {
        var cohort = Self.cohort()
        cohort.apply(.subjectProposed(id: "q1", member: "m7", text: "Un sujet", at: 1))
        #expect(Rotation.standings(of: cohort, cases: []).map(\.territory) == ["t4", "t1", "t2", "t3"])
    }
}
