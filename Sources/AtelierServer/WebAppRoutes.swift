import AtelierTransport
import Foundation

/// Pages of the single-page web client that have no file of their own: `/join/CODE`
/// serves the landing page, which reads the code from the address.
struct WebAppRoutes: Sendable {
    let webRoot: String

    func register(on router: inout HTTPRouter) {
        let index = URL(fileURLWithPath: webRoot).appendingPathComponent("index.html").path
        router.get("/join/:code") { _, _ in
            guard let page = FileManager.default.contents(atPath: index) else {
                return .error(status: 404, code: "not_found", message: "the web client is not installed")
            }
            return HTTPResponse(
                status: 200, contentType: "text/html; charset=utf-8", headers: [("cache-control", "no-cache")],
                body: Array(page))
        }
    }
}
