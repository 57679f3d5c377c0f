import AtelierKit
import Foundation
import Testing

@testable import AtelierServer

/// The recipe of docs/activities/README.md, checked for every registered activity: a test
/// here fails when an activity misses a piece (its Swift folder and catalogue, its line in
/// Package.swift, its browser folder with module, strings and view schema, its branch in
/// docs/schema/view-activity.json, its page in docs/activities/, a template using it), and
/// when a folder exists for an activity nobody registered.
@Suite struct ActivityRecipeTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    struct Piece: CustomTestStringConvertible, Sendable {
        let name: String
        let id: String
        var testDescription: String { id }
    }

    static let pieces = Activities.all.map { Piece(name: String(describing: $0), id: $0.manifest.id) }

    func text(_ path: String) throws -> String {
        try String(contentsOf: Self.root.appendingPathComponent(path), encoding: .utf8)
    }

    func json(_ path: String) throws -> [String: Any] {
        let data = try Data(contentsOf: Self.root.appendingPathComponent(path))
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any], "\(path) is a JSON object")
    }

    func files(in folder: String) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: Self.root.appendingPathComponent(folder).path).sorted()
    }

    @Test(arguments: pieces)
    func theSwiftSideIsOneFolderImportingAtelierKitOnlyWithItsCatalogue(_ piece: Piece) throws {
        let sources = try files(in: "Plugins/\(piece.name)").filter { $0.hasSuffix(".swift") }
        #expect(!sources.isEmpty, "Plugins/\(piece.name)/ holds the activity's Swift files")
        for file in sources {
            let imports = try text("Plugins/\(piece.name)/\(file)").split(separator: "\n").filter { $0.hasPrefix("import ") }
            #expect(imports.allSatisfy { $0 == "import AtelierKit" }, "\(file) imports \(imports): AtelierKit only")
        }
        #expect(try text("Package.swift").contains("    \"\(piece.name)\",\n"), "a line in Package.swift's activities")
        let type = try #require(Activities.all.first { $0.manifest.id == piece.id })
        #expect(Set(type.manifest.names.keys).isSuperset(of: Catalogue.languages), "names in French and English")
        #expect(!type.catalogue.strings.isEmpty, "a catalogue of its user-facing strings")
        #expect(type.catalogue.missingKeys.isEmpty, "every string in every language: \(type.catalogue.missingKeys)")
    }

    @Test(arguments: pieces)
    func theBrowserSideIsOneFolderWithModuleStringsAndViewSchema(_ piece: Piece) throws {
        let folder = "web/activities/\(piece.id)"
        #expect(try text("\(folder)/index.js").contains("export default"), "\(folder)/index.js exports the module")
        let strings = try json("\(folder)/i18n.json")
        let french = try #require(strings["fr"] as? [String: String], "French strings")
        let english = try #require(strings["en"] as? [String: String], "English strings")
        #expect(!french.isEmpty && Set(french.keys) == Set(english.keys), "the same keys in French and English")
        let schema = try json("\(folder)/view.schema.json")
        #expect(schema["$schema"] as? String == "https://json-schema.org/draft/2020-12/schema")
    }

    @Test(arguments: pieces)
    func itIsDocumentedAndATemplateUsesIt(_ piece: Piece) throws {
        #expect(try text("docs/activities/\(piece.id).md").contains(piece.id), "docs/activities/\(piece.id).md")
        #expect(try text("docs/activities/README.md").contains("`\(piece.id)`"), "listed in the recipe's table")
        let templates = try files(in: "config/templates").filter { $0.hasSuffix(".yaml") }
        let used = try templates.contains { try text("config/templates/\($0)").contains("activity: \(piece.id)\n") }
        #expect(used, "a template in config/templates uses \(piece.id)")
    }

    /// docs/schema/view-activity.json has exactly one branch per activity, pointing at the
    /// activity's own view schema (checked here rather than kept by hand).
    @Test func theViewSchemaHasOneBranchPerActivity() throws {
        let branches = try #require(try json("docs/schema/view-activity.json")["allOf"] as? [[String: Any]])
        var found: [String: String] = [:]
        for branch in branches {
            let id = ((branch["if"] as? [String: Any])?["properties"] as? [String: Any]).flatMap { $0["id"] as? [String: Any] }?["const"]
            let view = ((branch["then"] as? [String: Any])?["properties"] as? [String: Any])?["view"] as? [String: Any]
            if let id = id as? String, let reference = view?["$ref"] as? String { found[id] = reference }
        }
        #expect(branches.count == found.count, "every branch names an activity and its view schema")
        #expect(found == Dictionary(uniqueKeysWithValues: Self.pieces.map { ($0.id, "../../web/activities/\($0.id)/view.schema.json") }))
    }

    /// No folder for an activity nobody registered (a half-added or half-removed one).
    @Test func everyFolderBelongsToARegisteredActivity() throws {
        let plugins = try files(in: "Plugins").filter { !$0.hasPrefix(".") }
        #expect(plugins == Self.pieces.map(\.name).sorted())
        let browser = try files(in: "web/activities").filter { !$0.hasPrefix(".") }
        #expect(browser == Self.pieces.map(\.id).sorted())
        let pages = try files(in: "docs/activities").filter { $0 != "README.md" }
        #expect(pages == Self.pieces.map { "\($0.id).md" }.sorted())
    }
}
