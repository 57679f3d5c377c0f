import AtelierEngine
import AtelierKit
import AtelierStore
import Foundation

/// Operator tasks on stored sessions: list, purge, export and import logs, erasure.
public struct SessionMaintenance: Sendable {
    let store: any EventStore
    let engine: SessionEngine

    /// Maintenance over a store with this server's activities.
    public init(store: any EventStore) {
        self.store = store
        engine = SessionEngine(registry: Activities.registry)
    }

    /// A line of `atelier sessions list`.
    public struct Listed: Sendable, Equatable, Codable {
        /// Session id.
        public let id: String
        /// Creation time, ms since 1970.
        public let createdAt: Int64
        /// Title.
        public let title: String
        /// Template id.
        public let template: String
        /// Join code.
        public let joinCode: String
        /// Events in the log.
        public let events: Int
        /// Log epoch.
        public let epoch: Int
        /// Why the session cannot be rebuilt (a server sets it aside), or nil when it can.
        public let damage: String?
    }

    /// Every stored session, oldest first, each rebuilt to tell whether it is damaged.
    public func list() async throws -> [Listed] {
        var listed: [Listed] = []
        for record in try await store.sessions() {
            let metadata = try? SessionCodec.decode(SessionMetadata.self, record.metadata)
            listed.append(
                Listed(
                    id: record.id, createdAt: record.createdAt, title: metadata?.title ?? "?",
                    template: metadata?.template ?? "?", joinCode: metadata?.joinCode ?? "?", events: record.lastSeq,
                    epoch: record.epoch, damage: try await damage(of: record)?.reason))
        }
        return listed
    }

    /// What stops `record`'s session from being rebuilt, or nil.
    func damage(of record: StoredSession) async throws -> SessionDamage? {
        do {
            _ = try await SessionRestore(engine: engine, store: store).state(of: record)
            return nil
        } catch let damage as SessionDamage {
            return damage
        }
    }

    /// What `repair` did.
    public enum Repair: Sendable, Equatable {
        /// The session rebuilds: nothing was changed.
        case sound
        /// The first `kept` of its `of` events rebuild: they stay live (a new epoch, clients
        /// resync); the whole log as it was is kept aside.
        case rebuilt(kept: Int, of: Int, reason: String)
        /// Nothing of it rebuilds: the session and its whole log were moved aside.
        case movedAside(events: Int, reason: String)
    }

    /// Repairs a damaged session: keeps the longest first part of its log that rebuilds, or,
    /// when not even its first event does, moves it aside. Its rows as they were are always
    /// copied aside first (`EventStore.setAside`), never deleted. `now` is ms since 1970.
    public func repair(session id: String, now: Int64) async throws -> Repair {
        guard let record = try await store.session(id) else { throw StoreError.unknownSession(id) }
        guard let damage = try await damage(of: record) else { return .sound }
        let events = try await store.events(session: id, after: 0, limit: nil).count
        let left = try await store.setAside(session: id, keepingFirst: damage.usableEvents, reason: damage.reason, at: now)
        guard let left else { return .movedAside(events: events, reason: damage.reason) }
        _ = try await SessionRestore(engine: engine, store: store).state(of: left)  // it rebuilds now
        return .rebuilt(kept: damage.usableEvents, of: events, reason: damage.reason)
    }

    /// The sessions and logs repairs set aside, most recent first.
    public func setAside() async throws -> [SetAsideSession] {
        try await store.setAsideSessions()
    }

    /// Deletes sessions created before `cutoff` (ms since 1970); returns their ids.
    public func purge(createdBefore cutoff: Int64, dryRun: Bool) async throws -> [String] {
        let ids = try await store.sessions().filter { $0.createdAt < cutoff }.map(\.id)
        if !dryRun, !ids.isEmpty { try await store.delete(sessions: ids) }
        return ids
    }

    /// The header line of an exported log.
    struct ExportHeader: Codable {
        var format = "atelier.log"
        var version = 1
        let session: String
        let createdAt: Int64
        let epoch: Int
        let metadata: JSONValue
    }

    /// A session's log as JSON Lines: a header, then one event per line.
    ///
    /// With `sealingFor`, the export is for people (the trainer's download): sealed events
    /// (secret ballots) keep their kind and lose their content. Without it (an operator's
    /// backup), every event is as stored.
    public func exportLog(session id: String, sealingFor engine: SessionEngine? = nil) async throws -> [UInt8] {
        guard let record = try await store.session(id) else { throw StoreError.unknownSession(id) }
        let metadata = (try? JSONValue.parse(record.metadata)) ?? [:]
        var lines = [
            try SessionCodec.encode(ExportHeader(session: id, createdAt: record.createdAt, epoch: record.epoch, metadata: metadata))
        ]
        let stored = try await store.events(session: id, after: 0, limit: nil).map(\.payload)
        guard let engine, let first = stored.first, case .sessionCreated(let setup)? = try? SessionCodec.decode(EventEnvelope.self, first).event,
            setup.agenda.contains(where: { engine.registry.driver($0.activity)?.manifest.hasSealedEvents == true })
        else { return Array((lines + stored).joined(separator: [0x0A])) + [0x0A] }
        for payload in stored {
            guard var envelope = try? SessionCodec.decode(EventEnvelope.self, payload), engine.isSealed(envelope.event, in: setup) else {
                lines.append(payload)
                continue
            }
            envelope = EventEnvelope(
                seq: envelope.seq, at: envelope.at, actor: nil, commandID: nil, event: engine.exported(envelope.event, in: setup))
            lines.append(try SessionCodec.encode(envelope))
        }
        return Array(lines.joined(separator: [0x0A])) + [0x0A]
    }

