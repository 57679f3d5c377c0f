import Foundation

/// Where a PostgreSQL event store lives, parsed from
/// `postgres://user:password@host:port/database` (or `postgresql://…`).
///
/// Percent-escapes in the user, password and database are decoded. The query may set
/// `sslmode=disable` (the default on loopback hosts) or `sslmode=require` (the default
/// elsewhere: TLS with the system's trusted certificates).
public struct PostgresLocation: Sendable, Equatable {
    /// How the connection is protected.
    public enum TLSMode: String, Sendable {
        /// Plain TCP.
        case disable
        /// TLS, with the server's certificate verified.
        case require
    }

    /// Server host name or address (brackets of an IPv6 literal removed).
    public let host: String
    /// Server port (5432 unless given).
    public let port: Int
    /// Role to connect as (`postgres` unless given).
    public let user: String
    /// Password, if any.
    public let password: String?
    /// Database name (the user's name unless given, as in libpq).
    public let database: String
    /// Whether TLS is used.
    public let tls: TLSMode
    /// The URL as given, with the password replaced by `***`: safe for logs and errors.
    public let redacted: String

    /// Parses a `postgres://` or `postgresql://` URL; a malformed one is
    /// `StoreError.unreadable` naming the redacted URL.
    public init(url: String) throws {
        let redacted = Self.redact(url)
        func fail(_ reason: String) -> StoreError { .unreadable(location: redacted, reason: reason) }
        guard let schemeEnd = url.range(of: "://"),
            ["postgres", "postgresql"].contains(url[..<schemeEnd.lowerBound].lowercased())
        else { throw fail("expected postgres://user:password@host:port/database") }
        var rest = Substring(url[schemeEnd.upperBound...])
        var query = Substring("")
        if let mark = rest.firstIndex(of: "?") {
            query = rest[rest.index(after: mark)...]
            rest = rest[..<mark]
        }
        var path = Substring("")
        if let slash = rest.firstIndex(of: "/") {
            path = rest[rest.index(after: slash)...]
            rest = rest[..<slash]
        }
        var user = "postgres"
        var password: String?
        if let at = rest.lastIndex(of: "@") {
            let credentials = rest[..<at]
            rest = rest[rest.index(after: at)...]
            let parts = credentials.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
            guard let name = parts[0].removingPercentEncoding else { throw fail("malformed user name") }
            if !name.isEmpty { user = name }
            if parts.count == 2 {
                guard let secret = parts[1].removingPercentEncoding else { throw fail("malformed password") }
                password = secret
            }
        }
        var host = String(rest)
        var port = 5432
        if host.hasPrefix("[") {
            guard let close = host.firstIndex(of: "]") else { throw fail("malformed IPv6 address") }
            let tail = host[host.index(after: close)...]
            if tail.hasPrefix(":") {
                guard let number = Int(tail.dropFirst()) else { throw fail("malformed port") }
                port = number
            } else if !tail.isEmpty {
                throw fail("malformed host")
            }
            host = String(host[host.index(after: host.startIndex)..<close])
        } else if let colon = host.lastIndex(of: ":") {
            guard let number = Int(host[host.index(after: colon)...]) else { throw fail("malformed port") }
            port = number
            host = String(host[..<colon])
        }
        guard !host.isEmpty else { throw fail("no host") }
        guard (1...65535).contains(port) else { throw fail("port out of range") }
        guard let database = path.removingPercentEncoding else { throw fail("malformed database name") }
        var tls: TLSMode = ["127.0.0.1", "::1", "localhost"].contains(host.lowercased()) ? .disable : .require
        for pair in query.split(separator: "&") {
            let field = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let value = field.count == 2 ? String(field[1]) : ""
            switch field[0] {
            case "sslmode":
                guard let mode = TLSMode(rawValue: value) else { throw fail("sslmode must be disable or require") }
                tls = mode
            default:
                throw fail("unknown parameter \(field[0])")
            }
        }
        self.host = host
        self.port = port
        self.user = user
        self.password = password
        self.database = database.isEmpty ? user : database
        self.tls = tls
        self.redacted = redacted
    }

    /// The URL with any password replaced by `***`.
    public static func redact(_ url: String) -> String {
        guard let schemeEnd = url.range(of: "://") else { return url }
        let authorityEnd = url[schemeEnd.upperBound...].firstIndex { $0 == "/" || $0 == "?" } ?? url.endIndex
        let authority = url[schemeEnd.upperBound..<authorityEnd]
        guard let at = authority.lastIndex(of: "@"),
            let colon = authority[..<at].firstIndex(of: ":")
        else { return url }
        return String(url[..<authority.index(after: colon)]) + "***" + String(url[at...])
    }

    /// The same URL naming another database.
    static func replacingDatabase(in url: String, with database: String) -> String {
        guard let schemeEnd = url.range(of: "://") else { return url }
        let afterScheme = url[schemeEnd.upperBound...]
        let queryStart = afterScheme.firstIndex(of: "?") ?? url.endIndex
        let pathStart = afterScheme[..<queryStart].firstIndex(of: "/") ?? queryStart
        let unreserved = CharacterSet(charactersIn: "-._~").union(.alphanumerics)
        let escaped = database.addingPercentEncoding(withAllowedCharacters: unreserved) ?? database
        return String(url[..<pathStart]) + "/" + escaped + String(url[queryStart...])
    }
}
