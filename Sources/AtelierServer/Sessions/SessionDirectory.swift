import AtelierEngine
import AtelierKit
import AtelierTransport
import Logging

/// Every live session of this process, by id and by join code.
actor SessionDirectory {
    private var byID: [String: SessionHost] = [:]
    private var byCode: [String: SessionHost] = [:]
    let engine: SessionEngine
    let transport: WebSocketServer
    let clock: WallClock
    let hostSettings: SessionHost.Settings
    let maxParticipants: Int
    let logger: Logger

    init(
        engine: SessionEngine, transport: WebSocketServer, clock: WallClock, hostSettings: SessionHost.Settings,
        maxParticipants: Int, logger: Logger
    ) {
        self.engine = engine
        self.transport = transport
        self.clock = clock
        self.hostSettings = hostSettings
        self.maxParticipants = maxParticipants
        self.logger = logger
    }

    /// What creating a session returns: the facilitator invite is shown once.
    struct Created: Sendable {
        let host: SessionHost
        let setup: SessionSetup
        let facilitatorInvite: String
    }

    /// Creates a session from a validated template agenda.
    func create(template: SessionTemplate, agenda: [AgendaStep], title: String?) -> Created {
        var code = JoinCode.make(from: Secrets.randomBytes(JoinCode.length))
        while byCode[code] != nil { code = JoinCode.make(from: Secrets.randomBytes(JoinCode.length)) }
        var id = "s" + JoinCode.make(from: Secrets.randomBytes(6)).lowercased() + JoinCode.make(from: Secrets.randomBytes(6)).lowercased()
        while byID[id] != nil { id += "x" }
        let invite = Secrets.make()
        let setup = SessionSetup(
            id: id, title: title ?? template.title, locale: template.locale, templateID: template.id, joinCode: code,
            facilitatorKeyHash: Secrets.hash(invite), agenda: agenda, maxParticipants: maxParticipants)
        let host = SessionHost(
            setup: setup, engine: engine, transport: transport, clock: clock, settings: hostSettings, logger: logger)
        byID[id] = host
        byCode[code] = host
        logger.info("session created", metadata: ["session.id": "\(id)", "template": "\(template.id)"])
        return Created(host: host, setup: setup, facilitatorInvite: invite)
    }

    /// The session with this join code.
    func host(code: String) -> SessionHost? { byCode[code] }

    /// The session with this id.
    func host(id: String) -> SessionHost? { byID[id] }

    /// Every session.
    func all() -> [SessionHost] { Array(byID.values) }
}
