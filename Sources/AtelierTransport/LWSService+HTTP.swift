import CLibWebSockets

/// The dynamic-HTTP side of the service thread: requests no static file answered are
/// collected (body size-capped), answered by the server's responder off-thread, and written
/// back here, headers in one writeable callback and the body in the following ones.
extension LWSService {
    /// Bodies up to this many bytes over the limit are read and discarded so the 413 answer
    /// reaches the client; larger declared bodies close the connection after answering.
    var discardableBodyBytes: Int { configuration.maxBodyBytes * 16 }
    static let bodyChunkBytes = 16 * 1024

    /// LWS_CALLBACK_HTTP: a request arrived (`uri` is its decoded path).
    func httpRequest(_ wsi: OpaquePointer, uri: String) -> Int32 {
        let method = Self.method(of: wsi)
        var headers: [String: String] = [:]
        for (name, token) in Self.forwardedHeaders {
            if let value = LWSHeaders.value(wsi, token) { headers[name] = value }
        }
        let exchange = HTTPExchange(
            id: makeID(), wsi: wsi, method: method, path: uri,
            query: LWSHeaders.fragments(wsi, WSI_TOKEN_HTTP_URI_ARGS, separator: "&"),
            headers: headers, remoteAddress: LWSHeaders.peerAddress(wsi))
        exchanges[wsi] = exchange
        exchangesByID[exchange.id] = exchange
        metrics.httpRequests.increment()

        let declared = headers["content-length"].flatMap { Int($0) } ?? 0
        if method == .post || method == .put || method == .patch {
            if declared > configuration.maxBodyBytes {
                exchange.bodyTooLarge = true
                if declared > discardableBodyBytes { respondTooLarge(exchange) }
            }
            if declared > 0 { return 0 }  // wait for HTTP_BODY / HTTP_BODY_COMPLETION
        }
        dispatch(exchange)
        return 0
    }

    /// LWS_CALLBACK_HTTP_BODY: a chunk of the request body.
    func httpBody(_ wsi: OpaquePointer, _ bytes: UnsafeRawBufferPointer) -> Int32 {
        guard let exchange = exchanges[wsi] else { return 0 }
        if exchange.bodyTooLarge { return 0 }
        if exchange.body.count + bytes.count > configuration.maxBodyBytes {
            exchange.bodyTooLarge = true
            exchange.body = []
            return 0
        }
        exchange.body.append(contentsOf: bytes)
        return 0
    }

    /// LWS_CALLBACK_HTTP_BODY_COMPLETION: the body is complete.
    func httpBodyComplete(_ wsi: OpaquePointer) -> Int32 {
        guard let exchange = exchanges[wsi], exchange.response == nil else { return 0 }
        dispatch(exchange)
        return 0
    }

    private func dispatch(_ exchange: HTTPExchange) {
        guard !exchange.dispatched else { return }
        exchange.dispatched = true
        if exchange.bodyTooLarge {
            respondTooLarge(exchange)
            return
        }
        let request = exchange.request
        let id = exchange.id
        let responder = self.responder
        Task { [weak self] in
            let response = await responder(request)
            self?.enqueue(.respond(id, response))
        }
    }

    private func respondTooLarge(_ exchange: HTTPExchange) {
        guard exchange.response == nil else { return }
        exchange.response = HTTPResponse(
            status: 413, contentType: "application/json",
            body: Array(
                #"{"error":{"code":"too_large","message":"request body larger than \#(configuration.maxBodyBytes) bytes"}}"#
                    .utf8))
        lws_callback_on_writable(exchange.wsi)
    }

