import Foundation

/// A fresh temporary directory for one test's files, removed with everything in it when
/// the test's suite instance (which holds it) goes away.
public final class ScratchDirectory: Sendable {
    /// The directory.
    public let url: URL

    /// A new, empty directory.
    public init() {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("atelier-test-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    /// A path inside the directory.
    public func path(_ name: String) -> String { url.appendingPathComponent(name).path }

    deinit { try? FileManager.default.removeItem(at: url) }
}
