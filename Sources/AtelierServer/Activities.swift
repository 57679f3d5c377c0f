import AtelierEngine
import Briefing
import PeerConsultation

/// The one list of activities this server runs. Adding an activity: a folder in
/// `Plugins/`, a target in Package.swift, a line here, a module in `web/activities/`.
public enum Activities {
    /// Every activity, by id.
    public static let registry = ActivityRegistry([
        Briefing.self,
        PeerConsultation.self,
    ])
}
