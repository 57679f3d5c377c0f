import AtelierEngine
import AtelierKit
import Testing

@testable import AtelierServer

/// The one dispatch of client messages.
@Suite struct ClientRouteTests {
    func route(_ text: String, bound: Bool) -> ClientRoute { ClientRoute.route(Array(text.utf8), bound: bound) }

    @Test func boundAndUnboundConnectionsAreDispatchedAlike() {
        let command = #"{"type":"command","id":"c1","intent":{"kind":"nextStep"}}"#
        #expect(route(command, bound: true) == .command(.nextStep, commandID: "c1"))
        #expect(route(command, bound: false) == .refuse(ClientRoute.unbound, commandID: "c1"))
        let join = #"{"type":"join","code":"ABC234","name":"Ana"}"#
        #expect(route(join, bound: false) == .bind(.join(code: "ABC234", name: "Ana", observer: false)))
        #expect(route(join, bound: true) == .refuse(ClientMessage.alreadyBound, commandID: nil))
        for bound in [true, false] {
            #expect(route(#"{"type":"ping"}"#, bound: bound) == .pong)
            #expect(route("nope", bound: bound) == .refuse(.badRequest("a message must be a JSON object"), commandID: nil))
            guard case .refuse(let rejection, "c2") = route(#"{"type":"command","id":"c2","intent":{"kind":"fly"}}"#, bound: bound)
            else {
                Issue.record("an unknown intent keeps its command id")
                continue
            }
            #expect(rejection.code == .badRequest)
        }
    }
}
