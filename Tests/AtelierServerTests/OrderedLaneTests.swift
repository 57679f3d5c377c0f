import Synchronization
import Testing

@testable import AtelierServer

/// Each connection's lane keeps its messages in order and runs them one at a time, while
/// lanes run concurrently.
@Suite struct OrderedLaneTests {
    /// What the work saw: per lane, the items in the order they ran, and overlaps.
    final class Record: Sendable {
        struct State {
            var seen: [Int: [Int]] = [:]
            var running: Set<Int> = []
            var overlaps = 0
            var concurrentLanes = 0
        }
        let state = Mutex(State())
    }

    @Test func itemsOfALaneRunInOrderAndNeverOverlapWhileLanesInterleave() async throws {
        let record = Record()
        let lanes = (0..<16).map { lane in
            OrderedLane<Int, Int>(context: 0) { item, count in
                record.state.withLock { state in
                    if !state.running.insert(lane).inserted { state.overlaps += 1 }
                    state.concurrentLanes = max(state.concurrentLanes, state.running.count)
                }
                if item % 3 == 0 { await Task.yield() }
                if item % 7 == 0 { try? await Task.sleep(for: .microseconds(200)) }
                count += 1
                record.state.withLock { state in
                    state.seen[lane, default: []].append(item)
                    #expect(count == state.seen[lane]!.count)  // the context follows the items
                    state.running.remove(lane)
                }
            }
        }
        // Several producers, as the transport's events would arrive interleaved.
        await withTaskGroup(of: Void.self) { group in
            for (index, lane) in lanes.enumerated() {
                group.addTask {
                    for item in 0..<200 {
                        lane.enqueue(item)
                        if item % 50 == index % 50 { await Task.yield() }
                    }
                }
            }
        }
        for _ in 0..<6000 {
            if record.state.withLock({ $0.seen.values.map(\.count).reduce(0, +) }) == 16 * 200 { break }
            try await Task.sleep(for: .milliseconds(10))
        }
        let state = record.state.withLock { $0 }
        #expect(state.overlaps == 0)
        for lane in 0..<16 { #expect(state.seen[lane] == Array(0..<200)) }
        #expect(state.concurrentLanes > 1)
    }

    @Test func anIdleLaneStartsAgainWithItsContext() async throws {
        let results = Mutex<[String]>([])
        let lane = OrderedLane<String, [String]>(context: []) { item, history in
            history.append(item)
            let snapshot = history.joined(separator: ",")
            results.withLock { $0.append(snapshot) }
        }
        lane.enqueue("a")
        for _ in 0..<12000 where results.withLock({ $0.count }) < 1 { try await Task.sleep(for: .milliseconds(5)) }
        lane.enqueue("b")
        lane.enqueue("c")
        for _ in 0..<12000 where results.withLock({ $0.count }) < 3 { try await Task.sleep(for: .milliseconds(5)) }
        #expect(results.withLock { $0 } == ["a", "a,b", "a,b,c"])
    }

    @Test func aLaneIsIdleOnlyOnceItsWorkIsDone() async {
        let finished = Mutex(0)
        let lane = OrderedLane<Int, Int>(context: 0) { item, _ in
            try? await Task.sleep(for: .milliseconds(20))
            finished.withLock { $0 += 1 }
        }
        #expect(lane.isIdle)
        for item in 0..<3 { lane.enqueue(item) }
        #expect(!lane.isIdle)
        await lane.idle(within: .seconds(60))  // generous: other suites may keep the pool busy
        #expect(lane.isIdle)
        #expect(finished.withLock { $0 } == 3)
    }
}
