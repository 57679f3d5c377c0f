/// The service thread's record of one open WebSocket.
final class WebSocketConnection {
    let id: ConnectionID
    let wsi: OpaquePointer
    var outbound = FrameQueue()
    /// The message being reassembled from fragments.
    var inbound: [UInt8] = []
    var inboundIsBinary = false
    /// Set when the connection must close at its next writeable callback.
    var pendingClose: (code: CloseCode, reason: String)?
    /// The close code to report when it is gone (the peer's or ours).
    var closeCode: CloseCode?

    init(id: ConnectionID, wsi: OpaquePointer) {
        self.id = id
        self.wsi = wsi
    }
}

/// The service thread's record of one dynamic HTTP request and its answer.
final class HTTPExchange {
    let id: ConnectionID
    let wsi: OpaquePointer
    var method: HTTPRequest.Method
    var path: String
    var query: String
    var headers: [String: String]
    var remoteAddress: String
    var body: [UInt8] = []
    /// True when the declared or received body exceeded the limit: answer 413.
    var bodyTooLarge = false
    var response: HTTPResponse?
    /// True once handed to the responder: a request is answered once, even when
    /// libwebsockets also reports the completion of an empty body.
    var dispatched = false
    var headersSent = false
    var bodyFrame: OutboundFrame?
    var bodyOffset = 0

    init(
        id: ConnectionID, wsi: OpaquePointer, method: HTTPRequest.Method, path: String, query: String,
        headers: [String: String], remoteAddress: String
    ) {
        self.id = id
        self.wsi = wsi
        self.method = method
        self.path = path
        self.query = query
        self.headers = headers
        self.remoteAddress = remoteAddress
    }

    var request: HTTPRequest {
        HTTPRequest(
            method: method, path: path, query: query, headers: headers, body: body,
            remoteAddress: remoteAddress)
    }
}
