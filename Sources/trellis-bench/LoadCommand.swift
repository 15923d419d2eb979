// `trellis-bench load`: parses the options, runs the loop, prints the report.
import Foundation

enum LoadCommand {
    static func run(_ arguments: [String]) -> Int32 {
        let options: LoadOptions
        do {
            guard let parsed = try LoadOptions.parse(arguments) else {
                print(LoadOptions.usage)
                return 0
            }
            options = parsed
        } catch {
            FileHandle.standardError.write(Data("trellis-bench load: \(error)\n\(LoadOptions.usage)\n".utf8))
            return 2
        }
        do {
            let report = try LoadRunner(options).run()
            print(options.json ? report.json : report.text)
            return report.errors == 0 && report.signedIn == options.connections ? 0 : 1
        } catch {
            FileHandle.standardError.write(Data("trellis-bench load: \(error)\n".utf8))
            return 1
        }
    }
}
