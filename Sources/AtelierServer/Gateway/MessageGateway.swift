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
        var joinsPerMinute = 6000
        var failedJoinsPerMinute = 20
    }

    let server: WebSocketServer
    let directory: SessionDirectory
    let cohorts: CohortDirectory
    let trainers: TrainerAuthenticator
    let limits: Limits
    let logger: Logger
    private let connections = GatewayConnections()
    private let joins: JoinLimiter

    init(
        server: WebSocketServer, directory: SessionDirectory, cohorts: CohortDirectory, trainers: TrainerAuthenticator,
        limits: Limits, logger: Logger
    ) {
        self.server = server
        self.directory = directory
        self.cohorts = cohorts
        self.trainers = trainers
        self.limits = limits
        self.logger = logger
        joins = JoinLimiter(limit: limits.joinsPerMinute, failures: limits.failedJoinsPerMinute)
    }

    /// Takes the transport's events on its service thread from now on (call it before
    /// the transport starts): a message then goes from the socket to its lane or its
    /// session's inbox without a task in between.
    func listen() {
        server.handleEvents { event in self.route(event) }
    }

    /// Waits until the transport shuts down (routing any event it delivers as a stream,
    /// when `listen()` was not called), then waits (at most about 5 s) until every
    /// connection's lane has worked through what it holds, so that the last
    /// disconnections reach the session hosts before they are drained.
    func run() async {
        for await event in server.events { route(event) }
        let deadline = ContinuousClock.now + .seconds(5)
        for lane in connections.allLanes() {
            await lane.idle(within: max(.zero, deadline - ContinuousClock.now))
        }
    }

    /// One transport event, in the transport's order. Only the rate limit is applied
    /// here; parsing and awaiting the session host happen in the connection's lane (or
    /// its session's turn), so connections and sessions proceed concurrently while each
    /// connection's messages keep their order (a ping still answers after that
    /// connection's earlier commands).
    func route(_ event: TransportEvent) {
        switch event {
        case .connected(let info):
            let bound = BoundMember()
            let joins = self.joins
            let lane = OrderedLane<LaneItem, GatewayConnection>(
                context: GatewayConnection(id: info.id, remoteAddress: info.remoteAddress, bound: bound)
            ) { item, connection in
                await self.work(item, on: &connection, joins: joins)
            }
            connections.open(
                info.id,
                GatewayClient(
                    bucket: TokenBucket(rate: limits.messagesPerSecond, burst: limits.messageBurst), lane: lane, bound: bound))
        case .closed(let id, _):
            connections.close(id)?.route(.closed, id: id)
        case .message(let id, let message):
            switch connections.admit(id) {
            case .unknown:
                break
            case .admitted(let client):
                client.route(.message(message.bytes), id: id)
            case .refused(let persistently):
                reply(id, ServerFrame.error(Rejection(.rateLimited, "too many messages; slow down")))
                if persistently { server.close(id, code: .policyViolation, reason: "rate limit exceeded") }
            }
        }
    }

    private func work(_ item: LaneItem, on connection: inout GatewayConnection, joins: JoinLimiter) async {
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

    /// One message from the connection's lane: a bound connection's goes to its host (the
    /// same path as its session's inbox); an unbound one's is answered here or binds it.
    private func handle(_ bytes: [UInt8], on connection: inout GatewayConnection, joins: JoinLimiter) async {
        let id = connection.id
        if let binding = connection.binding {
            await binding.host.receive(bytes, from: binding.member, on: id)
            return
        }
        switch ClientRoute.route(bytes, bound: false) {
        case .refuse(let rejection, let commandID):
            reply(id, ServerFrame.error(rejection, commandID: commandID))
        case .pong:
            reply(id, ServerFrame.pong)
        case .command(_, let commandID):  // an unbound connection's command is routed as a refusal
            reply(id, ServerFrame.error(ClientRoute.unbound, commandID: commandID))
        case .bind(let message):
            let address = connection.remoteAddress
            guard joins.allow(address) else {
                reply(id, ServerFrame.error(Rejection(.rateLimited, "too many joins from this address; wait a minute")))
                return
            }
            switch await bind(message, on: id) {
            case .success(let binding): connection.binding = binding
            case .failure(let rejection):
                if JoinLimiter.isGuess(rejection), joins.failed(address) {
                    logger.warning("failed joins from one address reached the limit: its joins wait a minute",
                        metadata: ["client.address": "\(address)"])
                }
                reply(id, ServerFrame.error(rejection))
            }
        }
    }

    private func bind(_ message: ClientMessage, on id: ConnectionID) async -> Result<
        (host: SessionHost, member: ParticipantID), Rejection
    > {
        func session(code typedCode: String) async -> Result<SessionHost, Rejection> {
            guard let code = JoinCode.normalize(typedCode) else {
                return .failure(Rejection(.notFound, "no session has this join code"))
            }
            return await directory.host(code: code)
        }
        switch message {
        case .join(let code, let name, let observer):
            let host: SessionHost
            switch await session(code: code) {
            case .success(let found): host = found
            case .failure(let rejection): return .failure(rejection)
            }
            return await host.join(name: name, role: observer ? .observer : .participant, on: id).map { (host, $0) }
        case .enter(let code, let key):
            guard let (cohort, member) = await cohorts.member(forKey: key) else {
                return .failure(Rejection(.unauthorized, "this personal link is not (or no longer) valid").because("cohort.link-invalid"))
            }
            let host: SessionHost
            switch await session(code: code) {
            case .success(let found): host = found
            case .failure(let rejection): return .failure(rejection)
            }
            guard await host.setup.cohort?.id == cohort.id else {
                return .failure(.forbidden("this session is not one of your cohort's").because("cohort.other-cohort"))
            }
            return await host.enter(member: ParticipantID(member.id), name: member.name, key: key, on: id).map { (host, $0) }
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
            // A cohort's member resumes with their personal link's key, checked against the
            // cohort now: a renewed link works at once, an old or erased one no longer does.
            if let cohort = await host.setup.cohort, member.rawValue.hasPrefix("m") {
                guard let (owner, found) = await cohorts.member(forKey: token), owner.id == cohort.id, found.id == member.rawValue
                else {
                    return .failure(Rejection(.unauthorized, "this personal link is not (or no longer) valid").because("cohort.link-invalid"))
                }
                return await host.resume(member, token: token, epoch: epoch, seq: seq, on: id, vouched: true).map { (host, member) }
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

/// The joins-per-address windows, shared by every connection's lane. A room of people
/// behind one address joins together (`limit` binding messages a minute, high); guessing
/// codes, tokens or invites does not: after `failures` failed attempts in a minute, the
/// address's binding messages are refused until the minute has passed.
final class JoinLimiter: Sendable {
    private let windows: Mutex<(all: MinuteWindow, failed: MinuteWindow)>

    init(limit: Int, failures: Int) { windows = Mutex((MinuteWindow(limit: limit), MinuteWindow(limit: failures))) }

    /// Records a binding message from `address` unless the address is locked out by its
    /// failed attempts or already had its share of messages in the last minute.
    func allow(_ address: String) -> Bool {
        windows.withLock { windows in
            windows.failed.isFull(address) ? false : windows.all.allow(address)
        }
    }

    /// Records a failed attempt from `address`; true when it reaches the limit (to log once).
    func failed(_ address: String) -> Bool {
        windows.withLock { windows in
            _ = windows.failed.allow(address)
            return windows.failed.isFull(address)
        }
    }

    /// Whether a refusal is what guessing a code or a credential gets.
    static func isGuess(_ rejection: Rejection) -> Bool {
        [.notFound, .unauthorized, .forbidden].contains(rejection.code)
    }
}