    /// LWS_CALLBACK_HTTP_WRITEABLE: headers first, then the body in chunks, one write each.
    /// Returns nil when the writeable was not for a dynamic exchange.
    func httpWriteable(_ wsi: OpaquePointer) -> Int32? {
        guard let exchange = exchanges[wsi] else { return nil }
        guard let response = exchange.response else { return 0 }
        if !exchange.headersSent {
            exchange.headersSent = true
            guard writeHeaders(response, on: wsi) else { return -1 }
            if !response.body.isEmpty {
                exchange.bodyFrame = OutboundFrame(bytes: response.body)
                lws_callback_on_writable(wsi)
                return 0
            }
            return finish(exchange)
        }
        guard let body = exchange.bodyFrame else { return finish(exchange) }
        let chunk = min(Self.bodyChunkBytes, body.count - exchange.bodyOffset)
        let isLast = exchange.bodyOffset + chunk == body.count
        let written = lws_write(
            wsi, body.payload + exchange.bodyOffset, chunk, isLast ? LWS_WRITE_HTTP_FINAL : LWS_WRITE_HTTP)
        guard written >= 0 else { return -1 }
        exchange.bodyOffset += chunk
        if isLast { return finish(exchange) }
        lws_callback_on_writable(wsi)
        return 0
    }

    private func writeHeaders(_ response: HTTPResponse, on wsi: OpaquePointer) -> Bool {
        let capacity = OutboundFrame.headroom + 8192
        let buffer = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity)
        defer { buffer.deallocate() }
        let start = buffer + OutboundFrame.headroom
        let end = buffer + capacity - 1
        var cursor: UnsafeMutablePointer<UInt8>? = start
        let status = UInt32(clamping: response.status)
        guard
            lws_add_http_common_headers(wsi, status, response.contentType, lws_filepos_t(response.body.count), &cursor, end)
                == 0
        else { return false }
        for (name, value) in response.headers {
            let headerName = Array((name.hasSuffix(":") ? name : name + ":").utf8) + [0]
            let headerValue = Array(value.utf8)
            let failed = lws_add_http_header_by_name(
                wsi, headerName, headerValue, Int32(headerValue.count), &cursor, end)
            if failed != 0 { return false }
        }
        return lws_finalize_write_http_header(wsi, start, &cursor, end) == 0
    }

    private func finish(_ exchange: HTTPExchange) -> Int32 {
        forget(exchange)
        if exchange.bodyTooLarge, let declared = exchange.headers["content-length"].flatMap({ Int($0) }),
            declared > discardableBodyBytes
        {
            return -1
        }
        return lws_http_transaction_completed(exchange.wsi) != 0 ? -1 : 0
    }

    func forget(_ exchange: HTTPExchange) {
        exchanges.removeValue(forKey: exchange.wsi)
        exchangesByID.removeValue(forKey: exchange.id)
    }

    /// LWS_CALLBACK_CLOSED_HTTP / WSI_DESTROY: drop any exchange still pending on `wsi`.
    func httpClosed(_ wsi: OpaquePointer) {
        if let exchange = exchanges[wsi] { forget(exchange) }
    }

    static let forwardedHeaders: [(String, lws_token_indexes)] = [
        ("host", WSI_TOKEN_HOST), ("origin", WSI_TOKEN_ORIGIN), ("authorization", WSI_TOKEN_HTTP_AUTHORIZATION),
        ("content-type", WSI_TOKEN_HTTP_CONTENT_TYPE), ("content-length", WSI_TOKEN_HTTP_CONTENT_LENGTH),
        ("accept-language", WSI_TOKEN_HTTP_ACCEPT_LANGUAGE), ("user-agent", WSI_TOKEN_HTTP_USER_AGENT),
        ("cookie", WSI_TOKEN_HTTP_COOKIE), ("accept", WSI_TOKEN_HTTP_ACCEPT),
    ]

    static func method(of wsi: OpaquePointer) -> HTTPRequest.Method {
        let candidates: [(lws_token_indexes, HTTPRequest.Method)] = [
            (WSI_TOKEN_GET_URI, .get), (WSI_TOKEN_POST_URI, .post), (WSI_TOKEN_HEAD_URI, .head),
            (WSI_TOKEN_PUT_URI, .put), (WSI_TOKEN_DELETE_URI, .delete), (WSI_TOKEN_PATCH_URI, .patch),
            (WSI_TOKEN_OPTIONS_URI, .options),
        ]
        for (token, method) in candidates where lws_hdr_total_length(wsi, token) > 0 { return method }
        return .other
    }
}
