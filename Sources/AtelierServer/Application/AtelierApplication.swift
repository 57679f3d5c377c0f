import AtelierEngine
import AtelierStore
import AtelierTransport
import Foundation
import Logging
import Metrics
import Prometheus
import ServiceLifecycle

/// Wires configuration, logging, metrics, transport and lifecycle into a running process.
public enum AtelierApplication {
    /// The Prometheus registry behind `/metrics`, bootstrapped once per process.
    public static let registry: PrometheusCollectorRegistry = {
        let registry = PrometheusCollectorRegistry()
        MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))
        return registry
    }()

    /// Sets up swift-log once, in the requested format and level.
    public static func bootstrapLogging(format: AtelierConfiguration.LogFormat, level: String) {
        let level = Logger.Level(rawValue: level) ?? .info
        LoggingSystem.bootstrap { label in
            switch format {
            case .text:
                var handler = StreamLogHandler.standardError(label: label)
                handler.logLevel = level
                return handler
            case .json:
                var handler = JSONLogHandler(label: label)
                handler.logLevel = level
                return handler
            }
        }
    }

    /// `atelier serve`: the workshop server, until SIGTERM/SIGINT.
    public static func serve(_ config: AtelierConfiguration) async throws {
        let logger = Logger(label: "atelier")
        let registry = Self.registry  // bootstraps metrics before anything creates a metric
        let webRoot = try existingFolder(config.webRoot, key: "server.web_root")
        try prepareDataDirectory(config.dataDirectory)
        let lock = try DataDirectoryLock(directory: config.dataDirectory)
        let catalog = try TemplateCatalog(
            folder: config.templatesDirectory, registry: Activities.registry,
            allowMissing: config.templatesDirectory == AtelierConfiguration().templatesDirectory)
        if catalog.templates.isEmpty {
            logger.warning("no session templates found", metadata: ["server.templates_dir": "\(config.templatesDirectory)"])
        }
        let pathways = try PathwayCatalog(
            folder: config.pathwaysDirectory, templates: Set(catalog.templates.keys),
            allowMissing: config.pathwaysDirectory == AtelierConfiguration().pathwaysDirectory)
        let trainers = try TrainerAuthenticator(configured: config.trainerTokens, dataDirectory: config.dataDirectory)
        ProcessLimits.raiseOpenFileLimit()
        var transport = config.transport
        transport.webRoot = webRoot

        let box = ServerBox()
        let server = WebSocketServer(configuration: transport, logger: logger) { request in
            await box.router?.respond(to: request) ?? .text("starting", status: 503)
        }
        let store = try await StoreFactory.open(config)
        let directory = SessionDirectory(
            engine: SessionEngine(registry: Activities.registry), store: store, outbound: server, clock: .system,
            hostSettings: .init(
                flushInterval: .milliseconds(1000 / config.updatesPerSecond), snapshotEvery: config.snapshotEvery),
            maxParticipants: config.maxParticipants,
            node: config.nodeName.isEmpty ? "\(ProcessInfo.processInfo.hostName):\(config.port)" : config.nodeName,
            logger: logger)
        let restored: Int
        do {
            restored = try await directory.restoreAll()
        } catch StoreError.database(let reason) {
            throw StoreError.unreadable(location: StoreFactory.location(config), reason: reason)
        }
        if restored > 0 { logger.info("sessions restored", metadata: ["count": "\(restored)"]) }
        let cohorts = CohortDirectory(store: store, clock: .system, logger: logger)
        do {
            _ = try await cohorts.restoreAll()
        } catch StoreError.database(let reason) {
            throw StoreError.unreadable(location: StoreFactory.location(config), reason: reason)
        }
        await cohorts.reconcile(sessions: try await store.sessions().compactMap { record in
            guard let metadata = try? SessionCodec.decode(SessionMetadata.self, record.metadata),
                let cohort = metadata.cohort, let planned = metadata.planned
            else { return nil }
            return (record.id, cohort, planned)
        })
        let damaged = directory.damaged
        if damaged.count > 0 {
            logger.error("some stored sessions are damaged and not served", metadata: ["count": "\(damaged.count)"])
        }
        var router = HTTPRouter()
        SystemRoutes(registry: registry, damagedSessions: { damaged.count }) { server.openConnectionCount }
            .register(on: &router)
        SessionRoutes(directory: directory, catalog: catalog, trainers: trainers).register(on: &router)
        CohortRoutes(cohorts: cohorts, sessions: directory, catalog: catalog, pathways: pathways, trainers: trainers)
            .register(on: &router)
        ReplayRoutes(
            directory: directory, library: ReplayLibrary(store: store, engine: SessionEngine(registry: Activities.registry)),
            trainers: trainers
        ).register(on: &router)
        WebAppRoutes(webRoot: webRoot, scheme: transport.httpScheme).register(on: &router)
        box.router = router
        let limits = MessageGateway.Limits(
            messagesPerSecond: Double(config.messagesPerSecond), messageBurst: Double(config.messageBurst),
            joinsPerMinute: config.joinsPerMinute, failedJoinsPerMinute: config.failedJoinsPerMinute)
        let gateway = MessageGateway(
            server: server, directory: directory, cohorts: cohorts, trainers: trainers, limits: limits, logger: logger)
        gateway.listen()
        let group = serviceGroup(TransportService(server: server) { await gateway.run() }, logger: logger)
        let trap = SignalTrap { Task { await group.triggerGracefulShutdown() } }
        let port = try server.start()
        let base = "\(transport.httpScheme)://\(displayHost(config.host)):\(port)"
        let consoleLink = trainers.generatedToken.map { "\(base)/console#token=\($0)" } ?? "\(base)/console"
        announce([
            "Atelier \(AtelierVersion.current) listening on \(base)",
            "  Participants:    \(base)/",
            "  Trainer console: \(consoleLink)",
            "  Health:          \(base)/healthz",
            "  Data directory:  \(config.dataDirectory)",
        ])
        try await group.run()
        await directory.drainAll()  // the last presence changes reach the store before it closes
        await store.close()
        withExtendedLifetime((trap, lock)) {}
    }

    /// `atelier echo`: the same transport echoing (or relaying) every message.
    public static func echo(_ transport: TransportConfiguration, relay: Bool) async throws {
        let logger = Logger(label: "atelier.echo")
        let registry = Self.registry  // bootstraps metrics before anything creates a metric
        ProcessLimits.raiseOpenFileLimit()
        let box = ServerBox()
        let server = WebSocketServer(configuration: transport, logger: logger) { request in
            await box.router?.respond(to: request) ?? .text("starting", status: 503)
        }
        var router = HTTPRouter()
        SystemRoutes(registry: registry) { server.openConnectionCount }.register(on: &router)
        box.router = router
        let gateway = EchoGateway(server: server, relay: relay)
        let group = serviceGroup(TransportService(server: server) { await gateway.run() }, logger: logger)
        let trap = SignalTrap { Task { await group.triggerGracefulShutdown() } }
        let port = try server.start()
        announce([
            "Atelier echo\(relay ? " (relay)" : "") listening on \(transport.httpScheme)://\(displayHost(transport.host)):\(port)"
        ])
        try await group.run()
        withExtendedLifetime(trap) {}
    }

    /// The service group; signals reach it through a `SignalTrap` installed before start.
    private static func serviceGroup(_ service: TransportService, logger: Logger) -> ServiceGroup {
        ServiceGroup(configuration: .init(services: [.init(service: service)], logger: logger))
    }

    private static func announce(_ lines: [String]) {
        FileHandle.standardOutput.write(Data((lines.joined(separator: "\n") + "\n").utf8))
    }

    private static func displayHost(_ host: String) -> String {
        host.contains(":") ? "[\(host)]" : host
    }

    private static func existingFolder(_ path: String, key: String) throws(ConfigurationError) -> String {
        let absolute = URL(fileURLWithPath: path).standardizedFileURL.path
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: absolute, isDirectory: &isFolder), isFolder.boolValue else {
            throw ConfigurationError(key: key, problem: "folder \"\(path)\" does not exist")
        }
        return absolute
    }

    static func prepareDataDirectory(_ path: String) throws(ConfigurationError) {
        do {
            try FileManager.default.createDirectory(
                atPath: path, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        } catch {
            throw ConfigurationError(key: "server.data_dir", problem: "cannot create \"\(path)\" (\(error))")
        }
        guard FileManager.default.isWritableFile(atPath: path) else {
            throw ConfigurationError(key: "server.data_dir", problem: "\"\(path)\" is not writable")
        }
    }
}

/// Holds the router, built after the server it routes for.
final class ServerBox: @unchecked Sendable {
    // @unchecked Sendable: written once before the server starts, only read afterwards.
    var router: HTTPRouter?
}
