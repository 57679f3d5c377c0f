import AtelierKit

extension Cohort {
    /// Most territories, members, planned sessions; the longest names and subjects.
    public static let maxTerritories = 60
    public static let maxMembers = 200
    public static let maxPlanned = 100
    public static let maxName = 120
    public static let maxProfileField = 120
    public static let maxSubject = 2000
    /// Subjects one member may have open at once.
    public static let maxOpenSubjects = 5
    /// Longest review note, and longest "passed on to".
    public static let maxNote = 1000
    public static let maxShared = 500

    /// The events `command` produces, or why it is refused. Pure: `now` is stamped by the shell.
    public func decide(_ command: CohortCommand, now: Int64) -> Result<[CohortEvent], Rejection> {
        switch command {
        case .edit(let name, let locale, let starts, let ends):
            return Self.checkedHeader(name: name, locale: locale, starts: starts, ends: ends).map {
                [.edited(name: $0.name, locale: $0.locale, starts: $0.starts, ends: $0.ends)]
            }
        case .addTerritory(let name, let profile):
            guard territories.count < Self.maxTerritories else {
                return .failure(Rejection(.tooLarge, "a cohort has at most \(Self.maxTerritories) territories"))
            }
            return checkedTerritory(name: name, profile: profile, except: nil).map {
                [.territoryAdded(id: "t\(territories.count + 1)", name: $0.name, profile: $0.profile)]
            }
        case .editTerritory(let id, let name, let profile):
            guard territory(id) != nil else { return .failure(Self.noTerritory(id)) }
            return checkedTerritory(name: name, profile: profile, except: id).map {
                [.territoryEdited(id: id, name: $0.name, profile: $0.profile)]
            }
        case .addMember(let territory, let name, let keyHash):
            guard members.count < Self.maxMembers else {
                return .failure(Rejection(.tooLarge, "a cohort has at most \(Self.maxMembers) members"))
            }
            return checkedMember(territory: territory, name: name).map {
                [.memberAdded(id: "m\(members.count + 1)", territory: territory, name: $0, keyHash: keyHash)]
            }
        case .editMember(let id, let territory, let name):
            return activeMember(id).flatMap { _ in checkedMember(territory: territory, name: name) }.map {
                [.memberEdited(id: id, territory: territory, name: $0)]
            }
        case .renewKey(let id, let keyHash):
            return activeMember(id).map { _ in [.memberKeyRenewed(id: id, keyHash: keyHash)] }
        case .eraseMember(let id):
            return activeMember(id).map { _ in [.memberErased(id: id, pseudonym: pseudonym(for: id))] }
        case .applyPathway(let pathway):
            return planning(pathway)
        case .planSession(let title, let theme, let template, let cases, let date, let index):
            guard plan.count < Self.maxPlanned else {
                return .failure(Rejection(.tooLarge, "a plan has at most \(Self.maxPlanned) sessions"))
            }
            if let index, !(0...plan.count).contains(index) {
                return .failure(.badRequest("index: 0 to \(plan.count)"))
            }
            return Self.checkedSession(title: title, theme: theme, date: date, cases: cases).map {
                let session = PlannedSession(
                    id: nextSessionID(), title: $0.title, theme: $0.theme, template: template, cases: cases, date: $0.date)
                return [.sessionPlanned(session, index: index ?? plan.count)]
            }
        case .editSession(let id, let title, let theme, let date, let cases):
            guard planned(id) != nil else { return .failure(Self.noSession(id)) }
            return Self.checkedSession(title: title, theme: theme, date: date, cases: cases).map {
                [.sessionEdited(id: id, title: $0.title, theme: $0.theme, date: $0.date, cases: cases)]
            }
        case .moveSession(let id, let index):
            guard let from = plan.firstIndex(where: { $0.id == id }) else { return .failure(Self.noSession(id)) }
            guard plan.indices.contains(index) else { return .failure(.badRequest("index: 0 to \(plan.count - 1)")) }
            return .success(from == index ? [] : [.sessionMoved(id: id, index: index)])
        case .dropSession(let id):
            guard let session = planned(id) else { return .failure(Self.noSession(id)) }
            guard session.sessionID == nil else {
                return .failure(Rejection(.conflict, "this session was held (or is open): it stays in the plan").because("cohort.session-opened"))
            }
            return .success([.sessionDropped(id: id)])
        case .openSession(let id, let sessionID):
            guard let session = planned(id) else { return .failure(Self.noSession(id)) }
            guard session.sessionID == nil else {
                return .failure(Rejection(.conflict, "this planned session is already open").because("cohort.session-opened"))
            }
            return .success([.sessionOpened(id: id, sessionID: sessionID, at: now)])
        case .proposeSubject(let member, let text):
            return activeMember(member).flatMap { _ in
                guard let text = CohortText.cleanParagraphs(text, max: Self.maxSubject) else {
                    return .failure(.badRequest("a subject has 1 to \(Self.maxSubject) characters"))
                }
                guard proposals.count(where: { $0.member == member && !$0.withdrawn }) < Self.maxOpenSubjects else {
                    return .failure(Rejection(.tooLarge, "at most \(Self.maxOpenSubjects) open subjects each: withdraw one first"))
                }
                return .success([.subjectProposed(id: "q\(proposals.count + 1)", member: member, text: text, at: now)])
            }
        case .reviewAction(let key, let status, let note, let by):
            guard !key.isEmpty, key.count <= 200 else { return .failure(.badRequest("key: 1 to 200 characters")) }
            let cleanNote = note.allSatisfy(\.isWhitespace) ? "" : CohortText.cleanParagraphs(note, max: Self.maxNote)
            guard let cleanNote else { return .failure(Rejection(.tooLarge, "a note has at most \(Self.maxNote) characters")) }
            if let known = reviews[key], known.status == status, known.note == cleanNote { return .success([]) }
            return .success([.actionReviewed(key: key, review: ActionReview(status: status, note: cleanNote, by: by, at: now))])
        case .shareSheet(let planned, let territory, let with):
            guard self.planned(planned)?.sessionID != nil else {
                return .failure(Rejection(.notFound, "no held session \(planned.prefix(20)) in the plan"))
            }
            guard self.territory(territory) != nil else { return .failure(Self.noTerritory(territory)) }
            let text = with.allSatisfy(\.isWhitespace) ? "" : CohortText.clean(with, max: Self.maxShared)
            guard let text else { return .failure(Rejection(.tooLarge, "at most \(Self.maxShared) characters")) }
            guard shared["\(planned)/\(territory)"] ?? "" != text else { return .success([]) }
            return .success([.sheetShared(planned: planned, territory: territory, with: text)])
        case .editRecord(let territory, let record, let base, let by):
            guard self.territory(territory) != nil else { return .failure(Self.noTerritory(territory)) }
            let current = records[territory]?.version ?? 0
            guard base == current else {
                return .failure(
                    Rejection(.conflict, "the record changed meanwhile (version \(current), yours started from \(base))")
                        .because("cohort.record-changed", ["version": "\(current)"]))
            }
            switch record.cleaned() {
            case .failure(let rejection): return .failure(rejection)
            case .success(let clean):
                guard clean != records[territory]?.record else { return .success([]) }
                return .success([.recordEdited(territory: territory, record: clean, version: current + 1, by: by, at: now)])
            }
        case .reviewRecord(let territory, let planned):
            guard records[territory] != nil else {
                return .failure(Rejection(.notFound, "this territory has no record yet"))
            }
            guard self.planned(planned)?.sessionID != nil else {
                return .failure(Rejection(.notFound, "no held session \(planned.prefix(20)) in the plan"))
            }
            return .success(records[territory]?.reviewedIn == planned ? [] : [.recordReviewed(territory: territory, planned: planned)])
        case .setLearningFrame(let frame):
            guard frame == nil || ["four-a", "free"].contains(frame!) else {
                return .failure(.badRequest("learningFrame: four-a, free or null"))
            }
            return .success(frame == learningFrame ? [] : [.learningFrameSet(frame)])
        case .withdrawSubject(let id, let member):
            guard let proposal = proposals.first(where: { $0.id == id }), !proposal.withdrawn else {
                return .failure(Rejection(.notFound, "no open subject \(id.prefix(20))"))
            }
            guard proposal.member == member else { return .failure(.forbidden("only its author withdraws a subject")) }
            return .success([.subjectWithdrawn(id: id)])
        }
    }

