import AtelierTransport
import Foundation

/// A small router for the JSON endpoints: exact paths, or paths with `:name` segments.
///
/// ```swift
/// var router = HTTPRouter()
/// router.get("/healthz") { _, _ in .json(["status": "ok"]) }
/// router.post("/api/sessions/:id/close") { request, parameters in ... }
/// let response = await router.respond(to: request)
/// ```
public struct HTTPRouter: Sendable {
    /// Answers one routed request; `parameters` holds the `:name` segments.
    public typealias Handler = @Sendable (HTTPRequest, [String: String]) async -> HTTPResponse

    private struct Route: Sendable {
        let method: HTTPRequest.Method
        let segments: [Substring]
        let handler: Handler
    }

    private var routes: [Route] = []

    /// An empty router (everything answers 404).
    public init() {}

    /// Adds a GET route.
    public mutating func get(_ path: String, _ handler: @escaping Handler) { add(.get, path, handler) }

    /// Adds a POST route.
    public mutating func post(_ path: String, _ handler: @escaping Handler) { add(.post, path, handler) }

    /// Adds a route for any method.
    public mutating func add(_ method: HTTPRequest.Method, _ path: String, _ handler: @escaping Handler) {
        routes.append(Route(method: method, segments: Self.segments(path), handler: handler))
    }

    /// Finds the route and runs it: 404 when no path matches, 405 when only the method differs.
    public func respond(to request: HTTPRequest) async -> HTTPResponse {
        let requested = Self.segments(request.path)
        var allowed: [HTTPRequest.Method] = []
        for route in routes {
            guard let parameters = Self.match(route.segments, requested) else { continue }
            if route.method == request.method || (route.method == .get && request.method == .head) {
                return await route.handler(request, parameters)
            }
            allowed.append(route.method)
        }
        if !allowed.isEmpty {
            var response = HTTPResponse.error(
                status: 405, code: "bad_request", message: "method \(request.method.rawValue) not allowed here")
            response.headers.append(("allow", allowed.map(\.rawValue).joined(separator: ", ")))
            return response
        }
        return .error(status: 404, code: "not_found", message: "no such resource: \(request.path)")
    }

    private static func segments(_ path: String) -> [Substring] {
        path.split(separator: "/", omittingEmptySubsequences: true)
    }

    private static func match(_ pattern: [Substring], _ path: [Substring]) -> [String: String]? {
        guard pattern.count == path.count else { return nil }
        var parameters: [String: String] = [:]
        for (expected, actual) in zip(pattern, path) {
            if expected.hasPrefix(":") {
                parameters[String(expected.dropFirst())] = String(actual)
            } else if expected != actual {
                return nil
            }
        }
        return parameters
    }
}

extension HTTPResponse {
    /// A JSON response from an `Encodable` value.
    public static func json(_ value: some Encodable, status: Int = 200) -> HTTPResponse {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let body = (try? encoder.encode(value)).map(Array.init) ?? Array("{}".utf8)
        return HTTPResponse(
            status: status, contentType: "application/json", headers: [("cache-control", "no-store")], body: body)
    }

    /// The JSON error body every endpoint uses: `{"error":{"code":…,"message":…}}`.
    public static func error(status: Int, code: String, message: String) -> HTTPResponse {
        .json(ErrorBody(error: .init(code: code, message: message)), status: status)
    }

    private struct ErrorBody: Encodable {
        struct Detail: Encodable {
            let code: String
            let message: String
        }
        let error: Detail
    }
}
