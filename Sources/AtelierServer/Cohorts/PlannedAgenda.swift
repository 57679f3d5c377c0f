import AtelierCohort
import AtelierEngine
import AtelierKit

/// The agenda of a planned session: its template's, with the theme put in every step that
/// offers a `theme` choice, and the number of co-development cases where it is set.
enum PlannedAgenda {
    static func agenda(for planned: PlannedSession, template: [AgendaStep], registry: ActivityRegistry) -> Result<
        [AgendaStep], Rejection
    > {
        var agenda = template
        for (index, step) in agenda.enumerated() {
            guard let manifest = registry.driver(step.activity)?.manifest else { continue }
            var settings = step.settings
            if let theme = planned.theme, manifest.settings.contains(where: { $0.key == "theme" }) {
                let offered = CreationChoices.offered(by: step, registry: registry).first { $0.key == "theme" }
                // A theme among the step's own: chosen; any other (the trainer's): the step's only theme.
                if offered?.options.contains(theme) != true {
                    if case .failure(let rejection) = checked("themes", .string(theme), manifest) { return .failure(rejection) }
                    settings = settings.setting("themes", to: .string(theme))
                }
                if case .failure(let rejection) = checked("theme", .string(theme), manifest) { return .failure(rejection) }
                settings = settings.setting("theme", to: .string(theme))
            }
            if planned.cases > 0, manifest.settings.contains(where: { $0.key == "cases" }) {
                if case .failure(let rejection) = checked("cases", .int(planned.cases), manifest) { return .failure(rejection) }
                settings = settings.setting("cases", to: .int(planned.cases))
            }
            agenda[index] = AgendaStep(title: step.title, activity: step.activity, settings: settings, timeboxSeconds: step.timeboxSeconds)
        }
        return .success(agenda)
    }

    private static func checked(_ key: String, _ value: JSONValue, _ manifest: ActivityManifest) -> Result<Void, Rejection> {
        guard let spec = manifest.settings.first(where: { $0.key == key }) else { return .success(()) }
        return spec.validate(value).map { _ in () }.mapError { .badRequest("\(key): \($0.message)") }
    }

    /// The cohort as the session keeps it: territories and their members' ids.
    static func link(_ cohort: Cohort, planned: PlannedSession) -> SessionCohort {
        SessionCohort(
            id: cohort.id, planned: planned.id, name: cohort.name,
            territories: cohort.territories.map { territory in
                .init(id: territory.id, name: territory.name, members: cohort.members(of: territory.id).map { ParticipantID($0.id) })
            })
    }
}
