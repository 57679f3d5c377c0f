import AtelierKit
import AtelierTransport
import Synchronization

/// What a connection's lane works through, in arrival order.
enum LaneItem: Sendable {
    case message([UInt8])
    case closed
}

/// What a connection's lane knows: who it is and, once bound, its session and member
/// (kept in `bound`, which the gateway reads too).
struct GatewayConnection: Sendable {
    let id: ConnectionID
    let remoteAddress: String
    let bound: BoundMember
    var binding: (host: SessionHost, member: ParticipantID)? {
        get { bound.binding }
        nonmutating set { bound.binding = newValue }
    }
}

/// A connection's binding as its lane made it, read by the gateway to route the
/// connection's next items straight to the session's inbox.
final class BoundMember: Sendable {
    private let value = Mutex<(host: SessionHost, member: ParticipantID)?>(nil)

    /// The session host and member, once bound.
    var binding: (host: SessionHost, member: ParticipantID)? {
        get { value.withLock { $0 } }
        set { value.withLock { $0 = newValue } }
    }
}

/// What the gateway keeps per open connection: the rate limit, the connection's lane,
/// and its binding once the lane made one.
struct GatewayClient: Sendable {
    var bucket: TokenBucket
    var refusals = 0
    let lane: OrderedLane<LaneItem, GatewayConnection>
    let bound: BoundMember

    init(bucket: TokenBucket, lane: OrderedLane<LaneItem, GatewayConnection>, bound: BoundMember) {
        self.bucket = bucket
        self.lane = lane
        self.bound = bound
    }

    /// Where its next item goes: the session's inbox once bound and nothing of this
    /// connection is still in its lane (so its items keep their order), else the lane.
    func route(_ item: LaneItem, id: ConnectionID) {
        if let binding = bound.binding, lane.isIdle {
            switch item {
            case .message(let bytes): binding.host.post(.message(id, binding.member, bytes))
            case .closed: binding.host.post(.closed(id, binding.member))
            }
        } else {
            lane.enqueue(item)
        }
    }
}

/// The gateway's open connections, and the lanes of closed ones that may still be working.
final class GatewayConnections: Sendable {
    private struct Table {
        var open: [ConnectionID: GatewayClient] = [:]
        /// Closed, maybe still working (pruned of idle ones as it grows).
        var closing: [OrderedLane<LaneItem, GatewayConnection>] = []
    }

    /// What the rate limit says of a message.
    enum Admission {
        /// The connection is not open (any more).
        case unknown
        case admitted(GatewayClient)
        /// Over the limit; `persistently` once it went on for more than 100 messages.
        case refused(persistently: Bool)
    }

    private let table = Mutex(Table())

    func open(_ id: ConnectionID, _ client: GatewayClient) {
        table.withLock { $0.open[id] = client }
    }

    /// Forgets an open connection and returns it (its lane is kept until idle).
    func close(_ id: ConnectionID) -> GatewayClient? {
        table.withLock { table in
            guard let client = table.open.removeValue(forKey: id) else { return nil }
            if table.closing.count >= 256 { table.closing.removeAll { $0.isIdle } }
            table.closing.append(client.lane)
            return client
        }
    }

    /// Takes a token from the connection's bucket.
    func admit(_ id: ConnectionID) -> Admission {
        table.withLock { table in
            guard var client = table.open[id] else { return .unknown }
            defer { table.open[id] = client }
            guard client.bucket.take() else {
                client.refusals += 1
                return .refused(persistently: client.refusals > 100)
            }
            client.refusals = 0
            return .admitted(client)
        }
    }

    /// Every lane, open or closing.
    func allLanes() -> [OrderedLane<LaneItem, GatewayConnection>] {
        table.withLock { $0.closing + $0.open.values.map(\.lane) }
    }
}
