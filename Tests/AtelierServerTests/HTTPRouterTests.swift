import AtelierServer
import AtelierTransport
import Foundation
import Testing

@Suite struct HTTPRouterTests {
    func makeRouter() -> HTTPRouter {
        var router = HTTPRouter()
        router.get("/healthz") { _, _ in .text("ok") }
        router.post("/api/sessions") { request, _ in .text("created \(request.body.count)", status: 201) }
        router.get("/api/sessions/:id") { _, parameters in .text("session \(parameters["id"] ?? "?")") }
        return router
    }

    @Test func exactPathsAndParametersMatch() async {
        let router = makeRouter()
        let health = await router.respond(to: HTTPRequest(method: .get, path: "/healthz"))
        #expect(health.status == 200 && health.body == Array("ok".utf8))
        let session = await router.respond(to: HTTPRequest(method: .get, path: "/api/sessions/s42"))
        #expect(String(decoding: session.body, as: UTF8.self) == "session s42")
        let created = await router.respond(to: HTTPRequest(method: .post, path: "/api/sessions", body: [1, 2, 3]))
        #expect(created.status == 201 && String(decoding: created.body, as: UTF8.self) == "created 3")
    }

    @Test func unknownPathsAnswer404WithAJSONError() async throws {
        let response = await makeRouter().respond(to: HTTPRequest(method: .get, path: "/api/nothing"))
        #expect(response.status == 404)
        #expect(response.contentType == "application/json")
        let body = try JSONSerialization.jsonObject(with: Data(response.body)) as? [String: [String: String]]
        #expect(body?["error"]?["code"] == "not_found")
    }

    @Test func aWrongMethodAnswers405AndListsTheAllowedOnes() async {
        let response = await makeRouter().respond(to: HTTPRequest(method: .delete, path: "/api/sessions"))
        #expect(response.status == 405)
        #expect(response.headers.contains { $0.0 == "allow" && $0.1 == "POST" })
    }

    @Test func headIsAnsweredByTheGetRoute() async {
        let response = await makeRouter().respond(to: HTTPRequest(method: .head, path: "/healthz"))
        #expect(response.status == 200)
    }

    @Test func extraSegmentsDoNotMatch() async {
        let response = await makeRouter().respond(to: HTTPRequest(method: .get, path: "/api/sessions/s1/extra"))
        #expect(response.status == 404)
    }
}
