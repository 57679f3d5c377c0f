import AtelierEngine
import AtelierKit
import AtelierTransport

/// The replay API (trainer access): a session's timeline, and the room at any moment as a
/// chosen audience or member saw it (docs/protocol.md, "Replay").
struct ReplayRoutes: Sendable {
    /// Most moments one playback stream holds (a client asks for the next ones as it plays).
    static let streamLimit = 2000

    let directory: SessionDirectory
    let library: ReplayLibrary
    let trainers: TrainerAuthenticator

    func register(on router: inout HTTPRouter) {
        router.get("/api/sessions/:id/timeline") { request, parameters in
            await answer(request, parameters) { index in
                let last = index.state(at: index.lastSeq)
                let members: [JSONValue] = last.joinOrder.compactMap { id in
                    last.members[id].map { ["id": .string(id.rawValue), "name": .string($0.name), "role": .string($0.role.rawValue)] }
                }
                let timeline: JSONValue = [
                    "lastSeq": .int(index.lastSeq),
                    "startedAt": .int(Int(index.moments.first?.at ?? 0)),
                    "endedAt": .int(Int(index.moments.last?.at ?? 0)),
                    "markers": .array(index.markers.map(Self.json)),
                    "members": .array(members),
                ]
                return HTTPResponse(
                    status: 200, contentType: "application/json", headers: [("cache-control", "no-store")],
                    body: timeline.encodedBytes())
            }
        }
        router.get("/api/sessions/:id/replay/stream") { request, parameters in
            await answer(request, parameters) { index in
                let query = Self.query(request.query)
                guard let from = query["from"].flatMap(Int.init), (1...index.lastSeq).contains(from) else {
                    return .error(status: 400, code: "bad_request", message: "from must be between 1 and \(index.lastSeq)")
                }
                let to = min(index.lastSeq, query["to"].flatMap(Int.init) ?? index.lastSeq, from + Self.streamLimit - 1)
                guard to >= from else { return .error(status: 400, code: "bad_request", message: "to must not be before from") }
                let who = String((query["as"] ?? "participant").prefix(40))
                guard let body = Self.stream(index, from: from, to: to, who: who) else {
                    return .error(status: 404, code: "not_found", message: "no member \(who) at one of these moments")
                }
                return HTTPResponse(
                    status: 200, contentType: "application/x-ndjson", headers: [("cache-control", "no-store")], body: body)
            }
        }
        router.get("/api/sessions/:id/replay") { request, parameters in
            await answer(request, parameters) { index in
                let query = Self.query(request.query)
                guard let seq = query["seq"].flatMap(Int.init), (1...index.lastSeq).contains(seq) else {
                    return .error(status: 400, code: "bad_request", message: "seq must be between 1 and \(index.lastSeq)")
                }
                let who = String((query["as"] ?? "participant").prefix(40))
                guard let view = index.view(at: seq, as: who) else {
                    return .error(status: 404, code: "not_found", message: "no member \(who.prefix(40)) at this moment")
                }
                var answer: [String: JSONValue] = [
                    "seq": .int(seq), "at": .int(Int(index.moments[seq - 1].at)), "lastSeq": .int(index.lastSeq),
                    "as": .string(who), "view": view,
                ]
                if seq < index.lastSeq { answer["nextAt"] = .int(Int(index.moments[seq].at)) }
                return HTTPResponse(
                    status: 200, contentType: "application/json", headers: [("cache-control", "no-store")],
                    body: JSONValue.object(answer).encodedBytes())
            }
        }
    }

    /// The moments `from`…`to` as one JSON Lines body: the first view, then for each later
    /// seq the merge patch from the view before (seqs that changed nothing are left out).
    static func stream(_ index: ReplayIndex, from: Int, to: Int, who: String) -> [UInt8]? {
        var previous: JSONValue?
        var body: [UInt8] = []
        for seq in from...to {
            guard let view = index.view(at: seq, as: who) else { return nil }
            var line: [String: JSONValue] = ["seq": .int(seq), "at": .int(Int(index.moments[seq - 1].at))]
            if let previous {
                guard let patch = MergePatch.diff(from: previous, to: view) else { continue }
                line["patch"] = patch
            } else {
                line["view"] = view
            }
            previous = view
            body += JSONValue.object(line).encodedBytes() + [0x0A]
        }
        return body
    }

    private func answer(
        _ request: HTTPRequest, _ parameters: [String: String], _ body: (ReplayIndex) -> HTTPResponse
    ) async -> HTTPResponse {
        guard trainers.accepts(TrainerAuthenticator.bearer(request.headers["authorization"])) else {
            return .error(status: 401, code: "unauthorized", message: "a trainer token is needed")
        }
        let id = parameters["id"] ?? ""
        guard case .success = await directory.host(id: id) else {
            return .error(status: 404, code: "not_found", message: "no such session")
        }
        do {
            guard let index = try await library.index(of: id) else {
                return .error(status: 404, code: "not_found", message: "this session has no log to replay")
            }
            return body(index)
        } catch {
            return .error(status: 500, code: "internal", message: "the log could not be read")
        }
    }

    private static func json(_ moment: ReplayIndex.Moment) -> JSONValue {
        var entry: [String: JSONValue] = ["seq": .int(moment.seq), "at": .int(Int(moment.at)), "kind": .string(moment.kind)]
        if let step = moment.step { entry["step"] = .int(step) }
        return .object(entry)
    }

    private static func query(_ text: String) -> [String: String] {
        var values: [String: String] = [:]
        for pair in text.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1).map(String.init)
            if parts.count == 2 { values[parts[0]] = parts[1].removingPercentEncoding ?? parts[1] }
        }
        return values
    }
}
