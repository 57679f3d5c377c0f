import AtelierEngine
import AtelierKit
import AtelierTransport
import Foundation

/// The trainer's HTTP API: templates, sessions. Every route needs a trainer bearer token.
struct SessionRoutes: Sendable {
    let directory: SessionDirectory
    let catalog: TemplateCatalog
    let trainers: TrainerAuthenticator

    struct CreateRequest: Decodable {
        let template: String
        let title: String?
        /// Settings chosen among what the template's steps offer (a step's theme).
        let choices: [CreationChoices.Made]?
    }

    struct CreatedSession: Encodable {
        let id: String
        let title: String
        let joinCode: String
        let joinPath: String
        let facilitatorInvite: String
        let facilitatorPath: String

        init(_ created: SessionDirectory.Created) {
            id = created.setup.id
            title = created.setup.title
            joinCode = created.setup.joinCode
            joinPath = "/join/\(created.setup.joinCode)"
            facilitatorInvite = created.facilitatorInvite
            facilitatorPath = "/console#session=\(created.setup.id)&invite=\(created.facilitatorInvite)"
        }
    }

    struct TemplateListing: Encodable {
        struct Step: Encodable {
            let title: String
            let activity: String
            let timeboxSeconds: Int
            /// What the trainer may choose for this step when creating a session.
            let choices: [CreationChoices.Offered]
        }
        let id: String
        let title: String
        let locale: String
        let description: String?
        let steps: [Step]
    }

