// trellis-bench: the project's benchmarks (BENCHMARKS.md); not part of the tool.
//   trellis-bench [core] [ROUNDS] [DIALOGUES]   the pure core's cost per answer, in process
//   trellis-bench load [OPTIONS]                a closed-loop TCP load generator (LoadOptions)
import Glibc

let arguments = Array(CommandLine.arguments.dropFirst())
switch arguments.first {
case "load":
    exit(LoadCommand.run(Array(arguments.dropFirst())))
case "core":
    exit(CoreBenchmark.run(Array(arguments.dropFirst())))
case "-h", "--help", "help":
    print("""
        Usage: trellis-bench [core] [ROUNDS] [DIALOGUES]
               trellis-bench load [OPTIONS]    (trellis-bench load --help)
        """)
default:
    exit(CoreBenchmark.run(arguments))
}
