import AtelierCohort
import AtelierEngine
import AtelierKit
import AtelierTransport
import Foundation

/// The HTTP API of cohorts: the trainer's (bearer trainer token) and each member's own
/// page (`Authorization: Member <key>`, the key of their personal link).
struct CohortRoutes: Sendable {
    let cohorts: CohortDirectory
    let sessions: SessionDirectory
    let catalog: TemplateCatalog
    let pathways: PathwayCatalog
    let trainers: TrainerAuthenticator

    struct Header: Decodable {
        let name: String
        let locale: String?
        let starts: String?
        let ends: String?
        let pathway: String?
        /// `four-a`, `free`, or absent to leave it as it is.
        let learningFrame: String?
    }
    struct TerritoryBody: Decodable {
        let name: String
        let region: String?
        let kind: String?
        let structure: String?
        var profile: TerritoryProfile { .init(region: region ?? "", kind: kind ?? "", structure: structure ?? "") }
    }
    struct MemberBody: Decodable {
        let territory: String
        let name: String
    }
    struct PlannedBody: Decodable {
        let title: String
        let theme: String?
        let template: String?
        let cases: Int?
        let date: String?
        let index: Int?
    }
    struct PathwayBody: Decodable { let pathway: String }
    struct SubjectBody: Decodable { let text: String }

    struct MemberLink: Encodable {
        let member: CohortView.MemberView
        /// The member's personal link (shown once): their page, from which they join.
        let link: String
    }