    func register(on router: inout HTTPRouter) {
        router.get("/api/templates") { request, _ in
            guard authorized(request) else { return Self.unauthorized }
            return .json(
                catalog.sorted.map { template in
                    TemplateListing(
                        id: template.id, title: template.title, locale: template.locale,
                        description: template.description,
                        steps: (catalog.agendas[template.id] ?? []).map {
                            .init(
                                title: $0.title, activity: $0.activity, timeboxSeconds: $0.timeboxSeconds,
                                choices: CreationChoices.offered(by: $0, registry: Activities.registry))
                        })
                })
        }
        router.get("/api/sessions") { request, _ in
            guard authorized(request) else { return Self.unauthorized }
            var summaries: [SessionSummary] = []
            for (host, createdAt) in await directory.all() { summaries.append(await host.summary(createdAt: createdAt)) }
            summaries += directory.damagedSummaries()
            return .json(summaries.sorted { $0.createdAt > $1.createdAt || ($0.createdAt == $1.createdAt && $0.id < $1.id) })
        }
        router.post("/api/sessions") { request, _ in
            guard authorized(request) else { return Self.unauthorized }
            guard let body = try? JSONDecoder().decode(CreateRequest.self, from: Data(request.body)) else {
                return .error(status: 400, code: "bad_request", message: "expected {\"template\": id, \"title\"?: text, \"choices\"?: [{\"step\", \"key\", \"value\"}]}")
            }
            guard let template = catalog.templates[body.template], let templateAgenda = catalog.agendas[body.template] else {
                return .error(status: 404, code: "not_found", message: "no template \(body.template.prefix(60))")
            }
            let agenda: [AgendaStep]
            switch CreationChoices.applying(body.choices ?? [], to: templateAgenda, registry: Activities.registry) {
            case .success(let chosen): agenda = chosen
            case .failure(let rejection): return .error(status: 400, code: rejection.code.rawValue, message: rejection.message)
            }
            let title = body.title.flatMap(DisplayName.cleanTitle)
            if body.title != nil, title == nil {
                return .error(status: 400, code: "bad_request", message: "a title has 1 to 200 printable characters")
            }
            let created: SessionDirectory.Created
            do {
                created = try await directory.create(template: template, agenda: agenda, title: title)
            } catch {
                return .error(status: 500, code: "internal", message: "the session could not be stored")
            }
            return .json(CreatedSession(created), status: 201)
        }
        router.get("/api/sessions/:id/minutes") { request, parameters in
            guard authorized(request) else { return Self.unauthorized }
            guard case .success(let host) = await directory.host(id: parameters["id"] ?? "") else {
                return .error(status: 404, code: "not_found", message: "no such session")
            }
            if request.query.split(separator: "&").contains("format=html") {
                let (id, page) = await host.minutesPage()
                return HTTPResponse(
                    status: 200, contentType: "text/html; charset=utf-8",
                    headers: [("content-disposition", "attachment; filename=\"\(id)-minutes.html\""), ("cache-control", "no-store")],
                    body: Array(page.utf8))
            }
            let (id, text) = await host.minutes()
            return HTTPResponse(
                status: 200, contentType: "text/markdown; charset=utf-8",
                headers: [("content-disposition", "inline; filename=\"\(id)-minutes.md\""), ("cache-control", "no-store")],
                body: Array(text.utf8))
        }
        router.get("/api/sessions/:id/contributions") { request, parameters in
            guard authorized(request) else { return Self.unauthorized }
            guard case .success(let host) = await directory.host(id: parameters["id"] ?? "") else {
                return .error(status: 404, code: "not_found", message: "no such session")
            }
            let (id, bytes) = await host.contributionsCSV()
            return HTTPResponse(
                status: 200, contentType: "text/csv; charset=utf-8",
                headers: [("content-disposition", "attachment; filename=\"\(id)-contributions.csv\""), ("cache-control", "no-store")],
                body: bytes)
        }
        router.get("/api/sessions/:id/steps/:step/export") { request, parameters in
            guard authorized(request) else { return Self.unauthorized }
            guard case .success(let host) = await directory.host(id: parameters["id"] ?? "") else {
                return .error(status: 404, code: "not_found", message: "no such session")
            }
            guard let step = Int(parameters["step"] ?? ""), let file = await host.export(step: step) else {
                return .error(status: 404, code: "not_found", message: "this step has nothing to export (yet)")
            }
            return HTTPResponse(
                status: 200, contentType: "application/json",
                headers: [("content-disposition", "attachment; filename=\"step-\(step).json\""), ("cache-control", "no-store")],
                body: file.encodedBytes())
        }
        router.get("/api/sessions/:id/log") { request, parameters in
            guard authorized(request) else { return Self.unauthorized }
            let id = parameters["id"] ?? ""
            guard case .success = await directory.host(id: id) else {
                return .error(status: 404, code: "not_found", message: "no such session")
            }
            do {
                let log = try await SessionMaintenance(store: directory.store)
                    .exportLog(session: id, sealingFor: SessionEngine(registry: Activities.registry))
                return HTTPResponse(
                    status: 200, contentType: "application/x-ndjson",
                    headers: [("content-disposition", "attachment; filename=\"\(id).jsonl\""), ("cache-control", "no-store")],
                    body: log)
            } catch {
                return .error(status: 500, code: "internal", message: "the log could not be read")
            }
        }
    }

    private func authorized(_ request: HTTPRequest) -> Bool {
        trainers.accepts(TrainerAuthenticator.bearer(request.headers["authorization"]))
    }

    static let unauthorized: HTTPResponse = {
        var response = HTTPResponse.error(status: 401, code: "unauthorized", message: "a trainer token is needed (Authorization: Bearer …)")
        response.headers.append(("www-authenticate", "Bearer"))
        return response
    }()
}

extension DisplayName {
    /// A session title: cleaned like a name, up to 200 characters.
    static func cleanTitle(_ raw: String) -> String? {
        let words = raw.split(whereSeparator: { $0.isWhitespace || $0.isNewline })
        let joined = words.joined(separator: " ").filter { !$0.unicodeScalars.allSatisfy { $0.properties.generalCategory == .control } }
        guard !joined.isEmpty, joined.count <= SessionTemplate.maxTitle else { return nil }
        return joined
    }
}
