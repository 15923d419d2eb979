// The system SQLite (Debian: libsqlite3-dev). Only TrellisStore/SQLite.swift uses it.
#include <sqlite3.h>

// SQLITE_TRANSIENT is a macro Swift cannot import: it tells SQLite to copy bound text.
static inline void (*trellis_sqlite_transient(void))(void *) { return SQLITE_TRANSIENT; }
