import CLibWebSockets

/// Reads request facts from a wsi (service thread only, while its headers are attached).
enum LWSHeaders {
    /// The whole value of a header, or nil when absent or empty.
    static func value(_ wsi: OpaquePointer, _ token: lws_token_indexes) -> String? {
        let length = Int(lws_hdr_total_length(wsi, token))
        guard length > 0 else { return nil }
        var buffer = [CChar](repeating: 0, count: length + 1)
        let copied = lws_hdr_copy(wsi, &buffer, Int32(buffer.count), token)
        guard copied >= 0 else { return nil }
        return String(decoding: buffer.prefix(Int(copied)).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// Every fragment of a multi-part header (the query's arguments), joined by `separator`.
    static func fragments(_ wsi: OpaquePointer, _ token: lws_token_indexes, separator: String) -> String {
        var parts: [String] = []
        var index: Int32 = 0
        while true {
            let length = Int(lws_hdr_fragment_length(wsi, token, index))
            guard length > 0 else { break }
            var buffer = [CChar](repeating: 0, count: length + 1)
            let copied = lws_hdr_copy_fragment(wsi, &buffer, Int32(buffer.count), token, index)
            guard copied >= 0 else { break }
            parts.append(String(decoding: buffer.prefix(Int(copied)).map { UInt8(bitPattern: $0) }, as: UTF8.self))
            index += 1
        }
        return parts.joined(separator: separator)
    }

    /// The peer's IP address as text.
    static func peerAddress(_ wsi: OpaquePointer) -> String {
        var buffer = [CChar](repeating: 0, count: 64)
        guard let text = lws_get_peer_simple(wsi, &buffer, buffer.count) else { return "" }
        return String(cString: text)
    }
}