    func register(on router: inout HTTPRouter) {
        registerFollowUp(on: &router)
        registerCapitalisation(on: &router)
        router.get("/api/pathways") { request, _ in
            guard authorized(request) else { return SessionRoutes.unauthorized }
            return .json(pathways.sorted)
        }
        router.get("/api/cohorts") { request, _ in
            guard authorized(request) else { return SessionRoutes.unauthorized }
            return .json(await cohorts.all().map { CohortSummary($0.cohort, createdAt: $0.createdAt) })
        }
        router.post("/api/cohorts") { request, _ in
            guard authorized(request) else { return SessionRoutes.unauthorized }
            guard let body = decode(Header.self, request) else {
                return badRequest("expected {\"name\", \"locale\"?, \"starts\"?, \"ends\"?, \"pathway\"?}")
            }
            if let id = body.pathway, pathways.pathways[id] == nil { return notFound("no pathway \(id.prefix(60))") }
            let created = await outcome {
                try await cohorts.create(
                    name: body.name, locale: body.locale ?? "fr", starts: body.starts, ends: body.ends,
                    pathway: body.pathway.flatMap { pathways.pathways[$0] })
            }
            guard case .success(let cohort) = created else { return respond(created.map { _ in () }) }
            return await view(cohort.id, status: 201)
        }
        router.get("/api/cohorts/:id") { request, parameters in
            guard authorized(request) else { return SessionRoutes.unauthorized }
            return await view(parameters["id"] ?? "")
        }
        router.add(.patch, "/api/cohorts/:id") { request, parameters in
            guard authorized(request) else { return SessionRoutes.unauthorized }
            guard let body = decode(Header.self, request) else { return badRequest("expected {\"name\", \"locale\"?, \"starts\"?, \"ends\"?}") }
            if let frame = body.learningFrame {
                let set = await trainer(request, parameters) { _ in .setLearningFrame(frame == "template" ? nil : frame) }
                guard set.status == 200 else { return set }
            }
            return await trainer(request, parameters) { cohort in
                .edit(name: body.name, locale: body.locale ?? cohort.locale, starts: body.starts, ends: body.ends)
            }
        }
        router.post("/api/cohorts/:id/pathway") { request, parameters in
            guard authorized(request) else { return SessionRoutes.unauthorized }
            guard let body = decode(PathwayBody.self, request) else { return badRequest("expected {\"pathway\": id}") }
            guard let pathway = pathways.pathways[body.pathway] else { return notFound("no pathway \(body.pathway.prefix(60))") }
            return await trainer(request, parameters) { _ in .applyPathway(pathway) }
        }
        router.post("/api/cohorts/:id/territories") { request, parameters in
            guard authorized(request) else { return SessionRoutes.unauthorized }
            guard let body = decode(TerritoryBody.self, request) else {
                return badRequest("expected {\"name\", \"region\"?, \"kind\"?, \"structure\"?}")
            }
            return await trainer(request, parameters, status: 201) { _ in .addTerritory(name: body.name, profile: body.profile) }
        }
        router.add(.patch, "/api/cohorts/:id/territories/:territory") { request, parameters in
            guard authorized(request) else { return SessionRoutes.unauthorized }
            guard let body = decode(TerritoryBody.self, request) else {
                return badRequest("expected {\"name\", \"region\"?, \"kind\"?, \"structure\"?}")
            }
            return await trainer(request, parameters) { _ in
                .editTerritory(id: parameters["territory"] ?? "", name: body.name, profile: body.profile)
            }
        }
        router.post("/api/cohorts/:id/members") { request, parameters in
            guard authorized(request) else { return SessionRoutes.unauthorized }
            guard let body = decode(MemberBody.self, request) else { return badRequest("expected {\"territory\", \"name\"}") }
            let id = parameters["id"] ?? ""
            let secret = Secrets.make()
            let result = await outcome {
                try await cohorts.run(.addMember(territory: body.territory, name: body.name, keyHash: Secrets.hash(secret)), on: id)
            }
            guard case .success(let cohort) = result, let member = cohort.members.last else { return respond(result.map { _ in () }) }
            return .json(MemberLink(member: .init(member), link: Self.link(cohort: id, member: member.id, secret: secret)), status: 201)
        }
        router.add(.patch, "/api/cohorts/:id/members/:member") { request, parameters in
            guard authorized(request) else { return SessionRoutes.unauthorized }
            guard let body = decode(MemberBody.self, request) else { return badRequest("expected {\"territory\", \"name\"}") }
            return await trainer(request, parameters) { _ in
                .editMember(id: parameters["member"] ?? "", territory: body.territory, name: body.name)
            }
        }
        router.post("/api/cohorts/:id/members/:member/link") { request, parameters in
            guard authorized(request) else { return SessionRoutes.unauthorized }
            let id = parameters["id"] ?? ""
            let memberID = parameters["member"] ?? ""
            let secret = Secrets.make()
            let result = await outcome { try await cohorts.run(.renewKey(id: memberID, keyHash: Secrets.hash(secret)), on: id) }
            guard case .success(let cohort) = result, let member = cohort.member(memberID) else { return respond(result.map { _ in () }) }
            return .json(MemberLink(member: .init(member), link: Self.link(cohort: id, member: memberID, secret: secret)))
        }
        router.add(.delete, "/api/cohorts/:id/members/:member") { request, parameters in
            guard authorized(request) else { return SessionRoutes.unauthorized }
            return await erase(member: parameters["member"] ?? "", in: parameters["id"] ?? "")
        }
        router.post("/api/cohorts/:id/plan") { request, parameters in
            guard authorized(request) else { return SessionRoutes.unauthorized }
            guard let body = decode(PlannedBody.self, request) else {
                return badRequest("expected {\"title\", \"template\", \"theme\"?, \"cases\"?, \"date\"?, \"index\"?}")
            }
            guard let template = body.template, catalog.templates[template] != nil else {
                return notFound("no template \((body.template ?? "").prefix(60))")
            }
            return await trainer(request, parameters, status: 201) { _ in
                .planSession(title: body.title, theme: body.theme, template: template, cases: body.cases ?? 0, date: body.date, index: body.index)
            }
        }
        router.add(.patch, "/api/cohorts/:id/plan/:planned") { request, parameters in
            guard authorized(request) else { return SessionRoutes.unauthorized }
            guard let body = decode(PlannedBody.self, request) else {
                return badRequest("expected {\"title\", \"theme\"?, \"cases\"?, \"date\"?, \"index\"?}")
            }
            let planned = parameters["planned"] ?? ""
            if let index = body.index {
                let moved = await trainer(request, parameters) { _ in .moveSession(id: planned, index: index) }
                guard moved.status == 200 else { return moved }
            }
            return await trainer(request, parameters) { cohort in
                .editSession(
                    id: planned, title: body.title, theme: body.theme, date: body.date,
                    cases: body.cases ?? cohort.planned(planned)?.cases ?? 0)
            }
        }
        router.add(.delete, "/api/cohorts/:id/plan/:planned") { request, parameters in
            await trainer(request, parameters) { _ in .dropSession(id: parameters["planned"] ?? "") }
        }
        router.post("/api/cohorts/:id/plan/:planned/open") { request, parameters in
            guard authorized(request) else { return SessionRoutes.unauthorized }
            return await open(cohort: parameters["id"] ?? "", planned: parameters["planned"] ?? "")
        }
        router.get("/api/me") { request, _ in
            guard let (cohort, member) = await memberOf(request) else { return Self.memberUnauthorized }
            return await page(cohort, member)
        }
        router.post("/api/me/subjects") { request, _ in
            guard let (cohort, member) = await memberOf(request) else { return Self.memberUnauthorized }
            guard let body = decode(SubjectBody.self, request) else { return badRequest("expected {\"text\"}") }
            let result = await outcome { try await cohorts.run(.proposeSubject(member: member.id, text: body.text), on: cohort.id, actor: member.id) }
            guard case .success(let after) = result else { return respond(result.map { _ in () }) }
            return await page(after, member, status: 201)
        }
        router.add(.delete, "/api/me/subjects/:subject") { request, parameters in
            guard let (cohort, member) = await memberOf(request) else { return Self.memberUnauthorized }
            let result = await outcome {
                try await cohorts.run(.withdrawSubject(id: parameters["subject"] ?? "", member: member.id), on: cohort.id, actor: member.id)
            }
            guard case .success(let after) = result else { return respond(result.map { _ in () }) }
            return await page(after, member)
        }
    }

