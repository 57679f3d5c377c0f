import AtelierCohort
import Foundation
import Yams

/// The cohort pathways in `config/pathways/*.yaml`, validated at start against the
/// templates: a bad one stops the start, naming the file and the key.
struct PathwayCatalog: Sendable {
    /// Pathways by id (the file name without `.yaml`).
    let pathways: [String: Pathway]

    /// Loads and validates every pathway in `folder`. A missing folder is an error unless
    /// `allowMissing` (the default folder): then there are no pathways.
    init(folder: String, templates: Set<String>, allowMissing: Bool = false) throws(ConfigurationError) {
        let url = URL(fileURLWithPath: folder)
        if allowMissing, !FileManager.default.fileExists(atPath: url.path) {
            pathways = [:]
            return
        }
        let files: [String]
        do {
            files = try FileManager.default.contentsOfDirectory(atPath: url.path)
                .filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") }.sorted()
        } catch {
            throw ConfigurationError(key: "server.pathways_dir", problem: "cannot read folder \"\(folder)\"")
        }
        var pathways: [String: Pathway] = [:]
        for file in files {
            let path = url.appendingPathComponent(file).path
            let pathway = try Self.read(path: path, id: (file as NSString).deletingPathExtension)
            if let problem = pathway.problem(knownTemplates: templates) {
                throw ConfigurationError(key: path, problem: problem)
            }
            pathways[pathway.id] = pathway
        }
        self.pathways = pathways
    }

    private static func read(path: String, id: String) throws(ConfigurationError) -> Pathway {
        struct File: Decodable {
            var title: String
            var locale: String?
            var description: String?
            var template: String
            var themes: [String]
            var sessions: [Pathway.Session]
        }
        do {
            let text = try String(contentsOfFile: path, encoding: .utf8)
            let file = try YAMLDecoder().decode(File.self, from: text)
            return Pathway(
                id: id, title: file.title, locale: file.locale ?? "fr", description: file.description, template: file.template,
                themes: file.themes, sessions: file.sessions)
        } catch {
            throw ConfigurationError(key: path, problem: "not a valid pathway (\(Self.describe(error)))")
        }
    }

    /// A decoding error as the key it is about and what is wrong.
    private static func describe(_ error: any Error) -> String {
        guard let error = error as? DecodingError else { return "\(error)" }
        func key(_ path: [any CodingKey]) -> String {
            path.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined().trimmingPrefix(".").description
        }
        switch error {
        case .keyNotFound(let missing, let context): return "\(key(context.codingPath + [missing])): missing"
        case .typeMismatch(_, let context), .valueNotFound(_, let context), .dataCorrupted(let context):
            return "\(key(context.codingPath)): \(context.debugDescription)"
        @unknown default: return "\(error)"
        }
    }

    /// Pathways in id order.
    var sorted: [Pathway] { pathways.values.sorted { $0.id < $1.id } }
}
