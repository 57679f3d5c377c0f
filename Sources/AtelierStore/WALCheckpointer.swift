import GRDB
import Synchronization

/// Copies committed pages from the write-ahead log into the database file on a connection
/// of its own, a few times a second while there are writes.
///
/// Left to itself SQLite checkpoints inside whichever commit takes the log past
/// `wal_autocheckpoint` pages, holding the write lock meanwhile: every command waiting for
/// the next group commit waits for that checkpoint too. A passive checkpoint on another
/// connection takes no write lock, so commits go on while it runs; the writer keeps a high
/// `wal_autocheckpoint` only as a backstop should this one fall behind.
final class WALCheckpointer: Sendable {
    /// Pages the writer lets the log reach before it checkpoints by itself (~40 MB). Under a
    /// steady stream of commits a passive checkpoint never finds the log fully copied when a
    /// write begins, so the log starts over only after the writer's own checkpoint: far
    /// enough that the background passes (every `interval`) have copied nearly everything
    /// by then (at 2,000 pages the writer overtook them and copied megabytes inside a
    /// commit), and it bounds the log a restart after a crash reads back.
    static let backstopPages = 10_000

    private let connection: DatabaseQueue
    private let writes = Atomic<Int>(0)
    private let loop = Mutex<Task<Void, Never>?>(nil)

    /// A checkpointer for the database at `path`, checking every `interval`.
    init(path: String, configuration: Configuration, interval: Duration = .milliseconds(200)) throws {
        connection = try DatabaseQueue(path: path, configuration: configuration)
        let task = Task { [weak self] in
            var checkpointed = 0
            while !Task.isCancelled {
                try? await Task.sleep(for: interval)
                guard let self else { return }
                checkpointed = await self.checkpoint(unless: checkpointed)
            }
        }
        loop.withLock { $0 = task }
    }

    /// Checkpoints unless the write count is still `seen`; returns the count it saw.
    private func checkpoint(unless seen: Int) async -> Int {
        let written = writes.load(ordering: .relaxed)
        guard written != seen else { return seen }
        _ = try? await connection.writeWithoutTransaction { db in try db.checkpoint(.passive) }
        return written
    }

    /// Notes that a transaction was committed (the next round checkpoints).
    func noteWrite() {
        writes.add(1, ordering: .relaxed)
    }

    /// Stops checking and closes the connection.
    func stop() async {
        let task = loop.withLock { task in
            defer { task = nil }
            return task
        }
        task?.cancel()
        await task?.value
        try? connection.close()
    }
}
