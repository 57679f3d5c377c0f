import Foundation

/// Checks trainer tokens. Tokens come from configuration or the environment and are kept
/// only as SHA-256 hashes; with none configured, one is generated at first start and kept
/// (owner-readable only) in the data directory, like Jupyter's.
public struct TrainerAuthenticator: Sendable {
    private let hashes: [String]
    /// The token generated for this data directory, when none was configured (to print once).
    public let generatedToken: String?

    /// The file in the data directory that holds a generated token.
    public static let fileName = "trainer-token"

    /// Uses the configured tokens, or loads or creates the data directory's token.
    public init(configured: [String], dataDirectory: String) throws(ConfigurationError) {
        let tokens = configured.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.filter { !$0.isEmpty }
        if !tokens.isEmpty {
            if let weak = tokens.first(where: { $0.count < 16 }) {
                throw ConfigurationError(
                    key: "trainer_token", problem: "a trainer token needs at least 16 characters (got \(weak.count))")
            }
            hashes = tokens.map(Secrets.hash)
            generatedToken = nil
            return
        }
        let path = URL(fileURLWithPath: dataDirectory).appendingPathComponent(Self.fileName).path
        if let stored = FileManager.default.contents(atPath: path).map({ String(decoding: $0, as: UTF8.self) })?
            .trimmingCharacters(in: .whitespacesAndNewlines), !stored.isEmpty
        {
            hashes = [Secrets.hash(stored)]
            generatedToken = stored
            return
        }
        let token = Secrets.make(bytes: 24)
        guard FileManager.default.createFile(
            atPath: path, contents: Data((token + "\n").utf8), attributes: [.posixPermissions: 0o600])
        else {
            throw ConfigurationError(key: "server.data_dir", problem: "cannot write \(path)")
        }
        hashes = [Secrets.hash(token)]
        generatedToken = token
    }

    /// Whether `token` is a trainer token.
    public func accepts(_ token: String?) -> Bool {
        guard let token, !token.isEmpty, token.count <= 512 else { return false }
        let candidate = Secrets.hash(token)
        return hashes.contains { Secrets.sameHash($0, candidate) }
    }

    /// The bearer token of an `Authorization` header value, if any.
    public static func bearer(_ header: String?) -> String? {
        guard let header, header.lowercased().hasPrefix("bearer ") else { return nil }
        return String(header.dropFirst(7)).trimmingCharacters(in: .whitespaces)
    }
}
