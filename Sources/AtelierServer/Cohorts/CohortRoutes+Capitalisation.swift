import AtelierCohort
import AtelierTransport

/// Capitalisation: each territory's *fiche d'expérience*, co-written by its binôme on their
/// page and reviewed in a séance, and the cohort-wide export of *constats et enseignements*.
extension CohortRoutes {
    struct RecordBody: Decodable {
        let record: ExperienceRecord
        /// The version the writer started from (0: none yet).
        let base: Int
    }

    struct ReviewedBody: Decodable { let planned: String }

    /// A territory's record as the API shows it.
    struct RecordView: Encodable {
        let territory: String
        let territoryName: String
        let record: ExperienceRecord
        let version: Int
        let updatedBy: String?
        let updatedByName: String?
        let updatedAt: Int64?
        let reviewedIn: String?

        init(_ cohort: Cohort, territory: Territory) {
            let kept = cohort.records[territory.id]
            self.territory = territory.id
            territoryName = territory.name
            record = kept?.record ?? ExperienceRecord()
            version = kept?.version ?? 0
            updatedBy = kept?.updatedBy
            updatedByName = kept.map { $0.updatedBy == "trainer" ? "trainer" : cohort.member($0.updatedBy)?.name ?? $0.updatedBy }
            updatedAt = kept?.updatedAt
            reviewedIn = kept?.reviewedIn
        }
    }

    /// A refused edit: why, and the record as it is now (the writer keeps theirs to merge).
    struct RecordConflict: Encodable {
        struct Problem: Encodable {
            let code: String
            let message: String
            let reason: String?
        }
        let error: Problem
        let current: RecordView
    }

    func registerCapitalisation(on router: inout HTTPRouter) {
        router.get("/api/me/record") { request, _ in
            guard let (cohort, member) = await memberOf(request) else { return Self.memberUnauthorized }
            guard let territory = cohort.territory(member.territory) else { return notFound("no territory") }
            return .json(RecordView(cohort, territory: territory))
        }
        router.add(.put, "/api/me/record") { request, _ in
            guard let (cohort, member) = await memberOf(request) else { return Self.memberUnauthorized }
            guard let body = decode(RecordBody.self, request) else {
                return badRequest("expected {\"record\": {ecosystem, model, governance, maturity?, tried, learned, themes}, \"base\": version}")
            }
            return await editRecord(cohort, territory: member.territory, body: body, by: member.id)
        }
        router.get("/api/me/export") { request, _ in
            guard let (cohort, member) = await memberOf(request) else { return Self.memberUnauthorized }
            var response = HTTPResponse.json(await export(member, of: cohort, now: cohorts.clock.now()))
            response.headers.append(("content-disposition", "attachment; filename=\"atelier-\(member.id).json\""))
            return response
        }
        router.get("/api/me/capitalisation") { request, _ in
            guard let (cohort, _) = await memberOf(request) else { return Self.memberUnauthorized }
            return await capitalisation(cohort, request: request)
        }
        router.get("/api/cohorts/:id/records") { request, parameters in
            guard authorized(request) else { return SessionRoutes.unauthorized }
            guard let cohort = await cohorts.cohort(parameters["id"] ?? "") else { return notFound("no such cohort") }
            return .json(cohort.territories.map { RecordView(cohort, territory: $0) })
        }
        router.add(.put, "/api/cohorts/:id/territories/:territory/record") { request, parameters in
            guard authorized(request) else { return SessionRoutes.unauthorized }
            guard let cohort = await cohorts.cohort(parameters["id"] ?? "") else { return notFound("no such cohort") }
            guard let body = decode(RecordBody.self, request) else { return badRequest("expected {\"record\", \"base\"}") }
            return await editRecord(cohort, territory: parameters["territory"] ?? "", body: body, by: "trainer")
        }
        router.post("/api/cohorts/:id/territories/:territory/record/reviewed") { request, parameters in
            guard authorized(request) else { return SessionRoutes.unauthorized }
            guard let body = decode(ReviewedBody.self, request) else { return badRequest("expected {\"planned\": id}") }
            return await trainer(request, parameters) { _ in .reviewRecord(territory: parameters["territory"] ?? "", planned: body.planned) }
        }
        router.get("/api/cohorts/:id/dashboard") { request, parameters in
            guard authorized(request) else { return SessionRoutes.unauthorized }
            guard let cohort = await cohorts.cohort(parameters["id"] ?? "") else { return notFound("no such cohort") }
            return .json(CohortDashboard(cohort: cohort, ledger: await ledger(for: cohort)))
        }
        router.get("/api/cohorts/:id/capitalisation") { request, parameters in
            guard authorized(request) else { return SessionRoutes.unauthorized }
            guard let cohort = await cohorts.cohort(parameters["id"] ?? "") else { return notFound("no such cohort") }
            return await capitalisation(cohort, request: request)
        }
    }

    private func editRecord(_ cohort: Cohort, territory: String, body: RecordBody, by: String) async -> HTTPResponse {
        let result = await outcome {
            try await cohorts.run(.editRecord(territory: territory, record: body.record, base: body.base, by: by), on: cohort.id, actor: by)
        }
        switch result {
        case .success(let after):
            guard let place = after.territory(territory) else { return notFound("no territory") }
            return .json(RecordView(after, territory: place))
        case .failure(let rejection) where rejection.code == .conflict:
            guard let now = await cohorts.cohort(cohort.id), let place = now.territory(territory) else { return respond(.failure(rejection)) }
            return .json(
                RecordConflict(error: .init(code: rejection.code.rawValue, message: rejection.message, reason: rejection.reason),
                               current: RecordView(now, territory: place)),
                status: 409)
        case .failure(let rejection):
            return respond(.failure(rejection))
        }
    }

    /// The cohort's *constats et enseignements*, in Markdown, or a printable page with `?format=html`.
    private func capitalisation(_ cohort: Cohort, request: HTTPRequest) async -> HTTPResponse {
        let text = Capitalisation(cohort: cohort, ledger: await ledger(for: cohort)).markdown
        if request.query.split(separator: "&").contains("format=html") {
            return HTTPResponse(
                status: 200, contentType: "text/html; charset=utf-8",
                headers: [("content-disposition", "attachment; filename=\"constats-et-enseignements.html\""), ("cache-control", "no-store")],
                body: Array(MinutesHTML.page(title: cohort.name, locale: cohort.locale, markdown: text).utf8))
        }
        return HTTPResponse(
            status: 200, contentType: "text/markdown; charset=utf-8",
            headers: [("content-disposition", "inline; filename=\"constats-et-enseignements.md\""), ("cache-control", "no-store")],
            body: Array(text.utf8))
    }
}
