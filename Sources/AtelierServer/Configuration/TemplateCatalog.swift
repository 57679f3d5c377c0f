import AtelierEngine
import AtelierKit
import Foundation
import Yams

/// The session templates in `config/templates/*.yaml`, validated at start.
public struct TemplateCatalog: Sendable {
    /// Templates by id (the file name without `.yaml`).
    public let templates: [String: SessionTemplate]
    /// Their validated agendas.
    public let agendas: [String: [AgendaStep]]

    /// Loads and validates every template in `folder`; a bad one stops the start, named.
    /// A missing folder is an error unless `allowMissing` (the default folder): then there
    /// are no templates.
    public init(folder: String, registry: ActivityRegistry, allowMissing: Bool = false) throws(ConfigurationError) {
        let url = URL(fileURLWithPath: folder)
        let files: [String]
        var isFolder: ObjCBool = false
        if allowMissing, !FileManager.default.fileExists(atPath: url.path, isDirectory: &isFolder) {
            templates = [:]
            agendas = [:]
            return
        }
        do {
            files = try FileManager.default.contentsOfDirectory(atPath: url.path)
                .filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") }.sorted()
        } catch {
            throw ConfigurationError(key: "server.templates_dir", problem: "cannot read folder \"\(folder)\"")
        }
        var templates: [String: SessionTemplate] = [:]
        var agendas: [String: [AgendaStep]] = [:]
        for file in files {
            let id = (file as NSString).deletingPathExtension
            let path = url.appendingPathComponent(file).path
            let template = try Self.read(path: path, id: id)
            switch template.validatedAgenda(registry: registry) {
            case .failure(let rejection):
                throw ConfigurationError(key: path, problem: rejection.message)
            case .success(let agenda):
                templates[id] = template
                agendas[id] = agenda
            }
        }
        self.templates = templates
        self.agendas = agendas
    }

    private static func read(path: String, id: String) throws(ConfigurationError) -> SessionTemplate {
        struct File: Decodable {
            var title: String
            var locale: String?
            var description: String?
            var agenda: [SessionTemplate.Step]
        }
        do {
            let text = try String(contentsOfFile: path, encoding: .utf8)
            let file = try YAMLDecoder().decode(File.self, from: text)
            return SessionTemplate(
                id: id, title: file.title, locale: file.locale ?? "fr", description: file.description, agenda: file.agenda)
        } catch {
            throw ConfigurationError(key: path, problem: "not a valid template (\(error))")
        }
    }

    /// Templates in id order.
    public var sorted: [SessionTemplate] { templates.values.sorted { $0.id < $1.id } }
}
