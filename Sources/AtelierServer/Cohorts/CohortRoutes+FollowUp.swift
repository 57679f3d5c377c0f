import AtelierCohort
import AtelierTransport

/// Following up what sessions left: action items reviewed by their owners or the trainer,
/// and each territory's *retour au territoire* after a session.
extension CohortRoutes {
    struct ReviewBody: Decodable {
        let key: String
        let status: ActionStatus
        let note: String?
    }

    struct SharedBody: Decodable { let with: String }

    /// Follow-up and sheets: a member's (their own items, their territory's sheets) and
    /// the trainer's (every item, every sheet).
    func registerFollowUp(on router: inout HTTPRouter) {
        router.post("/api/me/actions") { request, _ in
            guard let (cohort, member) = await memberOf(request) else { return Self.memberUnauthorized }
            guard let body = decode(ReviewBody.self, request) else {
                return badRequest("expected {\"key\", \"status\": open|in-progress|done|dropped, \"note\"?}")
            }
            guard await ledger(for: cohort).items(of: member.id).contains(where: { $0.key == body.key }) else {
                return .error(status: 403, code: "forbidden", message: "only its owners (or the trainer) review an action item")
            }
            let result = await outcome {
                try await cohorts.run(.reviewAction(key: body.key, status: body.status, note: body.note ?? "", by: member.id), on: cohort.id, actor: member.id)
            }
            guard case .success(let after) = result else { return respond(result.map { _ in () }) }
            return await page(after, member)
        }
        router.get("/api/me/sheets/:planned") { request, parameters in
            guard let (cohort, member) = await memberOf(request) else { return Self.memberUnauthorized }
            return await sheet(cohort, planned: parameters["planned"] ?? "", territory: member.territory, request: request)
        }
        router.post("/api/me/sheets/:planned") { request, parameters in
            guard let (cohort, member) = await memberOf(request) else { return Self.memberUnauthorized }
            guard let body = decode(SharedBody.self, request) else { return badRequest("expected {\"with\": text}") }
            let result = await outcome {
                try await cohorts.run(
                    .shareSheet(planned: parameters["planned"] ?? "", territory: member.territory, with: body.with), on: cohort.id,
                    actor: member.id)
            }
            guard case .success(let after) = result else { return respond(result.map { _ in () }) }
            return await page(after, member)
        }
        router.get("/api/cohorts/:id/actions") { request, parameters in
            guard authorized(request) else { return SessionRoutes.unauthorized }
            guard let cohort = await cohorts.cohort(parameters["id"] ?? "") else { return notFound("no such cohort") }
            return .json(await ledger(for: cohort).items)
        }
        router.post("/api/cohorts/:id/actions") { request, parameters in
            guard authorized(request) else { return SessionRoutes.unauthorized }
            guard let body = decode(ReviewBody.self, request) else {
                return badRequest("expected {\"key\", \"status\": open|in-progress|done|dropped, \"note\"?}")
            }
            guard let cohort = await cohorts.cohort(parameters["id"] ?? "") else { return notFound("no such cohort") }
            guard await ledger(for: cohort).items.contains(where: { $0.key == body.key }) else {
                return notFound("no action item \(body.key.prefix(80)) in this cohort")
            }
            let result = await outcome {
                try await cohorts.run(.reviewAction(key: body.key, status: body.status, note: body.note ?? "", by: "trainer"), on: cohort.id)
            }
            guard case .success(let after) = result else { return respond(result.map { _ in () }) }
            return .json(await ledger(for: after).items)
        }
        router.get("/api/cohorts/:id/plan/:planned/sheets/:territory") { request, parameters in
            guard authorized(request) else { return SessionRoutes.unauthorized }
            guard let cohort = await cohorts.cohort(parameters["id"] ?? "") else { return notFound("no such cohort") }
            return await sheet(cohort, planned: parameters["planned"] ?? "", territory: parameters["territory"] ?? "", request: request)
        }
    }

    /// A *retour au territoire*, in Markdown, or as a printable page with `?format=html`.
    func sheet(_ cohort: Cohort, planned plannedID: String, territory territoryID: String, request: HTTPRequest) async
        -> HTTPResponse
    {
        guard let planned = cohort.planned(plannedID), planned.sessionID != nil else {
            return notFound("no held session \(plannedID.prefix(20)) in the plan")
        }
        guard let territory = cohort.territory(territoryID) else { return notFound("no territory \(territoryID.prefix(20))") }
        let text = TerritorySheet(cohort: cohort, planned: planned, territory: territory, ledger: await ledger(for: cohort)).markdown
        let name = "retour-\(planned.id)-\(territory.id)"
        if request.query.split(separator: "&").contains("format=html") {
            return HTTPResponse(
                status: 200, contentType: "text/html; charset=utf-8",
                headers: [("content-disposition", "attachment; filename=\"\(name).html\""), ("cache-control", "no-store")],
                body: Array(MinutesHTML.page(title: "\(territory.name) — \(planned.title)", locale: cohort.locale, markdown: text).utf8))
        }
        return HTTPResponse(
            status: 200, contentType: "text/markdown; charset=utf-8",
            headers: [("content-disposition", "inline; filename=\"\(name).md\""), ("cache-control", "no-store")],
            body: Array(text.utf8))
    }
}
