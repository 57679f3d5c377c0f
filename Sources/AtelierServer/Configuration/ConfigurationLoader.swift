import Configuration
import Synchronization

/// Reads `AtelierConfiguration` from, in rising precedence: defaults, the YAML file,
/// `ATELIER_*` environment variables, and command-line flags.
///
/// Every key is read strictly: a value of the wrong type or out of range is an error that
/// names the key, never a silent fallback to the default.
public struct ConfigurationLoader: Sendable {
    /// The file read when no `--config` is given (a missing default file is fine).
    public static let defaultFile = "config/atelier.yaml"

    /// A value given as a command-line flag.
    public enum FlagValue: Sendable, Equatable {
        /// A text value.
        case string(String)
        /// An integer value.
        case int(Int)
    }

    /// Values given as flags, by dotted key.
    public var overrides: [String: FlagValue] = [:]
    /// The environment to read `ATELIER_*` variables from.
    public var environment: [String: String]
    /// An explicit config file (must exist), or nil for the default one (may be missing).
    public var file: String?

    /// Creates a loader.
    public init(file: String?, environment: [String: String], overrides: [String: FlagValue] = [:]) {
        self.file = file
        self.environment = environment
        self.overrides = overrides
    }

    /// Loads and validates.
    public func load() async throws(ConfigurationError) -> AtelierConfiguration {
        let path = file ?? Self.defaultFile
        let fileProvider: FileProvider<YAMLSnapshot>
        do {
            fileProvider = try await FileProvider<YAMLSnapshot>(filePath: .init(path), allowMissing: file == nil)
        } catch {
            throw ConfigurationError(key: path, problem: "cannot read the configuration file (\(error))")
        }
        let environmentProvider = KeyMappingProvider(
            upstream: EnvironmentVariablesProvider(environmentVariables: environment)
        ) { key in key.prepending(["atelier"]) }
        var flagValues: [AbsoluteConfigKey: ConfigValue] = [:]
        for (key, value) in overrides {
            flagValues[AbsoluteConfigKey(key.split(separator: ".").map(String.init))] = ConfigValue(
                value.content, isSecret: false)
        }
        let flags = InMemoryProvider(name: "flags", values: flagValues)
        let problems = ProblemCollector()
        let reader = ConfigReader(providers: [flags, environmentProvider, fileProvider], accessReporter: problems)
        let configuration: AtelierConfiguration
        do throws(ConfigurationError) {
            configuration = try ConfigurationReading(reader: reader).read()
        } catch {
            throw problems.first ?? error
        }
        if let problem = problems.first { throw problem }
        try ConfigurationValidation.validate(configuration)
        return configuration
    }
}

/// Records the first value that was present but could not be converted.
final class ProblemCollector: AccessReporter, Sendable {
    private let problems = Mutex<[ConfigurationError]>([])

    func report(_ event: AccessEvent) {
        let key = event.metadata.key.components.joined(separator: ".")
        let wanted = "\(event.metadata.valueType)"
        var problem: String?
        if event.conversionError != nil {
            problem = "expected a value of type \(wanted)"
        } else if case .failure(let error) = event.result {
            problem = "expected a value of type \(wanted) (\(error))"
        }
        for result in event.providerResults {
            if case .failure(let error) = result.result {
                problem = "\(result.providerName): \(error)"
            }
        }
        if let problem {
            problems.withLock { $0.append(ConfigurationError(key: key, problem: problem)) }
        }
    }

    var first: ConfigurationError? { problems.withLock { $0.first } }
}

extension ConfigurationLoader.FlagValue {
    var content: ConfigContent {
        switch self {
        case .string(let text): .string(text)
        case .int(let number): .int(number)
        }
    }
}
