import AtelierEngine
import AtelierKit
import AtelierStore

/// Reads back from a session's log the acknowledged command ids a snapshot leaves out
/// (format 2): the newest `SessionState.acknowledgementMemory` distinct ones up to the
/// snapshot's `seq`, read window by window backwards, so a busy session reads about one
/// window and a quiet one its whole (short) log.
enum RememberedCommandLog {
    /// The envelope members a remembered command is read from (the event is skipped).
    static let fields: Set<String> = ["actor", "command", "seq"]

    /// The commands of `session`'s log with `seq ≤ upTo`, oldest first.
    static func read(from store: any EventStore, session: String, upTo seq: Int) async throws -> [RememberedCommand] {
        let memory = SessionState.acknowledgementMemory
        var windows: [[RememberedCommand]] = []
        var keys = Set<String>()
        var high = seq
        while high > 0, keys.count < memory {
            let low = max(0, high - memory)
            var found: [RememberedCommand] = []
            for event in try await store.events(session: session, after: low, limit: high - low) {
                guard let fields = try? JSONParser().members(Self.fields, ofObject: event.payload) else {
                    throw StoreError.database("session \(session), seq \(event.seq): the event does not decode")
                }
                if let command = RememberedCommand(envelope: .object(fields)) {
                    found.append(command)
                    keys.insert(command.key)
                }
            }
            windows.append(found)
            high = low
        }
        return windows.reversed().flatMap { $0 }
    }
}
