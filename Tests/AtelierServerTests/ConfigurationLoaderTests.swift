import AtelierServer
import Foundation
import Testing

@Suite struct ConfigurationLoaderTests {
    func write(_ yaml: String) throws -> String {
        let path = FileManager.default.temporaryDirectory
            .appendingPathComponent("atelier-config-\(UUID().uuidString).yaml").path
        try yaml.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    func load(
        yaml: String? = nil, environment: [String: String] = [:],
        overrides: [String: ConfigurationLoader.FlagValue] = [:]
    ) async throws -> AtelierConfiguration {
        let file = try yaml.map(write)
        return try await ConfigurationLoader(file: file, environment: environment, overrides: overrides).load()
    }

    func problem(
        yaml: String? = nil, environment: [String: String] = [:]
    ) async throws -> ConfigurationError? {
        do {
            _ = try await load(yaml: yaml, environment: environment)
            return nil
        } catch let error as ConfigurationError {
            return error
        }
    }

    @Test func theShippedFileIsValidAndMatchesTheDefaults() async throws {
        let shipped = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("config/atelier.yaml").path
        let config = try await ConfigurationLoader(file: shipped, environment: [:]).load()
        #expect(config == AtelierConfiguration())
    }

    @Test func fileThenEnvironmentThenFlags() async throws {
        let yaml = "server:\n  port: 9000\n  host: 0.0.0.0\ntransport:\n  max_message_bytes: 1000\n"
        let fromFile = try await load(yaml: yaml)
        #expect(fromFile.port == 9000 && fromFile.host == "0.0.0.0" && fromFile.maxMessageBytes == 1000)

        let fromEnvironment = try await load(
            yaml: yaml, environment: ["ATELIER_SERVER_PORT": "9100", "ATELIER_TRANSPORT_MAX_MESSAGE_BYTES": "2000"])
        #expect(fromEnvironment.port == 9100 && fromEnvironment.maxMessageBytes == 2000)

        let fromFlags = try await load(
            yaml: yaml, environment: ["ATELIER_SERVER_PORT": "9100"], overrides: ["server.port": .int(9200)])
        #expect(fromFlags.port == 9200 && fromFlags.host == "0.0.0.0")
    }

    @Test func listsComeFromFileOrEnvironment() async throws {
        let yaml = "transport:\n  allowed_origins: [\"https://a.example\", \"https://b.example\"]\n"
        #expect(try await load(yaml: yaml).allowedOrigins == ["https://a.example", "https://b.example"])
        let env = try await load(environment: ["ATELIER_TRANSPORT_ALLOWED_ORIGINS": "https://c.example,https://d.example"])
        #expect(env.allowedOrigins == ["https://c.example", "https://d.example"])
    }

    @Test(arguments: [
        ("transport:\n  max_message_bytes: lots\n", "transport.max_message_bytes"),
        ("server:\n  port: 70000\n", "server.port"),
        ("server:\n  port: -1\n", "server.port"),
        ("log:\n  format: xml\n", "log.format"),
        ("log:\n  level: chatty\n", "log.level"),
        ("transport:\n  ping_after_seconds: 30\n  hangup_after_seconds: 10\n", "transport.hangup_after_seconds"),
        ("transport:\n  max_message_bytes: 2000000\n", "transport.max_queue_bytes"),
        ("transport:\n  allowed_origins: [\"evil.example\"]\n", "transport.allowed_origins"),
        ("tls:\n  certificate_path: /etc/cert.pem\n", "tls.private_key_path"),
        ("transport:\n  allow_null_origin: sometimes\n", "transport.allow_null_origin"),
    ])
    func badValuesNameTheirKey(yaml: String, key: String) async throws {
        let error = try await problem(yaml: yaml)
        #expect(error?.key == key, "\(String(describing: error))")
    }

    @Test func aBadEnvironmentValueNamesTheKey() async throws {
        let error = try await problem(environment: ["ATELIER_HTTP_MAX_BODY_BYTES": "big"])
        #expect(error?.key == "http.max_body_bytes")
    }

    @Test func unreadableFilesAreErrors() async throws {
        let broken = try await problem(yaml: "server: [\n")
        #expect(broken?.problem.contains("cannot read") == true)
        do {
            _ = try await ConfigurationLoader(file: "/nonexistent/atelier.yaml", environment: [:]).load()
            Issue.record("a missing explicit file must be an error")
        } catch {
            #expect(error.key == "/nonexistent/atelier.yaml")
        }
    }
}
