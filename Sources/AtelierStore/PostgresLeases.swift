import PostgresNIO

/// Which sessions this node hosts. A node hosts a session only while it holds the
/// session-level advisory lock on it (`pg_try_advisory_lock` on a stable 64-bit key
/// derived from the session id), and every lock lives on one dedicated connection: when
/// the node closes the store, or crashes, the connection goes and with it every lock, so
/// another node may claim. `session_owners` only names the holder for the others.
actor PostgresLeases {
    private var connection: PostgresConnection
    /// Opens a new lease connection after the last one was lost.
    private let connect: @Sendable () async throws -> PostgresConnection
    private let logger: Logger
    /// Each claimed session with the server process that took its lock. A session whose
    /// lock went with a lost connection keeps that process here, so its appends stay
    /// fenced (`leaseLost`) until it is claimed again.
    private var held: [String: Int32] = [:]
    private var closed = false
    /// The lease connection's server process, which holds every lock (read at the first claim).
    private var backendPID: Int32?

    init(
        connection: PostgresConnection, logger: Logger,
        connect: @escaping @Sendable () async throws -> PostgresConnection
    ) {
        self.connection = connection
        self.connect = connect
        self.logger = logger
    }

    /// Logs an error if the connection closes while the store is open: its locks are gone,
    /// so another node may take over sessions this node still hosts.
    nonisolated func watch(_ connection: PostgresConnection) {
        connection.closeFuture.whenComplete { [weak self] _ in
            guard let self else { return }
            Task { await self.lost() }
        }
    }

    private func lost() {
        guard !closed else { return }
        logger.error(
            "lost the connection holding this node's session leases: other nodes may now claim its sessions",
            metadata: ["sessions": "\(held.count)"])
    }

    /// Claims `session` for `node`; throws `ownedElsewhere` naming the holder when another
    /// live connection holds the lock. Claiming again a session held here succeeds. After
    /// the lease connection was lost, a new one is opened: sessions are claimed afresh.
    func claim(session: String, node: String) async throws {
        guard try await lock(session: session) else { return }  // held on this connection
        do {
            try await connection.query(Self.recordOwner(session: session, node: node), logger: logger)
        } catch {
            await release(sessions: [session])
            throw error
        }
    }

    /// Names `node` as `session`'s holder for the other nodes (run on any connection, in the
    /// same transaction as what the claim goes with when there is one).
    static func recordOwner(session: String, node: String) -> PostgresQuery {
        """
        INSERT INTO session_owners (session_id, node, claimed_at) VALUES (\(session), \(node), now())
        ON CONFLICT (session_id) DO UPDATE SET node = EXCLUDED.node, claimed_at = EXCLUDED.claimed_at
        """
    }

    /// Takes `session`'s advisory lock on the lease connection; false when this connection
    /// already held it (nothing taken). Throws `ownedElsewhere` when another connection has it.
    func lock(session: String) async throws -> Bool {
        guard !closed else { throw StoreError.database("the lease connection is closed") }
        if connection.isClosed {
            connection = try await connect()
            backendPID = nil
            watch(connection)
            logger.notice("opened a new lease connection")
        }
        if backendPID == nil {
            for try await pid in try await connection.query("SELECT pg_backend_pid()", logger: logger).decode(Int32.self) {
                backendPID = pid
            }
        }
        if held[session] == backendPID { return false }
        let rows = try await connection.query(
            "SELECT pg_try_advisory_lock(hashtextextended(\(session), 0))", logger: logger)
        var granted = false
        for try await value in rows.decode(Bool.self) { granted = value }
        guard granted else {
            throw StoreError.ownedElsewhere(session: session, node: try await holder(of: session) ?? "unknown")
        }
        // A concurrent call for the same session may have been granted too (the lock is
        // reentrant on one connection): keep one level of it.
        if held.updateValue(backendPID ?? 0, forKey: session) == backendPID {
            try await connection.query(
                "SELECT pg_advisory_unlock(hashtextextended(\(session), 0))", logger: logger)
            return false
        }
        return true
    }

    /// The server process that must hold `session`'s lock for an append to go ahead, or nil
    /// when this node never claimed the session (maintenance, imports, tests).
    func fence(for session: String) -> Int32? {
        held[session]
    }

    /// Gives up the sessions' locks (after they were deleted).
    func release(sessions: [String]) async {
        for session in sessions where held.removeValue(forKey: session) != nil {
            guard !connection.isClosed else { continue }  // its locks went with it
            _ = try? await connection.query(
                "SELECT pg_advisory_unlock(hashtextextended(\(session), 0))", logger: logger)
        }
    }

    /// The node that last recorded a claim on `session`. The holder writes its row right
    /// after taking the lock, so a claim racing it may briefly see no row, or the row of
    /// an earlier holder.
    private func holder(of session: String) async throws -> String? {
        let rows = try await connection.query(
            "SELECT node FROM session_owners WHERE session_id = \(session)", logger: logger)
        var node: String?
        for try await value in rows.decode(String.self) { node = value }
        return node
    }

    /// Releases every lock and closes the dedicated connection.
    /// A store dropped without `close()` still lets its locks go.
    deinit {
        guard !closed else { return }
        let connection = connection
        connection.close().whenComplete { _ in withExtendedLifetime(connection) {} }
    }

    func close() async {
        guard !closed else { return }
        closed = true
        held.removeAll()
        // A connection that is already gone holds nothing, and waiting on it would hang.
        guard !connection.isClosed else { return }
        // Released explicitly first: the server drops a closed connection's locks only
        // once its backend notices, which another node could otherwise race.
        _ = try? await connection.query("SELECT pg_advisory_unlock_all()", logger: logger)
        try? await connection.close()
    }
}
