/// Everything the WebSocket/HTTP transport needs to listen and enforce its limits.
public struct TransportConfiguration: Sendable, Equatable {
    /// The interface address to bind ("127.0.0.1", "0.0.0.0", "::1").
    public var host: String = "127.0.0.1"
    /// The TCP port; 0 picks a free one (read it back from `WebSocketServer.start()`).
    public var port: Int = 8080
    /// The subprotocol clients must offer; nil accepts any offer or none (echo mode).
    public var requiredSubprotocol: String? = "atelier.v1"
    /// Whether binary messages are delivered (echo mode) or refused with 1003.
    public var allowsBinary: Bool = false
    /// Largest reassembled message accepted; larger ones close the connection with 1009.
    public var maxMessageBytes: Int = 64 * 1024
    /// Largest number of bytes queued for one connection; beyond it, close with 1008.
    public var maxQueueBytes: Int = 1024 * 1024
    /// Seconds of silence after which the server pings a WebSocket.
    public var pingAfterSeconds: Int = 20
    /// Seconds of silence after which an unresponsive peer is dropped.
    public var hangupAfterSeconds: Int = 45
    /// Which browser origins may open a WebSocket.
    public var originPolicy = OriginPolicy()
    /// Largest HTTP request body accepted; larger ones get 413.
    public var maxBodyBytes: Int = 64 * 1024
    /// Folder of static files served under "/", or nil to serve none.
    public var webRoot: String? = nil
    /// PEM certificate and key paths; when both are set the listener speaks TLS only.
    public var tls: TLSFiles? = nil
    /// Headers added to every HTTP response (static files and routes alike).
    public var responseHeaders: [(String, String)] = SecurityHeaders.strict

    /// A certificate and private key in PEM files.
    public struct TLSFiles: Sendable, Equatable {
        /// Path of the PEM certificate (chain).
        public var certificatePath: String
        /// Path of the PEM private key.
        public var privateKeyPath: String

        /// Creates the pair.
        public init(certificatePath: String, privateKeyPath: String) {
            self.certificatePath = certificatePath
            self.privateKeyPath = privateKeyPath
        }
    }

    /// The default configuration: loopback, port 8080, atelier.v1, 64 KiB messages.
    public init() {}

    /// The scheme clients use for HTTP on this listener.
    public var httpScheme: String { tls == nil ? "http" : "https" }

    public static func == (lhs: Self, rhs: Self) -> Bool {
        lhs.host == rhs.host && lhs.port == rhs.port && lhs.requiredSubprotocol == rhs.requiredSubprotocol
            && lhs.allowsBinary == rhs.allowsBinary && lhs.maxMessageBytes == rhs.maxMessageBytes
            && lhs.maxQueueBytes == rhs.maxQueueBytes && lhs.pingAfterSeconds == rhs.pingAfterSeconds
            && lhs.hangupAfterSeconds == rhs.hangupAfterSeconds && lhs.originPolicy == rhs.originPolicy
            && lhs.maxBodyBytes == rhs.maxBodyBytes && lhs.webRoot == rhs.webRoot && lhs.tls == rhs.tls
            && lhs.responseHeaders.elementsEqual(rhs.responseHeaders, by: { $0 == $1 })
    }
}

/// The security headers Atelier sends with every HTTP response.
public enum SecurityHeaders {
    /// A strict Content-Security-Policy: scripts, styles and connections from this origin only,
    /// no inline code, no framing.
    public static let contentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        + "connect-src 'self'; font-src 'self'; manifest-src 'self'; media-src 'self'; "
        + "base-uri 'none'; form-action 'self'; frame-ancestors 'none'"

    /// The full set: CSP, no sniffing, no framing, no referrer, no powerful features.
    public static let strict: [(String, String)] = [
        ("content-security-policy", contentSecurityPolicy),
        ("x-content-type-options", "nosniff"),
        ("x-frame-options", "DENY"),
        ("referrer-policy", "no-referrer"),
        ("cross-origin-opener-policy", "same-origin"),
        ("permissions-policy", "camera=(), microphone=(), geolocation=()"),
    ]
}
