import CLibWebSockets

/// The C structures a libwebsockets context reads for its whole life: protocols, mounts,
/// MIME types, canned headers, the keep-alive policy and every C string they point to.
///
/// lws keeps pointers into these, so they are allocated once, before the context is
/// created, and freed only after it is destroyed.
final class LWSResources {
    private var releases: [() -> Void] = []
    let protocols: UnsafeMutablePointer<lws_protocols>
    let retryPolicy: UnsafeMutablePointer<lws_retry_bo_t>
    let mount: UnsafeMutablePointer<lws_http_mount>?
    let headers: UnsafeMutablePointer<lws_protocol_vhost_options>?
    let vhostName: UnsafeMutablePointer<CChar>
    let serverName: UnsafeMutablePointer<CChar>
    let alpn: UnsafeMutablePointer<CChar>
    let interface: UnsafeMutablePointer<CChar>
    let certificatePath: UnsafeMutablePointer<CChar>?
    let privateKeyPath: UnsafeMutablePointer<CChar>?

    /// MIME types lws does not know (or gets wrong) for the files Atelier serves.
    static let mimeTypes: [(String, String)] = [
        (".mjs", "text/javascript"), (".js", "text/javascript"), (".webmanifest", "application/manifest+json"),
        (".svg", "image/svg+xml"), (".json", "application/json"), (".map", "application/json"),
        (".wasm", "application/wasm"), (".webp", "image/webp"), (".txt", "text/plain; charset=utf-8"),
        (".woff2", "font/woff2"), (".woff", "font/woff"), (".md", "text/markdown; charset=utf-8"),
        (".wav", "audio/wav"), (".ogg", "audio/ogg"), (".mp3", "audio/mpeg"),
    ]

    init(configuration: TransportConfiguration) {
        func cString(_ value: String) -> UnsafeMutablePointer<CChar> {
            let pointer = strdup(value)!
            return pointer
        }
        vhostName = cString("atelier")
        serverName = cString("Atelier")
        alpn = cString("http/1.1")
        interface = cString(configuration.host)
        certificatePath = configuration.tls.map { cString($0.certificatePath) }
        privateKeyPath = configuration.tls.map { cString($0.privateKeyPath) }

        // protocols[0] serves HTTP and any WebSocket that offered no subprotocol.
        protocols = .allocate(capacity: 3)
        protocols.initialize(repeating: lws_protocols(), count: 3)
        protocols[0].name = UnsafePointer(cString("http"))
        protocols[0].callback = lwsCallback
        protocols[1].name = UnsafePointer(cString(configuration.requiredSubprotocol ?? "atelier.v1"))
        protocols[1].callback = lwsCallback

        retryPolicy = .allocate(capacity: 1)
        retryPolicy.initialize(to: lws_retry_bo_t())
        retryPolicy.pointee.secs_since_valid_ping = UInt16(clamping: max(1, configuration.pingAfterSeconds))
        retryPolicy.pointee.secs_since_valid_hangup = UInt16(
            clamping: max(configuration.pingAfterSeconds + 1, configuration.hangupAfterSeconds))

        var headerList: UnsafeMutablePointer<lws_protocol_vhost_options>? = nil
        for (name, value) in configuration.responseHeaders.reversed() {
            let node = UnsafeMutablePointer<lws_protocol_vhost_options>.allocate(capacity: 1)
            node.initialize(to: lws_protocol_vhost_options())
            node.pointee.next = UnsafePointer(headerList)
            node.pointee.name = UnsafePointer(cString(name.hasSuffix(":") ? name : name + ":"))
            node.pointee.value = UnsafePointer(cString(value))
            headerList = node
        }
        headers = headerList

        if let webRoot = configuration.webRoot {
            var mimeList: UnsafeMutablePointer<lws_protocol_vhost_options>? = nil
            for (suffix, type) in Self.mimeTypes {
                let node = UnsafeMutablePointer<lws_protocol_vhost_options>.allocate(capacity: 1)
                node.initialize(to: lws_protocol_vhost_options())
                node.pointee.next = UnsafePointer(mimeList)
                node.pointee.name = UnsafePointer(cString(suffix))
                node.pointee.value = UnsafePointer(cString(type))
                mimeList = node
            }
            let mount = UnsafeMutablePointer<lws_http_mount>.allocate(capacity: 1)
            mount.initialize(to: lws_http_mount())
            mount.pointee.mountpoint = UnsafePointer(cString("/"))
            mount.pointee.mountpoint_len = 1
            mount.pointee.origin = UnsafePointer(cString(webRoot))
            mount.pointee.def = UnsafePointer(cString("index.html"))
            mount.pointee.origin_protocol = UInt8(LWSMPRO_FILE.rawValue)
            mount.pointee.extra_mimetypes = UnsafePointer(mimeList)
            mount.pointee.cache_max_age = 0
            self.mount = mount
            releases.append { Self.freeList(mimeList) }
        } else {
            mount = nil
        }
    }

    private static func freeList(_ list: UnsafeMutablePointer<lws_protocol_vhost_options>?) {
        var node = list
        while let current = node {
            free(UnsafeMutableRawPointer(mutating: current.pointee.name))
            free(UnsafeMutableRawPointer(mutating: current.pointee.value))
            node = UnsafeMutablePointer(mutating: current.pointee.next)
            current.deallocate()
        }
    }

    deinit {
        releases.forEach { $0() }
        Self.freeList(headers)
        if let mount {
            free(UnsafeMutableRawPointer(mutating: mount.pointee.mountpoint))
            free(UnsafeMutableRawPointer(mutating: mount.pointee.origin))
            free(UnsafeMutableRawPointer(mutating: mount.pointee.def))
            mount.deallocate()
        }
        for index in 0..<2 { free(UnsafeMutableRawPointer(mutating: protocols[index].name)) }
        protocols.deallocate()
        retryPolicy.deallocate()
        for pointer in [vhostName, serverName, alpn, interface] { free(pointer) }
        if let certificatePath { free(certificatePath) }
        if let privateKeyPath { free(privateKeyPath) }
    }
}
