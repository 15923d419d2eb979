/// The schema, as the list of steps that build it. `PRAGMA user_version` records how many
/// steps a database has had; opening it runs the rest, each in its own transaction.
/// Never edit a step that has shipped: add a new one.
enum Migrations {
    static let steps: [String] = [
        // 1: sites, the answer history (every write, with what it replaced) and the profile view.
        """
        CREATE TABLE sites (
            id TEXT PRIMARY KEY,
            name TEXT NOT NULL,
            code_hash TEXT NOT NULL,
            created_at TEXT NOT NULL
        );
        CREATE TABLE answers (
            seq INTEGER PRIMARY KEY AUTOINCREMENT,
            site_id TEXT NOT NULL REFERENCES sites(id),
            path TEXT NOT NULL,
            value TEXT NOT NULL,
            previous TEXT,
            person TEXT NOT NULL,
            at TEXT NOT NULL,
            dialogue TEXT NOT NULL,
            question TEXT NOT NULL
        );
        CREATE TABLE profile_values (
            site_id TEXT NOT NULL REFERENCES sites(id),
            path TEXT NOT NULL,
            value TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            PRIMARY KEY (site_id, path)
        );
        """,
        // 2: resumable sessions, and history looked up by site and path.
        """
        CREATE TABLE sessions (
            site_id TEXT NOT NULL REFERENCES sites(id),
            person TEXT NOT NULL,
            dialogue TEXT NOT NULL,
            log TEXT NOT NULL,
            question TEXT,
            initial_profile TEXT NOT NULL,
            status TEXT NOT NULL CHECK (status IN ('open', 'finished')),
            updated_at TEXT NOT NULL,
            PRIMARY KEY (site_id, person, dialogue)
        );
        CREATE INDEX answers_by_path ON answers(site_id, path, seq);
        """,
    ]

    static var latest: Int { steps.count }
}
