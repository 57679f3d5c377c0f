import AtelierStore
import Foundation

/// Opens the event store the configuration names.
enum StoreFactory {
    /// The SQLite file used when `store.url` is empty.
    static let defaultFileName = "atelier.sqlite"

    static func open(_ config: AtelierConfiguration) throws -> any EventStore {
        let url = config.storeURL
        if url.hasPrefix("postgres://") || url.hasPrefix("postgresql://") {
            throw ConfigurationError(key: "store.url", problem: "PostgreSQL is not available in this build yet")
        }
        let path =
            url.hasPrefix("sqlite:")
            ? String(url.dropFirst("sqlite:".count))
            : URL(fileURLWithPath: config.dataDirectory).appendingPathComponent(defaultFileName).path
        let durability = SQLiteEventStore.Durability(rawValue: config.storeDurability) ?? .full
        return try SQLiteEventStore(path: path, durability: durability)
    }
}
