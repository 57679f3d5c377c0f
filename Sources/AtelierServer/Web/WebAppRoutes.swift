import AtelierEngine
import AtelierTransport
import Foundation

/// Pages of the web client whose address is not a file, and the join link's QR code.
///
/// - `/join/CODE` serves the participant app (`index.html`), which reads the code from the address;
/// - `/cohortes` the trainer's cohorts (territories, members, the plan), `/moi` a cohort member's own page (their personal link: `/moi#key=…`), `/console` the trainer console, `/screen/CODE` the projector view, `/replay/ID` the replay viewer;
/// - `/qr/CODE.svg` a QR code of the join link `<scheme>://<host>/join/CODE`.
struct WebAppRoutes: Sendable {
    let webRoot: String
    /// `http` or `https`, for the join link in QR codes.
    let scheme: String

    func register(on router: inout HTTPRouter) {
        router.get("/join/:code") { _, _ in page("index.html") }
        router.get("/console") { _, _ in page("console.html") }
        router.get("/moi") { _, _ in page("member.html") }
        router.get("/cohortes") { _, _ in page("cohorts.html") }
        router.get("/screen/:code") { _, _ in page("screen.html") }
        router.get("/replay/:id") { _, _ in page("replay.html") }
        router.get("/qr/:file") { request, parameters in qrCode(parameters["file"] ?? "", host: request.headers["host"]) }
    }

    private func page(_ name: String) -> HTTPResponse {
        let path = URL(fileURLWithPath: webRoot).appendingPathComponent(name).path
        guard let page = FileManager.default.contents(atPath: path) else {
            return .error(status: 404, code: "not_found", message: "the web client is not installed")
        }
        return HTTPResponse(
            status: 200, contentType: "text/html; charset=utf-8", headers: [("cache-control", "no-cache")],
            body: Array(page))
    }

    /// Any well-formed code gets its image, whether a session has it or not: the image says no
    /// more than the code itself, and does not let anyone probe for codes past the join limits.
    private func qrCode(_ file: String, host: String?) -> HTTPResponse {
        guard file.hasSuffix(".svg"), let code = JoinCode.normalize(String(file.dropLast(4))) else {
            return .error(status: 404, code: "not_found", message: "expected /qr/<join code>.svg")
        }
        guard let host, Self.isPlausibleHost(host) else {
            return .error(status: 400, code: "bad_request", message: "a Host header is needed to build the join link")
        }
        let link = "\(scheme)://\(host)/join/\(code)"
        do {
            let svg = try QRCode(encoding: link).svg(title: link)
            return HTTPResponse(
                status: 200, contentType: "image/svg+xml", headers: [("cache-control", "no-store")],
                body: Array(svg.utf8))
        } catch {
            return .error(status: 500, code: "internal", message: "the QR code could not be made")
        }
    }

    /// A host name or address with an optional port: letters, digits, `.-:[]` only.
    static func isPlausibleHost(_ host: String) -> Bool {
        !host.isEmpty && host.utf8.count <= 255
            && host.unicodeScalars.allSatisfy { $0.isASCII && (CharacterSet.alphanumerics.contains($0) || ".-:[]".unicodeScalars.contains($0)) }
    }
}
