// The `trellis` command: a thin shell over the libraries. Each subcommand lives in its own file.
import Foundation

exit(CommandLine.run(Array(CommandLine.arguments.dropFirst())).rawValue)
