import AtelierStore
import Foundation

/// Opens the event store the configuration names.
enum StoreFactory {
    /// The SQLite file used when `store.url` is empty.
    static let defaultFileName = "atelier.sqlite"

    /// `postgres://…` or `postgresql://…`: the PostgreSQL store (several nodes on one
    /// database); `sqlite:PATH`: that SQLite file; empty: SQLite in the data directory.
    static func open(_ config: AtelierConfiguration) async throws -> any AtelierStorage {
        let url = config.storeURL
        if url.hasPrefix("postgres://") || url.hasPrefix("postgresql://") {
            return try await PostgresEventStore(url: url)
        }
        let path = location(config)
        let durability = SQLiteEventStore.Durability(rawValue: config.storeDurability) ?? .full
        return try SQLiteEventStore(path: path, durability: durability)
    }

    /// Where the store is, for messages: the SQLite file, or the URL without its password.
    static func location(_ config: AtelierConfiguration) -> String {
        let url = config.storeURL
        if url.hasPrefix("postgres://") || url.hasPrefix("postgresql://") {
            return (try? PostgresLocation(url: url).redacted) ?? "the PostgreSQL database"
        }
        return url.hasPrefix("sqlite:")
            ? String(url.dropFirst("sqlite:".count))
            : URL(fileURLWithPath: config.dataDirectory).appendingPathComponent(defaultFileName).path
    }
}
