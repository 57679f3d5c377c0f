/// Decides, at the WebSocket handshake, whether a browser origin may connect.
///
/// Browsers always send `Origin` on a WebSocket handshake, so checking it stops other web
/// pages from driving a participant's session (cross-site WebSocket hijacking). Allowed:
/// no `Origin` at all (non-browser clients), the server's own origin (the `Host` the client
/// dialled, on the listener's scheme), loopback origins on any port, and the configured
/// list. `Origin: null` (sandboxed frames, `file:` and `data:` pages) only when enabled.
public struct OriginPolicy: Sendable, Equatable {
    /// Origins allowed besides the server's own and loopback ones ("https://atelier.example.org").
    public var allowedOrigins: Set<String>
    /// Whether `Origin: null` is accepted.
    public var allowsNullOrigin: Bool
    /// Whether loopback origins (127.0.0.0/8, localhost, [::1]) on any port are accepted.
    public var allowsLoopback: Bool

    /// Creates a policy.
    public init(allowedOrigins: Set<String> = [], allowsNullOrigin: Bool = false, allowsLoopback: Bool = true) {
        self.allowedOrigins = Set(allowedOrigins.map(Self.normalized))
        self.allowsNullOrigin = allowsNullOrigin
        self.allowsLoopback = allowsLoopback
    }

    /// Whether a handshake with this `Origin` (nil when absent) and `Host` may proceed.
    public func allows(origin: String?, host: String?, scheme: String) -> Bool {
        guard let origin else { return true }
        let normalized = Self.normalized(origin)
        if normalized == "null" { return allowsNullOrigin }
        if allowedOrigins.contains(normalized) { return true }
        if let host, normalized == Self.normalized("\(scheme)://\(host)") { return true }
        if allowsLoopback, let originHost = Self.hostOf(normalized), Self.isLoopback(originHost) {
            return true
        }
        return false
    }

    /// Lower-cases and strips a trailing slash and default ports.
    static func normalized(_ origin: String) -> String {
        var value = origin.trimmingSpaces.lowercased()
        while value.hasSuffix("/") { value.removeLast() }
        if value.hasPrefix("http://"), value.hasSuffix(":80") { value.removeLast(3) }
        if value.hasPrefix("https://"), value.hasSuffix(":443") { value.removeLast(4) }
        return value
    }

    /// The host part of "scheme://host[:port]", brackets kept for IPv6.
    static func hostOf(_ origin: String) -> String? {
        guard let schemeEnd = origin.range(of: "://") else { return nil }
        let scheme = origin[..<schemeEnd.lowerBound]
        guard scheme == "http" || scheme == "https" else { return nil }
        let authority = origin[schemeEnd.upperBound...]
        if authority.hasPrefix("[") {
            guard let close = authority.firstIndex(of: "]") else { return nil }
            return String(authority[...close])
        }
        return String(authority.split(separator: ":", maxSplits: 1).first ?? "")
    }

    static func isLoopback(_ host: String) -> Bool {
        if host == "localhost" || host == "[::1]" { return true }
        let octets = host.split(separator: ".", omittingEmptySubsequences: false)
        return octets.count == 4 && octets[0] == "127" && octets.allSatisfy { UInt8($0) != nil }
    }
}

extension String {
    var trimmingSpaces: String {
        var scalars = Substring(self)
        while scalars.first?.isWhitespace == true { scalars.removeFirst() }
        while scalars.last?.isWhitespace == true { scalars.removeLast() }
        return String(scalars)
    }
}
