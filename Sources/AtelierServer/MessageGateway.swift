import AtelierEngine
import AtelierKit
import AtelierTransport
import Foundation
import Logging

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

    private struct Client {
        let remoteAddress: String
        var bucket: TokenBucket
        var binding: (host: SessionHost, member: ParticipantID)?
        var refusals = 0
    }

    /// Consumes transport events until the transport shuts down.
    func run() async {
        var clients: [ConnectionID: Client] = [:]
        var joins = MinuteWindow(limit: limits.joinsPerMinute)
        for await event in server.events {
            switch event {
            case .connected(let info):
                clients[info.id] = Client(
                    remoteAddress: info.remoteAddress,
                    bucket: TokenBucket(rate: limits.messagesPerSecond, burst: limits.messageBurst))
            case .closed(let id, _):
                if let binding = clients.removeValue(forKey: id)?.binding {
                    await binding.host.disconnected(id, member: binding.member)
                }
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
                clients[id] = await handle(message.bytes, from: id, client: client, joins: &joins)
            }
        }
    }

    private func handle(_ bytes: [UInt8], from id: ConnectionID, client: Client, joins: inout MinuteWindow) async
        -> Client
    {
        var client = client
        let message: ClientMessage
        switch ClientMessage.parse(bytes) {
        case .failure(let failure):
            reply(id, ServerFrame.error(failure.rejection, command: failure.command))
            return client
        case .success(let parsed):
            message = parsed
        }
        switch message {
        case .ping:
            if let binding = client.binding {
                await binding.host.ping(from: id)  // a barrier: after every answer still due
            } else {
                reply(id, ServerFrame.pong)
            }
        case .command(let commandID, let command):
            guard let binding = client.binding else {
                reply(id, ServerFrame.error(Rejection(.unauthorized, "join, facilitate or resume first"), command: commandID))
                return client
            }
            await binding.host.handle(command: commandID, command, from: binding.member, on: id)
        case .join, .facilitate, .resume:
            guard client.binding == nil else {
                reply(id, ServerFrame.error(Rejection(.conflict, "this connection already belongs to a session")))
                return client
            }
            guard joins.allow(client.remoteAddress) else {
                reply(id, ServerFrame.error(Rejection(.rateLimited, "too many joins from this address; wait a minute")))
                return client
            }
            switch await bind(message, on: id) {
            case .success(let binding): client.binding = binding
            case .failure(let rejection): reply(id, ServerFrame.error(rejection))
            }
        }
        return client
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
