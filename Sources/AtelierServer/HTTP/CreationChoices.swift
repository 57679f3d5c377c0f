import AtelierEngine
import AtelierKit

/// What a trainer may choose when creating a session from a template: a setting an
/// activity offers at creation (`SettingSpec.chosenFrom`), such as the theme of a step
/// among the themes its template lists.
enum CreationChoices {
    /// One choice offered for a step: the setting, its names, the options.
    struct Offered: Encodable, Equatable {
        let key: String
        let names: [String: String]
        let options: [String]
    }

    /// One choice made: `value` for setting `key` of step `step` (0-based).
    struct Made: Decodable, Equatable {
        let step: Int
        let key: String
        let value: String
    }

    /// The choices a template's step offers.
    static func offered(by step: AgendaStep, registry: ActivityRegistry) -> [Offered] {
        guard let manifest = registry.driver(step.activity)?.manifest else { return [] }
        return manifest.settings.compactMap { spec in
            let options = spec.choices(in: step.settings)
            return options.isEmpty ? nil : Offered(key: spec.key, names: spec.names, options: options)
        }
    }

    /// The agenda with the choices made, each checked against what its step offers.
    static func applying(_ choices: [Made], to agenda: [AgendaStep], registry: ActivityRegistry) -> Result<
        [AgendaStep], Rejection
    > {
        var agenda = agenda
        for choice in choices {
            guard agenda.indices.contains(choice.step) else {
                return .failure(.badRequest("choices: the template has no step \(choice.step)"))
            }
            let step = agenda[choice.step]
            guard let offered = offered(by: step, registry: registry).first(where: { $0.key == choice.key }) else {
                return .failure(.badRequest("choices: step \(choice.step) offers no choice \(choice.key.prefix(40))"))
            }
            guard offered.options.contains(choice.value) else {
                return .failure(.badRequest("choices: \(choice.value.prefix(60)) is not one of the step's \(choice.key.prefix(40)) options"))
            }
            // The setting's own limits hold too (a theme line longer than a theme may be).
            if let spec = registry.driver(step.activity)?.manifest.settings.first(where: { $0.key == choice.key }),
                case .failure(let rejection) = spec.validate(.string(choice.value))
            {
                return .failure(.badRequest("choices: \(rejection.message)"))
            }
            agenda[choice.step] = AgendaStep(
                title: step.title, activity: step.activity,
                settings: step.settings.setting(choice.key, to: .string(choice.value)), timeboxSeconds: step.timeboxSeconds)
        }
        return .success(agenda)
    }
}
