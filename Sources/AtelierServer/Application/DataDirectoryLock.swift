import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// An exclusive lock on the data directory, held for the life of the process, so two
/// servers never share one SQLite event store.
final class DataDirectoryLock {
    private let descriptor: Int32

    /// Takes the lock or explains who holds it.
    init(directory: String) throws(ConfigurationError) {
        let path = URL(fileURLWithPath: directory).appendingPathComponent("atelier.lock").path
        descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            throw ConfigurationError(key: "server.data_dir", problem: "cannot create \(path)")
        }
        guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
            let holder = (try? String(contentsOfFile: path, encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines)
            close(descriptor)
            throw ConfigurationError(
                key: "server.data_dir",
                problem: "\(directory) is in use by another atelier process\(holder.map { " (pid \($0))" } ?? "")")
        }
        ftruncate(descriptor, 0)
        let pid = "\(getpid())\n"
        _ = pid.withCString { write(descriptor, $0, strlen($0)) }
    }

    deinit {
        flock(descriptor, LOCK_UN)
        close(descriptor)
    }
}
