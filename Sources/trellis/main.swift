// The `trellis` command: a thin shell over the libraries. Each subcommand lives in its own file.
import Foundation

// Whatever Trellis creates (the store, its WAL, backups, documents, exports) holds a site's
// answers: only the owner may read it, whatever umask the shell had.
umask(0o077)
exit(CommandLine.run(Array(CommandLine.arguments.dropFirst())).rawValue)
