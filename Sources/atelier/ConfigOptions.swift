import ArgumentParser
import AtelierServer
import Foundation

/// The options shared by commands that read the configuration.
struct ConfigOptions: ParsableArguments {
    @Option(help: "Configuration file (YAML). Default: config/atelier.yaml if present.")
    var config: String?

    @Option(help: "Interface to listen on (server.host).")
    var host: String?

    @Option(help: "Port to listen on, 0 for any free port (server.port).")
    var port: Int?

    @Option(name: .customLong("data-dir"), help: "Data directory (server.data_dir).")
    var dataDir: String?

    @Option(name: .customLong("web-root"), help: "Folder of the web client (server.web_root).")
    var webRoot: String?

    @Option(help: "Event store: sqlite:PATH or postgres://… (store.url; default: SQLite in the data directory).")
    var store: String?

    @Option(name: .customLong("templates-dir"), help: "Folder of session templates (server.templates_dir).")
    var templatesDir: String?
    @Option(name: .customLong("pathways-dir"), help: "Folder of cohort pathways (server.pathways_dir).")
    var pathwaysDir: String?

    @Option(name: .customLong("log-format"), help: "Log format: text or json (log.format).")
    var logFormat: String?

    /// Loads file < environment < these flags.
    func load() async throws(ConfigurationError) -> AtelierConfiguration {
        var overrides: [String: ConfigurationLoader.FlagValue] = [:]
        overrides["server.host"] = host.map { .string($0) }
        overrides["server.port"] = port.map { .int($0) }
        overrides["server.data_dir"] = dataDir.map { .string($0) }
        overrides["server.web_root"] = webRoot.map { .string($0) }
        overrides["log.format"] = logFormat.map { .string($0) }
        overrides["server.templates_dir"] = templatesDir.map { .string($0) }
        overrides["server.pathways_dir"] = pathwaysDir.map { .string($0) }
        overrides["store.url"] = store.map { .string($0) }
        return try await ConfigurationLoader(
            file: config, environment: ProcessInfo.processInfo.environment, overrides: overrides
        ).load()
    }
}

/// `atelier serve`: run the workshop server.
struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Run the workshop server (the default).")

    @OptionGroup var options: ConfigOptions

    func run() async throws {
        let config = try await options.load()
        AtelierApplication.bootstrapLogging(format: config.logFormat, level: config.logLevel)
        try await AtelierApplication.serve(config)
    }
}

/// `atelier check-config`: validate the configuration and print it.
struct CheckConfig: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check-config", abstract: "Validate the configuration and print the values in force.")

    @OptionGroup var options: ConfigOptions

    func run() async throws {
        let config = try await options.load()
        print(
            """
            configuration OK
              server.host = \(config.host)
              server.port = \(config.port)
              server.data_dir = \(config.dataDirectory)
              server.web_root = \(config.webRoot)
              transport.max_message_bytes = \(config.maxMessageBytes)
              transport.max_queue_bytes = \(config.maxQueueBytes)
              transport.ping_after_seconds = \(config.pingAfterSeconds)
              transport.hangup_after_seconds = \(config.hangupAfterSeconds)
              transport.allowed_origins = \(config.allowedOrigins)
              transport.allow_null_origin = \(config.allowsNullOrigin)
              http.max_body_bytes = \(config.maxBodyBytes)
              tls = \(config.tlsCertificatePath == nil ? "off" : "on")
              log.format = \(config.logFormat.rawValue)
              log.level = \(config.logLevel)
              server.templates_dir = \(config.templatesDirectory)
              server.pathways_dir = \(config.pathwaysDirectory)
              trainer_token = \(config.trainerTokens.isEmpty ? "(generated in the data directory)" : "(configured)")
              limits.messages_per_second = \(config.messagesPerSecond)
              limits.message_burst = \(config.messageBurst)
              limits.joins_per_minute = \(config.joinsPerMinute)
              limits.failed_joins_per_minute = \(config.failedJoinsPerMinute)
              limits.max_participants = \(config.maxParticipants)
              limits.updates_per_second = \(config.updatesPerSecond)
              store.url = \(config.storeURL.isEmpty ? "(SQLite in the data directory)" : config.storeURL.hasPrefix("sqlite:") ? config.storeURL : "(PostgreSQL, redacted)")
              store.durability = \(config.storeDurability)
              store.snapshot_every = \(config.snapshotEvery)
            """)
    }
}
