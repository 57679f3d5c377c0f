import Crypto
import Foundation

/// Random secrets and their hashes. Secrets are shown once; only hashes are kept.
enum Secrets {
    /// A URL-safe random secret with `bytes` bytes of entropy.
    static func make(bytes: Int = 24) -> String {
        var generator = SystemRandomNumberGenerator()
        let raw = (0..<bytes).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        return Data(raw).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    /// Random bytes (join codes, session ids).
    static func randomBytes(_ count: Int) -> [UInt8] {
        var generator = SystemRandomNumberGenerator()
        return (0..<count).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
    }

    /// 64 random bits for the engine's context.
    static func randomWord() -> UInt64 {
        var generator = SystemRandomNumberGenerator()
        return generator.next()
    }

    /// SHA-256 of a secret, in hex.
    static func hash(_ secret: String) -> String {
        SHA256.hash(data: Data(secret.utf8)).map { String(format: "%02x", $0) }.joined()
    }

    /// Compares two hashes without an early exit.
    static func sameHash(_ lhs: String, _ rhs: String) -> Bool {
        let left = Array(lhs.utf8)
        let right = Array(rhs.utf8)
        guard left.count == right.count else { return false }
        var difference: UInt8 = 0
        for index in left.indices { difference |= left[index] ^ right[index] }
        return difference == 0
    }
}
