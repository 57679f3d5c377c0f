import CQREncode

/// A QR code symbol (ISO/IEC 18004) made by libqrencode, and its SVG rendering.
///
/// ```swift
/// let code = try QRCode(encoding: "https://atelier.example/join/K7MQ2X")
/// let svg = code.svg(title: "Join link")
/// ```
public struct QRCode: Sendable, Equatable {
    /// Why a text could not be encoded.
    public enum Failure: Error, Equatable {
        /// The text is empty or longer than `QRCode.maxBytes` UTF-8 bytes.
        case unsupportedLength(Int)
        /// libqrencode refused it (out of memory, or a symbol too large).
        case encoderFailed
    }

    /// The longest text accepted, in UTF-8 bytes (a version-40 symbol at level M holds 2,331).
    public static let maxBytes = 1024

    /// Modules per side (21 for version 1, + 4 per version).
    public let size: Int
    /// Dark modules, row by row (`size × size`).
    public let modules: [Bool]

    /// Encodes `text` as 8-bit data with error correction level M (15 % of the symbol recoverable).
    public init(encoding text: String) throws(Failure) {
        let length = text.utf8.count
        guard length > 0, length <= Self.maxBytes else { throw .unsupportedLength(length) }
        guard let symbol = QRcode_encodeString8bit(text, 0, QR_ECLEVEL_M) else { throw .encoderFailed }
        defer { QRcode_free(symbol) }
        let width = Int(symbol.pointee.width)
        let data = UnsafeBufferPointer(start: symbol.pointee.data, count: width * width)
        size = width
        modules = data.map { $0 & 1 == 1 }  // bit 0: dark module; the other bits describe its kind
    }

    /// Whether the module at `row`, `column` is dark.
    public func isDark(row: Int, column: Int) -> Bool { modules[row * size + column] }

    /// A standalone SVG: dark modules as one path on a white square with the 4-module quiet zone
    /// the standard asks for; it scales to any size (`viewBox`), crisp edges, no styles or scripts.
    public func svg(title: String) -> String {
        let quiet = 4
        let side = size + 2 * quiet
        var path = ""
        for row in 0..<size {
            var column = 0
            while column < size {
                guard isDark(row: row, column: column) else {
                    column += 1
                    continue
                }
                var run = 1
                while column + run < size, isDark(row: row, column: column + run) { run += 1 }
                path += "M\(column + quiet) \(row + quiet)h\(run)v1h-\(run)z"
                column += run
            }
        }
        return """
            <svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 \(side) \(side)" shape-rendering="crispEdges" \
            role="img" aria-label="\(Self.escaped(title))"><title>\(Self.escaped(title))</title>\
            <rect width="\(side)" height="\(side)" fill="#fff"/><path fill="#000" d="\(path)"/></svg>

            """
    }

    private static func escaped(_ text: String) -> String {
        var result = ""
        for character in text {
            switch character {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "'": result += "&apos;"
            default: result.append(character)
            }
        }
        return result
    }
}
