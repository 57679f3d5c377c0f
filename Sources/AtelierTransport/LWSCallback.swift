import CLibWebSockets
import Logging

/// The one libwebsockets callback for every protocol; runs on the service thread and
/// forwards each reason to the `LWSService` stored as the context's user pointer.
func lwsCallback(
    _ wsi: OpaquePointer?, _ reason: lws_callback_reasons, _ user: UnsafeMutableRawPointer?,
    _ input: UnsafeMutableRawPointer?, _ length: Int
) -> Int32 {
    guard let wsi, let contextUser = lws_context_user(lws_get_context(wsi)) else {
        return lws_callback_http_dummy(wsi, reason, user, input, length)
    }
    let service = Unmanaged<LWSService>.fromOpaque(contextUser).takeUnretainedValue()
    let bytes = UnsafeRawBufferPointer(start: input, count: input == nil ? 0 : length)

    switch reason {
    case LWS_CALLBACK_EVENT_WAIT_CANCELLED:
        service.drainInbox()
        return 0
    case LWS_CALLBACK_FILTER_NETWORK_CONNECTION:
        return service.shutdownDeadline == nil ? 0 : 1
    case LWS_CALLBACK_FILTER_PROTOCOL_CONNECTION:
        return service.filterHandshake(wsi) ? 0 : 1
    case LWS_CALLBACK_ESTABLISHED:
        service.established(wsi)
        return 0
    case LWS_CALLBACK_RECEIVE:
        return service.receive(wsi, bytes)
    case LWS_CALLBACK_SERVER_WRITEABLE:
        return service.writeable(wsi)
    case LWS_CALLBACK_WS_PEER_INITIATED_CLOSE:
        service.peerClosed(wsi, bytes)
        return 0
    case LWS_CALLBACK_CLOSED:
        service.closed(wsi)
        return 0
    case LWS_CALLBACK_HTTP:
        let uri = input.map { String(cString: $0.assumingMemoryBound(to: CChar.self)) } ?? "/"
        return service.httpRequest(wsi, uri: uri)
    case LWS_CALLBACK_HTTP_BODY:
        return service.httpBody(wsi, bytes)
    case LWS_CALLBACK_HTTP_BODY_COMPLETION:
        return service.httpBodyComplete(wsi)
    case LWS_CALLBACK_HTTP_WRITEABLE:
        if let result = service.httpWriteable(wsi) { return result }
    case LWS_CALLBACK_CLOSED_HTTP:
        service.httpClosed(wsi)
    case LWS_CALLBACK_WSI_DESTROY:
        service.httpClosed(wsi)
        service.closed(wsi)
    default:
        break
    }
    return lws_callback_http_dummy(wsi, reason, user, input, length)
}

/// Routes libwebsockets' own warnings and errors into swift-log.
enum LWSLogBridge {
    static let logger = Logger(label: "atelier.lws")

    static func install() {
        lws_set_log_level(Int32(LLL_ERR | LLL_WARN)) { level, line in
            guard let line else { return }
            let text = String(cString: line).trimmingSpaces
            if level & Int32(LLL_ERR) != 0 {
                LWSLogBridge.logger.error("\(text)")
            } else {
                LWSLogBridge.logger.warning("\(text)")
            }
        }
    }
}
