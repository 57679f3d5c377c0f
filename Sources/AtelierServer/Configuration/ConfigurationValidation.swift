/// Range and consistency checks that types alone cannot express.
enum ConfigurationValidation {
    static let logLevels = ["trace", "debug", "info", "notice", "warning", "error", "critical"]

    static func validate(_ config: AtelierConfiguration) throws(ConfigurationError) {
        try require(!config.host.isEmpty, "server.host", "must not be empty")
        try require((0...65535).contains(config.port), "server.port", "must be between 0 and 65535, got \(config.port)")
        try require(!config.dataDirectory.isEmpty, "server.data_dir", "must not be empty")
        try require(
            (1...(64 << 20)).contains(config.maxMessageBytes), "transport.max_message_bytes",
            "must be between 1 and 67108864, got \(config.maxMessageBytes)")
        try require(
            config.maxQueueBytes >= config.maxMessageBytes, "transport.max_queue_bytes",
            "must be at least transport.max_message_bytes (\(config.maxMessageBytes)), got \(config.maxQueueBytes)")
        try require(
            (1...3600).contains(config.pingAfterSeconds), "transport.ping_after_seconds",
            "must be between 1 and 3600, got \(config.pingAfterSeconds)")
        try require(
            config.hangupAfterSeconds > config.pingAfterSeconds && config.hangupAfterSeconds <= 7200,
            "transport.hangup_after_seconds",
            "must be greater than transport.ping_after_seconds and at most 7200, got \(config.hangupAfterSeconds)")
        for origin in config.allowedOrigins {
            try require(
                origin == "null" || origin.hasPrefix("http://") || origin.hasPrefix("https://"),
                "transport.allowed_origins", "\"\(origin)\" is not an origin like https://host[:port]")
        }
        try require(
            (1...(64 << 20)).contains(config.maxBodyBytes), "http.max_body_bytes",
            "must be between 1 and 67108864, got \(config.maxBodyBytes)")
        try require(
            (config.tlsCertificatePath == nil) == (config.tlsPrivateKeyPath == nil),
            config.tlsCertificatePath == nil ? "tls.certificate_path" : "tls.private_key_path",
            "tls.certificate_path and tls.private_key_path must be set together")
        try require(
            (1...10_000).contains(config.messagesPerSecond), "limits.messages_per_second",
            "must be between 1 and 10000, got \(config.messagesPerSecond)")
        try require(
            config.messageBurst >= 1 && config.messageBurst <= 100_000, "limits.message_burst",
            "must be between 1 and 100000, got \(config.messageBurst)")
        try require(
            (1...100_000).contains(config.joinsPerMinute), "limits.joins_per_minute",
            "must be between 1 and 100000, got \(config.joinsPerMinute)")
        try require(
            (1...10_000).contains(config.failedJoinsPerMinute), "limits.failed_joins_per_minute",
            "must be between 1 and 10000, got \(config.failedJoinsPerMinute)")
        try require(
            (1...1_000_000).contains(config.maxParticipants), "limits.max_participants",
            "must be between 1 and 1000000, got \(config.maxParticipants)")
        try require(
            (1...1000).contains(config.updatesPerSecond), "limits.updates_per_second",
            "must be between 1 and 1000, got \(config.updatesPerSecond)")
        try require(
            ["full", "normal"].contains(config.storeDurability), "store.durability",
            "expected full or normal, got \"\(config.storeDurability)\"")
        try require(
            (10...1_000_000).contains(config.snapshotEvery), "store.snapshot_every",
            "must be between 10 and 1000000, got \(config.snapshotEvery)")
        try require(
            config.storeURL.isEmpty || config.storeURL.hasPrefix("sqlite:") || config.storeURL.hasPrefix("postgres://")
                || config.storeURL.hasPrefix("postgresql://"),
            "store.url", "expected empty (SQLite in the data directory), sqlite:PATH or postgres://…")
        try require(
            logLevels.contains(config.logLevel), "log.level",
            "expected one of \(logLevels.joined(separator: ", ")), got \"\(config.logLevel)\"")
    }

    private static func require(_ condition: Bool, _ key: String, _ problem: String) throws(ConfigurationError) {
        if !condition { throw ConfigurationError(key: key, problem: problem) }
    }
}
