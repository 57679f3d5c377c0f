import Foundation
import Testing

@testable import AtelierStore

/// The `CohortStore` contract, on both stores.
struct CohortStoreContract {
    let kind: StoreKind

    func payload(_ text: String) -> [UInt8] { Array(#"{"e":"\#(text)"}"#.utf8) }

    func cohortLogsAreDenseCheckedAndSeparateFromSessions() async throws {
        try await kind.withStore { store in
            let created = try await store.createCohort(id: "c1", createdAt: 5, firstEvent: payload("created"))
            #expect(created == StoredCohort(id: "c1", createdAt: 5, lastSeq: 1))
            let appended = try await store.appendCohort(id: "c1", after: 1, payloads: [payload("Chloé « a »"), payload("b")])
            #expect(appended.map(\.seq) == [2, 3])
            await #expect(throws: StoreError.seqConflict(session: "c1", expected: 2, actual: 3)) {
                try await store.appendCohort(id: "c1", after: 1, payloads: [payload("late")])
            }
            await #expect(throws: StoreError.unknownCohort("c9")) {
                try await store.appendCohort(id: "c9", after: 0, payloads: [payload("x")])
            }
            await #expect(throws: StoreError.duplicateCohort("c1")) {
                try await store.createCohort(id: "c1", createdAt: 6, firstEvent: payload("again"))
            }
            _ = try await store.createCohort(id: "c0", createdAt: 7, firstEvent: payload("created"))
            #expect(try await store.cohortEvents(id: "c1").map(\.payload) == [payload("created"), payload("Chloé « a »"), payload("b")])
            #expect(try await store.cohorts() == [StoredCohort(id: "c1", createdAt: 5, lastSeq: 3), StoredCohort(id: "c0", createdAt: 7, lastSeq: 1)])
            // A cohort is not a session: the session list does not see it.
            #expect(try await store.sessions().isEmpty)
            try await store.rewriteCohort(id: "c1", events: [StoredEvent(seq: 2, payload: payload("erased"))])
            #expect(try await store.cohortEvents(id: "c1").map(\.payload) == [payload("created"), payload("erased"), payload("b")])
        }
    }

    func aCohortIsCreatedWithItsPlanInOneWrite() async throws {
        try await kind.withStore { store in
            let first = [payload("created"), payload("pathway"), payload("s1"), payload("s2")]
            let created = try await store.createCohort(id: "c1", createdAt: 1, events: first)
            #expect(created.lastSeq == 4)
            #expect(try await store.cohortEvents(id: "c1").map(\.seq) == [1, 2, 3, 4])
            #expect(try await store.appendCohort(id: "c1", after: 4, payloads: [payload("next")]).map(\.seq) == [5])
            // A taken id leaves nothing of the second creation behind.
            await #expect(throws: StoreError.duplicateCohort("c1")) {
                try await store.createCohort(id: "c1", createdAt: 2, events: [payload("again"), payload("more")])
            }
            #expect(try await store.cohortEvents(id: "c1").count == 5)
            #expect(try await store.cohortEvents(id: "c1", after: 3).map(\.payload) == [payload("s2"), payload("next")])
        }
    }

    func concurrentAppendsToOneCohortNeverInterleave() async throws {
        try await kind.withStore { store in
            _ = try await store.createCohort(id: "c1", createdAt: 0, firstEvent: payload("created"))
            // Ten writers all believing the log ends at 1: exactly one wins.
            let wins = await withTaskGroup(of: Bool.self) { group in
                for index in 0..<10 {
                    group.addTask { (try? await store.appendCohort(id: "c1", after: 1, payloads: [payload("w\(index)")])) != nil }
                }
                return await group.reduce(0) { $0 + ($1 ? 1 : 0) }
            }
            #expect(wins == 1)
            #expect(try await store.cohortEvents(id: "c1").map(\.seq) == [1, 2])
        }
    }
}

@Suite struct SQLiteCohortContractTests {
    let contract = CohortStoreContract(kind: .sqlite)
    @Test func cohortLogsAreDenseCheckedAndSeparateFromSessions() async throws {
        try await contract.cohortLogsAreDenseCheckedAndSeparateFromSessions()
    }
    @Test func aCohortIsCreatedWithItsPlanInOneWrite() async throws {
        try await contract.aCohortIsCreatedWithItsPlanInOneWrite()
    }
    @Test func concurrentAppendsToOneCohortNeverInterleave() async throws {
        try await contract.concurrentAppendsToOneCohortNeverInterleave()
    }
}

@Suite(.enabled(if: PostgresTestServer.url != nil, PostgresTestServer.skipReason))
struct PostgresCohortContractTests {
    let contract = CohortStoreContract(kind: .postgres)
    @Test func cohortLogsAreDenseCheckedAndSeparateFromSessions() async throws {
        try await contract.cohortLogsAreDenseCheckedAndSeparateFromSessions()
    }
    @Test func aCohortIsCreatedWithItsPlanInOneWrite() async throws {
        try await contract.aCohortIsCreatedWithItsPlanInOneWrite()
    }
    @Test func concurrentAppendsToOneCohortNeverInterleave() async throws {
        try await contract.concurrentAppendsToOneCohortNeverInterleave()
    }
}
