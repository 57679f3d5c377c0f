import Foundation
import Testing

@testable import AtelierStore

/// What only the PostgreSQL store does: URLs, migrations, group commit batches and leases
/// between nodes on one database.
@Suite struct PostgresURLTests {
    @Test func aFullURLIsParsedAndDecoded() throws {
        let location = try PostgresLocation(url: "postgres://at%40elier:p%3Ass@db.example:6543/work%20shops?sslmode=disable")
        #expect(location.user == "at@elier" && location.password == "p:ss")
        #expect(location.host == "db.example" && location.port == 6543)
        #expect(location.database == "work shops" && location.tls == .disable)
        #expect(location.redacted == "postgres://at%40elier:***@db.example:6543/work%20shops?sslmode=disable")
    }

    @Test func defaultsFollowLibpq() throws {
        let local = try PostgresLocation(url: "postgresql://atelier@127.0.0.1/")
        #expect(local.port == 5432 && local.database == "atelier" && local.password == nil && local.tls == .disable)
        let remote = try PostgresLocation(url: "postgres://u:pw@[2001:db8::1]:5433/d")
        #expect(remote.host == "2001:db8::1" && remote.port == 5433 && remote.tls == .require)
    }

    @Test func aMalformedURLIsUnreadableWithoutItsPassword() {
        for url in ["postgres://u:secret1@host:notaport/db", "postgres://u:secret1@host/db?mode=x", "mysql://u:secret1@h/db"] {
            #expect {
                _ = try PostgresLocation(url: url)
            } throws: { error in
                guard case StoreError.unreadable(let location, _) = error else { return false }
                return !location.contains("secret1") && (location.contains("***") || !url.contains("postgres"))
            }
        }
    }

    @Test func anUnreachableServerIsUnreadableWithTheURLRedacted() async throws {
        let port = try closedPort()
        let url = "postgres://atelier:hunter2-secret@127.0.0.1:\(port)/atelier"
        await #expect {
            _ = try await PostgresEventStore(url: url)
        } throws: { error in
            guard case StoreError.unreadable(let location, let reason) = error else { return false }
            return location == "postgres://atelier:***@127.0.0.1:\(port)/atelier" && !reason.isEmpty
                && !"\(error)".contains("hunter2-secret")
        }
    }

    /// A loopback port nothing listens on (bound, then released).
    private func closedPort() throws -> Int {
        #if canImport(Glibc)
            let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        #else
            let fd = socket(AF_INET, SOCK_STREAM, 0)
        #endif
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0
            }
        }
        try #require(bound)
        return Int(UInt16(bigEndian: address.sin_port))
    }
}

