import Diagnostics
import Foundation

/// `search: full` in `site.yml`: Pagefind indexes the written site for full-text search. It is an
/// optional program (PyPI `pagefind[bin]`), looked up on `PATH`; without it the build says how to
/// install it and the site keeps its quick find.
enum FullTextSearch {
    static let installHint = "install it with `pip install 'pagefind[bin]'` (Versus finds it through python3) or put a `pagefind` binary on PATH"

    /// `pagefind` on PATH, else the binary of the PyPI package `pagefind[bin]` as the first `python3`
    /// on PATH finds it (pip installs no `pagefind` command, only the module).
    static func executable(environment: [String: String] = ProcessInfo.processInfo.environment) -> String? {
        if let onPath = onPath("pagefind", environment: environment) { return onPath }
        guard let python = onPath("python3", environment: environment) else { return nil }
        let script = "import os, pagefind_bin; print(os.path.join(os.path.dirname(pagefind_bin.__file__), 'pagefind'))"
        guard case (0, let printed) = run(python, ["-c", script]) else { return nil }
        let path = printed.trimmingCharacters(in: .whitespacesAndNewlines)
        return isExecutable(path) ? path : nil
    }

    static func onPath(_ name: String, environment: [String: String]) -> String? {
        for folder in (environment["PATH"] ?? "").split(separator: ":") where !folder.isEmpty {
            if isExecutable("\(folder)/\(name)") { return "\(folder)/\(name)" }
        }
        return nil
    }

    static func isExecutable(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFREG && access(path, X_OK) == 0
    }

    /// Runs a program to its end: its status and what it printed (standard output and error).
    static func run(_ executable: String, _ arguments: [String]) -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        process.standardInput = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            return (-1, "\(error)")
        }
        // Read before waiting, so a chatty program never blocks on a full pipe.
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus, text)
    }

    /// Runs Pagefind on the staged site; a diagnostic when it fails (the pages then name files it did not write).
    static func index(site directory: String, executable: String, configFile: String) -> Diagnostic? {
        let (status, text) = run(executable, ["--site", directory, "--output-subdir", "pagefind"])
        guard status != 0 else { return nil }
        let lastLines = text.split(separator: "\n").suffix(3).joined(separator: " / ")
        return Diagnostic(.error, file: configFile, "search: full: Pagefind failed (status \(status)): \(lastLines)")
    }
}
