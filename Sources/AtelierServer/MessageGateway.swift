import AtelierEngine
import AtelierKit
import AtelierTransport
import Foundation
import Logging
import Synchronization

/// Reads `atelier.v1` frames from the transport, authenticates connections, rate-limits
/// them, and routes their commands to the session hosts.
///
/// A connection's identity (session, member, hence role) is bound here when it joins,
/// facilitates or resumes, and never read from a payload afterwards.
struct MessageGateway: Sendable {
    struct Limits: Sendable {
        var messagesPerSecond: Double = 20
        var messageBurst: Double = 40
        var joinsPerMinute = 30
    }

    let server: WebSocketServer
    let directory: SessionDirectory
    let trainers: TrainerAuthenticator
    let limits: Limits
    let logger: Logger

    /// What the gateway loop keeps per connection: the rate limit, the connection's lane,
    /// and its binding once the lane made one.
    private struct Client {
        var bucket: TokenBucket
        var refusals = 0
        let lane: OrderedLane<LaneItem, Connection>
        let bound: BoundMember

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

    /// What a connection's lane works through, in arrival order.
    private enum LaneItem: Sendable {
        case message([UInt8])
        case closed
    }

    /// What a connection's lane knows: who it is and, once bound, its session and member.
    private struct Connection: Sendable {
        let id: ConnectionID
        let remoteAddress: String
        let bound: BoundMember
        var binding: (host: SessionHost, member: ParticipantID)? {
            didSet { bound.binding = binding }
        }
    }

    /// Consumes transport events until the transport shuts down, then waits (at most
    /// about 5 s) until every connection's lane has worked through what it holds, so that
    /// the last disconnections reach the session hosts before they are drained.
    ///
    /// This loop only applies the rate limit and hands each message to its connection's
    /// lane: parsing and awaiting the session host happen there, so connections (and
    /// sessions) proceed concurrently while each connection's messages keep their order
    /// (a ping still answers after that connection's earlier commands).
    func run() async {
        var clients: [ConnectionID: Client] = [:]
        var closing: [OrderedLane<LaneItem, Connection>] = []  // closed, maybe still working
        let joins = JoinLimiter(limit: limits.joinsPerMinute)
        for await event in server.events {
            switch event {
            case .connected(let info):
                let bound = BoundMember()
                let lane = OrderedLane<LaneItem, Connection>(
                    context: Connection(id: info.id, remoteAddress: info.remoteAddress, bound: bound)
                ) { item, connection in
                    await self.work(item, on: &connection, joins: joins)
                }
                clients[info.id] = Client(
                    bucket: TokenBucket(rate: limits.messagesPerSecond, burst: limits.messageBurst), lane: lane,
                    bound: bound)
            case .closed(let id, _):
                guard let client = clients.removeValue(forKey: id) else { continue }
                client.route(.closed, id: id)
                if closing.count >= 256 { closing.removeAll { $0.isIdle } }
                closing.append(client.lane)
            case .message(let id, let message):
                guard var client = clients[id] else { continue }
                guard client.bucket.take() else {
                    client.refusals += 1
                    clients[id] = client
                    reply(id, ServerFrame.error(Rejection(.rateLimited, "too many messages; slow down")))
                    if client.refusals > 100 {
                        server.close(id, code: .policyViolation, reason: "rate limit exceeded")
                    }
                    continue
                }
                client.refusals = 0
                clients[id] = client
                client.route(.message(message.bytes), id: id)
            }
        }
        let deadline = ContinuousClock.now + .seconds(5)
        for lane in closing + clients.values.map(\.lane) {
            await lane.idle(within: max(.zero, deadline - ContinuousClock.now))
        }
    }

    private func work(_ item: LaneItem, on connection: inout Connection, joins: JoinLimiter) async {
        switch item {
        case .message(let bytes):
            await handle(bytes, on: &connection, joins: joins)
        case .closed:
            if let binding = connection.binding {
                connection.binding = nil
                await binding.host.disconnected(connection.id, member: binding.member)
            }
        }
    }

