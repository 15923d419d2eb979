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
        // 3: sessions as events. A session is its starting profile and its steps (answers, skips,
        // /back, /restart, abandon), appended and never rewritten; a person may have many
        // sessions of a dialogue but one open. `status`, `steps` and `waiting_on` are views of
        // the steps, updated with them. Every profile write names its session and step, and
        // removals (the undo of /back and /restart) are writes too. Version 2's sessions are
        // carried over step by step from their logs and kept, renamed, as they were.
        """
        ALTER TABLE sessions RENAME TO sessions_v2;
        CREATE TABLE sessions (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            site_id TEXT NOT NULL REFERENCES sites(id),
            person TEXT NOT NULL,
            dialogue TEXT NOT NULL,
            initial_profile TEXT NOT NULL,
            status TEXT NOT NULL CHECK (status IN ('open', 'finished', 'abandoned')),
            steps INTEGER NOT NULL,
            waiting_on TEXT,
            started_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        );
        CREATE UNIQUE INDEX sessions_one_open ON sessions(site_id, person, dialogue) WHERE status = 'open';
        CREATE INDEX sessions_by_person ON sessions(site_id, person, status);
        CREATE TABLE session_steps (
            seq INTEGER PRIMARY KEY AUTOINCREMENT,
            session_id INTEGER NOT NULL REFERENCES sessions(id),
            number INTEGER NOT NULL,
            kind TEXT NOT NULL CHECK (kind IN ('answer', 'skip', 'back', 'restart', 'abandon')),
            question TEXT NOT NULL,
            given TEXT NOT NULL,
            value TEXT,
            display TEXT,
            at TEXT NOT NULL,
            UNIQUE (session_id, number)
        );
        ALTER TABLE answers ADD COLUMN session_id INTEGER REFERENCES sessions(id);
        ALTER TABLE answers ADD COLUMN step_seq INTEGER REFERENCES session_steps(seq);
        ALTER TABLE answers ADD COLUMN removed INTEGER NOT NULL DEFAULT 0;
        INSERT INTO sessions (site_id, person, dialogue, initial_profile, status, steps, waiting_on, started_at, updated_at)
            SELECT site_id, person, dialogue, initial_profile, status, json_array_length(log), question, updated_at, updated_at
            FROM sessions_v2 ORDER BY updated_at;
        INSERT INTO session_steps (session_id, number, kind, question, given, value, display, at)
            SELECT s.id, j.key + 1, CASE WHEN json_extract(j.value, '$.given') = '/skip' THEN 'skip' ELSE 'answer' END,
                   json_extract(j.value, '$.question'), json_extract(j.value, '$.given'), NULL, NULL, s.started_at
            FROM sessions s JOIN sessions_v2 old ON old.site_id = s.site_id AND old.person = s.person AND old.dialogue = s.dialogue,
                 json_each(old.log) j
            ORDER BY s.id, j.key;
        """,
        // 4: people with codes of their own. A personal code is `handle-xxxx-xxxx-xxxx-xxxx`:
        // the handle finds the row (so a sign-in checks one hash, however many people a site
        // has) and the rest is the secret, kept only hashed. A removed person keeps their row,
        // since their sessions and answers name them. A program person (who reads the overview
        // of every site) belongs to no site: `site_id` NULL. The site's shared code stays as it
        // was (a coordinator's sign-in) until it is retired: `code_hash` '' then matches nothing.
        """
        CREATE TABLE people (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            site_id TEXT REFERENCES sites(id),
            name TEXT NOT NULL,
            role TEXT NOT NULL CHECK (role IN ('coordinator', 'staff', 'program')),
            handle TEXT NOT NULL,
            code_hash TEXT NOT NULL,
            created_at TEXT NOT NULL,
            removed_at TEXT,
            CHECK ((role = 'program') = (site_id IS NULL))
        );
        CREATE UNIQUE INDEX people_by_name ON people(coalesce(site_id, ''), name) WHERE removed_at IS NULL;
        CREATE UNIQUE INDEX people_by_handle ON people(coalesce(site_id, ''), handle) WHERE removed_at IS NULL;
        """,
        // 5: approvals of documents. A document's versions are its writes in `answers` (by a
        // dialogue; the undo of /back or /restart is not a version), numbered from 1 in order;
        // an approval names one by its number (and the write, `answer_seq`, where there is one),
        // with who approved it and when. Appended, never changed or removed, so a version
        // written since is a draft until it is approved in its turn. One person approves a
        // version once.
        """
        CREATE TABLE document_approvals (
            seq INTEGER PRIMARY KEY AUTOINCREMENT,
            site_id TEXT NOT NULL REFERENCES sites(id),
            path TEXT NOT NULL,
            version INTEGER NOT NULL CHECK (version >= 1),
            answer_seq INTEGER REFERENCES answers(seq),
            person TEXT NOT NULL,
            at TEXT NOT NULL,
            UNIQUE (site_id, path, version, person)
        );
        """,
        // 6: the two tables written on every answer, rebuilt so an insert costs less. SQLite
        // checked `kind IN (five values)` by building a temporary index of them for every step,
        // and AUTOINCREMENT rewrote `sqlite_sequence` for every step and every write; a list of
        // ORs is checked in place, and a plain INTEGER PRIMARY KEY numbers rows the same way
        // (the largest plus one) because neither table ever loses a row. Every row keeps its
        // number, so `answers.step_seq` and `document_approvals.answer_seq` still point where
        // they did. SQLite's own recipe: make the new table, copy, drop the old, rename.
        """
        CREATE TABLE session_steps_v6 (
            seq INTEGER PRIMARY KEY,
            session_id INTEGER NOT NULL REFERENCES sessions(id),
            number INTEGER NOT NULL,
            kind TEXT NOT NULL CHECK (kind = 'answer' OR kind = 'skip' OR kind = 'back' OR kind = 'restart' OR kind = 'abandon'),
            question TEXT NOT NULL,
            given TEXT NOT NULL,
            value TEXT,
            display TEXT,
            at TEXT NOT NULL,
            UNIQUE (session_id, number)
        );
        INSERT INTO session_steps_v6 (seq, session_id, number, kind, question, given, value, display, at)
            SELECT seq, session_id, number, kind, question, given, value, display, at FROM session_steps ORDER BY seq;
        DROP TABLE session_steps;
        ALTER TABLE session_steps_v6 RENAME TO session_steps;
        CREATE TABLE answers_v6 (
            seq INTEGER PRIMARY KEY,
            site_id TEXT NOT NULL REFERENCES sites(id),
            path TEXT NOT NULL,
            value TEXT NOT NULL,
            previous TEXT,
            person TEXT NOT NULL,
            at TEXT NOT NULL,
            dialogue TEXT NOT NULL,
            question TEXT NOT NULL,
            session_id INTEGER REFERENCES sessions(id),
            step_seq INTEGER REFERENCES session_steps(seq),
            removed INTEGER NOT NULL DEFAULT 0
        );
        INSERT INTO answers_v6 (seq, site_id, path, value, previous, person, at, dialogue, question, session_id, step_seq, removed)
            SELECT seq, site_id, path, value, previous, person, at, dialogue, question, session_id, step_seq, removed
            FROM answers ORDER BY seq;
        DROP TABLE answers;
        ALTER TABLE answers_v6 RENAME TO answers;
        CREATE INDEX answers_by_path ON answers(site_id, path, seq);
        """,
    ]

    /// The steps (by index in `steps`) that drop a table other tables refer to. They run with
    /// foreign keys off, as SQLite's recipe for changing a table requires (dropping the old
    /// table would otherwise fail, or with cascades delete), and are checked with
    /// `PRAGMA foreign_key_check` before they commit.
    static let rebuildsTables: Set<Int> = [5]

    static var latest: Int { steps.count }
}
