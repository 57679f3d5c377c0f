import Foundation
import Testing

@testable import AtelierStore

/// The server the PostgreSQL tests use: `ATELIER_TEST_POSTGRES_URL`, a database URL on a
/// server where its user may create databases (`make test` starts a throwaway cluster and
/// sets it). Each test gets a database of its own, dropped at the end.
enum PostgresTestServer {
    static let variable = "ATELIER_TEST_POSTGRES_URL"
    static let url: String? = ProcessInfo.processInfo.environment[variable].flatMap { $0.isEmpty ? nil : $0 }
    static let skipReason: Comment = "\(variable) is not set: PostgreSQL store tests skipped (`make test` sets it)"

    /// A new, empty database; cancels (skips) the current test when no server is configured.
    static func freshDatabase() async throws -> String {
        guard let url else { try Test.cancel(skipReason) }
        let name = "atelier_test_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
        return try await PostgresEventStore.createDatabase(named: name, onServerOf: url)
    }

    /// Drops a database made by `freshDatabase`.
    static func drop(_ databaseURL: String) async {
        guard let url, let name = databaseURL.split(separator: "/").last.map(String.init) else { return }
        try? await PostgresEventStore.dropDatabase(named: name, onServerOf: url)
    }
}

/// The two implementations of `EventStore`; the contract tests run on both.
enum StoreKind: String, CaseIterable, Sendable {
    case sqlite
    case postgres

    /// A fresh, empty place for a store: a temporary file, or a new database.
    func freshLocation() async throws -> String {
        switch self {
        case .sqlite:
            FileManager.default.temporaryDirectory.appendingPathComponent("atelier-store-\(UUID().uuidString).sqlite").path
        case .postgres:
            try await PostgresTestServer.freshDatabase()
        }
    }

    /// Opens (creating and migrating) the store at `location`.
    func open(_ location: String) async throws -> any AtelierStorage {
        switch self {
        case .sqlite: try SQLiteEventStore(path: location)
        case .postgres: try await PostgresEventStore(url: location)
        }
    }

    /// Removes what `freshLocation` made.
    func dispose(_ location: String) async {
        switch self {
        case .sqlite:
            for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: location + suffix) }
        case .postgres:
            await PostgresTestServer.drop(location)
        }
    }

    /// Runs `body` with a fresh location, then disposes of it (also when `body` throws).
    func withLocation<T>(_ body: (String) async throws -> T) async throws -> T {
        let location = try await freshLocation()
        do {
            let result = try await body(location)
            await dispose(location)
            return result
        } catch {
            await dispose(location)
            throw error
        }
    }

    /// Runs `body` on a store at a fresh location, then closes and disposes of it.
    func withStore<T>(_ body: (any AtelierStorage) async throws -> T) async throws -> T {
        try await withLocation { location in
            let store = try await open(location)
            do {
                let result = try await body(store)
                await store.close()
                return result
            } catch {
                await store.close()
                throw error
            }
        }
    }
}

extension EventStore {
    /// The first event of the sessions the store tests create (`seq` 1).
    static var created: [UInt8] { Array(#"{"e":"created"}"#.utf8) }

    /// Creates a session whose log starts with `created`, claimed by no node.
    @discardableResult
    func createSession(id: String, createdAt: Int64, metadata: [UInt8]) async throws -> StoredSession {
        try await createSession(id: id, createdAt: createdAt, metadata: metadata, firstEvent: Self.created, node: nil)
    }
}
