import AtelierKit
import AtelierTransport
import Synchronization

/// What the bound connections of one session sent, in arrival order, waiting for its host.
///
/// Once a connection is bound to a member and its own lane is idle, the gateway posts its
/// messages here rather than to the lane: the host then works through every waiting
/// message of every member in one turn, instead of one task and one actor hop per message.
/// A turn takes what is queued when it starts; what arrives meanwhile goes to the next
/// turn, so commits landing in between are answered without waiting for the whole queue.
final class SessionInbox: Sendable {
    /// One thing a bound connection did.
    enum Item: Sendable {
        /// A frame's bytes, not yet parsed.
        case message(ConnectionID, ParticipantID, [UInt8])
        /// The connection closed.
        case closed(ConnectionID, ParticipantID)
    }

    private struct Queue {
        var items: [Item] = []
        /// A turn is scheduled or running.
        var turn = false
    }

    private let queue = Mutex(Queue())

    /// Queues `item`; returns true when the caller must schedule a turn.
    func post(_ item: Item) -> Bool {
        queue.withLock { queue in
            queue.items.append(item)
            defer { queue.turn = true }
            return !queue.turn
        }
    }

    /// A turn takes everything queued (swapped into `batch`, which should come in empty).
    func take(into batch: inout [Item]) {
        queue.withLock { queue in swap(&batch, &queue.items) }
    }

    /// A turn ends: returns true (and keeps the turn) when more items arrived meanwhile.
    func endTurn() -> Bool {
        queue.withLock { queue in
            queue.turn = !queue.items.isEmpty
            return queue.turn
        }
    }

    /// Whether nothing is queued or being worked through.
    var isIdle: Bool { queue.withLock { !$0.turn } }
}
