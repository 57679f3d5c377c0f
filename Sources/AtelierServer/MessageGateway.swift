import AtelierTransport
import Foundation
import Logging

/// Reads `atelier.v1` frames from the transport and answers them.
///
/// This is the seam the session engine plugs into: today it answers `ping` and explains,
/// with a stable error code, why anything else cannot be served yet.
struct MessageGateway: Sendable {
    let server: WebSocketServer
    let logger: Logger

    /// Consumes transport events until the transport shuts down.
    func run() async {
        for await event in server.events {
            switch event {
            case .connected(let info):
                logger.debug("connected", metadata: ["connection.id": "\(info.id)", "remote": "\(info.remoteAddress)"])
            case .message(let id, let message):
                server.send(OutboundFrame(bytes: reply(to: message)), to: id)
            case .closed(let id, let code):
                logger.debug("closed", metadata: ["connection.id": "\(id)", "code": "\(code?.description ?? "-")"])
            }
        }
    }

    func reply(to message: InboundMessage) -> [UInt8] {
        guard let object = try? JSONSerialization.jsonObject(with: Data(message.bytes)) as? [String: Any] else {
            return ServerMessage.error(code: "bad_request", message: "a message must be a JSON object")
        }
        guard let type = object["type"] as? String else {
            return ServerMessage.error(code: "bad_request", message: "a message needs a string \"type\"")
        }
        switch type {
        case "ping":
            return ServerMessage.encode(["type": "pong"])
        case "join":
            return ServerMessage.error(code: "not_found", message: "no session has this join code")
        default:
            return ServerMessage.error(code: "bad_request", message: "unknown message type \"\(type.prefix(40))\"")
        }
    }
}

/// Encodes frames the server sends.
enum ServerMessage {
    static func error(code: String, message: String) -> [UInt8] {
        encode(["type": "error", "code": code, "message": message])
    }

    static func encode(_ object: [String: String]) -> [UInt8] {
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data("{}".utf8)
        return Array(data)
    }
}
