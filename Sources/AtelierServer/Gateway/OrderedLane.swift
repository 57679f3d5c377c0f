import Synchronization

/// Runs the work of one connection one item after another, in arrival order, with a
/// context (what the connection is bound to) that only this work reads and changes.
///
/// Lanes run concurrently with each other: a slow item (a join waiting for its commit)
/// holds up its own connection only. While items are queued a task drains them; an idle
/// lane holds no task. `enqueue` never waits.
final class OrderedLane<Item: Sendable, Context: Sendable>: Sendable {
    typealias Work = @Sendable (Item, inout Context) async -> Void

    private struct Queue {
        var items: [Item] = []
        /// Nil while a drain holds it.
        var context: Context?
    }

    private let queue: Mutex<Queue>
    private let work: Work

    /// A lane whose items run `work` one at a time, starting from `context`.
    init(context: Context, work: @escaping Work) {
        queue = Mutex(Queue(context: context))
        self.work = work
    }

    /// Whether nothing is queued or running.
    var isIdle: Bool { queue.withLock { $0.context != nil && $0.items.isEmpty } }

    /// Returns once nothing is queued or running, or after `limit`.
    func idle(within limit: Duration = .seconds(5)) async {
        let deadline = ContinuousClock.now + limit
        while !isIdle, ContinuousClock.now < deadline { try? await Task.sleep(for: .milliseconds(2)) }
    }

    /// Queues `item` behind everything queued before it.
    func enqueue(_ item: Item) {
        let context: Context? = queue.withLock { queue in
            queue.items.append(item)
            defer { queue.context = nil }
            return queue.context
        }
        guard let context else { return }  // a drain is running and will take it
        Task { await drain(from: context) }
    }

    private func drain(from start: Context) async {
        var context = start
        var batch: [Item] = []
        while true {
            let more: Bool = queue.withLock { queue in
                if queue.items.isEmpty {
                    queue.context = context
                    return false
                }
                swap(&batch, &queue.items)
                return true
            }
            guard more else { return }
            for item in batch { await work(item, &context) }
            batch.removeAll(keepingCapacity: true)
        }
    }
}