    /// Reads an exported log, checks that it replays, and stores it (a new epoch when it
    /// replaces an existing session, which `replace` must allow).
    public func importLog(_ bytes: [UInt8], replace: Bool) async throws -> StoredSession {
        let lines = bytes.split(separator: 0x0A, omittingEmptySubsequences: true).map(Array.init)
        guard let first = lines.first, let header = try? SessionCodec.decode(ExportHeader.self, first),
            header.format == "atelier.log", header.version == 1
        else { throw MaintenanceError.invalidLog("the first line is not an atelier.log header") }
        var envelopes: [EventEnvelope] = []
        for (index, line) in lines.dropFirst().enumerated() {
            guard let envelope = try? SessionCodec.decode(EventEnvelope.self, line) else {
                throw MaintenanceError.invalidLog("line \(index + 2) is not an event")
            }
            guard envelope.seq == index + 1 else {
                throw MaintenanceError.invalidLog("line \(index + 2) has seq \(envelope.seq), expected \(index + 1)")
            }
            envelopes.append(envelope)
        }
        guard case .success(let state) = engine.restore(snapshot: nil, events: envelopes), state.setup.id == header.session
        else { throw MaintenanceError.invalidLog("the events do not replay into session \(header.session)") }
        if try await store.session(header.session) != nil, !replace {
            throw MaintenanceError.exists(header.session)
        }
        return try await store.replaceLog(
            session: header.session, createdAt: header.createdAt, metadata: try SessionCodec.encode(SessionMetadata(state.setup)),
            payloads: try envelopes.map { try SessionCodec.encode($0) })
    }

    /// Replaces a member's name by a pseudonym (and with `removeTexts` their free texts)
    /// in the stored log; returns how many events changed. Clients resync (new epoch).
    public func erase(session id: String, participant: String, removeTexts: Bool) async throws -> Int {
        let stored = try await store.events(session: id, after: 0, limit: nil)
        guard !stored.isEmpty else { throw StoreError.unknownSession(id) }
        let envelopes = try stored.map { try SessionCodec.decode(EventEnvelope.self, $0.payload) }
        let member = ParticipantID(participant)
        guard envelopes.contains(where: { if case .participantJoined(member, _, _, _) = $0.event { true } else { false } })
        else { throw MaintenanceError.unknownMember(participant) }
        let erased = try engine.erase(member, from: envelopes, removeTexts: removeTexts)
        let changed = try zip(envelopes, erased).filter { $0 != $1 }.map {
            StoredEvent(seq: $1.seq, payload: try SessionCodec.encode($1))
        }
        try await store.rewrite(session: id, events: changed)
        return changed.count
    }
}

/// Why a maintenance task refused.
public enum MaintenanceError: Error, CustomStringConvertible, Equatable {
    /// The file is not a valid exported log.
    case invalidLog(String)
    /// A session with that id exists (use --replace).
    case exists(String)
    /// No such member in the session.
    case unknownMember(String)

    public var description: String {
        switch self {
        case .invalidLog(let reason): "not a valid Atelier log: \(reason)"
        case .exists(let id): "session \(id) already exists (use --replace to replace its log; clients will resync)"
        case .unknownMember(let id): "no member \(id) in this session"
        }
    }
}

extension AtelierApplication {
    /// Opens the configured store for maintenance (taking the data-directory lock for SQLite
    /// when `exclusive`, so a running server is never written under).
    public static func maintenance(_ config: AtelierConfiguration, exclusive: Bool) async throws -> (SessionMaintenance, AnyObject?) {
        if !config.storeURL.hasPrefix("postgres") { try prepareDataDirectory(config.dataDirectory) }
        let lock: AnyObject? =
            exclusive && !config.storeURL.hasPrefix("postgres") ? try DataDirectoryLock(directory: config.dataDirectory) : nil
        return (SessionMaintenance(store: try await StoreFactory.open(config)), lock)
    }
}

/// Durations written as "90d", "12h", "30m", "45s".
public enum DurationText {
    /// The duration in milliseconds, or nil when the text is not one.
    public static func milliseconds(_ text: String) -> Int64? {
        guard let unit = text.last, let number = Int64(text.dropLast()), number >= 0 else { return nil }
        let factor: Int64? = ["s": 1000, "m": 60_000, "h": 3_600_000, "d": 86_400_000][unit]
        return factor.map { number * $0 }
    }
}

extension SessionMaintenance {
    /// A stored session's replay index (its whole log folded), or nil when it has none.
    public func replayIndex(session id: String) async throws -> ReplayIndex? {
        let stored = try await store.events(session: id, after: 0, limit: nil)
        let log = stored.compactMap { try? SessionCodec.decode(EventEnvelope.self, $0.payload) }
        return ReplayIndex(engine: engine, log: log)
    }

    /// A stored session in one of the export formats: the minutes as of its last event
    /// (Markdown or printable HTML), its log as people may read it (secret ballots sealed),
    /// or its contributions (CSV).
    public func export(session id: String, format: SessionExports.Format, timeZone: TimeZone = .current) async throws -> [UInt8] {
        if format == .jsonl { return try await exportLog(session: id, sealingFor: engine) }
        guard let index = try await replayIndex(session: id) else { throw StoreError.unknownSession(id) }
        let state = index.state(at: index.lastSeq)
        let now = index.moments.last?.at ?? 0
        switch format {
        case .md: return Array(SessionExports.minutes(of: state, engine: engine, now: now, timeZone: timeZone).utf8)
        case .html: return Array(SessionExports.minutesPage(of: state, engine: engine, now: now, timeZone: timeZone).utf8)
        case .csv, .jsonl: return SessionExports.contributionsCSV(of: state, engine: engine)
        }
    }
}
