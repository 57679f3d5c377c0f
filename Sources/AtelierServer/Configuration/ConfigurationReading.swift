import Configuration

/// Maps dotted configuration keys onto `AtelierConfiguration` (the one list of keys).
struct ConfigurationReading {
    let reader: ConfigReader

    func read() throws(ConfigurationError) -> AtelierConfiguration {
        var config = AtelierConfiguration()
        let defaults = config
        config.host = reader.string(forKey: "server.host", default: defaults.host)
        config.port = reader.int(forKey: "server.port", default: defaults.port)
        config.dataDirectory = reader.string(forKey: "server.data_dir", default: defaults.dataDirectory)
        config.webRoot = reader.string(forKey: "server.web_root", default: defaults.webRoot)
        config.maxMessageBytes = reader.int(forKey: "transport.max_message_bytes", default: defaults.maxMessageBytes)
        config.maxQueueBytes = reader.int(forKey: "transport.max_queue_bytes", default: defaults.maxQueueBytes)
        config.pingAfterSeconds = reader.int(forKey: "transport.ping_after_seconds", default: defaults.pingAfterSeconds)
        config.hangupAfterSeconds = reader.int(
            forKey: "transport.hangup_after_seconds", default: defaults.hangupAfterSeconds)
        config.allowedOrigins = reader.stringArray(forKey: "transport.allowed_origins", default: [])
        config.allowsNullOrigin = reader.bool(forKey: "transport.allow_null_origin", default: false)
        config.maxBodyBytes = reader.int(forKey: "http.max_body_bytes", default: defaults.maxBodyBytes)
        config.tlsCertificatePath = reader.string(forKey: "tls.certificate_path").flatMap { $0.isEmpty ? nil : $0 }
        config.tlsPrivateKeyPath = reader.string(forKey: "tls.private_key_path").flatMap { $0.isEmpty ? nil : $0 }
        let format = reader.string(forKey: "log.format", default: defaults.logFormat.rawValue)
        guard let logFormat = AtelierConfiguration.LogFormat(rawValue: format) else {
            throw ConfigurationError(key: "log.format", problem: "expected text or json, got \"\(format)\"")
        }
        config.logFormat = logFormat
        config.logLevel = reader.string(forKey: "log.level", default: defaults.logLevel)
        config.templatesDirectory = reader.string(forKey: "server.templates_dir", default: defaults.templatesDirectory)
        config.pathwaysDirectory = reader.string(forKey: "server.pathways_dir", default: defaults.pathwaysDirectory)
        config.trainerTokens = (reader.string(forKey: "trainer_token", isSecret: true) ?? "")
            .split(separator: ",").map(String.init)
        config.messagesPerSecond = reader.int(forKey: "limits.messages_per_second", default: defaults.messagesPerSecond)
        config.messageBurst = reader.int(forKey: "limits.message_burst", default: defaults.messageBurst)
        config.joinsPerMinute = reader.int(forKey: "limits.joins_per_minute", default: defaults.joinsPerMinute)
        config.failedJoinsPerMinute = reader.int(
            forKey: "limits.failed_joins_per_minute", default: defaults.failedJoinsPerMinute)
        config.maxParticipants = reader.int(forKey: "limits.max_participants", default: defaults.maxParticipants)
        config.updatesPerSecond = reader.int(forKey: "limits.updates_per_second", default: defaults.updatesPerSecond)
        config.storeURL = reader.string(forKey: "store.url", isSecret: true, default: defaults.storeURL)
        config.storeDurability = reader.string(forKey: "store.durability", default: defaults.storeDurability)
        config.snapshotEvery = reader.int(forKey: "store.snapshot_every", default: defaults.snapshotEvery)
        config.nodeName = reader.string(forKey: "server.node_name", default: defaults.nodeName)
        return config
    }
}
