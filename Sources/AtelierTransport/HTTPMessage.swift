/// An HTTP request that no static file answered, handed to the server's responder.
public struct HTTPRequest: Sendable, Equatable {
    /// HTTP methods the transport recognises.
    public enum Method: String, Sendable {
        case get = "GET", post = "POST", head = "HEAD", put = "PUT", delete = "DELETE"
        case patch = "PATCH", options = "OPTIONS", other = "OTHER"
    }

    /// The request method.
    public let method: Method
    /// The decoded path, without the query ("/api/sessions").
    public let path: String
    /// The raw query string without "?" ("a=1&b=2"), empty when none.
    public let query: String
    /// A few request headers, by lower-case name (host, origin, authorization,
    /// content-type, accept-language, user-agent, cookie).
    public let headers: [String: String]
    /// The request body (POST), at most the configured maximum.
    public let body: [UInt8]
    /// The peer's address as text.
    public let remoteAddress: String

    /// Creates a request (the transport does this; tests may too).
    public init(
        method: Method, path: String, query: String = "", headers: [String: String] = [:],
        body: [UInt8] = [], remoteAddress: String = "127.0.0.1"
    ) {
        self.method = method
        self.path = path
        self.query = query
        self.headers = headers
        self.body = body
        self.remoteAddress = remoteAddress
    }

    /// The query's parameters, percent-decoded; later keys win.
    public var queryItems: [String: String] {
        var items: [String: String] = [:]
        for pair in query.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1)
            guard let name = parts.first else { continue }
            let value = parts.count > 1 ? String(parts[1]) : ""
            items[String(name).removingPercentEncodingLeniently] = value.removingPercentEncodingLeniently
        }
        return items
    }
}

/// The answer to an `HTTPRequest`.
public struct HTTPResponse: Sendable, Equatable {
    /// The status code (200, 404 ...).
    public var status: Int
    /// The `Content-Type` header value.
    public var contentType: String
    /// Extra headers (the transport adds the security headers itself).
    public var headers: [(String, String)]
    /// The body bytes.
    public var body: [UInt8]

    /// Creates a response.
    public init(status: Int, contentType: String, headers: [(String, String)] = [], body: [UInt8]) {
        self.status = status
        self.contentType = contentType
        self.headers = headers
        self.body = body
    }

    /// A plain-text response.
    public static func text(_ text: String, status: Int = 200) -> HTTPResponse {
        HTTPResponse(status: status, contentType: "text/plain; charset=utf-8", body: Array(text.utf8))
    }

    public static func == (lhs: HTTPResponse, rhs: HTTPResponse) -> Bool {
        lhs.status == rhs.status && lhs.contentType == rhs.contentType && lhs.body == rhs.body
            && lhs.headers.elementsEqual(rhs.headers, by: { $0 == $1 })
    }
}

/// Answers HTTP requests; called off the service thread, may suspend.
public typealias HTTPResponder = @Sendable (HTTPRequest) async -> HTTPResponse

extension String {
    /// Percent-decodes, treating "+" as space and leaving malformed escapes as they are.
    var removingPercentEncodingLeniently: String {
        var bytes: [UInt8] = []
        var iterator = Array(utf8)[...]
        while let byte = iterator.popFirst() {
            if byte == UInt8(ascii: "+") {
                bytes.append(UInt8(ascii: " "))
            } else if byte == UInt8(ascii: "%"), iterator.count >= 2,
                let value = UInt8(String(decoding: iterator.prefix(2), as: UTF8.self), radix: 16)
            {
                bytes.append(value)
                iterator = iterator.dropFirst(2)
            } else {
                bytes.append(byte)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
