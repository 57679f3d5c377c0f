import Foundation

/// Display names: trimmed, inner whitespace collapsed, capped, unique within a session.
public enum DisplayName {
    /// Longest display name, in characters.
    public static let maxLength = 60

    /// The cleaned name, or nil when nothing printable is left.
    public static func clean(_ raw: String) -> String? {
        // Control whitespace (tab, newline) separates words like a space; other controls go.
        let printable = raw.unicodeScalars.filter {
            $0.properties.isWhitespace || !CharacterSet.controlCharacters.contains($0)
        }
        let words = String(String.UnicodeScalarView(printable)).split(whereSeparator: \.isWhitespace)
        let joined = words.joined(separator: " ")
        guard !joined.isEmpty else { return nil }
        return capped(joined, to: maxLength)
    }

    /// The first `length` characters, without the space the cut may leave at the end.
    private static func capped(_ name: String, to length: Int) -> String {
        var prefix = String(name.prefix(length))
        while prefix.last?.isWhitespace == true { prefix.removeLast() }
        return prefix
    }

    /// `name`, or "name (2)", "name (3)" … so that it differs from every name in `taken`
    /// (compared case-insensitively).
    public static func unique(_ name: String, among taken: some Sequence<String>) -> String {
        let lowered = Set(taken.map { $0.lowercased() })
        guard lowered.contains(name.lowercased()) else { return name }
        var number = 2
        while true {
            let suffix = " (\(number))"
            let candidate = capped(name, to: maxLength - suffix.count) + suffix
            if !lowered.contains(candidate.lowercased()) { return candidate }
            number += 1
        }
    }
}

/// Join codes: six characters from an alphabet without look-alikes (no I, L, O, 0, 1).
public enum JoinCode {
    /// The 31 characters a code is made of.
    public static let alphabet = Array("ABCDEFGHJKMNPQRSTUVWXYZ23456789")
    /// Characters in a code.
    public static let length = 6

    /// A code from random bytes drawn by the shell (one byte per character is enough:
    /// the modulo bias over 31 symbols is below 1 %, and codes are not secrets).
    public static func make(from randomBytes: [UInt8]) -> String {
        precondition(randomBytes.count >= length, "need \(length) random bytes")
        return String(randomBytes.prefix(length).map { alphabet[Int($0) % alphabet.count] })
    }

    /// The code as typed, normalised (upper case, spaces and dashes removed), or nil if it
    /// cannot be a code.
    public static func normalize(_ typed: String) -> String? {
        let cleaned = typed.uppercased().filter { $0 != " " && $0 != "-" }
        guard cleaned.count == length, cleaned.allSatisfy(alphabet.contains) else { return nil }
        return cleaned
    }
}
