import ArgumentParser
import AtelierServer
import Foundation

/// `atelier sessions …`: the data lifecycle of stored sessions.
struct SessionsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sessions", abstract: "List, purge, export, import and erase stored sessions.",
        subcommands: [List.self, Purge.self, ExportLog.self, ImportLog.self, Erase.self])

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List stored sessions, oldest first.")
        @OptionGroup var options: ConfigOptions
        @Flag(help: "Print JSON instead of a table.") var json = false

        func run() async throws {
            let (maintenance, lock) = try await AtelierApplication.maintenance(try await options.load(), exclusive: false)
            let sessions = try await maintenance.list()
            if json {
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
                print(String(decoding: try encoder.encode(sessions), as: UTF8.self))
            } else {
                print("id\tcreated\tcode\tevents\tepoch\ttemplate\ttitle")
                for session in sessions {
                    let created = Date(timeIntervalSince1970: Double(session.createdAt) / 1000).formatted(.iso8601)
                    print("\(session.id)\t\(created)\t\(session.joinCode)\t\(session.events)\t\(session.epoch)\t\(session.template)\t\(session.title)")
                }
            }
            withExtendedLifetime(lock) {}
        }
    }

    struct Purge: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Delete sessions created before a given age.")
        @OptionGroup var options: ConfigOptions
        @Option(name: .customLong("older-than"), help: "Age such as 90d, 12h, 30m or 45s.") var olderThan: String
        @Flag(name: .customLong("dry-run"), help: "Only print what would be deleted.") var dryRun = false

        func run() async throws {
            guard let age = DurationText.milliseconds(olderThan) else {
                throw ValidationError("--older-than expects a number followed by s, m, h or d (e.g. 90d)")
            }
            let (maintenance, lock) = try await AtelierApplication.maintenance(try await options.load(), exclusive: !dryRun)
            let cutoff = Int64(Date().timeIntervalSince1970 * 1000) - age
            let ids = try await maintenance.purge(createdBefore: cutoff, dryRun: dryRun)
            print("\(dryRun ? "would delete" : "deleted") \(ids.count) session(s)\(ids.isEmpty ? "" : ": " + ids.joined(separator: ", "))")
            withExtendedLifetime(lock) {}
        }
    }

    struct ExportLog: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "export-log", abstract: "Write a session's event log as JSON Lines.")
        @OptionGroup var options: ConfigOptions
        @Argument(help: "Session id.") var session: String
        @Option(name: .shortAndLong, help: "Output file (default: standard output).") var output: String?

        func run() async throws {
            let (maintenance, lock) = try await AtelierApplication.maintenance(try await options.load(), exclusive: false)
            let bytes = try await maintenance.exportLog(session: session)
            if let output {
                try Data(bytes).write(to: URL(fileURLWithPath: output))
            } else {
                FileHandle.standardOutput.write(Data(bytes))
            }
            withExtendedLifetime(lock) {}
        }
    }

    struct ImportLog: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "import-log", abstract: "Store a session's log exported by export-log (checked by replaying it).")
        @OptionGroup var options: ConfigOptions
        @Argument(help: "A JSON Lines file from export-log.") var file: String
        @Flag(help: "Replace the log of an existing session with the same id (clients resync).") var replace = false

        func run() async throws {
            guard let bytes = FileManager.default.contents(atPath: file) else {
                throw ValidationError("cannot read \(file)")
            }
            let (maintenance, lock) = try await AtelierApplication.maintenance(try await options.load(), exclusive: true)
            let stored = try await maintenance.importLog(Array(bytes), replace: replace)
            print("imported session \(stored.id): \(stored.lastSeq) events, epoch \(stored.epoch)")
            withExtendedLifetime(lock) {}
        }
    }

    struct Erase: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Erase a member's personal data: their name becomes a pseudonym; the log still replays.")
        @OptionGroup var options: ConfigOptions
        @Argument(help: "Session id.") var session: String
        @Argument(help: "Member id (p1, p2 …).") var participant: String
        @Flag(name: .customLong("remove-texts"), help: "Also remove the free texts they wrote.") var removeTexts = false

        func run() async throws {
            let (maintenance, lock) = try await AtelierApplication.maintenance(try await options.load(), exclusive: true)
            let changed = try await maintenance.erase(session: session, participant: participant, removeTexts: removeTexts)
            print("erased \(participant) in \(session): \(changed) event(s) rewritten")
            withExtendedLifetime(lock) {}
        }
    }
}