    private func handle(_ bytes: [UInt8], on connection: inout Connection, joins: JoinLimiter) async {
        let id = connection.id
        let message: ClientMessage
        switch ClientMessage.parse(bytes) {
        case .failure(let failure):
            reply(id, ServerFrame.error(failure.rejection, command: failure.command))
            return
        case .success(let parsed):
            message = parsed
        }
        switch message {
        case .ping:
            if let binding = connection.binding {
                await binding.host.ping(from: id)  // a barrier: after every answer still due
            } else {
                reply(id, ServerFrame.pong)
            }
        case .command(let commandID, let command):
            guard let binding = connection.binding else {
                reply(id, ServerFrame.error(Rejection(.unauthorized, "join, facilitate or resume first"), command: commandID))
                return
            }
            await binding.host.handle(command: commandID, command, from: binding.member, on: id)
        case .join, .facilitate, .resume:
            guard connection.binding == nil else {
                reply(id, ServerFrame.error(ClientMessage.alreadyBound))
                return
            }
            guard joins.allow(connection.remoteAddress) else {
                reply(id, ServerFrame.error(Rejection(.rateLimited, "too many joins from this address; wait a minute")))
                return
            }
            switch await bind(message, on: id) {
            case .success(let binding): connection.binding = binding
            case .failure(let rejection): reply(id, ServerFrame.error(rejection))
            }
        }
    }

    private func bind(_ message: ClientMessage, on id: ConnectionID) async -> Result<
        (host: SessionHost, member: ParticipantID), Rejection
    > {
        switch message {
        case .join(let typedCode, let name, let observer):
            guard let code = JoinCode.normalize(typedCode) else {
                return .failure(Rejection(.notFound, "no session has this join code"))
            }
            let host: SessionHost
            switch await directory.host(code: code) {
            case .success(let found): host = found
            case .failure(let rejection): return .failure(rejection)
            }
            return await host.join(name: name, role: observer ? .observer : .participant, on: id).map { (host, $0) }
        case .facilitate(let session, let token, let invite, let name):
            let host: SessionHost
            switch await directory.host(id: session) {
            case .success(let found): host = found
            case .failure(let rejection): return .failure(rejection)
            }
            let trusted: Bool
            if trainers.accepts(token) {
                trusted = true
            } else if let invite {
                trusted = await host.acceptsInvite(invite)
            } else {
                trusted = false
            }
            guard trusted else { return .failure(Rejection(.unauthorized, "wrong trainer token or facilitator invite")) }
            return await host.joinAsFacilitator(name: name, on: id).map { (host, $0) }
        case .resume(let session, let member, let token, let epoch, let seq):
            let host: SessionHost
            switch await directory.host(id: session) {
            case .success(let found): host = found
            case .failure(let rejection): return .failure(rejection)
            }
            return await host.resume(member, token: token, epoch: epoch, seq: seq, on: id).map { (host, member) }
        case .ping, .command:
            return .failure(.badRequest("not a joining message"))
        }
    }

    private func reply(_ id: ConnectionID, _ message: JSONValue) {
        server.send(OutboundFrame(bytes: message.encodedBytes()), to: id)
    }
}

/// The joins-per-address window, shared by every connection's lane.
final class JoinLimiter: Sendable {
    private let window: Mutex<MinuteWindow>

    init(limit: Int) { window = Mutex(MinuteWindow(limit: limit)) }

    /// Records a join from `address` unless it already had its share in the last minute.
    func allow(_ address: String) -> Bool { window.withLock { $0.allow(address) } }
}

/// A connection's binding as its lane made it, read by the gateway loop to route the
/// connection's next items straight to the session's inbox.
final class BoundMember: Sendable {
    private let value = Mutex<(host: SessionHost, member: ParticipantID)?>(nil)

    /// The session host and member, once bound.
    var binding: (host: SessionHost, member: ParticipantID)? {
        get { value.withLock { $0 } }
        set { value.withLock { $0 = newValue } }
    }
}
