/// Who a sign-in proved someone to be. A personal code names its holder and their role, so the
/// name comes from the record and cannot be typed; the site's shared code (how every store
/// signed people in before personal codes) proves only that someone is trusted with the site,
/// and counts as a coordinator's, who then types their name.
public enum Identity: Sendable, Equatable {
    case siteCode
    case person(name: String, role: Role)

    /// What a person may see and do at their site.
    public enum Role: String, Sendable, CaseIterable {
        /// Sees and exports the whole site, runs every dialogue.
        case coordinator
        /// Runs the dialogues written for everyone (`for: everyone`), and sees only their own
        /// sessions, answers and documents.
        case staff
        /// Belongs to no site: reads the overview of every site (`trellis overview`), nothing else.
        case program
    }

    /// The site id a program person gives when signing in: no site may have it.
    public static let programSite = "program"

    public var role: Role {
        switch self {
        case .siteCode: return .coordinator
        case .person(_, let role): return role
        }
    }
}
