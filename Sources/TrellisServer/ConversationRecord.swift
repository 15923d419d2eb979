import TrellisChat
import TrellisEngine
import TrellisLanguage
import TrellisStore

extension Store.Record {
    /// What a conversation step must commit before anything it led to is shown: the profile
    /// writes among `events` and where the conversation now stands, for resuming. Nil
    /// outside a dialogue (the menu, the offer to resume). Both transports use this.
    public init?(site: SiteID, person: String, conversation: Conversation, events: [Event]) {
        guard let progress = conversation.progress else { return nil }
        let writes = events.compactMap { event -> Store.Write? in
            guard case .saved(let path, let value, let source) = event else { return nil }
            return Store.Write(path: path, value: value, question: source)
        }
        let session = Store.Session(site: site.rawValue, person: person, dialogue: conversation.dialogue.id, log: progress.log,
                                    question: progress.question, initialProfile: progress.initialProfile,
                                    finished: conversation.finishedDialogue)
        self.init(site: site, person: person, dialogue: conversation.dialogue.id, writes: writes, session: session)
    }
}
