extension JSONParser {
    /// The members named in `keys` of a document whose top level is an object, read as
    /// `parse` would read them; the values of the other members are stepped over without
    /// being built (only their brackets and quotes are followed, their contents are not
    /// checked). Made for reading a few fields of many stored documents quickly, e.g. who
    /// caused each event of a log, not for checking what a client sent.
    public func members(_ keys: Set<String>, ofObject bytes: [UInt8]) throws(Failure) -> [String: JSONValue] {
        let result: Result<[String: JSONValue], Failure> = bytes.withUnsafeBufferPointer { buffer in
            var reader = Reader(bytes: buffer, maxDepth: maxDepth)
            do throws(Failure) {
                reader.skipByteOrderMark()
                reader.skipWhitespace()
                return .success(try reader.members(keys))
            } catch {
                return .failure(error)
            }
        }
        return try result.get()
    }
}

extension Reader {
    /// The wanted members of the object at `index`, the others skipped.
    mutating func members(_ keys: Set<String>) throws(JSONParser.Failure) -> [String: JSONValue] {
        guard index < bytes.count, bytes[index] == UInt8(ascii: "{") else { throw failure("expected an object") }
        index += 1
        var found: [String: JSONValue] = [:]
        skipWhitespace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "}") { return found }
        while true {
            let key = try memberKey()
            if keys.contains(key), found[key] == nil {
                found[key] = try value(depth: 1)
            } else {
                try skipValue()
            }
            skipWhitespace()
            guard index < bytes.count else { throw failure("unexpected end of text in an object") }
            switch bytes[index] {
            case UInt8(ascii: "}"):
                return found
            case UInt8(ascii: ","):
                index += 1
                skipWhitespace()
                if index < bytes.count, bytes[index] == UInt8(ascii: "}") { return found }  // tolerated trailing comma
            default:
                throw failure("expected , or } in an object")
            }
        }
    }

    /// Steps over one value: a string to its closing quote, an array or object to its
    /// matching bracket (strings inside skipped), anything else to the next delimiter.
    mutating func skipValue() throws(JSONParser.Failure) {
        guard index < bytes.count else { throw failure("unexpected end of text") }
        switch bytes[index] {
        case UInt8(ascii: "\""):
            try skipString()
        case UInt8(ascii: "{"), UInt8(ascii: "["):
            var nesting = 0
            repeat {
                guard index < bytes.count else { throw failure("unexpected end of text") }
                switch bytes[index] {
                case UInt8(ascii: "{"), UInt8(ascii: "["):
                    nesting += 1
                    guard nesting < maxDepth else { throw failure("nested too deeply") }
                    index += 1
                case UInt8(ascii: "}"), UInt8(ascii: "]"):
                    nesting -= 1
                    index += 1
                case UInt8(ascii: "\""):
                    try skipString()
                default:
                    index += 1
                }
            } while nesting > 0
        default:
            let start = index
            while index < bytes.count, !Self.endsScalar(bytes[index]) { index += 1 }
            guard index > start else { throw failure("expected a value") }
        }
    }

    /// Whether `byte` ends a number or a literal.
    static func endsScalar(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: ","), UInt8(ascii: "}"), UInt8(ascii: "]"), 0x20, 0x0A, 0x0D, 0x09: true
        default: false
        }
    }

    mutating func skipString() throws(JSONParser.Failure) {
        index += 1
        while index < bytes.count {
            switch bytes[index] {
            case UInt8(ascii: "\""):
                index += 1
                return
            case UInt8(ascii: "\\"):
                index += 2
            default:
                index += 1
            }
        }
        throw failure("unterminated string")
    }
}
