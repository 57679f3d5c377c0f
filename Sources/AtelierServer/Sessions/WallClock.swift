import Foundation

/// The shell's clock: the only place session time is read.
public struct WallClock: Sendable {
    /// Milliseconds since 1970.
    public let now: @Sendable () -> Int64

    /// A clock reading the system time.
    public static let system = WallClock { Int64((Date().timeIntervalSince1970 * 1000).rounded()) }
}
