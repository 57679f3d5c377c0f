import AtelierTransport

/// Everything `atelier serve` runs with, after file, environment and flags are merged.
public struct AtelierConfiguration: Sendable, Equatable {
    /// Interface to bind.
    public var host = "127.0.0.1"
    /// TCP port (0 picks a free one).
    public var port = 8080
    /// Where the server keeps its data (the SQLite file, the generated trainer token).
    public var dataDirectory = "./data"
    /// The folder of the web client's static files.
    public var webRoot = "./web"
    /// Largest WebSocket message accepted.
    public var maxMessageBytes = 64 * 1024
    /// Largest outbound queue per connection before it is cut off.
    public var maxQueueBytes = 1024 * 1024
    /// Idle seconds before the server pings.
    public var pingAfterSeconds = 20
    /// Idle seconds before an unresponsive peer is dropped.
    public var hangupAfterSeconds = 45
    /// Extra browser origins allowed to connect.
    public var allowedOrigins: [String] = []
    /// Whether `Origin: null` may connect.
    public var allowsNullOrigin = false
    /// Largest HTTP request body.
    public var maxBodyBytes = 64 * 1024
    /// TLS certificate and key, both or neither.
    public var tlsCertificatePath: String? = nil
    /// TLS private key path.
    public var tlsPrivateKeyPath: String? = nil
    /// Log line format.
    public var logFormat = LogFormat.text
    /// Minimum log level ("trace" ... "critical").
    public var logLevel = "info"
    /// Folder of session templates (`*.yaml`).
    public var templatesDirectory = "./config/templates"
    /// Folder of cohort pathways (`*.yaml`).
    public var pathwaysDirectory = "./config/pathways"
    /// Trainer tokens; none: one is generated in the data directory.
    public var trainerTokens: [String] = []
    /// Messages per second a connection may send (sustained).
    public var messagesPerSecond = 20
    /// Messages a connection may send in a burst.
    public var messageBurst = 40
    /// Binding messages (join, facilitate, resume) per minute from one address: high, so
    /// that a room behind one address joins together.
    public var joinsPerMinute = 6000
    /// Failed binding attempts per minute from one address (a wrong code, token or invite)
    /// before its binding messages wait for the minute to pass.
    public var failedJoinsPerMinute = 20
    /// Members per session, all roles.
    public var maxParticipants = 5000
    /// View updates per second per session (coalescing).
    public var updatesPerSecond = 20
    /// Where events are stored: empty for SQLite in the data directory, a `sqlite:` path,
    /// or a `postgres://` URL.
    public var storeURL = ""
    /// SQLite durability: full (fsync every commit) or normal.
    public var storeDurability = "full"
    /// A snapshot every this many events.
    public var snapshotEvery = 1000
    /// This node's name in session leases (several nodes on one PostgreSQL); empty: host:port.
    public var nodeName = ""

    /// How log lines are written.
    public enum LogFormat: String, Sendable, CaseIterable {
        /// Readable lines for a terminal.
        case text
        /// One JSON object per line, for log collectors.
        case json
    }

    /// The defaults documented in config/atelier.yaml.
    public init() {}

    /// The transport settings for `atelier serve`.
    public var transport: TransportConfiguration {
        var transport = TransportConfiguration()
        transport.host = host
        transport.port = port
        transport.requiredSubprotocol = "atelier.v1"
        transport.allowsBinary = false
        transport.maxMessageBytes = maxMessageBytes
        transport.maxQueueBytes = maxQueueBytes
        transport.pingAfterSeconds = pingAfterSeconds
        transport.hangupAfterSeconds = hangupAfterSeconds
        transport.originPolicy = OriginPolicy(
            allowedOrigins: Set(allowedOrigins), allowsNullOrigin: allowsNullOrigin)
        transport.maxBodyBytes = maxBodyBytes
        transport.webRoot = webRoot
        if let tlsCertificatePath, let tlsPrivateKeyPath {
            transport.tls = .init(certificatePath: tlsCertificatePath, privateKeyPath: tlsPrivateKeyPath)
        }
        return transport
    }
}