    /// The header of a new cohort, validated: its `created` event.
    public static func creation(name: String, locale: String, starts: String?, ends: String?) -> Result<CohortEvent, Rejection> {
        checkedHeader(name: name, locale: locale, starts: starts, ends: ends).map {
            .created(name: $0.name, locale: $0.locale, starts: $0.starts, ends: $0.ends)
        }
    }

    // MARK: - Checks

    private static func checkedHeader(name: String, locale: String, starts: String?, ends: String?) -> Result<
        (name: String, locale: String, starts: String?, ends: String?), Rejection
    > {
        guard let name = CohortText.clean(name, max: maxName) else {
            return .failure(.badRequest("name: 1 to \(maxName) printable characters"))
        }
        guard ["fr", "en"].contains(locale) else { return .failure(.badRequest("locale: fr or en")) }
        let first = starts.flatMap(CalendarDay.init)
        let last = ends.flatMap(CalendarDay.init)
        if starts != nil, first == nil { return .failure(.badRequest("starts: a day written YYYY-MM-DD")) }
        if ends != nil, last == nil { return .failure(.badRequest("ends: a day written YYYY-MM-DD")) }
        if let first, let last, last < first { return .failure(.badRequest("ends: before starts")) }
        return .success((name, locale, first?.description, last?.description))
    }

