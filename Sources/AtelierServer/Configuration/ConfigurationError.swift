/// A configuration value that cannot be used, named by its full dotted key.
public struct ConfigurationError: Error, Equatable, CustomStringConvertible {
    /// The dotted key ("transport.max_message_bytes"), or the file for a parse error.
    public let key: String
    /// What is wrong, in words an operator can act on.
    public let problem: String

    /// Creates an error.
    public init(key: String, problem: String) {
        self.key = key
        self.problem = problem
    }

    public var description: String { "invalid configuration: \(key): \(problem)" }
}