@Suite(.enabled(if: PostgresTestServer.url != nil, PostgresTestServer.skipReason))
struct PostgresStoreTests {
    func payload(_ text: String) -> [UInt8] { Array(#"{"e":"\#(text)"}"#.utf8) }

    func outcome<T>(_ work: () async throws -> T) async -> Result<T, any Error> {
        do { return .success(try await work()) } catch { return .failure(error) }
    }

    @Test func anEmptyDatabaseIsMigratedToTheLatestSchemaOnce() async throws {
        try await StoreKind.postgres.withLocation { url in
            // Two nodes starting together on an empty database: migrations run once.
            async let first = PostgresEventStore(url: url)
            async let second = PostgresEventStore(url: url)
            let (a, b) = try await (first, second)
            #expect(try await a.schemaVersion() == PostgresSchema.latestVersion)
            #expect(try await b.schemaVersion() == 5)
            await a.close()
            await b.close()
            let reopened = try await PostgresEventStore(url: url)
            #expect(try await reopened.schemaVersion() == 5)
            #expect(try await reopened.sessions().isEmpty)
            await reopened.close()
        }
    }

    @Test func aMissingDatabaseIsUnreadableWithTheURLRedacted() async throws {
        let server = try PostgresLocation(url: try #require(PostgresTestServer.url))
        let password = server.password ?? "sw0rdfish"  // trust auth ignores it; a real one must be hidden too
        let host = server.host.contains(":") ? "[\(server.host)]" : server.host
        let url = "postgres://\(server.user):\(password)@\(host):\(server.port)/atelier_no_such_database"
        await #expect {
            _ = try await PostgresEventStore(url: url)
        } throws: { error in
            guard case StoreError.unreadable(let location, let reason) = error else { return false }
            return location.contains(":***@") && !"\(error)".contains(password) && reason.contains("atelier_no_such_database")
        }
    }

    @Test func appendsArriveInFewerTransactionsThanRequests() async throws {
        try await StoreKind.postgres.withLocation { url in
            let store = try await PostgresEventStore(url: url)
            let sessions = (0..<20).map { "s\($0)" }
            for id in sessions { try await store.createSession(id: id, createdAt: 0, metadata: Array("{}".utf8)) }
            try await withThrowingTaskGroup(of: Void.self) { group in
                for id in sessions {
                    group.addTask {
                        var last = 1
                        for index in 0..<20 {
                            last = try await store.append(session: id, after: last, payloads: [self.payload("\(index)")]).last!.seq
                        }
                    }
                }
                try await group.waitForAll()
            }
            let commits = await store.groupCommits()
            #expect(commits.requests == 400)
            #expect(commits.transactions < commits.requests, "appends waiting for a commit share the next one")
            await store.close()
        }
    }

    @Test func twoNodesAppendingToOneSessionNeverShareASeq() async throws {
        try await StoreKind.postgres.withLocation { url in
            let a = try await PostgresEventStore(url: url)
            let b = try await PostgresEventStore(url: url)
            try await a.createSession(id: "s1", createdAt: 0, metadata: Array("{}".utf8))
            async let fromA = outcome { try await a.append(session: "s1", after: 1, payloads: [payload("a")]) }
            async let fromB = outcome { try await b.append(session: "s1", after: 1, payloads: [payload("b")]) }
            let outcomes = await [fromA, fromB]
            #expect(outcomes.filter { (try? $0.get()) != nil }.count == 1)
            #expect(outcomes.contains { if case .failure(StoreError.seqConflict("s1", 2, 2)) = $0 { true } else { false } })
            #expect(try await b.events(session: "s1", after: 0, limit: nil).map(\.seq) == [1, 2])
            await a.close()
            await b.close()
        }
    }

    @Test func aSessionIsHostedByOneNodeUntilItsStoreCloses() async throws {
        try await StoreKind.postgres.withLocation { url in
            let a = try await PostgresEventStore(url: url)
            let b = try await PostgresEventStore(url: url)
            try await a.createSession(id: "s1", createdAt: 0, metadata: Array("{}".utf8))
            try await a.createSession(id: "s2", createdAt: 0, metadata: Array("{}".utf8))
            try await a.claim(session: "s1", node: "node-a")
            try await a.claim(session: "s1", node: "node-a")
            await #expect(throws: StoreError.ownedElsewhere(session: "s1", node: "node-a")) {
                try await b.claim(session: "s1", node: "node-b")
            }
            try await b.claim(session: "s2", node: "node-b")
            await #expect(throws: StoreError.ownedElsewhere(session: "s2", node: "node-b")) {
                try await a.claim(session: "s2", node: "node-a")
            }
            // Reading is never refused: only hosting is leased.
            #expect(try await b.sessions().count == 2)

            await a.close()
            try await b.claim(session: "s1", node: "node-b")
            let c = try await PostgresEventStore(url: url)
            await #expect(throws: StoreError.ownedElsewhere(session: "s1", node: "node-b")) {
                try await c.claim(session: "s1", node: "node-c")
            }
            await b.close()
            try await c.claim(session: "s1", node: "node-c")
            await c.close()
        }
    }

    @Test func theLocksOfANodeWhoseConnectionVanishesAreFreed() async throws {
        try await StoreKind.postgres.withLocation { url in
            let b = try await PostgresEventStore(url: url)
            do {
                // Node A claims, then goes without closing its store (as in a crash): only
                // its connection closing tells the server.
                let a = try await PostgresEventStore(url: url)
                try await a.createSession(id: "s1", createdAt: 0, metadata: Array("{}".utf8))
                try await a.claim(session: "s1", node: "node-a")
                await #expect(throws: StoreError.ownedElsewhere(session: "s1", node: "node-a")) {
                    try await b.claim(session: "s1", node: "node-b")
                }
            }
            let deadline = ContinuousClock.now + .seconds(10)
            while true {
                do {
                    try await b.claim(session: "s1", node: "node-b")
                    break
                } catch StoreError.ownedElsewhere where ContinuousClock.now < deadline {
                    try await Task.sleep(for: .milliseconds(50))
                }
            }
            await b.close()
        }
    }

    @Test func aNodeThatLostItsLeaseMayNotWriteToTheSessionAgain() async throws {
        try await StoreKind.postgres.withLocation { url in
            let a = try await PostgresEventStore(url: url)
            let b = try await PostgresEventStore(url: url)
            try await a.createSession(id: "s1", createdAt: 0, metadata: Array("{}".utf8))
            try await a.createSession(id: "s2", createdAt: 0, metadata: Array("{}".utf8))
            try await a.claim(session: "s1", node: "node-a")
            _ = try await a.append(session: "s1", after: 1, payloads: [payload("while held")])

            // Node A's lease connection dies (a network cut); its pool still works.
            try await b.terminateLeaseHolder(of: "s1")
            await #expect(throws: StoreError.leaseLost(session: "s1")) {
                try await a.append(session: "s1", after: 2, payloads: [payload("after the loss")])
            }
            // Sessions it never claimed (maintenance, imports) are not fenced.
            _ = try await a.append(session: "s2", after: 1, payloads: [payload("unclaimed")])

            // Node B takes the session over and writes after the last event A committed.
            let deadline = ContinuousClock.now + .seconds(10)
            while true {
                do {
                    try await b.claim(session: "s1", node: "node-b")
                    break
                } catch StoreError.ownedElsewhere where ContinuousClock.now < deadline {
                    try await Task.sleep(for: .milliseconds(50))
                }
            }
            _ = try await b.append(session: "s1", after: 2, payloads: [payload("node b")])
            await #expect(throws: StoreError.leaseLost(session: "s1")) {
                try await a.append(session: "s1", after: 3, payloads: [payload("stale node")])
            }
            let log = try await b.events(session: "s1", after: 0, limit: nil)
            #expect(log.map(\.seq) == [1, 2, 3])
            #expect(log.map(\.payload) == [StoreContract(kind: .postgres).created, payload("while held"), payload("node b")])
            await a.close()
            await b.close()
        }
    }

    @Test func creatingASessionForANodeClaimsItInTheSameStep() async throws {
        try await StoreKind.postgres.withLocation { url in
            let a = try await PostgresEventStore(url: url)
            let b = try await PostgresEventStore(url: url)
            _ = try await a.createSession(
                id: "s1", createdAt: 0, metadata: Array("{}".utf8), firstEvent: payload("first"), node: "node-a")
            await #expect(throws: StoreError.ownedElsewhere(session: "s1", node: "node-a")) {
                try await b.claim(session: "s1", node: "node-b")
            }
            // Another node cannot create it again, and the session stays as it was.
            await #expect(throws: StoreError.self) {
                try await b.createSession(
                    id: "s1", createdAt: 0, metadata: Array("{}".utf8), firstEvent: payload("again"), node: "node-b")
            }
            #expect(try await a.events(session: "s1", after: 0, limit: nil).map(\.payload) == [payload("first")])
            // The fence holds from the start: a's appends go ahead, and stop when a goes.
            _ = try await a.append(session: "s1", after: 1, payloads: [payload("second")])
            await a.close()
            try await b.claim(session: "s1", node: "node-b")
            await b.close()
        }
    }

    @Test func aFailedCreationLetsItsLeaseGo() async throws {
        try await StoreKind.postgres.withLocation { url in
            let a = try await PostgresEventStore(url: url)
            let b = try await PostgresEventStore(url: url)
            try await b.createSession(id: "s1", createdAt: 0, metadata: Array("{}".utf8))  // no node: no lease
            await #expect(throws: StoreError.duplicateSession("s1")) {
                try await a.createSession(
                    id: "s1", createdAt: 0, metadata: Array("{}".utf8), firstEvent: payload("again"), node: "node-a")
            }
            try await b.claim(session: "s1", node: "node-b")  // a let go of the lock it took
            await a.close()
            await b.close()
        }
    }

    @Test func deletingASessionReleasesItsClaim() async throws {
        try await StoreKind.postgres.withLocation { url in
            let a = try await PostgresEventStore(url: url)
            let b = try await PostgresEventStore(url: url)
            try await a.createSession(id: "s1", createdAt: 0, metadata: Array("{}".utf8))
            try await a.claim(session: "s1", node: "node-a")
            try await a.delete(sessions: ["s1"])
            _ = try await b.replaceLog(session: "s1", createdAt: 0, metadata: Array("{}".utf8), payloads: [payload("x")])
            try await b.claim(session: "s1", node: "node-b")
            await a.close()
            await b.close()
        }
    }
}