    private func checkedTerritory(name: String, profile: TerritoryProfile, except: String?) -> Result<
        (name: String, profile: TerritoryProfile), Rejection
    > {
        guard let name = CohortText.clean(name, max: Self.maxName) else {
            return .failure(.badRequest("name: 1 to \(Self.maxName) printable characters"))
        }
        guard !territories.contains(where: { $0.id != except && $0.name.lowercased() == name.lowercased() }) else {
            return .failure(Rejection(.conflict, "a territory is already called \(name)").because("cohort.territory-exists"))
        }
        func field(_ raw: String, _ key: String) -> Result<String, Rejection> {
            if raw.allSatisfy(\.isWhitespace) { return .success("") }
            guard let clean = CohortText.clean(raw, max: Self.maxProfileField) else {
                return .failure(.badRequest("\(key): at most \(Self.maxProfileField) characters"))
            }
            return .success(clean)
        }
        return field(profile.region, "region").flatMap { region in
            field(profile.kind, "kind").flatMap { kind in
                field(profile.structure, "structure").map { structure in
                    (name, TerritoryProfile(region: region, kind: kind, structure: structure))
                }
            }
        }
    }

    private func checkedMember(territory: String, name: String) -> Result<String, Rejection> {
        guard self.territory(territory) != nil else { return .failure(Self.noTerritory(territory)) }
        guard let name = CohortText.clean(name, max: Self.maxName) else {
            return .failure(.badRequest("name: 1 to \(Self.maxName) printable characters"))
        }
        return .success(name)
    }

    private static func checkedSession(title: String, theme: String?, date: String?, cases: Int) -> Result<
        (title: String, theme: String?, date: String?), Rejection
    > {
        guard let title = CohortText.clean(title, max: 200) else {
            return .failure(.badRequest("title: 1 to 200 printable characters"))
        }
        var cleanTheme: String?
        if let theme, !theme.allSatisfy(\.isWhitespace) {
            guard let clean = CohortText.clean(theme, max: 200) else { return .failure(.badRequest("theme: at most 200 characters")) }
            cleanTheme = clean
        }
        var day: String?
        if let date, !date.isEmpty {
            guard let parsed = CalendarDay(date) else { return .failure(.badRequest("date: a day written YYYY-MM-DD")) }
            day = parsed.description
        }
        guard (0...Pathway.maxCases).contains(cases) else { return .failure(.badRequest("cases: 0 to \(Pathway.maxCases)")) }
        return .success((title, cleanTheme, day))
    }

    private func activeMember(_ id: String) -> Result<Member, Rejection> {
        guard let member = member(id), !member.erased else {
            return .failure(Rejection(.notFound, "no member \(id.prefix(20)) in this cohort"))
        }
        return .success(member)
    }

    private func planning(_ pathway: Pathway) -> Result<[CohortEvent], Rejection> {
        guard plan.count + pathway.sessions.count <= Self.maxPlanned else {
            return .failure(Rejection(.tooLarge, "a plan has at most \(Self.maxPlanned) sessions"))
        }
        let start = starts.flatMap(CalendarDay.init)
        var next = nextSessionNumber()
        var events: [CohortEvent] = [.pathwayApplied(name: pathway.id)]
        for session in pathway.sessions {
            let date = zip(start, session.week).map { start, week in start.adding(days: 7 * (week - 1)).description }
            let planned = PlannedSession(
                id: "s\(next)", title: session.title, theme: pathway.theme(of: session),
                template: session.template ?? pathway.template, cases: session.cases ?? 0, date: date)
            events.append(.sessionPlanned(planned, index: plan.count + events.count - 1))
            next += 1
        }
        return .success(events)
    }

    private func nextSessionNumber() -> Int { (plan.compactMap { Int($0.id.dropFirst()) }.max() ?? 0) + 1 }
    private func nextSessionID() -> String { "s\(nextSessionNumber())" }

    private func pseudonym(for id: String) -> String {
        (locale == "fr" ? "Membre " : "Member ") + id.dropFirst()
    }

    private static func noTerritory(_ id: String) -> Rejection { Rejection(.notFound, "no territory \(id.prefix(20)) in this cohort") }
    private static func noSession(_ id: String) -> Rejection { Rejection(.notFound, "no session \(id.prefix(20)) in the plan") }
}

private func zip<A, B>(_ a: A?, _ b: B?) -> (A, B)? {
    guard let a, let b else { return nil }
    return (a, b)
}