    /// A member's page, with their items and sheets from the ledger.
    func page(_ cohort: Cohort, _ member: Member, status: Int = 200) async -> HTTPResponse {
        .json(MemberPageView(cohort, member: member, joinCodes: await joinCodes(), ledger: await ledger(for: cohort)), status: status)
    }

    /// Erases a member everywhere: in the cohort's log, then in every séance of the cohort
    /// they took part in (their name pseudonymised, their texts removed; replays still
    /// work). A séance being served is rebuilt from its rewritten log; its clients resync.
    func erase(member: String, in id: String) async -> HTTPResponse {
        let result = await outcome { try await cohorts.erase(member: member, in: id) }
        guard case .success(let cohort) = result else { return respond(result.map { _ in () }) }
        let maintenance = SessionMaintenance(store: sessions.store)
        for sessionID in cohort.plan.compactMap(\.sessionID) {
            // A séance served here that never saw them is left alone (its clients stay).
            if case .success(let host) = await sessions.host(id: sessionID), await !host.knows(ParticipantID(member)) { continue }
            do {
                try await sessions.rewriting(sessionID) {
                    _ = try await maintenance.erase(session: sessionID, participant: member, removeTexts: true)
                }
            } catch MaintenanceError.unknownMember {
                continue  // not in that séance
            } catch {
                return .error(status: 500, code: "internal", message: "the member was erased from the cohort but not from séance \(sessionID); retry")
            }
        }
        return await view(id)
    }

