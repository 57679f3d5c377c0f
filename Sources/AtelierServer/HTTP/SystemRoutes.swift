import AtelierTransport
import Foundation
import Prometheus

/// The operator endpoints: `GET /healthz` and `GET /metrics`.
public struct SystemRoutes: Sendable {
    /// The Prometheus registry that `/metrics` renders.
    public let registry: PrometheusCollectorRegistry
    /// Reads the number of open WebSockets.
    public let openConnections: @Sendable () -> Int
    /// Reads the number of stored sessions that could not be rebuilt (set aside).
    public let damagedSessions: @Sendable () -> Int
    /// When the process started (monotonic).
    public let startedAt: ContinuousClock.Instant

    /// Creates the routes.
    public init(
        registry: PrometheusCollectorRegistry, startedAt: ContinuousClock.Instant = .now,
        damagedSessions: @escaping @Sendable () -> Int = { 0 }, openConnections: @escaping @Sendable () -> Int
    ) {
        self.registry = registry
        self.startedAt = startedAt
        self.damagedSessions = damagedSessions
        self.openConnections = openConnections
    }

    /// What `/healthz` answers.
    public struct Health: Codable, Sendable, Equatable {
        /// "ok", or "degraded" while some stored sessions cannot be served (damaged, set
        /// aside: `atelier sessions list` names them); the others are served either way.
        public let status: String
        /// The server's version.
        public let version: String
        /// Seconds since start.
        public let uptime_seconds: Double
        /// Open WebSockets.
        public let connections: Int
        /// Stored sessions that could not be rebuilt and are not served.
        public let damaged_sessions: Int
    }

    /// Adds both routes to `router`.
    public func register(on router: inout HTTPRouter) {
        router.get("/healthz") { _, _ in
            let uptime = ContinuousClock.now - startedAt
            let seconds = Double(uptime.components.seconds) + Double(uptime.components.attoseconds) / 1e18
            let damaged = damagedSessions()
            return .json(
                Health(
                    status: damaged == 0 ? "ok" : "degraded", version: AtelierVersion.current,
                    uptime_seconds: (seconds * 1000).rounded() / 1000, connections: openConnections(),
                    damaged_sessions: damaged))
        }
        router.get("/metrics") { _, _ in
            var buffer: [UInt8] = []
            registry.emit(into: &buffer)
            return HTTPResponse(
                status: 200, contentType: "text/plain; version=0.0.4; charset=utf-8",
                headers: [("cache-control", "no-store")], body: buffer)
        }
    }
}

/// The version printed by `atelier --version` and reported by `/healthz`.
public enum AtelierVersion {
    /// Semantic version of this build.
    public static let current = "0.1.0"
}
