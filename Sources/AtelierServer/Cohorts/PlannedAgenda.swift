import AtelierCohort
import AtelierEngine
import AtelierKit

/// The agenda of a planned session: its template's, with the theme put in the step that
/// offers it among its themes (the thematic round, not the check-in or the lessons' round),
/// or, for a theme of the trainer's own, in the step offering the most themes; and the
/// number of co-development cases where it is set; a follow-up round gets the cohort's
/// open action items (`followUp`, the step's `items` setting).
enum PlannedAgenda {
    static func agenda(
        for planned: PlannedSession, template: [AgendaStep], registry: ActivityRegistry, followUp: JSONValue = .array([]),
        learningFrame: String? = nil
    ) -> Result<[AgendaStep], Rejection> {
        var agenda = template
        let themeSteps = planned.theme.map { themed($0, in: template, registry: registry) } ?? []
        for (index, step) in agenda.enumerated() {
            guard let manifest = registry.driver(step.activity)?.manifest else { continue }
            var settings = step.settings
            if let theme = planned.theme, let offered = themeSteps.first(where: { $0.index == index })?.options {
                if !offered.contains(theme) {
                    if case .failure(let rejection) = checked("themes", .string(theme), manifest) { return .failure(rejection) }
                    settings = settings.setting("themes", to: .string(theme))
                }
                if case .failure(let rejection) = checked("theme", .string(theme), manifest) { return .failure(rejection) }
                settings = settings.setting("theme", to: .string(theme))
            }
            if step.activity == "follow-up" {
                let seed = String(decoding: followUp.encodedBytes(), as: UTF8.self)
                if case .failure(let rejection) = checked("items", .string(seed), manifest) { return .failure(rejection) }
                settings = settings.setting("items", to: .string(seed))
            }
            if let frame = learningFrame, manifest.settings.contains(where: { $0.key == "learning_frame" }) {
                if case .failure(let rejection) = checked("learning_frame", .string(frame), manifest) { return .failure(rejection) }
                settings = settings.setting("learning_frame", to: .string(frame))
            }
            if planned.cases > 0, manifest.settings.contains(where: { $0.key == "cases" }) {
                if case .failure(let rejection) = checked("cases", .int(planned.cases), manifest) { return .failure(rejection) }
                settings = settings.setting("cases", to: .int(planned.cases))
            }
            agenda[index] = AgendaStep(title: step.title, activity: step.activity, settings: settings, timeboxSeconds: step.timeboxSeconds)
        }
        return .success(agenda)
    }

    /// The steps that take `theme`: those offering it, else the one offering the most themes.
    private static func themed(_ theme: String, in agenda: [AgendaStep], registry: ActivityRegistry) -> [(index: Int, options: [String])] {
        let offering = agenda.enumerated().compactMap { index, step in
            CreationChoices.offered(by: step, registry: registry).first { $0.key == "theme" }.map { (index, $0.options) }
        }
        let exact = offering.filter { $0.1.contains(theme) }
        if !exact.isEmpty { return exact }
        return offering.max { $0.1.count < $1.1.count }.map { [$0] } ?? []
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

    /// The cohort's open action items (to do, in progress) as a follow-up round's seed, oldest first.
    static func followUpSeed(_ ledger: CohortLedger, cohort: Cohort) -> JSONValue {
        .array(ledger.items.filter(\.status.isOpen).map { item in
            [
                "key": .string(item.key), "owners": .strings(item.owners), "names": .strings(item.ownerNames),
                "what": .string(item.what), "due": .string(item.due),
                "session": .string(cohort.planned(item.planned)?.title ?? ""), "status": .string(item.status.rawValue),
                "note": .string(item.note),
            ]
        })
    }
}