    /// Opens the live session of a planned one: its template's agenda with the theme and
    /// cases, the cohort's territories in its setup; then records it in the plan. A crash
    /// between the two writes is mended at the next start (`CohortDirectory.reconcile`).
    func open(cohort id: String, planned plannedID: String) async -> HTTPResponse {
        guard let cohort = await cohorts.cohort(id) else { return notFound("no such cohort") }
        guard let planned = cohort.planned(plannedID) else { return notFound("no session \(plannedID.prefix(20)) in the plan") }
        guard planned.sessionID == nil else {
            return .error(status: 409, code: "conflict", message: "this planned session is already open")
        }
        guard let template = catalog.templates[planned.template], let steps = catalog.agendas[planned.template] else {
            return notFound("no template \(planned.template.prefix(60))")
        }
        let agenda: [AgendaStep]
        let seed = PlannedAgenda.followUpSeed(await ledger(for: cohort), cohort: cohort)
        switch PlannedAgenda.agenda(
            for: planned, template: steps, registry: Activities.registry, followUp: seed, learningFrame: cohort.learningFrame)
        {
        case .success(let built): agenda = built
        case .failure(let rejection): return .error(status: 400, code: rejection.code.rawValue, message: rejection.message)
        }
        let created: SessionDirectory.Created
        do {
            created = try await sessions.create(
                template: template, agenda: agenda, title: planned.title, cohort: PlannedAgenda.link(cohort, planned: planned))
        } catch {
            return .error(status: 500, code: "internal", message: "the session could not be stored")
        }
        let recorded = await outcome { try await cohorts.run(.openSession(id: plannedID, sessionID: created.setup.id), on: id) }
        guard case .success = recorded else { return respond(recorded.map { _ in () }) }
        return .json(SessionRoutes.CreatedSession(created), status: 201)
    }

    func view(_ id: String, status: Int = 200) async -> HTTPResponse {
        guard let cohort = await cohorts.cohort(id) else { return notFound("no such cohort") }
        return .json(CohortView(cohort, joinCodes: await joinCodes()), status: status)
    }

    /// Runs a trainer's command on the cohort named in the path; answers with the cohort.
    func trainer(
        _ request: HTTPRequest, _ parameters: [String: String], status: Int = 200,
        _ command: (Cohort) -> CohortCommand
    ) async -> HTTPResponse {
        guard authorized(request) else { return SessionRoutes.unauthorized }
        let id = parameters["id"] ?? ""
        guard let cohort = await cohorts.cohort(id) else { return notFound("no such cohort") }
        let order = command(cohort)
        let result = await outcome { try await cohorts.run(order, on: id) }
        guard case .success = result else { return respond(result.map { _ in () }) }
        return await view(id, status: status)
    }

    func joinCodes() async -> [String: String] { await sessions.joinCodes() }

    func memberOf(_ request: HTTPRequest) async -> (Cohort, Member)? {
        guard let header = request.headers["authorization"], header.hasPrefix("Member ") else { return nil }
        return await cohorts.member(forKey: String(header.dropFirst("Member ".count)))
    }

    func authorized(_ request: HTTPRequest) -> Bool {
        trainers.accepts(TrainerAuthenticator.bearer(request.headers["authorization"]))
    }

    func decode<T: Decodable>(_ type: T.Type, _ request: HTTPRequest) -> T? {
        try? JSONDecoder().decode(T.self, from: Data(request.body))
    }

    func outcome<T>(_ work: () async throws -> Result<T, Rejection>) async -> Result<T, Rejection> {
        do { return try await work() } catch { return .failure(Rejection(.internal, "the cohort could not be stored")) }
    }

    func respond(_ result: Result<Void, Rejection>) -> HTTPResponse {
        guard case .failure(let rejection) = result else { return .json([String: String]()) }
        return .error(status: Self.status(of: rejection.code), code: rejection.code.rawValue, message: rejection.message)
    }

    func badRequest(_ message: String) -> HTTPResponse { .error(status: 400, code: "bad_request", message: message) }
    func notFound(_ message: String) -> HTTPResponse { .error(status: 404, code: "not_found", message: message) }

    static func status(of code: ErrorCode) -> Int {
        switch code {
        case .badRequest: 400
        case .unauthorized: 401
        case .forbidden: 403
        case .notFound: 404
        case .conflict, .invalidState: 409
        case .tooLarge: 413
        case .rateLimited: 429
        case .unavailable: 503
        case .internal: 500
        }
    }

    /// A member's personal link: their page, the key in the fragment (never sent in a URL's path or query).
    static func link(cohort: String, member: String, secret: String) -> String {
        "/moi#key=\(MemberKey(cohort: cohort, member: member, secret: secret).text)"
    }

    static let memberUnauthorized = HTTPResponse.error(
        status: 401, code: "unauthorized", message: "this personal link is not (or no longer) valid: ask your trainer for a new one")
}
