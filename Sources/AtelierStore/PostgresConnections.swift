import Foundation
import PostgresNIO

extension PostgresEventStore {
    /// Plain TCP on loopback, TLS with verified certificates elsewhere (see `PostgresLocation`).
    static func connectionConfiguration(_ target: PostgresLocation) throws -> PostgresConnection.Configuration {
        let tls: PostgresConnection.Configuration.TLS =
            target.tls == .disable ? .disable : .require(try NIOSSLContext(configuration: .makeClientConfiguration()))
        return PostgresConnection.Configuration(
            host: target.host, port: target.port, username: target.user, password: target.password,
            database: target.database, tls: tls)
    }

    /// A readable reason for a PostgresNIO error (whose own description is deliberately
    /// vague): the server's message and SQLSTATE, or the client-side code and cause.
    static func describe(_ error: any Error, hiding secret: String? = nil) -> String {
        var text: String
        switch error {
        case let error as StoreError:
            text = error.description
        case let error as PSQLError:
            if let message = error.serverInfo?[.message] {
                text = message
                if let state = error.serverInfo?[.sqlState] { text += " (SQLSTATE \(state))" }
            } else {
                text = "\(error.code)"
                if let underlying = error.underlying { text += ": \(underlying)" }
            }
        default:
            text = "\(error)"
        }
        if let secret, secret.count >= 4 { text = text.replacingOccurrences(of: secret, with: "***") }
        return text
    }

    /// Creates an empty database named `name` (letters, digits and `_` only) on the server
    /// that `url` names, connecting to the database in `url`; returns the URL of the new
    /// database. For tests and provisioning.
    static func createDatabase(named name: String, onServerOf url: String) async throws -> String {
        try await administer(url) { connection, logger in
            try await connection.query(PostgresQuery(unsafeSQL: "CREATE DATABASE \(try quoted(name))"), logger: logger)
        }
        return PostgresLocation.replacingDatabase(in: url, with: name)
    }

    /// Drops the database named `name` on the server that `url` names, closing any
    /// connection still open to it.
    static func dropDatabase(named name: String, onServerOf url: String) async throws {
        try await administer(url) { connection, logger in
            try await connection.query(
                PostgresQuery(unsafeSQL: "DROP DATABASE IF EXISTS \(try quoted(name)) WITH (FORCE)"), logger: logger)
        }
    }

    private static func quoted(_ name: String) throws -> String {
        guard !name.isEmpty, name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }) else {
            throw StoreError.database("invalid database name \(name)")
        }
        return "\"\(name)\""
    }

    private static func administer(_ url: String, _ work: (PostgresConnection, Logger) async throws -> Void)
        async throws
    {
        let target = try PostgresLocation(url: url)
        let logger = Logger(label: "atelier.store.postgres")
        let connection: PostgresConnection
        do {
            connection = try await PostgresConnection.connect(
                configuration: try connectionConfiguration(target), id: 0, logger: logger)
        } catch {
            throw StoreError.database(describe(error, hiding: target.password))
        }
        do {
            try await work(connection, logger)
        } catch {
            try? await connection.close()
            throw StoreError.database(describe(error, hiding: target.password))
        }
        try? await connection.close()
    }
}
