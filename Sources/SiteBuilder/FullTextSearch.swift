import Diagnostics
import Foundation

/// `search: full` in `site.yml`: Pagefind indexes the written site for full-text search. It is an
/// optional program (PyPI `pagefind[bin]`), looked up on `PATH`; without it the build says how to
/// install it and the site keeps its quick find.
enum FullTextSearch {
    static let installHint = "install it with `pip install 'pagefind[bin]'` (or `npx pagefind`) and put `pagefind` on PATH"

    static func executable(environment: [String: String] = ProcessInfo.processInfo.environment) -> String? {
        for folder in (environment["PATH"] ?? "").split(separator: ":") where !folder.isEmpty {
            let candidate = "\(folder)/pagefind"
            var info = stat()
            if stat(candidate, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG, access(candidate, X_OK) == 0 { return candidate }
        }
        return nil
    }

    /// Runs Pagefind on the staged site; a diagnostic when it fails (the pages then name files it did not write).
    static func index(site directory: String, executable: String, configFile: String) -> Diagnostic? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = ["--site", directory, "--output-subdir", "pagefind"]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        process.standardInput = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            return Diagnostic(.error, file: configFile, "search: full: cannot run Pagefind at '\(executable)': \(error)")
        }
        // Read before waiting, so a chatty Pagefind never blocks on a full pipe.
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus != 0 else { return nil }
        let lastLines = text.split(separator: "\n").suffix(3).joined(separator: " / ")
        return Diagnostic(.error, file: configFile, "search: full: Pagefind failed with status \(process.terminationStatus): \(lastLines)")
    }
}
